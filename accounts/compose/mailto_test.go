package compose

import "testing"

// RFC 6068's own examples and the cases a web page really sends.
func TestFromMailto(t *testing.T) {
	addrs := func(d Draft) (to, cc, bcc string) {
		for _, a := range d.To {
			to += a.Address + ";"
		}
		for _, a := range d.Cc {
			cc += a.Address + ";"
		}
		for _, a := range d.Bcc {
			bcc += a.Address + ";"
		}
		return
	}
	cases := []struct {
		link, to, cc, bcc, subject, body string
	}{
		{"mailto:chris@example.com", "chris@example.com;", "", "", "", ""},
		{"mailto:infobot@example.com?subject=current-issue", "infobot@example.com;", "", "", "current-issue", ""},
		{"mailto:infobot@example.com?body=send%20current-issue", "infobot@example.com;", "", "", "", "send current-issue"},
		{"mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index", "infobot@example.com;", "", "", "", "send current-issue\nsend index"},
		{"mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E", "list@example.org;", "", "", "", ""},
		{"mailto:joe@example.com?cc=bob@example.com&body=hello", "joe@example.com;", "bob@example.com;", "", "", "hello"},
		{"mailto:?to=joe@example.com&cc=bob@example.com&body=hello", "joe@example.com;", "bob@example.com;", "", "", "hello"},
		{"mailto:gorby%25kremvax@example.com", "gorby%kremvax@example.com;", "", "", "", ""},
		{"mailto:a@example.com,b@example.com?bcc=c@example.com&subject=Caf%C3%A9%20%26%20more+plus", "a@example.com;b@example.com;", "", "c@example.com;", "Café & more+plus", ""},
		{"MAILTO:x@example.com?SUBJECT=hi%0Athere", "x@example.com;", "", "", "hi there", ""},
	}
	for _, c := range cases {
		d, err := FromMailto(c.link)
		if err != nil {
			t.Fatalf("%s: %v", c.link, err)
		}
		to, cc, bcc := addrs(d)
		if to != c.to || cc != c.cc || bcc != c.bcc || d.Subject != c.subject || d.Body != c.body {
			t.Errorf("%s:\n got to=%q cc=%q bcc=%q subject=%q body=%q", c.link, to, cc, bcc, d.Subject, d.Body)
		}
	}
	if d, _ := FromMailto("mailto:not an address"); d.Typed["To"] != "not an address" {
		t.Errorf("an unparsable address is not kept as typed: %+v", d)
	}
	if _, err := FromMailto("http://example.com"); err == nil {
		t.Error("not a mailto link accepted")
	}
	if _, err := FromMailto("mailto:a@example.com?body=%ZZ"); err == nil {
		t.Error("a bad escape accepted")
	}
}
