package mailtext

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// go-message decodes base64 with the standard decoder, which stops at the
// first damaged byte: a message with one bad line showed its first line
// and silently lost the rest. Read and PartReader decode base64 here
// instead, skipping what is damaged, and say when they did.

// Damage tells, once a body has been read, whether part of it could not
// be decoded. A body not read is not decoded at all.
type Damage struct{ found bool }

// Found says whether the body read had damage (false for nil).
func (d *Damage) Found() bool { return d != nil && d.found }

// Read reads a message like message.Read, decoding a base64 body
// leniently.
//
// A header go-message cannot read (one malformed line: no colon, a space
// before the colon, a stray 8-bit byte in a name) is read again without
// its unreadable lines, so the Subject, From and Date still show; the
// damage is reported once the body is read. The stored bytes never
// change: this is only how the message is shown.
func Read(r io.Reader) (e *message.Entity, damaged *Damage, err error) {
	var held bytes.Buffer
	br := bufio.NewReader(io.TeeReader(r, &held))
	h, err := textproto.ReadHeader(br)
	if err == nil {
		return entity(h, io.MultiReader(bytes.NewReader(held.Bytes()[held.Len()-br.Buffered():]), r))
	}
	// The header did not parse: read it again from the start, leniently.
	rest, rerr := io.ReadAll(r)
	if rerr != nil {
		return nil, nil, err
	}
	all := append(held.Bytes(), rest...)
	hdr, body := splitAtBlankLine(all)
	h, herr := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(append(repairHeader(hdr), '\r', '\n'))))
	if herr != nil {
		return nil, nil, err
	}
	e, d, err := entity(h, bytes.NewReader(body))
	if d == nil {
		d = &Damage{}
	}
	d.found = true // lines of the header could not be read
	return e, d, err
}

// splitAtBlankLine cuts a message at its first empty line.
func splitAtBlankLine(raw []byte) (hdr, body []byte) {
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return raw, nil
		}
		line := bytes.TrimRight(raw[i:i+j], "\r")
		if len(line) == 0 {
			return raw[:i], raw[i+j+1:]
		}
		i += j + 1
	}
	return raw, nil
}

// repairHeader keeps the header lines that can be read ("Name: value"
// and their continuation lines; a first line indented by mistake), writes
// "Name : value" as "Name: value", and drops the others.
func repairHeader(hdr []byte) []byte {
	var out bytes.Buffer
	keeping := false
	for i, line := range bytes.SplitAfter(hdr, []byte("\n")) {
		trimmed := bytes.TrimRight(line, "\r\n")
		if i == 0 { // a first line that starts with blanks cannot continue anything
			trimmed = bytes.TrimLeft(trimmed, " \t")
		}
		if len(trimmed) == 0 {
			continue
		}
		if trimmed[0] == ' ' || trimmed[0] == '\t' {
			if keeping {
				out.Write(trimmed)
				out.WriteString("\r\n")
			}
			continue
		}
		name, value, ok := bytes.Cut(trimmed, []byte(":"))
		name = bytes.TrimRight(name, " \t")
		keeping = ok && len(name) > 0 && fieldName(name)
		if keeping {
			out.Write(name)
			out.WriteString(":")
			out.Write(value)
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}

func fieldName(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// PartReader hands out the parts of a multipart entity like its
// MultipartReader, decoding base64 parts leniently.
type PartReader struct{ r *textproto.MultipartReader }

// NewPartReader reads the parts of e; nil when e is not a multipart.
func NewPartReader(e *message.Entity) *PartReader {
	ct, params, _ := e.Header.ContentType()
	if !strings.HasPrefix(ct, "multipart/") {
		return nil
	}
	return &PartReader{textproto.NewMultipartReader(e.Body, params["boundary"])}
}

// Next returns the next part (nil at the end or when the rest is broken)
// and, once its body is read, whether that was damaged.
func (pr *PartReader) Next() (*message.Entity, *Damage, error) {
	p, err := pr.r.NextPart()
	if err != nil {
		return nil, nil, err
	}
	return entity(p.Header, p)
}

// entity makes an entity of a header and its raw body.
func entity(h textproto.Header, body io.Reader) (*message.Entity, *Damage, error) {
	ct := strings.ToLower(h.Get("Content-Type"))
	if !strings.EqualFold(strings.TrimSpace(h.Get("Content-Transfer-Encoding")), "base64") || strings.HasPrefix(strings.TrimSpace(ct), "multipart/") {
		e, err := message.New(message.Header{Header: h}, body)
		return e, nil, err
	}
	d := &Damage{}
	h = h.Copy()
	h.Del("Content-Transfer-Encoding")
	e, err := message.New(message.Header{Header: h}, &lenientBody{raw: body, damage: d})
	return e, d, err
}

// lenientBody decodes a base64 body when it is first read (a part that
// is skipped costs nothing).
type lenientBody struct {
	raw    io.Reader
	damage *Damage
	r      *bytes.Reader
}

func (b *lenientBody) Read(p []byte) (int, error) {
	if b.r == nil {
		raw, _ := io.ReadAll(b.raw) // what came before a broken end still counts
		decoded, damaged := LenientBase64(raw)
		b.damage.found = damaged
		b.r = bytes.NewReader(decoded)
	}
	return b.r.Read(p)
}

// BodySize reads an entity's body to its end and says how many bytes it
// holds once decoded. A base64 body is counted as it streams, without
// being decoded or held in memory (a 20 MB attachment made the reader
// hold 70 MB only to show its size).
func BodySize(e *message.Entity) int64 {
	if lb, ok := e.Body.(*lenientBody); ok && lb.r == nil {
		return lb.size()
	}
	n, _ := io.Copy(io.Discard, e.Body)
	return n
}

// size counts what LenientBase64 would decode from the rest of raw.
func (b *lenientBody) size() int64 {
	var total, run int64
	badLine := false
	end := func() { // the end of a run between padding
		if run%4 == 1 {
			run--
			b.damage.found = true
		}
		total += run * 3 / 4
		run = 0
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := b.raw.Read(buf)
		for _, c := range buf[:n] {
			switch k := b64class[c]; {
			case k == b64Newline:
				badLine = false
			case badLine || k == b64Skip:
			case c == '=':
				end()
			case k == b64Keep, k == b64Dash, k == b64Underscore:
				run++
			default:
				b.damage.found, badLine = true, true
			}
		}
		if err != nil {
			break
		}
	}
	end()
	return total
}

// b64class sorts bytes for LenientBase64.
var b64class = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/', c == '=':
			t[c] = b64Keep
		case c == ' ', c == '\t', c == '\r':
			t[c] = b64Skip
		case c == '\n':
			t[c] = b64Newline
		case c == '-':
			t[c] = b64Dash
		case c == '_':
			t[c] = b64Underscore
		}
	}
	return
}()

const (
	b64Bad = iota // anything else: ends the line's base64
	b64Keep
	b64Skip
	b64Newline
	b64Dash       // URL-safe '+'
	b64Underscore // URL-safe '/'
)

// LenientBase64 decodes base64 as mail programs see it in the wild: line
// breaks and spaces anywhere, padding in the middle (parts joined
// together), the URL-safe alphabet. A line with bytes that are not
// base64 keeps what comes before them; damaged says so.
func LenientBase64(raw []byte) ([]byte, bool) {
	// One pass over the bytes (a 20 MB attachment was read four times,
	// line by line, and took most of a second to open).
	damaged, badLine := false, false
	clean := make([]byte, len(raw))
	n := 0
	for _, c := range raw {
		switch k := b64class[c]; {
		case k == b64Keep && !badLine:
			clean[n] = c
			n++
		case k == b64Newline:
			badLine = false
		case k == b64Skip || badLine:
		case k == b64Dash:
			clean[n] = '+'
			n++
		case k == b64Underscore:
			clean[n] = '/'
			n++
		default:
			damaged, badLine = true, true // the rest of this line is not base64
		}
	}
	clean = clean[:n]
	out := make([]byte, 0, len(clean)/4*3+3)
	for len(clean) > 0 {
		chunk := clean
		if i := bytes.IndexByte(clean, '='); i >= 0 {
			chunk, clean = clean[:i], clean[i+1:]
		} else {
			clean = nil
		}
		if len(chunk)%4 == 1 { // one lone character cannot be decoded
			chunk = chunk[:len(chunk)-1]
			damaged = true
		}
		if len(chunk) == 0 {
			continue
		}
		before := len(out)
		var err error
		if out, err = base64.RawStdEncoding.AppendDecode(out, chunk); err != nil {
			out = out[:before]
			damaged = true
		}
	}
	return out, damaged
}
