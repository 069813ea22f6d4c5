package app

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	gomail "github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/sample"
	"github.com/postie-mail/postie/mailview"
)

// BenchmarkOpenWindow100k opens the window on a folder of 100,000 messages
// and renders the first frame (software painter), reporting the time to
// that frame and the Go heap in use with the window open.
func BenchmarkOpenWindow100k(b *testing.B) {
	dir := b.TempDir()
	s, err := localstore.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a, _ := s.EnsureLocalAccount(nil)
	in, _ := s.FolderByRole(a.ID, localstore.RoleInbox)
	if err := sample.Fill(s, in.ID, 100_000); err != nil {
		b.Fatal(err)
	}
	app := test.NewTempApp(b)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		sync := func(f func()) { f() }
		ui := &UI{app: app, store: s, bg: sync, debounce: sync, now: time.Now, trouble: map[int64]trouble{}}
		ui.win = app.NewWindow("Postie")
		ui.build()
		ui.win.Resize(fyne.NewSize(1200, 760))
		ui.refreshFolders(true)
		ui.list.list.Select(0)
		ui.win.Canvas().Capture()
		elapsed := time.Since(start)
		if ui.list.list.Length() != 100_000 {
			b.Fatalf("list length %d", ui.list.list.Length())
		}
		// Scroll to the middle and the end: pages load as needed.
		ui.list.list.ScrollTo(50_000)
		ui.win.Canvas().Capture()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(elapsed.Microseconds())/1000, "ms-to-first-frame")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-from-OS")
		ui.win.Close()
	}
}

// BenchmarkRender5MBHTML: opening a 5 MB HTML message in the reader —
// parsing, building the rich text (capped) and rendering a frame.
func BenchmarkRender5MBHTML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("From: a@example.com\r\nSubject: big\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	for i := 0; sb.Len() < 5<<20; i++ {
		fmt.Fprintf(&sb, "<h2>Section %d</h2><p>Some <b>bold</b> and <i>italic</i> text with a <a href=\"https://example.com/%d\">link</a>.</p>\n", i, i)
	}
	raw := []byte(sb.String())
	a := test.NewTempApp(b)
	ui := &UI{app: a, trouble: map[int64]trouble{}}
	ui.win = a.NewWindow("reader")
	r := newReader(ui)
	ui.win.SetContent(r.root)
	ui.win.Resize(fyne.NewSize(700, 700))
	for b.Loop() {
		r.show(1, mailview.Parse(raw), raw)
		ui.win.Canvas().Capture()
	}
}

// BenchmarkComposeLongReply: opening the compose window on a reply that
// quotes as much as Postie quotes (500 lines) and rendering a frame.
func BenchmarkComposeLongReply(b *testing.B) {
	ui, s := newTestUI(b)
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.POP}}, "pw")
	d := compose.Reply(compose.Original{From: "a@example.com", Subject: "news", Text: strings.Repeat("a line of a very long newsletter, quoted\n", 10000)},
		&gomail.Address{Address: "sam@example.com"}, false)
	for b.Loop() {
		v := ui.openCompose(d, acct, composeOpts{})
		v.win.Canvas().Capture()
		v.done = true
		v.win.Close()
	}
}
