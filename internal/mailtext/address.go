package mailtext

import "strings"

// Go's net/mail refuses a whole address list for one flaw (an unquoted
// comma or dot in a name, a comment in an address, an obsolete route, a
// group), and the reader then showed the header as it stands:
// "Pete(A wonderful \) chap) <pete(his account)@silly.test>". Its
// decoder also leaves encoded words inside quotes ("=?utf-8?q?J=C3=B6rg?="
// as Outlook writes them). This reader follows RFC 5322 §3.4 and its
// obsolete syntax (§4.4) leniently: comments removed, groups kept as
// "Name: member, member;", encoded words decoded everywhere in a name.

type addrToken struct {
	kind  byte // 'a' atom, 'q' quoted string, '<' angle address, or one of , : ;
	text  string
	space bool // blank (or a comment) before it
}

// lexAddresses cuts an address header into tokens, dropping comments.
func lexAddresses(s string) []addrToken {
	var out []addrToken
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			space = true
			i++
			continue
		case c == '(':
			i = skipComment(s, i)
			space = true
			continue
		case c == '"':
			text, next := quotedString(s, i)
			out = append(out, addrToken{'q', text, space})
			i = next
		case c == '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				end = len(s) - i
			}
			out = append(out, addrToken{'<', angleAddr(s[i+1 : i+end]), space})
			i += end + 1
		case c == ',' || c == ':' || c == ';':
			out = append(out, addrToken{c, string(c), space})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n(\"<,:;", rune(s[j])) {
				j++
			}
			out = append(out, addrToken{'a', s[i:j], space})
			i = j
		}
		space = false
	}
	return out
}

// skipComment returns where the comment starting at i ends.
func skipComment(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// quotedString reads "…" at i (a missing closing quote ends it at the
// end), escapes undone.
func quotedString(s string, i int) (string, int) {
	var b strings.Builder
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), i + 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), len(s)
}

// angleAddr is the address inside <…>: comments and blanks removed, an
// obsolete route ("@relay:") dropped.
func angleAddr(s string) string {
	var b strings.Builder
	for _, t := range lexAddresses(s) {
		switch t.kind {
		case 'q':
			b.WriteString(`"` + t.text + `"`)
		default:
			b.WriteString(t.text)
		}
	}
	a := b.String()
	if strings.HasPrefix(a, "@") {
		if i := strings.LastIndexByte(a, ':'); i >= 0 {
			a = a[i+1:]
		}
	}
	return a
}

// Addresses returns an address header as "Name <addr>, addr, Group:
// member;" for the reader and the message list.
func Addresses(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	var out, members []string
	var item []addrToken
	group := ""
	inGroup := false
	flush := func() {
		if m := mailbox(item); m != "" {
			members = append(members, m)
		}
		item = nil
	}
	for _, t := range lexAddresses(s) {
		switch {
		case t.kind == ':' && !inGroup && !hasAngle(item):
			out = append(out, members...)
			members = nil
			group, inGroup, item = phrase(item), true, nil
		case t.kind == ';' && inGroup:
			flush()
			out = append(out, groupText(group, members))
			members, inGroup = nil, false
		case t.kind == ',' || t.kind == ';':
			flush()
		default:
			item = append(item, t)
		}
	}
	flush()
	if inGroup { // a group never closed
		out = append(out, groupText(group, members))
	} else {
		out = append(out, members...)
	}
	return ToUTF8(strings.Join(out, ", "))
}

// groupText shows a group: "Team: a, b;", "undisclosed recipients:;".
func groupText(name string, members []string) string {
	if len(members) == 0 {
		return name + ":;"
	}
	return name + ": " + strings.Join(members, ", ") + ";"
}

func hasAngle(item []addrToken) bool {
	for _, t := range item {
		if t.kind == '<' {
			return true
		}
	}
	return false
}

// mailbox shows one address: "Name <addr>", "addr", or a name alone.
// Two addresses with only a space between them (a comma forgotten) are
// both shown.
func mailbox(item []addrToken) string {
	for i, t := range item {
		if t.kind == '<' {
			name := phrase(item[:i])
			if name == "" {
				return t.text
			}
			if t.text == "" {
				return name
			}
			return name + " <" + t.text + ">"
		}
	}
	var words []string // the address's pieces: a blank between two starts a new one
	hasAt := false
	for i, t := range item {
		text := t.text
		if t.kind == 'q' {
			text = `"` + t.text + `"`
		}
		hasAt = hasAt || t.kind == 'a' && strings.Contains(t.text, "@")
		glue := i > 0 && (!t.space || strings.HasPrefix(text, ".") || strings.HasPrefix(text, "@") ||
			strings.HasSuffix(words[len(words)-1], ".") || strings.HasSuffix(words[len(words)-1], "@"))
		if glue {
			words[len(words)-1] += text
		} else {
			words = append(words, text)
		}
	}
	if !hasAt { // a name with no address ("Mary Smith", "Undisclosed-Recipient")
		return phrase(item)
	}
	if n := strings.Count(strings.Join(words, " "), "@"); n > 1 && n == len(words) {
		return strings.Join(words, ", ")
	}
	addr := strings.Join(words, " ")
	if local, domain, ok := cutLast(addr, "@"); ok && strings.Contains(local, " ") && !strings.HasPrefix(local, `"`) {
		addr = `"` + local + `"@` + domain // obsolete words in a local part (RFC 5322 §4.4)
	}
	return addr
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// phrase is a display name: its words joined by one space, encoded
// words decoded, also inside quotes.
func phrase(item []addrToken) string {
	var b strings.Builder
	for i, t := range item {
		if i > 0 && t.space {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return strings.Join(strings.Fields(DecodeHeader(b.String())), " ")
}
