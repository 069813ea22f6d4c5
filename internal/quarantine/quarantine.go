// Package quarantine marks files saved from mail as coming from the
// internet, as browsers do, so the system checks them before they run:
// on Windows the Zone.Identifier stream (then SmartScreen warns, Office
// opens documents in Protected View), on macOS the com.apple.quarantine
// extended attribute (then Gatekeeper checks an app, also one inside a
// saved .zip, and asks before it first opens). Other systems have no mark
// programs honour; there nothing is written.
package quarantine

import (
	"crypto/rand"
	"fmt"
	"time"
)

// Attribute is the extended attribute macOS reads.
const Attribute = "com.apple.quarantine"

// agent is the program named in the mark (shown by Gatekeeper: "…
// downloaded by Postie").
const agent = "Postie"

// SetAttr writes an extended attribute; it is set on macOS only (nil
// elsewhere). Tests replace it to see the mark on any system.
var SetAttr func(path, name string, value []byte) error = setAttr

// Mark marks a file just saved from a message as downloaded. A file
// system that cannot hold the mark (FAT on a USB stick) keeps the file
// unmarked: the error says so, the file stays saved.
func Mark(path string) error {
	if err := markZone(path); err != nil {
		return err
	}
	if SetAttr == nil {
		return nil
	}
	return SetAttr(path, Attribute, []byte(Value(time.Now())))
}

// Value is the quarantine attribute for a file saved at now:
// "flags;time;agent;event", as Safari writes it: flags 0083 (hex,
// downloaded: check before running), the time in hex seconds since 1970,
// the agent, and a random event UUID (in capitals).
func Value(now time.Time) string {
	return fmt.Sprintf("0083;%08x;%s;%s", now.Unix(), agent, eventID())
}

// eventID is a random (version 4) UUID.
func eventID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24 and later)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
