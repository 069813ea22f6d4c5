package mailtext

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"
	"testing"
)

func TestLenientBase64(t *testing.T) {
	for _, c := range []struct {
		in, want string
		damaged  bool
	}{
		{"SGVsbG8gd29ybGQ=", "Hello world", false},
		{"SGVs\r\nbG8g d29y\tbGQ=\r\n", "Hello world", false},
		{"SGVsbG8gd29ybGQ=!!!!not base64 at all", "Hello world", true},
		{"SGVsbG8g\r\n!!!\r\nd29ybGQ=", "Hello world", true},
		{"SGVsbG8=IHdvcmxk", "Hello world", false},             // two parts joined
		{"-_-_", "\xfb\xff\xbf", false},                        // URL-safe alphabet
		{"SGVsbG8gd29ybGQ", "Hello world", false},              // padding lost
		{"SGVsbG8gd29ybGQxx\x00yz", "Hello world1\xc7,", true}, // RFC 2045 §6.8: a stray byte is skipped
		{"PGh0*bWw+Cg==", "<html>\n", true},
	} {
		got, damaged := LenientBase64([]byte(c.in))
		if string(got) != c.want || damaged != c.damaged {
			t.Errorf("%q: %q %v, want %q %v", c.in, got, damaged, c.want, c.damaged)
		}
	}
}

// A text part with one damaged line shows the text before and after it.
func TestReadKeepsTextAfterDamage(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	raw := "From: a@example.com\r\nSubject: damaged\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		enc("Dear Kim,\n") + "\r\n#### line noise ####\r\n" + enc("the rest of the letter is here.\n") + "\r\n--b--\r\n"
	e, damage, err := Read(bytes.NewReader([]byte(raw)))
	if err != nil || damage.Found() {
		t.Fatal(err, damage.Found())
	}
	p, damage, err := NewPartReader(e).Next()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(p.Body)
	if string(body) != "Dear Kim,\nthe rest of the letter is here.\n" || !damage.Found() {
		t.Fatalf("%q damaged=%v", body, damage.Found())
	}
}

// A message or part that ends in a bare CR after a line break is read,
// not a panic that loses its whole header (found in review, #27).
func TestHeaderEndingInABareCR(t *testing.T) {
	for _, raw := range []string{"Subject: x\r\n\r", "\r", "X-Broken: y\r\n\r"} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%q: panic %v", raw, r)
				}
			}()
			_, _ = CutHeader([]byte(raw))
		}()
	}
}

// A UTF-8 byte order mark before a message (a Windows program saved it)
// is no part of its first field.
func TestByteOrderMarkBeforeTheHeader(t *testing.T) {
	e, _, err := Read(strings.NewReader("\xef\xbb\xbfFrom: <abuse@example.com>\r\nSubject: FW: Earn money\r\n\r\nbody\r\n"))
	if err != nil || e.Header.Get("From") != "<abuse@example.com>" || e.Header.Get("Subject") != "FW: Earn money" {
		t.Fatalf("header %v: %v", e.Header, err)
	}
	if hdr, body := CutHeader([]byte("\xef\xbb\xbfFrom x Mon Jan  1 00:00:00 2024\nSubject: s\n\nb")); !strings.Contains(string(hdr), "Subject: s") || string(body) != "b" {
		t.Fatalf("BOM and From_ line: %q %q", hdr, body)
	}
}
