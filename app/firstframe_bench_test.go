package app

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/mailview"
)

// heavyMessages are issue #17's hard cases for the reader's first frame.
func heavyMessages() []struct {
	name string
	raw  []byte
} {
	head := "From: Sender <s@example.com>\r\nTo: you@example.org\r\nSubject: %s\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of and mail letter garden summer train ticket invoice meeting tomorrow please find attached regards")
	sentence := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	var out []struct {
		name string
		raw  []byte
	}
	add := func(name, ctype, body string) {
		out = append(out, struct {
			name string
			raw  []byte
		}{name, []byte(fmt.Sprintf(head, name) + "Content-Type: " + ctype + "\r\n\r\n" + body)})
	}
	add("one-60KB-line", "text/plain; charset=utf-8", sentence(14000)[:60<<10]+"\r\n")
	var nl strings.Builder
	nl.WriteString("<html><body>")
	for i := 0; nl.Len() < 5<<20; i++ {
		fmt.Fprintf(&nl, `<table width="600"><tr><td><h2>Story %d</h2><p style="font-family:Arial">%s <a href="https://news.example.com/s/%d?utm=x">Read more</a></p><img src="https://img.example.com/%d.png" width="600"></td></tr></table>`+"\n", i, sentence(60), i, i)
	}
	add("5MB-HTML-newsletter", "text/html; charset=utf-8", nl.String()+"</body></html>")
	var paras strings.Builder
	for i := 0; i < 2000; i++ {
		paras.WriteString(sentence(40) + "\r\n\r\n")
	}
	add("2000-paragraphs", "text/plain; charset=utf-8", paras.String())
	var links strings.Builder
	links.WriteString("<html><body>")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&links, `<p><a href="https://example.com/page/%d">Link number %d</a> %s</p>`, i, i, sentence(5))
	}
	add("1000-links", "text/html; charset=utf-8", links.String()+"</body></html>")
	var table strings.Builder
	table.WriteString("<html><body><table>")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&table, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%d.00 EUR</td></tr>", i, sentence(3), sentence(6), i*7)
	}
	add("300-row-table", "text/html; charset=utf-8", table.String()+"</table></body></html>")
	att := make([]byte, 20<<20)
	for i := range att {
		att[i] = byte(r.IntN(256))
	}
	enc := base64.StdEncoding.EncodeToString(att)
	var lines strings.Builder
	for len(enc) > 76 {
		lines.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	lines.WriteString(enc + "\r\n")
	add("20MB-attachment", `multipart/mixed; boundary="b"`, "--b\r\nContent-Type: text/plain\r\n\r\nThe photos, as promised.\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\"photos.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"+lines.String()+"--b--\r\n")
	return out
}

// BenchmarkReaderFirstFrame opens each heavy message in the real reader
// widgets (parse, lay out, draw one frame), as a person clicking it does.
// Goal (#17): every first frame under 150 ms. It reports the three parts:
// parsing the MIME message, laying out the reader (what Postie controls),
// and painting with the test driver's software painter, which shapes and
// rasterises every glyph without the GL driver's caches (so its paint time
// is an upper bound, not the window's).
func BenchmarkReaderFirstFrame(b *testing.B) {
	a := test.NewTempApp(b)
	for _, m := range heavyMessages() {
		b.Run(m.name, func(b *testing.B) {
			ui := &UI{app: a, trouble: map[int64]trouble{}}
			ui.list = &messageList{ui: ui} // the reader marks what the list searched for
			ui.win = a.NewWindow("reader")
			r := newReader(ui)
			ui.win.SetContent(r.root)
			ui.win.Resize(fyne.NewSize(800, 700))
			id := int64(0)
			var parse, layout, paint time.Duration
			for b.Loop() {
				id++
				t0 := time.Now()
				v := mailview.Parse(m.raw)
				t1 := time.Now()
				r.show(id, v, m.raw)
				t2 := time.Now()
				ui.win.Canvas().Capture()
				parse, layout, paint = parse+t1.Sub(t0), layout+t2.Sub(t1), paint+time.Since(t2)
			}
			n := float64(b.N) * float64(time.Millisecond)
			b.ReportMetric(float64(parse)/n, "ms-parse")
			b.ReportMetric(float64(layout)/n, "ms-layout")
			b.ReportMetric(float64(paint)/n, "ms-paint(test-driver)")
			ui.win.Close()
		})
	}
}
