package mailtext

import "strings"

// SenderVouched says whether the receiving server vouches for the
// sender's domain (RFC 8601): values are a message's
// Authentication-Results headers, top-most first. Only the top-most one
// counts, the one the person's own provider added on receiving the
// message (a conforming server removes forged ones bearing its name; any
// further down came with the message and could say anything); it counts
// only when its authserv-id is authserv or a host under it. It vouches
// when it reports dkim=pass with header.d (or the domain of header.i)
// equal to domain, or dmarc=pass with header.from equal to domain.
func SenderVouched(values []string, authserv, domain string) bool {
	if len(values) == 0 || authserv == "" || domain == "" {
		return false
	}
	authserv, domain = strings.ToLower(authserv), strings.ToLower(strings.TrimSuffix(domain, "."))
	parts := strings.Split(stripComments(values[0]), ";")
	id := strings.ToLower(strings.TrimSuffix(firstWord(parts[0]), "."))
	if id != authserv && !strings.HasSuffix(id, "."+authserv) {
		return false
	}
	for _, res := range parts[1:] {
		words := strings.Fields(res)
		if len(words) == 0 {
			continue
		}
		method, result, _ := strings.Cut(strings.ToLower(words[0]), "=")
		method, _, _ = strings.Cut(method, "/") // dkim/1=pass
		if result != "pass" {
			continue
		}
		for _, w := range words[1:] {
			k, v, ok := strings.Cut(w, "=")
			if !ok {
				continue
			}
			k, v = strings.ToLower(k), strings.ToLower(strings.TrimSuffix(strings.Trim(v, `"`), "."))
			switch {
			case method == "dkim" && k == "header.d" && v == domain,
				method == "dkim" && k == "header.i" && (v == "@"+domain || strings.HasSuffix(v, "@"+domain)),
				method == "dmarc" && k == "header.from" && v == domain:
				return true
			}
		}
	}
	return false
}

// firstWord is the first space-separated word of s.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// stripComments drops RFC 5322 comments (in parentheses, nested, with
// backslash escapes) outside quoted strings: "dkim=pass (good
// signature) header.d=x" has no word "signature)".
func stripComments(s string) string {
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
			if depth == 0 {
				b.WriteRune(r)
			}
			continue
		case r == '\\':
			escaped = true
			if depth == 0 {
				b.WriteRune(r)
			}
			continue
		case quoted:
			quoted = r != '"'
		case r == '"' && depth == 0:
			quoted = true
		case r == '(':
			depth++
			continue
		case r == ')' && depth > 0:
			depth--
			b.WriteRune(' ')
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
