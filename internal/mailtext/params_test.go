package mailtext

import (
	"reflect"
	"testing"
)

// Content-Type and Content-Disposition parameters as RFC 2045 §5.1 and
// RFC 2231 write them, and as mail programs get them wrong.
func TestParseParams(t *testing.T) {
	type m = map[string]string
	for _, c := range []struct {
		in     string
		ct     bool
		typ    string
		params m
	}{
		{`text/plain; charset=utf-8`, true, "text/plain", m{"charset": "utf-8"}},
		{`TEXT/HTML; CHARSET=UTF-8`, true, "text/html", m{"charset": "UTF-8"}},
		{`text/plain ; charset = "utf-8" `, true, "text/plain", m{"charset": "utf-8"}},
		{`multipart/mixed;; boundary="abc"`, true, "multipart/mixed", m{"boundary": "abc"}},
		{`multipart/mixed; boundary="----=_Part_0"`, true, "multipart/mixed", m{"boundary": "----=_Part_0"}},
		{`text/plain; name="a;b"; charset=us-ascii`, true, "text/plain", m{"name": "a;b", "charset": "us-ascii"}},
		{`text/plain; name="a\"b"`, true, "text/plain", m{"name": `a"b`}},
		{`text/plain; name=a; name=b`, true, "text/plain", m{"name": "a"}}, // the first counts
		{`text/plain; =x; y`, true, "text/plain", m{}},
		// RFC 2231: charsets, languages, continuations in any order, a
		// quoted value (not allowed, but sent), boundary*= too.
		{`multipart/mixed; boundary*=us-ascii''zz`, true, "multipart/mixed", m{"boundary": "zz"}},
		{`multipart/mixed; boundary*=''zz%20top`, true, "multipart/mixed", m{"boundary": "zz top"}},
		{`multipart/mixed; boundary*0="ab"; boundary*1="cd"`, true, "multipart/mixed", m{"boundary": "abcd"}},
		{`application/pdf; name*=utf-8''R%C3%A9sum%C3%A9.pdf`, true, "application/pdf", m{"name": "Résumé.pdf"}},
		{`application/pdf; name*="utf-8''R%C3%A9sum%C3%A9.pdf"`, true, "application/pdf", m{"name": "Résumé.pdf"}},
		{`application/pdf; name="old.pdf"; name*=utf-8''new.pdf`, true, "application/pdf", m{"name": "new.pdf"}},
		{`application/pdf; name*0*=utf-8''%E2%82%AC; name*1=" rates.pdf"`, true, "application/pdf", m{"name": "€ rates.pdf"}},
		{`text/plain; name*=iso-8859-1'de'Gr%FC%DFe.txt`, true, "text/plain", m{"name": "Grüße.txt"}},
		{`text/plain; name*0="a"; name*2="c"; name*1="b"`, true, "text/plain", m{"name": "abc"}},
		{`text/plain; name*=utf-8''100%`, true, "text/plain", m{"name": "100%"}},
		// Unquoted names with blanks, quotes never closed, Windows paths.
		{`text/plain; name=This is a test.txt`, true, "text/plain", m{"name": "This is a test.txt"}},
		{`application/pdf; name="abc`, true, "application/pdf", m{"name": "abc"}},
		{`text/plain; name="C:\TEMP\x.png"`, true, "text/plain", m{"name": `C:\TEMP\x.png`}},
		// No type that can be read: text/plain (RFC 2045 §5.2).
		{`<html>`, true, "text/plain", m{}},
		{`text`, true, "text/plain", m{}},
		{`charset=utf-8`, true, "text/plain", m{"charset": "utf-8"}},
		{`  `, true, "text/plain", m{}},
		// Dispositions: one not understood is "" (an attachment, RFC 2183 §2.8).
		{`attachment; filename="a.pdf"`, false, "attachment", m{"filename": "a.pdf"}},
		{`INLINE`, false, "inline", m{}},
		{`inline; filename*=utf-8''%F0%9F%98%80.png`, false, "inline", m{"filename": "😀.png"}},
		{`=?utf-8?Q?invalid?=`, false, "", m{}},
	} {
		typ, params := ParseParams(c.in, c.ct)
		if typ != c.typ || !reflect.DeepEqual(params, c.params) {
			t.Errorf("ParseParams(%q) = %q %q, want %q %q", c.in, typ, params, c.typ, c.params)
		}
	}
}
