package mailview

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/mailtext"
)

func load(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func allText(v View) string {
	var b strings.Builder
	for _, bl := range v.Blocks {
		b.WriteString(bl.Text() + "\n")
	}
	return b.String()
}

// Every message in the corpus shows something readable and none panics.
func TestCorpusIsReadable(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.eml")
	if len(files) < 15 {
		t.Fatalf("corpus has %d files", len(files))
	}
	for _, f := range files {
		v := Parse(load(t, filepath.Base(f)))
		if strings.TrimSpace(allText(v)) == "" {
			t.Errorf("%s: nothing to show", f)
		}
		if !isValid(allText(v) + v.Subject + v.From) {
			t.Errorf("%s: invalid UTF-8 on screen", f)
		}
	}
}

func isValid(s string) bool { return strings.ToValidUTF8(s, "") == s }

func TestCharsets(t *testing.T) {
	for cs, want := range map[string]string{"iso-8859-1": "Grüße aus Köln", "windows-1252": "Smart “quotes” – €5", "koi8-r": "Привет, мир",
		"shift_jis": "こんにちは世界", "gb2312": "你好，世界", "big5": "你好，世界"} {
		v := Parse(load(t, "charset-"+cs+".eml"))
		if v.Subject != want || !strings.Contains(allText(v), want) {
			t.Errorf("%s: subject %q body %q, want %q", cs, v.Subject, allText(v), want)
		}
	}
	if v := Parse(load(t, "html-meta-charset.eml")); !strings.Contains(allText(v), "Grüße") {
		t.Errorf("meta charset: %q", allText(v))
	}
	v := Parse(load(t, "encoded-words.eml"))
	if v.From != "Jörg Müller <jorg@example.de>" || !strings.HasPrefix(v.Subject, "Grüße and") {
		t.Errorf("encoded words: %q / %q", v.From, v.Subject)
	}
	v = Parse(load(t, "8bit-headers.eml"))
	if v.Subject != "Café crème" {
		t.Errorf("8-bit header: %q", v.Subject)
	}
}

func TestHTMLBecomesSafeBlocks(t *testing.T) {
	v := Parse(load(t, "newsletter.eml"))
	text := allText(v)
	for _, gone := range []string{"alert", "color:red", "News\n", "evil.example\"", "pw"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q should not be shown:\n%s", gone, text)
		}
	}
	for _, want := range []string{"Garden news", "Hello friends and neighbours.", "Tomatoes · 3 kg", "Quoted wisdom", "code  block", "First"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing:\n%s", want, text)
		}
	}
	if v.RemoteContent != 2 {
		t.Errorf("remote pictures counted: %d, want 2", v.RemoteContent)
	}
	var pics []Block
	for _, b := range v.Blocks {
		if b.Kind == Image {
			pics = append(pics, b)
		}
	}
	if len(pics) != 1 || pics[0].Src != "https://cdn.example/banner.png" || pics[0].Text() != "Banner" {
		t.Errorf("pictures to load on request: %+v (the 1-pixel tracker must not be one)", pics)
	}
	kinds := map[BlockKind]bool{}
	var links []Span
	for _, b := range v.Blocks {
		kinds[b.Kind] = true
		for _, s := range b.Spans {
			if s.Link != "" {
				links = append(links, s)
			}
			if s.Text == "friends" && !s.Bold {
				t.Error("<b> lost")
			}
		}
	}
	for _, k := range []BlockKind{Heading, Paragraph, Quote, Pre, ListItem, Rule} {
		if !kinds[k] {
			t.Errorf("no block of kind %d", k)
		}
	}
	if len(links) != 2 {
		t.Fatalf("links: %+v (javascript: must not be a link)", links)
	}
	if !links[0].Suspicious || links[1].Suspicious {
		t.Errorf("suspicious marks wrong: %+v", links)
	}
}

func TestPlainQuotesAndFlowed(t *testing.T) {
	v := Parse(load(t, "plain.eml"))
	if len(v.Blocks) != 3 || v.Blocks[1].Kind != Quote || v.Blocks[1].Text() != "quoted line\nanother" {
		t.Fatalf("blocks %+v", v.Blocks)
	}
	v = Parse(load(t, "flowed.eml"))
	if !strings.Contains(allText(v), "This is a long line that continues here.") {
		t.Fatalf("flowed: %q", allText(v))
	}
}

func TestAttachmentsAndForwarded(t *testing.T) {
	raw := load(t, "attachment.eml")
	v := Parse(raw)
	if len(v.Attachments) != 2 || v.Attachments[0].Name != "Bericht Ä.pdf" || v.Attachments[0].Type != "application/pdf" {
		t.Fatalf("attachments %+v", v.Attachments)
	}
	data, err := AttachmentData(raw, v.Attachments[0])
	if err != nil || !strings.HasPrefix(string(data), "%PDF-1.4") || int64(len(data)) != v.Attachments[0].Size {
		t.Fatalf("data %q %v", data[:min(20, len(data))], err)
	}
	if !IsExecutable(v.Attachments[1].Name) || IsExecutable("photo.jpg") || !IsExecutable("invoice.pdf.exe") || !IsExecutable("setup.EXE.") {
		t.Error("executable detection")
	}
	for _, n := range []string{v.Attachments[1].Name, "../../etc/passwd", `..\..\boot.ini`, "CON.txt", "", ".hidden", "a/b\\c:d*e?.txt"} {
		s := mailtext.FileName(n, "attachment")
		if strings.ContainsAny(s, `/\:*?`) || strings.HasPrefix(s, ".") || s == "" || strings.EqualFold(s, "CON.txt") {
			t.Errorf("FileName(%q) = %q", n, s)
		}
	}
	v = Parse(load(t, "forwarded.eml"))
	text := allText(v)
	if !strings.Contains(text, "Forwarded message") || !strings.Contains(text, "From: Carol <carol@example.com>") || !strings.Contains(text, "The original text.") {
		t.Fatalf("forwarded:\n%s", text)
	}
}

func TestMalformed(t *testing.T) {
	for name, want := range map[string]string{"bad-base64.eml": "Hello world", "unterminated.eml": "First part survives.",
		"unknown-charset.eml": "plain ascii still readable", "no-headers.eml": "just a body"} {
		if got := allText(Parse(load(t, name))); !strings.Contains(got, want) {
			t.Errorf("%s: %q does not contain %q", name, got, want)
		}
	}
}

// FuzzParse: any bytes give a view, never a panic, always valid UTF-8.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		v := Parse(raw)
		if !isValid(allText(v) + v.Subject + v.From + v.To) {
			t.Fatal("invalid UTF-8")
		}
		for _, a := range v.Attachments {
			AttachmentData(raw, a)
		}
	})
}

// FuzzHTML: any HTML gives blocks, never a panic, and never a link that
// is not web or mail.
func FuzzHTML(f *testing.F) {
	f.Add(`<a href="javascript:x">y</a><p>z<script>q</script>`)
	f.Add(string(load(f, "newsletter.eml")))
	f.Fuzz(func(t *testing.T, s string) {
		blocks, _ := htmlBlocks(s)
		for _, b := range blocks {
			for _, sp := range b.Spans {
				if sp.Link != "" && !strings.HasPrefix(sp.Link, "http:") && !strings.HasPrefix(sp.Link, "https:") && !strings.HasPrefix(sp.Link, "mailto:") {
					t.Fatalf("unsafe link %q", sp.Link)
				}
			}
		}
	})
}

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txt from the current output")

// TestGolden compares what every corpus message shows (headers, blocks
// with their kinds, attachments) with testdata/golden/NAME.txt.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, f := range files {
		v := Parse(load(t, filepath.Base(f)))
		var b strings.Builder
		fmt.Fprintf(&b, "From: %s\nTo: %s\nSubject: %s\nRemote: %d\n\n", v.From, v.To, v.Subject, v.RemoteContent)
		for _, bl := range v.Blocks {
			fmt.Fprintf(&b, "[%d] %s", bl.Kind, bl.Text())
			for _, sp := range bl.Spans {
				if sp.Link != "" {
					fmt.Fprintf(&b, " {link %s suspicious=%v}", sp.Link, sp.Suspicious)
				}
			}
			if bl.Src != "" || bl.CID != "" {
				fmt.Fprintf(&b, " {picture %s%s}", bl.Src, bl.CID)
			}
			b.WriteString("\n")
		}
		for _, a := range v.Attachments {
			fmt.Fprintf(&b, "attachment: %s %s %d\n", a.Name, a.Type, a.Size)
		}
		golden := filepath.Join("testdata", "golden", strings.TrimSuffix(filepath.Base(f), ".eml")+".txt")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			os.WriteFile(golden, []byte(b.String()), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: %v (run with -update)", golden, err)
		}
		if string(want) != b.String() {
			t.Errorf("%s changed:\n--- want\n%s\n--- got\n%s", golden, want, b.String())
		}
	}
}
