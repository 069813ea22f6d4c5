package mailtext

import (
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// Go's mime.ParseMediaType (which go-message uses) refuses a whole
// Content-Type for one flaw real mail has: ";;" between parameters, an
// unquoted name with spaces or 8-bit bytes, a quote never closed, a
// quoted RFC 2231 value (name*="x"); a type that is no type
// ("<html>") became an attachment named "<html>". ParseParams reads
// such fields the way mail programs do, and normalizeHeader writes them
// back in a form go-message reads, so every reader of the entity sees
// the same type and parameters.

// ParseParams reads a Content-Type or Content-Disposition value: its
// type (lower case) and parameters (names lower case, RFC 2231
// continuations and charsets decoded; the first of a repeated one
// counts). A Content-Type whose type cannot be read is text/plain
// (RFC 2045 §5.2); a disposition's is "".
func ParseParams(v string, contentType bool) (string, map[string]string) {
	segs := splitParams(v)
	if strings.Contains(segs[0], "=") { // no type, only parameters
		segs = append([]string{""}, segs...)
	}
	typ := strings.ToLower(strings.TrimSpace(segs[0]))
	if contentType {
		switch {
		case typ == "text":
			typ = "text/plain"
		case !validType(typ):
			typ = "text/plain"
		}
	} else if !isToken(typ) {
		typ = ""
	}
	plain := map[string]string{}
	ext := map[string]map[int]string{} // RFC 2231: name → section → value (still encoded when it ends in *)
	for _, s := range segs[1:] {
		k, val, ok := strings.Cut(s, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			continue
		}
		val = unquote(strings.TrimSpace(val))
		base, sect, isExt := extName(k)
		if !isExt {
			if _, dup := plain[k]; !dup {
				plain[k] = val
			}
			continue
		}
		if ext[base] == nil {
			ext[base] = map[int]string{}
		}
		if _, dup := ext[base][sect]; !dup {
			ext[base][sect] = val
			if strings.HasSuffix(k, "*") {
				ext[base][sect] = "*" + val // marks a section to decode
			}
		}
	}
	for k, sects := range ext {
		plain[k] = join2231(sects)
	}
	return typ, plain
}

// splitParams cuts at semicolons outside quotes.
func splitParams(v string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == ';' && !quoted:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// unquote reads a quoted-string (a missing closing quote ends it at the
// end); only \" and \\ are escapes, so a Windows path keeps its
// backslashes, as Go's own parser keeps them.
func unquote(v string) string {
	if !strings.HasPrefix(v, `"`) {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) && (v[i+1] == '"' || v[i+1] == '\\') {
			b.WriteByte(v[i+1])
			i++
			continue
		}
		if c == '"' {
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

// extName splits an RFC 2231 name: "name*" → (name, 0, true),
// "name*1*" → (name, 1, true), "name" → (name, 0, false).
func extName(k string) (string, int, bool) {
	i := strings.IndexByte(k, '*')
	if i <= 0 {
		return k, 0, false
	}
	rest := strings.TrimSuffix(k[i+1:], "*")
	if rest == "" {
		return k[:i], 0, true
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n > 1000 {
		return k, 0, false
	}
	return k[:i], n, true
}

// join2231 joins an RFC 2231 parameter's sections in order, decoding
// the %-escapes of those marked and the charset the first one names.
func join2231(sects map[int]string) string {
	keys := make([]int, 0, len(sects))
	for k := range sects {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var raw strings.Builder
	cs := ""
	for i, k := range keys {
		v := sects[k]
		if !strings.HasPrefix(v, "*") {
			raw.WriteString(v)
			continue
		}
		v = v[1:]
		if i == 0 {
			if c, rest, ok := strings.Cut(v, "'"); ok {
				if _, r2, ok := strings.Cut(rest, "'"); ok {
					cs, v = c, r2
				}
			}
		}
		if d, err := url.PathUnescape(strings.ReplaceAll(v, "+", "%2B")); err == nil {
			v = d
		}
		raw.WriteString(v)
	}
	if cs == "" {
		return raw.String()
	}
	return decodeWordBytes(cs, []byte(raw.String()))
}

func validType(t string) bool {
	a, b, ok := strings.Cut(t, "/")
	return ok && isToken(a) && isToken(b)
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// normalizeHeader rewrites a Content-Type or Content-Disposition that
// Go's parser reads otherwise than ParseParams, so go-message (its
// charset decoding) and every reader of the entity see what
// ParseParams sees. It works on a copy: the stored bytes never change.
func normalizeHeader(h textproto.Header) textproto.Header {
	copied := false
	for _, f := range []struct {
		name string
		ct   bool
	}{{"Content-Type", true}, {"Content-Disposition", false}} {
		v := h.Get(f.name)
		if v == "" {
			continue
		}
		typ, params := ParseParams(v, f.ct)
		if gt, gp, err := mime.ParseMediaType(v); err == nil && gt == typ && sameParams(gp, params) {
			continue
		}
		if !copied {
			h, copied = h.Copy(), true
		}
		h.Set(f.name, formatParams(typ, params))
	}
	return h
}

func sameParams(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// formatParams writes a type and parameters go-message reads back as
// they are (names that are no token are left out).
func formatParams(typ string, params map[string]string) string {
	clean := map[string]string{}
	for k, v := range params {
		if isToken(k) {
			clean[k] = ToUTF8(v)
		}
	}
	if typ == "" { // RFC 2183 §2.8: a disposition not understood is an attachment
		typ = "attachment"
	}
	if s := mime.FormatMediaType(typ, clean); s != "" {
		return s
	}
	return typ
}
