package mailtext

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// go-message's multipart reader ends a message's parts at the first one
// it cannot read (a boundary repeated or clashing with another, an empty
// part, a boundary over 70 characters: "bufio: buffer full"), and the
// rest, text and attachments, was gone. splitMultipart cuts the body
// here instead, as RFC 2046 §5.1.1 defines it and Python's email package
// does: a delimiter line is "--" boundary, "--" after it for the last,
// then only blanks.

// splitMultipart returns each part's bytes (header and body), whether
// the closing delimiter came, and whether any delimiter was found.
func splitMultipart(body []byte, boundary string) (parts [][]byte, closed, found bool) {
	if boundary == "" {
		return nil, false, false
	}
	dash := []byte("--" + boundary)
	start := -1 // where the current part's bytes start
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '\n')
		next := len(body)
		if j >= 0 {
			next = i + j + 1
		}
		line := bytes.TrimRight(body[i:next], "\r\n")
		if last, ok := delimiter(line, dash); ok {
			if start >= 0 {
				parts = append(parts, trimLineEnd(body[start:i]))
			}
			found = true
			if last {
				return parts, true, true
			}
			start = next
		}
		i = next
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts, false, found
}

// delimiter says whether line is a boundary delimiter line, and whether
// it is the closing one.
func delimiter(line, dash []byte) (last, ok bool) {
	if !bytes.HasPrefix(line, dash) {
		return false, false
	}
	rest := line[len(dash):]
	if bytes.HasPrefix(rest, []byte("--")) {
		return true, true // what follows the closing delimiter is epilogue
	}
	return false, len(bytes.Trim(rest, " \t")) == 0
}

// trimLineEnd drops the line break before a delimiter: it belongs to
// the delimiter (RFC 2046 §5.1.1).
func trimLineEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// notBase64 says a text body labelled base64 is plain text: most of its
// lines are noise to base64 (more than two bytes outside its alphabet)
// and decoding it gives no text.
func notBase64(body []byte) bool {
	lines, noise := 0, 0
	for _, l := range bytes.Split(body, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		lines++
		strays := 0
		for _, c := range l {
			if b64class[c] == b64Bad {
				strays++
			}
		}
		if strays > 2 {
			noise++
		}
	}
	if noise*2 <= lines {
		return false
	}
	decoded, _ := LenientBase64(body)
	odd := 0
	for _, c := range decoded {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c >= 0x80 {
			odd++
		}
	}
	return !utf8.Valid(decoded) && odd*4 > len(decoded)
}

// uuBody decodes a uuencoded body ("begin 644 name" … "end") when first
// read.
type uuBody struct {
	raw    []byte
	damage *Damage
	r      *bytes.Reader
}

func (b *uuBody) Read(p []byte) (int, error) {
	if b.r == nil {
		data, _, ok := Uudecode(b.raw)
		b.damage.found = !ok
		b.r = bytes.NewReader(data)
	}
	return b.r.Read(p)
}

// Uudecode decodes the first uuencoded block in b: its data, the name on
// its "begin" line, and whether it was whole (a begin and an end line,
// every line readable).
func Uudecode(b []byte) (data []byte, name string, ok bool) {
	lines := bytes.Split(b, []byte("\n"))
	i := 0
	for ; i < len(lines); i++ {
		if n, found := uuBegin(lines[i]); found {
			name = n
			break
		}
	}
	if i == len(lines) {
		return nil, "", false
	}
	ok = true
	for _, l := range lines[i+1:] {
		l = bytes.TrimRight(l, "\r")
		if bytes.Equal(bytes.TrimSpace(l), []byte("end")) {
			return data, name, ok
		}
		if len(l) == 0 {
			continue
		}
		n := int((l[0] - ' ') & 63)
		if n == 0 {
			continue
		}
		var out []byte
		for k := 1; k+3 < len(l)+3 && len(out) < n; k += 4 {
			var q [4]byte
			for m := 0; m < 4; m++ {
				if k+m < len(l) {
					q[m] = (l[k+m] - ' ') & 63
				}
			}
			out = append(out, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
		}
		if len(out) < n {
			ok = false
		} else {
			out = out[:n]
		}
		data = append(data, out...)
	}
	return data, name, false
}

// UUBlock is a uuencoded file inside a text: bytes [Start, End) of it,
// from its "begin" line to after its "end" line.
type UUBlock struct {
	Start, End int
	Name       string
}

// UUBlocks finds the uuencoded files old mail programs put inside text
// ("begin 644 name" … "end"); a begin with no end is no file.
func UUBlocks(b []byte) []UUBlock {
	var out []UUBlock
	var cur *UUBlock
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '\n')
		next := len(b)
		if j >= 0 {
			next = i + j + 1
		}
		line := b[i:next]
		if cur == nil {
			if name, ok := uuBegin(bytes.TrimRight(line, "\r\n")); ok {
				cur = &UUBlock{Start: i, Name: name}
			}
		} else if bytes.Equal(bytes.TrimSpace(line), []byte("end")) {
			cur.End = next
			out = append(out, *cur)
			cur = nil
		}
		i = next
	}
	return out
}

// uuBegin reads a "begin 644 name" line.
func uuBegin(l []byte) (string, bool) {
	l = bytes.TrimRight(l, "\r")
	rest, ok := bytes.CutPrefix(l, []byte("begin "))
	if !ok {
		return "", false
	}
	mode, name, _ := bytes.Cut(rest, []byte(" "))
	if len(mode) < 3 || len(mode) > 4 || len(bytes.Trim(mode, "01234567")) > 0 {
		return "", false
	}
	if n := bytes.TrimSpace(name); len(n) > 0 {
		return string(n), true
	}
	return "attachment", true // a file sent without a name
}

// utf7Body decodes a UTF-7 text body (RFC 2152) when first read.
type utf7Body struct {
	raw io.Reader
	r   *bytes.Reader
}

func (b *utf7Body) Read(p []byte) (int, error) {
	if b.r == nil {
		raw, _ := io.ReadAll(b.raw)
		b.r = bytes.NewReader([]byte(decodeUTF7(raw)))
	}
	return b.r.Read(p)
}
