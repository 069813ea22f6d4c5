package app

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/postie-mail/postie/internal/quarantine"
	"github.com/postie-mail/postie/localstore"
)

// An attachment opened from a message is marked as downloaded before the
// system's program gets it: on macOS the com.apple.quarantine attribute,
// whose setter is a stub here so the value is checked on any system
// (#26). Fails before the fix: nothing marked files outside Windows.
func TestOpenedAttachmentIsQuarantined(t *testing.T) {
	ui, s := newTestUI(t)
	raw := "From: Kim <kim@example.org>\r\nSubject: The tool\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n" +
		"--M\r\nContent-Type: text/plain\r\n\r\nHere it is.\r\n--M\r\nContent-Type: application/zip; name=tool.zip\r\n" +
		"Content-Disposition: attachment; filename=tool.zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\r\n--M--\r\n"
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: []byte(raw)}})
	openBySubject(t, ui, "The tool")
	marks := map[string]string{}
	old := quarantine.SetAttr
	quarantine.SetAttr = func(path, name string, value []byte) error { marks[path+"|"+name] = string(value); return nil }
	defer func() { quarantine.SetAttr = old }()
	var opened string
	ui.opener = func(u *url.URL) error { opened = filepath.FromSlash(u.Path); return nil }
	ui.reader.openAttachment(ui.reader.view.Attachments[0])
	if opened == "" || filepath.Base(opened) != "tool.zip" {
		t.Fatalf("opened %q", opened)
	}
	defer os.RemoveAll(filepath.Dir(opened))
	v := marks[opened+"|com.apple.quarantine"]
	if !regexp.MustCompile(`^0083;[0-9a-f]{8};Postie;[0-9A-F-]{36}$`).MatchString(v) || len(marks) != 1 {
		t.Fatalf("marks: %v", marks)
	}
}
