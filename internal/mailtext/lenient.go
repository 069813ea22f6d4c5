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
// The header ends at the first empty line or at the first line that is
// no "Name: value" field (nor the continuation of one): that line and
// what follows are the body, as Python's email package and most mail
// programs read it (a returned message in a delivery report often has no
// header at all). An mbox From_ line at the very start is skipped. The
// stored bytes never change: this is only how the message is shown.
func Read(r io.Reader) (e *message.Entity, damaged *Damage, err error) {
	all, err := io.ReadAll(r)
	if err != nil && len(all) == 0 {
		return nil, nil, err
	}
	return readBytes(all, false)
}

// ReadAsSent is Read that, when asSent, leaves a text body's bytes in
// the charset they were sent in (only the transfer encoding undone): a
// text file saved from a message is the file that was sent.
func ReadAsSent(r io.Reader, asSent bool) (*message.Entity, *Damage, error) {
	all, err := io.ReadAll(r)
	if err != nil && len(all) == 0 {
		return nil, nil, err
	}
	return readBytes(all, asSent)
}

// readBytes reads a message or part from its bytes; asSent leaves a text
// part's bytes in the charset they were sent in.
func readBytes(all []byte, asSent bool) (*message.Entity, *Damage, error) {
	hdr, body := cutHeader(all, true)
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(hdr)))
	if err != nil {
		return nil, nil, err
	}
	return entity(h, body, asSent)
}

// CutHeader splits a message into its header, as the reader reads it
// (see Read), and its body.
func CutHeader(raw []byte) (hdr, body []byte) { return cutHeader(raw, true) }

// cutHeader splits raw into a clean header (the fields that can be read,
// "Name : value" written "Name: value", ending in an empty line) and the
// body. top: raw is a whole message (an mbox From_ line may start it).
func cutHeader(raw []byte, top bool) (hdr, body []byte) {
	var out bytes.Buffer
	field := false // a field has started: an indented line continues it
	i := 0
	if top && bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		i = 3 // a UTF-8 byte order mark (RFC 3629 §6) a Windows program wrote before the message: no text of it
	}
	start := i
	for i < len(raw) {
		j := bytes.IndexByte(raw[i:], '\n')
		next := len(raw)
		if j >= 0 {
			next = i + j + 1
		}
		line := bytes.TrimRight(raw[i:next], "\r\n")
		if len(line) == 0 { // the empty line (or a last bare CR) ends the header
			i = next
			break
		}
		switch {
		case top && i == start && bytes.HasPrefix(line, []byte("From ")) && !isField(line):
			// an mbox separator, no field
		case line[0] == ' ' || line[0] == '\t':
			if !field { // a first line indented by mistake: the field itself
				line = bytes.TrimLeft(line, " \t")
				if !isField(line) {
					return append(out.Bytes(), '\r', '\n'), raw[i:]
				}
				field = true
			}
			out.Write(line)
			out.WriteString("\r\n")
		case isField(line):
			name, value, _ := bytes.Cut(line, []byte(":"))
			out.Write(bytes.TrimRight(name, " \t"))
			out.WriteString(":")
			out.Write(value)
			out.WriteString("\r\n")
			field = true
		case field && paramContinues(out.Bytes(), line):
			// "name=x" under a field ending in ";": a parameter whose
			// line was not indented (RFC 2045 §5.1 parameters go on)
			out.WriteString(" ")
			out.Write(line)
			out.WriteString("\r\n")
		default: // no field: the body starts here
			return append(out.Bytes(), '\r', '\n'), raw[i:]
		}
		i = next
	}
	return append(out.Bytes(), '\r', '\n'), raw[i:]
}

// paramContinues: the header so far ends in ";" and line is a
// parameter ("name=value", no colon before the "=").
func paramContinues(hdr, line []byte) bool {
	eq := bytes.IndexByte(line, '=')
	colon := bytes.IndexByte(line, ':')
	return bytes.HasSuffix(bytes.TrimRight(hdr, " \t\r\n"), []byte(";")) && eq > 0 && (colon < 0 || colon > eq) &&
		isToken(string(bytes.TrimSpace(line[:eq])))
}

// isField: "Name: value", the name printable ASCII without spaces
// (RFC 5322 §3.6.8), blanks allowed before the colon (§4.5).
func isField(line []byte) bool {
	name, _, ok := bytes.Cut(line, []byte(":"))
	name = bytes.TrimRight(name, " \t")
	return ok && len(name) > 0 && fieldName(name)
}

func fieldName(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// PartReader hands out the parts of a multipart entity, cut at its
// boundary lines here (see splitMultipart), decoding base64 leniently.
type PartReader struct {
	parts  [][]byte
	next   int
	broken bool // the last part ran to the end: no closing boundary
	digest bool // multipart/digest: a part's type is message/rfc822 unless it says otherwise
	// AsSent: the parts handed out next keep a text part's bytes in the
	// charset they were sent in (to save it as a file).
	AsSent bool
}

// NewPartReader reads the parts of e; nil when e is not a multipart. A
// multipart whose boundary cannot be found, or that has no part, is one
// text part: its body as it stands (marked damaged), so nothing is
// hidden.
func NewPartReader(e *message.Entity) *PartReader {
	ct, params, _ := e.Header.ContentType()
	if !strings.HasPrefix(ct, "multipart/") {
		return nil
	}
	body, _ := io.ReadAll(e.Body)
	parts, closed, found := splitMultipart(body, params["boundary"])
	if !found || len(parts) == 0 {
		if len(bytes.TrimSpace(body)) == 0 {
			return &PartReader{}
		}
		return &PartReader{parts: [][]byte{append([]byte("Content-Type: text/plain\r\n\r\n"), body...)}, broken: true}
	}
	return &PartReader{parts: parts, broken: !closed, digest: ct == "multipart/digest"}
}

// Next returns the next part (nil at the end) and, once its body is
// read, whether that was damaged.
func (pr *PartReader) Next() (*message.Entity, *Damage, error) {
	if pr.next >= len(pr.parts) {
		return nil, nil, io.EOF
	}
	raw := pr.parts[pr.next]
	pr.next++
	hdr, body := cutHeader(raw, false)
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(hdr)))
	if err != nil {
		h = textproto.Header{}
		body = raw
	}
	if pr.digest && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "message/rfc822") // RFC 2046 §5.1.5
	}
	e, d, err := entity(h, body, pr.AsSent)
	if pr.broken && pr.next == len(pr.parts) {
		if d == nil {
			d = &Damage{}
		}
		d.found = true
	}
	return e, d, err
}

// entity makes an entity of a header and its raw body: the Content-Type
// and Content-Disposition read leniently, base64 decoded leniently,
// uuencode and UTF-7 decoded here (go-message knows neither).
func entity(h textproto.Header, body []byte, asSent bool) (*message.Entity, *Damage, error) {
	h = normalizeHeader(h)
	ct, params := ParseParams(h.Get("Content-Type"), true)
	if h.Get("Content-Type") == "" {
		ct = "text/plain"
	}
	if strings.HasPrefix(ct, "multipart/") {
		e, err := message.New(message.Header{Header: h}, bytes.NewReader(body))
		return e, nil, err
	}
	cte := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding")))
	cs := strings.ToLower(params["charset"])
	utf7 := strings.HasPrefix(ct, "text/") && (cs == "utf-7" || cs == "utf7" || cs == "unicode-1-1-utf-7")
	if asSent && strings.HasPrefix(ct, "text/") && cs != "" || utf7 {
		h = h.Copy()
		delete(params, "charset")
		h.Set("Content-Type", formatParams(ct, params))
	}
	var d *Damage
	var r io.Reader = bytes.NewReader(body)
	switch {
	case cte == "base64" && !(strings.HasPrefix(ct, "text/") && notBase64(body)):
		d = &Damage{}
		r = &lenientBody{raw: r, damage: d}
	case cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue" || cte == "uue":
		d = &Damage{}
		r = &uuBody{raw: body, damage: d}
	}
	if d != nil || cte == "base64" {
		if d == nil { // text labelled base64 that is none: shown as it is
			d = &Damage{found: true}
		}
		h = h.Copy()
		h.Del("Content-Transfer-Encoding")
	}
	if utf7 && !asSent {
		r = &utf7Body{raw: r}
	}
	e, err := message.New(message.Header{Header: h}, r)
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

// size counts what LenientBase64 would decode from the rest of raw,
// holding one line at a time.
func (b *lenientBody) size() int64 {
	var total, run int64
	padded, stopped := false, false
	end := func(atPad bool) { // the end of a run between padding
		switch {
		case stopped:
		case padded && !wholeRun(int(run%4), atPad): // as LenientBase64: the data has ended
			stopped, b.damage.found = true, true
		case run%4 == 1:
			run--
			b.damage.found = true
		}
		if !stopped {
			total += run * 3 / 4
			padded = padded || run > 0
		}
		run = 0
	}
	br := bufio.NewReaderSize(b.raw, 64<<10)
	var clean []byte
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull { // a very long line: read it whole
			var rest []byte
			rest, err = br.ReadBytes('\n')
			line = append(append([]byte(nil), line...), rest...)
		}
		if n, ok := plainBase64(line); ok {
			// The usual line: the alphabet and the line's end, counted
			// where it lies (a copy of every line made a 20 MB
			// attachment take 200 ms to open).
			run += n
		} else {
			var bad bool
			clean, bad = cleanLine(line, clean[:0])
			b.damage.found = b.damage.found || bad
			for _, c := range clean {
				if c == '=' {
					end(true)
				} else {
					run++
				}
			}
		}
		if err != nil {
			break
		}
	}
	end(false)
	return total
}

// plainBase64 counts the base64 characters of line when it holds nothing
// else but blanks and its end (no padding, nothing for cleanLine to
// change); ok is false otherwise.
func plainBase64(line []byte) (n int64, ok bool) {
	for _, c := range line {
		switch b64class[c] {
		case b64Keep:
			if c == '=' {
				return 0, false
			}
			n++
		case b64Skip, b64Newline:
		default:
			return 0, false
		}
	}
	return n, true
}

// wholeRun: a run of n base64 characters is whole: quanta of four, or
// ended by the padding that completes it.
func wholeRun(n int, atPad bool) bool {
	return n%4 == 0 || atPad && n%4 >= 2
}

// cleanLine appends the base64 of one line to dst: blanks dropped, the
// URL-safe alphabet made standard, a stray byte outside the alphabet
// skipped (RFC 2045 §6.8). A line with more than two such bytes is line
// noise, not base64 with a stray byte: only what comes before them is
// kept. bad says the line had any.
func cleanLine(line, dst []byte) ([]byte, bool) {
	strays := 0
	for _, c := range line {
		if b64class[c] == b64Bad {
			strays++
		}
	}
	for _, c := range line {
		switch k := b64class[c]; k {
		case b64Keep:
			dst = append(dst, c)
		case b64Dash:
			dst = append(dst, '+')
		case b64Underscore:
			dst = append(dst, '/')
		case b64Bad:
			if strays > 2 {
				return dst, true
			}
		}
	}
	return dst, strays > 0
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
// together), the URL-safe alphabet, a stray byte here and there
// (skipped, RFC 2045 §6.8); a line of noise keeps what comes before it.
// damaged says part of raw was not base64.
func LenientBase64(raw []byte) ([]byte, bool) {
	// One pass over the lines (a 20 MB attachment was read four times,
	// line by line, and took most of a second to open).
	damaged := false
	clean := make([]byte, 0, len(raw))
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i+1], raw[i+1:]
		} else {
			raw = nil
		}
		var bad bool
		clean, bad = cleanLine(line, clean)
		damaged = damaged || bad
	}
	out := make([]byte, 0, len(clean)/4*3+3)
	padded := false // a run ended in padding: what follows is a part joined on, or the end
	for len(clean) > 0 {
		chunk, atPad := clean, false
		if i := bytes.IndexByte(clean, '='); i >= 0 {
			chunk, clean, atPad = clean[:i], clean[i+1:], true
		} else {
			clean = nil
		}
		if padded && !wholeRun(len(chunk), atPad) {
			// no whole base64 after the padding: the data has ended
			// (RFC 2045 §6.8), the rest is something else
			return out, true
		}
		padded = padded || len(chunk) > 0
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
