package testservers

import (
	"bytes"
	"testing"
)

// POP servers other than Dovecot, imitated where a real one cannot be
// made to misbehave on demand in a test (issue #25; the behaviours were
// seen on Cyrus IMAP 3.6 and Courier 5.0, see other-servers.md).

// CyrusPOPUnreadable is Cyrus' answer to RETR of a message whose file it
// cannot read.
const CyrusPOPUnreadable = "[SYS/PERM] Could not read message file"

// CourierPOPUnreadable is Courier's answer to RETR of a message whose
// file it cannot open.
const CourierPOPUnreadable = "Can't open the message file - it's gone!"

// StartCyrusPOP is a FakePOP that behaves like Cyrus' pop3d where it
// matters to a client: it offers PIPELINING, and a message made
// unreadable (Unreadable) is answered "-ERR [SYS/PERM] Could not read
// message file" while the session goes on.
func StartCyrusPOP(t testing.TB, user, pass string, msgs []POPMessage) *FakePOP {
	f := StartFakePOP(t, user, pass, msgs)
	f.Configure(func(f *FakePOP) { f.Pipelining, f.ErrRETR = true, CyrusPOPUnreadable })
	return f
}

// StartCourierPOP is a FakePOP that behaves like courier-pop: it offers
// PIPELINING and UTF8 (RFC 6856); unless the session sent UTF8, a message
// whose header holds raw UTF-8 is sent as a "Cannot display Unicode
// content" notice with the message attached, while LIST gives the real
// message's size; an unreadable message is answered "-ERR Can't open the
// message file - it's gone!".
func StartCourierPOP(t testing.TB, user, pass string, msgs []POPMessage) *FakePOP {
	f := StartFakePOP(t, user, pass, msgs)
	f.Configure(func(f *FakePOP) {
		f.Pipelining, f.UTF8, f.WrapUnicode, f.ErrRETR = true, true, true, CourierPOPUnreadable
	})
	return f
}

// Unreadable makes the message uidl unreadable on the server (RETR
// answers -ERR ErrRETR), or readable again.
func (f *FakePOP) Unreadable(uidl string, unreadable bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.unreadable == nil {
		f.unreadable = map[string]bool{}
	}
	f.unreadable[uidl] = unreadable
}

// rawUTF8Header: the header holds 8-bit bytes (what Courier calls a
// Unicode-formatted message).
func rawUTF8Header(raw []byte) bool {
	hdr := raw
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		hdr = raw[:i]
	}
	for _, b := range hdr {
		if b >= 0x80 {
			return true
		}
	}
	return false
}

// unicodeNotice is Courier's stand-in for such a message, to a client
// that did not send UTF8.
func unicodeNotice(raw []byte) []byte {
	var b bytes.Buffer
	b.WriteString("From: Mail Delivery Subsystem <postmaster>\r\nSubject: Cannot display Unicode content\r\nMime-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"=_fake\"\r\n\r\n\r\n\r\n--=_fake\r\nContent-Type: text/plain\r\n\r\n" +
		"This E-mail message was determined to be Unicode-formatted\r\nbut your E-mail reader does not support Unicode E-mail.\r\n\r\n" +
		"--=_fake\r\nContent-Type: message/global\r\n\r\n")
	b.Write(raw)
	b.WriteString("\r\n--=_fake--\r\n")
	return b.Bytes()
}
