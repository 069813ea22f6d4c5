package app

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
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
	ui.list = &messageList{ui: ui}
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

// BenchmarkBrowse100k is issue #17's memory and search measurement: a
// folder of 100,000 messages (plus the reader's six heavy messages), the
// window opened, the list scrolled to the middle and the end, 50 messages
// opened (the heavy ones among them) and 10 searches typed. It reports the
// largest resident memory seen while browsing (VmRSS after each step, the
// filling of the store excluded), the Go heap after it, and the slowest
// search's whole answer (both its quick first page and the full list;
// the first page alone is localstore's BenchmarkSearchFirstPage*). Goal:
// under 200 MB.
func BenchmarkBrowse100k(b *testing.B) {
	s, err := localstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a, _ := s.EnsureLocalAccount(nil)
	in, _ := s.FolderByRole(a.ID, localstore.RoleInbox)
	if err := sample.Fill(s, in.ID, 100_000); err != nil {
		b.Fatal(err)
	}
	var heavy []localstore.NewMessage
	for _, m := range heavyMessages() {
		heavy = append(heavy, localstore.NewMessage{Raw: m.raw})
	}
	if _, err := s.Add(in.ID, heavy); err != nil {
		b.Fatal(err)
	}
	heavy = nil
	app := test.NewTempApp(b)
	defer LimitMemory()() // as the window does
	for b.Loop() {
		runtime.GC()
		debug.FreeOSMemory()
		peak, where := 0.0, ""
		phase := "start"
		var trail []string
		step := func() {
			rss := residentMB()
			if rss > peak {
				peak, where = rss, phase
			}
			if len(trail) == 0 || !strings.HasPrefix(trail[len(trail)-1], phase) {
				trail = append(trail, fmt.Sprintf("%s %.0f", phase, rss))
			}
		}
		step()
		sync := func(f func()) { f() }
		ui := &UI{app: app, store: s, bg: sync, debounce: sync, now: time.Now, trouble: map[int64]trouble{}}
		ui.win = app.NewWindow("Postie")
		ui.build()
		ui.win.Resize(fyne.NewSize(1200, 760))
		ui.refreshFolders(true)
		ui.folders.selectFolder(in.ID)
		ui.win.Canvas().Capture()
		phase = "window open"
		step()
		phase = "scrolling"
		for _, row := range []int{25_000, 50_000, 99_990} {
			ui.list.list.ScrollTo(row)
			ui.win.Canvas().Capture()
			step()
		}
		// 50 messages: the six heavy ones (the newest: they were added
		// last with today's date) and 44 others across the folder.
		for i := 0; i < 50; i++ {
			phase = fmt.Sprintf("opening message %d", i)
			row := i
			if i >= 6 {
				row = i * 2003
			}
			ui.list.list.Select(row)
			ui.win.Canvas().Capture()
			step()
		}
		var slowest time.Duration
		for _, q := range []string{"meeting", "invoice", "from:alice", "holiday photos", "report", "tomorrow", "subject:lunch", "garden", "ticket", "hello"} {
			phase = "searching " + q
			t0 := time.Now()
			ui.search.SetText(q)
			slowest = max(slowest, time.Since(t0))
			ui.win.Canvas().Capture()
			step()
		}
		ui.search.SetText("")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("largest resident memory %.0f MB, when %s; along the way (MB): %s", peak, where, strings.Join(trail, ", "))
		b.ReportMetric(peak, "MB-RSS-peak")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap-after")
		b.ReportMetric(float64(slowest.Microseconds())/1000, "ms-slowest-search-whole")
		ui.win.Close()
	}
}

// residentMB is this process's resident memory now, from /proc (0 where
// there is none).
func residentMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
