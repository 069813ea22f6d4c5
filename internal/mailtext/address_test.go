package mailtext

import "testing"

// Address headers as RFC 5322 §3.4 and its obsolete syntax (§4.4) write
// them, and as mail programs get them wrong.
func TestAddresses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, ``},
		{`jdoe@example.org`, `jdoe@example.org`},
		{`"Joe Q. Public" <john.q.public@example.com>`, `Joe Q. Public <john.q.public@example.com>`},
		{`Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>`, `Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>`},
		{`"Smith, \"Bob\"" <b@x.test>`, `Smith, "Bob" <b@x.test>`},
		{`"john doe"@example.org`, `"john doe"@example.org`},
		// Encoded words (RFC 2047), also inside quotes as Outlook writes
		// them, adjacent ones joined (§6.2), raw 8-bit read as UTF-8 or
		// Windows-1252.
		{`=?utf-8?q?J=C3=B6rg?= <j@x.test>`, `Jörg <j@x.test>`},
		{`"=?Windows-1252?B?SvZyZw==?=" <j@example.org>`, `Jörg <j@example.org>`},
		{`"=?utf-8?q?J=C3=B6rg_M=C3=BCller?=" <jm@example.org>`, `Jörg Müller <jm@example.org>`},
		{`=?utf-8?q?Mary?= =?utf-8?q?_Smith?= <m@x.test>`, `Mary Smith <m@x.test>`},
		{"Jörg <j@x.test>", "Jörg <j@x.test>"},
		{"J\xf6rg <j@x.test>", "Jörg <j@x.test>"},
		// Comments (§3.2.2) are no part of a name or an address.
		{`Pete(A wonderful \) chap) <pete(his account)@silly.test(his host)>`, `Pete <pete@silly.test>`},
		{`John Doe <jdoe@machine(comment).  example>`, `John Doe <jdoe@machine.example>`},
		{`jdoe@example.org (John Doe)`, `jdoe@example.org`},
		// Groups (§3.4): kept with their name, empty ones too.
		{`undisclosed recipients:;`, `undisclosed recipients:;`},
		{`A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;`, `A Group: Ed Jones <c@a.test>, joe@where.test, John <jdoe@one.test>;`},
		{`Team: a@x.test, b@y.test`, `Team: a@x.test, b@y.test;`}, // never closed
		{`Team: a@x.test;, c@z.test`, `Team: a@x.test;, c@z.test`},
		// Obsolete syntax (§4.4): routes, empty list members, blanks
		// around dots.
		{`Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example`, `Mary Smith <mary@example.net>, jdoe@test.example`},
		// Mistakes: a comma forgotten, an angle bracket not closed.
		{`tim@a.com concierge@a.com`, `tim@a.com, concierge@a.com`},
		{`Kim <kim@example.org`, `Kim <kim@example.org>`},
		{`Mikel@Lindsaar <raasdnil@gmail.com>`, `Mikel@Lindsaar <raasdnil@gmail.com>`},
		{`Mary Smith`, `Mary Smith`},
	} {
		if got := Addresses(c.in); got != c.want {
			t.Errorf("Addresses(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
