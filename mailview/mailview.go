// Package mailview turns a raw MIME message into what the reader shows:
// decoded headers, the body as blocks of styled text (HTML made safe:
// no scripts, no forms, no remote content), and the attachments. It never
// fails: whatever cannot be decoded is shown as well as it can be. It has
// no UI code; app/ draws what it returns.
package mailview

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/emersion/go-message"
	htmlcharset "golang.org/x/net/html/charset"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
)

// View is a message ready to show.
type View struct {
	From, To, Cc, Subject string
	Date                  time.Time
	// DateZoneUnknown: the Date's time zone could not be read (none, a
	// military letter, a name meaning several zones), so Date is that
	// time taken as UTC and may be hours off.
	DateZoneUnknown bool
	Blocks          []Block // the body to show
	Text            string  // the body as plain text
	Attachments     []Attachment
	RemoteContent   int  // pictures and other content from the internet, not loaded
	Cut             bool // the body is longer than the reader shows
	// Damaged: part of the message could not be read (broken or nested
	// past what Postie reads as structure); what could be read is shown.
	Damaged bool
}

// Attachment is a file in the message.
type Attachment struct {
	Name      string // as the sender named it (not safe as a path: see mailtext.FileName)
	Type      string
	Size      int64
	ContentID string // set for parts pictures in the HTML refer to (cid:)
	Inline    bool   // shown in the body rather than listed
	path      []int
}

// Options change how a message is shown.
type Options struct {
	PreferPlain bool // show the plain-text version when the message has one
}

// maxBody caps what the reader decodes of one text part, maxHTML what
// it lays out of an HTML part (the stored message always stays whole).
const (
	maxBody = 4 << 20
	maxHTML = 1 << 20
)

// Parse reads a raw message with the default options.
func Parse(raw []byte) View { return ParseWith(raw, Options{}) }

// ParseWith reads a raw message. It never panics: a fault while reading
// one message shows its text as it stands, marked Damaged.
func ParseWith(raw []byte, opts Options) (v View) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("postie: showing a message failed, shown as plain text: %v\n%s", r, debug.Stack())
			v = asText(raw)
			v.Damaged = true
		}
	}()
	e, damage, _ := mailtext.Read(bytes.NewReader(raw))
	if e == nil {
		return asText(raw) // the header cannot be read at all
	}
	h := e.Header
	v.Subject = mailtext.DecodeHeader(h.Get("Subject"))
	v.From = mailtext.Addresses(h.Get("From"))
	v.To = mailtext.Addresses(h.Get("To"))
	v.Cc = mailtext.Addresses(h.Get("Cc"))
	if t, known, ok := mailtext.ParseDateZone(h.Get("Date")); ok {
		v.Date, v.DateZoneUnknown = t, !known
	}
	c := &collector{opts: opts, parts: new(int)}
	c.entity(e, nil, 0)
	c.damaged = c.damaged || damage.Found()
	// Pictures the body shows are not listed as attachments.
	used := map[string]bool{}
	for _, b := range c.blocks {
		if b.Kind == Image {
			used[b.CID] = true
		}
	}
	for i := range c.att {
		if c.att[i].ContentID != "" && used[c.att[i].ContentID] {
			c.att[i].Inline = true
		}
	}
	v.Blocks, v.Text, v.Attachments, v.RemoteContent, v.Cut, v.Damaged = c.blocks, c.text, c.att, c.remote, c.cut, c.damaged
	return v
}

// asText shows a message whose structure cannot be read: its body as it
// stands.
func asText(raw []byte) View {
	var v View
	body := raw
	if _, b, ok := bytes.Cut(raw, []byte("\n\n")); ok {
		body = b
	} else if _, b, ok := bytes.Cut(raw, []byte("\r\n\r\n")); ok {
		body = b
	}
	v.Text = clean(string(body))
	v.Blocks = textBlocks(v.Text)
	return v
}

type collector struct {
	opts    Options
	blocks  []Block
	text    string
	att     []Attachment
	remote  int
	cut     bool
	damaged bool
	parts   *int // parts read so far in the whole message
}

// furtherParts names what lies past the nesting or part limit: kept as
// one attachment, so nothing is hidden and nothing takes unbounded work.
func furtherParts() string { return tr.X("file.further-parts", "further parts") + ".txt" }

func (c *collector) entity(e *message.Entity, path []int, depth int) {
	ct, params, _ := e.Header.ContentType()
	if mailtext.ReportTypes[ct] {
		ct = "text/plain" // a delivery or read report: fields to read, shown as text
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	*c.parts++
	if *c.parts > mailtext.MaxParts {
		c.damaged = true // too many parts: the rest is not shown
		return
	}
	if strings.HasPrefix(ct, "multipart/") && len(path) >= mailtext.MaxDepth {
		n, _ := io.Copy(io.Discard, e.Body)
		c.att = append(c.att, Attachment{Name: furtherParts(), Type: "text/plain", Size: n, path: append([]int(nil), path...)})
		c.damaged = true
		return
	}
	switch {
	case strings.HasPrefix(ct, "multipart/"):
		c.multipart(e, ct, path, depth)
	case ct == "message/rfc822" && depth < mailtext.MaxForwarded:
		c.forwarded(e, name, path, depth)
	case disp == "attachment" || (name != "" && !strings.HasPrefix(ct, "text/")) ||
		(!strings.HasPrefix(ct, "text/") && ct != ""): // a forwarded message nested past the bound is listed whole
		c.attachment(e, ct, name, path)
	case ct == "text/html":
		c.html(e, name, params, path)
	default: // text/plain and unknown text
		c.plain(e, ct, name, params, path)
	}
}

// multipart reads each part in turn; of alternatives, the richest that
// gives something readable (or plain text, when preferred).
func (c *collector) multipart(e *message.Entity, ct string, path []int, depth int) {
	mr := mailtext.NewPartReader(e)
	if mr == nil {
		return
	}
	alt := ct == "multipart/alternative"
	var best *collector
	chosen := false // the plain version, when that is preferred
	for i := 0; ; i++ {
		p, damage, _ := mr.Next()
		if p == nil { // the end, or a broken part: keep what was read
			break
		}
		if *c.parts > mailtext.MaxParts {
			_, _ = io.Copy(io.Discard, p.Body) // a broken part ends the reading anyway
			continue                           // past the limit: skipped cheaply to the end
		}
		sub := append(append([]int(nil), path...), i)
		if !alt {
			c.entity(p, sub, depth)
			c.damaged = c.damaged || damage.Found()
			continue
		}
		// Alternatives: the richest that gives something readable (or
		// the plain one, when the person prefers plain text).
		pct, _, _ := p.Header.ContentType()
		cand := &collector{opts: c.opts, parts: c.parts}
		cand.entity(p, sub, depth)
		c.damaged = c.damaged || cand.damaged || damage.Found()
		c.att = append(c.att, cand.att...)
		cand.att = nil
		if len(cand.blocks) > 0 && !chosen {
			chosen = c.opts.PreferPlain && pct == "text/plain"
			if best != nil && best.text != "" && cand.text == "" {
				cand.text = best.text
			}
			best = cand
		}
	}
	if best != nil {
		c.blocks = append(c.blocks, best.blocks...)
		c.addText(best.text)
		c.remote += best.remote
		c.cut = c.cut || best.cut
	}
}

// forwarded shows a message/rfc822 part inline, whether it was sent
// inline or as an attachment ("Forward as attachment"): a heading, its
// From, Date, Subject and To, then its own parts, its attachments each
// listed to save. The whole message is listed too, to save as .eml.
func (c *collector) forwarded(e *message.Entity, name string, path []int, depth int) {
	b, _ := io.ReadAll(e.Body)
	inner, damage, _ := mailtext.Read(bytes.NewReader(b))
	subject := ""
	if inner != nil {
		subject = inner.Header.Get("Subject")
	}
	c.att = append(c.att, Attachment{Name: emlName(name, subject), Type: "message/rfc822", Size: int64(len(b)), path: append([]int(nil), path...)})
	if inner == nil {
		return
	}
	defer func() { c.damaged = c.damaged || damage.Found() }()
	h := inner.Header
	heading := tr.L("Forwarded message")
	c.blocks = append(c.blocks, Block{Kind: Heading, Level: 3, Spans: []Span{{Text: heading, Bold: true}}})
	lines := forwardedFields(h.Get)
	if len(lines) > 0 {
		c.blocks = append(c.blocks, Block{Kind: Quote, Spans: []Span{{Text: strings.Join(lines, "\n"), Italic: true}}})
	}
	// The text (postie show, a reply's quote) says so too.
	c.addText(strings.Join(append([]string{heading}, lines...), "\n"))
	// enterMessage in the path: its attachments are found again
	// inside the forwarded message.
	c.entity(inner, append(append([]int(nil), path...), enterMessage), depth+1)
}

// forwardedFields are the header lines the reader shows of a forwarded
// message ("From: …", "Date: …", "Subject: …", "To: …"), decoded, with
// the labels in the person's language (mailtext.ForwardedFields, in
// English, is what the search index holds).
func forwardedFields(get func(string) string) []string {
	var lines []string
	for _, k := range []string{"From", "Date", "Subject", "To"} {
		val := get(k)
		if strings.TrimSpace(val) == "" {
			continue
		}
		if k == "From" || k == "To" {
			val = mailtext.Addresses(val)
		} else {
			val = mailtext.DecodeHeader(val)
		}
		val = strings.Join(strings.Fields(val), " ")
		switch k {
		case "From":
			lines = append(lines, tr.L("From: {{.From}}", tr.M{"From": val}))
		case "Date":
			lines = append(lines, tr.L("Date: {{.Date}}", tr.M{"Date": val}))
		case "Subject":
			lines = append(lines, tr.L("Subject: {{.Subject}}", tr.M{"Subject": val}))
		case "To":
			lines = append(lines, tr.L("To: {{.To}}", tr.M{"To": val}))
		}
	}
	return lines
}

// emlName names a forwarded message to save: as the sender named it,
// else by its subject.
func emlName(name, subject string) string {
	if name != "" {
		return mailtext.ToUTF8(name)
	}
	subject = strings.Join(strings.Fields(mailtext.DecodeHeader(subject)), " ")
	if subject == "" {
		// Shown in the list of attachments, and offered as the name to
		// save it under (the person chooses where, and may change it).
		subject = tr.X("file.forwarded-message", "forwarded message")
	}
	return subject + ".eml"
}

// attachment lists a part to save, sized while its body streams by.
func (c *collector) attachment(e *message.Entity, ct, name string, path []int) {
	n := mailtext.BodySize(e)
	if name == "" && ct == "message/rfc822" { // forwarded past what is shown
		name = emlName("", "")
	}
	if name == "" {
		name = tr.X("file.attachment", "attachment") // shown, and offered as the name to save it under
		if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
			name += exts[0]
		}
	}
	cid := strings.Trim(strings.TrimSpace(e.Header.Get("Content-Id")), "<>")
	c.att = append(c.att, Attachment{Name: mailtext.ToUTF8(name), Type: ct, Size: n, ContentID: cid, path: append([]int(nil), path...)})
}

// html shows an HTML part as blocks, remote content held back; a named
// one is also listed to save.
func (c *collector) html(e *message.Entity, name string, params map[string]string, path []int) {
	b, _ := io.ReadAll(io.LimitReader(e.Body, maxBody))
	if name != "" {
		c.att = append(c.att, Attachment{Name: mailtext.ToUTF8(name), Type: "text/html", Size: int64(len(b)), path: append([]int(nil), path...)})
	}
	s := string(b)
	if params["charset"] == "" {
		// No charset in the header: the HTML's own <meta charset>.
		if r, err := htmlcharset.NewReader(bytes.NewReader(b), "text/html"); err == nil {
			if d, err := io.ReadAll(r); err == nil {
				s = string(d)
			}
		}
	}
	if len(s) > maxHTML {
		s, c.cut = strings.ToValidUTF8(s[:maxHTML], ""), true
	}
	blocks, remote := htmlBlocks(mailtext.ToUTF8(s))
	c.blocks = append(c.blocks, blocks...)
	c.remote += remote
	texts := make([]string, 0, len(blocks))
	for _, bl := range blocks {
		texts = append(texts, bl.Text())
	}
	c.addText(strings.Join(texts, "\n\n"))
}

// plain shows a text part (format=flowed joined); a named one is also
// listed to save.
func (c *collector) plain(e *message.Entity, ct, name string, params map[string]string, path []int) {
	b, _ := io.ReadAll(io.LimitReader(e.Body, maxBody))
	if name != "" {
		// A text file sent to be shown inline: shown, and listed so it
		// can be saved too.
		c.att = append(c.att, Attachment{Name: mailtext.ToUTF8(name), Type: ct, Size: int64(len(b)), path: append([]int(nil), path...)})
	}
	s := clean(string(b))
	s = c.uuencoded(s, path)
	s = mailtext.Unflowed(s, params)
	c.blocks = append(c.blocks, textBlocks(s)...)
	c.addText(s)
}

// addText appends one piece of the body's text (a part, a forwarded
// message's heading and header lines) to the text, a paragraph break
// between two pieces: one part's last word is never glued to the next
// one's first.
func (c *collector) addText(s string) {
	s = strings.TrimRight(s, "\n")
	if strings.TrimSpace(s) == "" {
		return
	}
	if c.text != "" {
		c.text = strings.TrimRight(c.text, "\n") + "\n\n"
		s = strings.TrimLeft(s, "\n")
	}
	c.text += s
}

// uuencoded lists the uuencoded files inside a text (old mail programs
// sent files so) as attachments, and returns the text without them.
func (c *collector) uuencoded(s string, path []int) string {
	blocks := mailtext.UUBlocks([]byte(s))
	for k := len(blocks) - 1; k >= 0; k-- {
		bl := blocks[k]
		data, _, _ := mailtext.Uudecode([]byte(s[bl.Start:bl.End]))
		typ := mime.TypeByExtension(strings.ToLower(filepath.Ext(bl.Name)))
		if typ == "" {
			typ = "application/octet-stream"
		}
		typ, _, _ = strings.Cut(typ, ";")
		c.att = append(c.att, Attachment{Name: mailtext.ToUTF8(bl.Name), Type: typ, Size: int64(len(data)), path: append(append([]int(nil), path...), uuStep(k))})
		s = s[:bl.Start] + s[bl.End:]
	}
	// Listed in the order they come.
	n := len(blocks)
	for i, j := len(c.att)-n, len(c.att)-1; i < j; i, j = i+1, j-1 {
		c.att[i], c.att[j] = c.att[j], c.att[i]
	}
	return s
}

// uuStep in an attachment's path is the k-th uuencoded file of a text
// part; isUU reads it back.
func uuStep(k int) int { return -2 - k }

func isUU(step int) (int, bool) { return -2 - step, step <= -2 }

// enterMessage in an attachment's path steps into a message/rfc822 part
// (a forwarded message); the other steps are part numbers.
const enterMessage = -1

// AttachmentData returns the decoded content of attachment a of raw: its
// bytes as sent (a text file in the charset it was written in).
func AttachmentData(raw []byte, a Attachment) ([]byte, error) {
	path := a.path
	last := func(i int) bool { // the step that reaches the file itself
		if i+1 < len(path) {
			_, uu := isUU(path[i+1])
			return uu
		}
		return i == len(path)-1
	}
	e, _, _ := mailtext.ReadAsSent(bytes.NewReader(raw), len(path) == 0 || last(-1))
	if e == nil {
		return nil, errors.New(tr.L("the message cannot be read"))
	}
	for i, idx := range path {
		if k, uu := isUU(idx); uu {
			return uuFile(e, k)
		}
		if idx == enterMessage {
			inner, _, _ := mailtext.ReadAsSent(e.Body, last(i))
			if inner == nil {
				return nil, errors.New(tr.L("the forwarded message holding the attachment cannot be read"))
			}
			e = inner
			continue
		}
		mr := mailtext.NewPartReader(e)
		if mr == nil {
			return nil, errors.New(tr.L("the attachment is not there"))
		}
		var p *message.Entity
		for j := 0; j <= idx; j++ {
			mr.AsSent = j == idx && last(i)
			var err error
			if p, _, err = mr.Next(); p == nil {
				if err == nil {
					return nil, errors.New(tr.L("the attachment is not there"))
				}
				return nil, fmt.Errorf("%s: %v", tr.L("the attachment is not there"), err)
			}
		}
		e = p
	}
	return io.ReadAll(e.Body)
}

// uuFile decodes the k-th uuencoded file inside a text part.
func uuFile(e *message.Entity, k int) ([]byte, error) {
	b, err := io.ReadAll(e.Body)
	if err != nil {
		return nil, err
	}
	blocks := mailtext.UUBlocks(b)
	if k >= len(blocks) {
		return nil, errors.New(tr.L("the attachment is not there"))
	}
	data, _, _ := mailtext.Uudecode(b[blocks[k].Start:blocks[k].End])
	return data, nil
}

// executable are file types that run a program, or open in something
// that runs one, when double-clicked:
//   - Windows programs, scripts and installers: .exe .com .scr .pif .cpl
//     .bat .cmd .ps1 .psm1 .psd1 .ps1xml .vbs .vbe .js .jse .wsf .wsh .ws
//     .hta .msi .msp .msix .msixbundle .appx .appxbundle .application
//     .gadget .reg .inf .chm .xll .jar .py .pyw
//   - shortcuts that point anywhere: .lnk .url .scf .website
//     .settingcontent-ms .library-ms, Linux .desktop, macOS .webloc .inetloc
//     .terminal
//   - disk images Windows and macOS mount with one click, whose files then
//     run (and skip the downloaded-file mark): .iso .img .vhd .vhdx .dmg
//   - installers and packages elsewhere: .pkg .mpkg .app .command .deb .rpm
//     .run .appimage .sh .bash
//   - web pages and pictures that can carry scripts, opened in a browser
//     with local file access: .htm .html .xhtml .shtml .mht .mhtml .svg
//   - Office files with macros: .docm .dotm .xlsm .xltm .xlam .pptm .potm
//     .ppam .sldm
var executable = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.exe .com .scr .pif .cpl .bat .cmd .ps1 .psm1 .psd1 .ps1xml .vbs .vbe .js .jse .wsf .wsh .ws
		.hta .msi .msp .msix .msixbundle .appx .appxbundle .application .gadget .reg .inf .chm .xll .jar .py .pyw
		.lnk .url .scf .website .settingcontent-ms .library-ms .desktop .webloc .inetloc .terminal
		.iso .img .vhd .vhdx .dmg .pkg .mpkg .app .command .deb .rpm .run .appimage .sh .bash
		.htm .html .xhtml .shtml .mht .mhtml .svg .docm .dotm .xlsm .xltm .xlam .pptm .potm .ppam .sldm`) {
		executable[e] = true
	}
}

// IsExecutable says whether opening the file could run a program. It
// judges the name the file is saved under (mailtext.FileName), so no
// trailing space, dot or invisible character can hide the real type.
func IsExecutable(name string) bool {
	n := strings.ToLower(mailtext.FileName(name, ""))
	if i := strings.LastIndex(n, "."); i >= 0 {
		return executable[n[i:]]
	}
	return false
}

func clean(s string) string {
	s = mailtext.ToUTF8(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
