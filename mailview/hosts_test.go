package mailview

import "testing"

// Look-alike hostnames show as xn-- and are flagged; honest
// international names stay readable.
func TestDisplayHost(t *testing.T) {
	cases := []struct {
		host, shown string
		lookalike   bool
	}{
		{"paypal.com", "paypal.com", false},
		{"p\u0430ypal.com", "xn--pypal-4ve.com", true},                     // Cyrillic а among Latin
		{"xn--pypal-4ve.com", "xn--pypal-4ve.com", true},                   // the same, written as punycode
		{"\u0430\u0440\u0440\u04cf\u0435.com", "xn--80ak6aa92e.com", true}, // all-Cyrillic "apple" under .com
		{"bücher.de", "bücher.de", false},
		{"xn--bcher-kva.de", "bücher.de", false},
		{"пример.рф", "пример.рф", false}, // Cyrillic under a Cyrillic TLD
		{"例え.jp", "例え.jp", false},
	}
	for _, c := range cases {
		shown, look := DisplayHost(c.host)
		if shown != c.shown || look != c.lookalike {
			t.Errorf("DisplayHost(%q) = %q, %v; want %q, %v", c.host, shown, look, c.shown, c.lookalike)
		}
	}
	if l, look := DisplayLink("https://p\u0430ypal.com/login?x=1"); !look || l != "https://xn--pypal-4ve.com/login?x=1" {
		t.Errorf("DisplayLink: %q %v", l, look)
	}
}
