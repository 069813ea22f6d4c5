package app

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// Opening a message with remote pictures, a remote stylesheet and a
// remote background makes no request at all.
func TestOpeningAMessageFetchesNothing(t *testing.T) {
	var hits atomic.Int64
	var paths []string
	pngData := func() []byte {
		var b bytes.Buffer
		png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 60, 30)))
		return b.Bytes()
	}()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		paths = append(paths, r.URL.Path)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngData)
	}))
	defer srv.Close()
	ui, s := newTestUI(t)
	html := fmt.Sprintf(`<html><head><link rel="stylesheet" href="%[1]s/style.css"></head><body background="%[1]s/bg.png">
<h1>Big sale</h1><p>Dear customer, <b>everything</b> must go.</p><img src="%[1]s/pixel.gif" width="1"><img src="%[1]s/banner.png" alt="Banner">
<p><a href="https://shop.example/deals">https://www.yourbank.example</a> · <a href="https://shop.example/unsubscribe">unsubscribe</a></p>
<ul><li>Chairs</li><li>Tables</li></ul><blockquote>Offer ends Friday.</blockquote></body></html>`, srv.URL)
	raw := "From: Shop <deals@shop.example>\r\nTo: you@example.org\r\nSubject: Big sale\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n--M\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		html + "\r\n--M\r\nContent-Type: application/pdf; name=catalogue.pdf\r\nContent-Disposition: attachment; filename=catalogue.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--M--\r\n"
	in := inbox(t, ui)
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(raw)}}); err != nil {
		t.Fatal(err)
	}
	ui.list.list.Select(0)
	ui.win.Canvas().Capture() // render everything
	capture(t, ui, "reader-html")
	if n := hits.Load(); n != 0 {
		t.Fatalf("opening the message made %d requests", n)
	}
	if !ui.reader.remote.Visible() {
		t.Fatal("no note that pictures from the internet are hidden")
	}
	if len(ui.reader.attachments.Objects) != 1 {
		t.Fatal("the attachment is not listed")
	}
	var links, warned int
	for _, seg := range ui.reader.body.Segments {
		if h, ok := seg.(*widget.HyperlinkSegment); ok && true {
			links++
			if strings.HasSuffix(h.Text, "⚠") {
				warned++
			}
		}
	}
	if links != 2 || warned != 1 {
		t.Fatalf("%d links, %d marked suspicious", links, warned)
	}

	// Asked for: only the real picture is fetched (not the 1-pixel
	// tracker, the stylesheet or the background).
	// Pictures on this computer are refused (what a hostile message
	// would aim at): nothing is fetched.
	ui.reader.showRemote(false)
	if hits.Load() != 0 {
		t.Fatalf("a picture on 127.0.0.1 was fetched: %v", paths)
	}
	// The test's server stands in for the web from here on.
	ui.webClient = &http.Client{}
	ui.reader.fetched = map[string]fyne.URI{}
	ui.reader.showRemote(false)
	if hits.Load() != 1 || paths[0] != "/banner.png" {
		t.Fatalf("after “Show them”: requests %v", paths)
	}
	pics := 0
	for _, seg := range ui.reader.body.Segments {
		if _, ok := seg.(*widget.ImageSegment); ok {
			pics++
		}
	}
	if pics != 1 || ui.reader.remote.Visible() {
		t.Fatalf("%d pictures shown; bar visible %v", pics, ui.reader.remote.Visible())
	}
	capture(t, ui, "reader-html-pictures")
	// Another message from the same sender: nothing until "always".
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(strings.Replace(raw, "Subject: Big sale", "Subject: Bigger sale", 1))}})
	openSubject := func(subj string) {
		for i, m := range ui.list.rows {
			if m.Subject == subj {
				ui.list.list.Select(i)
			}
		}
	}
	openSubject("Bigger sale")
	if hits.Load() != 1 || !ui.reader.remote.Visible() {
		t.Fatal("pictures of another message loaded without asking")
	}
	// "Always" is remembered, but a message that no provider vouches for
	// (this one is "On this computer", with no Authentication-Results)
	// asks again: its From line could be forged (#26; sendertrust_test.go
	// has the vouched case).
	ui.reader.showRemote(true)
	if got := ui.app.Preferences().StringList(prefRemote); len(got) != 1 || got[0] != "deals@shop.example" {
		t.Fatalf("remembered senders: %v", got)
	}
	openSubject("Big sale")
	before := hits.Load()
	openSubject("Bigger sale")
	if hits.Load() != before || !ui.reader.remote.Visible() {
		t.Fatal("“Always show them for this sender” trusted a From line nobody vouched for")
	}
}

func TestViewSource(t *testing.T) {
	ui, _ := newTestUI(t)
	ui.list.list.Select(0)
	before := len(ui.app.Driver().AllWindows())
	ui.showSource()
	wins := ui.app.Driver().AllWindows()
	if len(wins) != before+1 {
		t.Fatal("no source window")
	}
	src := &wins[len(wins)-1].Content().(*textField).Entry
	if !strings.HasPrefix(src.Text, "From: Postie <welcome@postie.invalid>") {
		t.Fatalf("source starts %q", src.Text[:40])
	}
	src.SetText("edited")
	if !strings.HasPrefix(src.Text, "From: ") {
		t.Fatal("the source can be edited")
	}
	// Escape in its text closes it (#29, seen in the real window: only
	// the window manager could).
	w := wins[len(wins)-1]
	w.Canvas().Focus(w.Content().(*textField))
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got := len(ui.app.Driver().AllWindows()); got != before {
		t.Fatalf("%d windows after Escape, want %d", got, before)
	}
}

func TestInlinePicturesAndPlainPreference(t *testing.T) {
	ui, s := newTestUI(t)
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			img.Set(x, y, color.RGBA{R: 47, G: 125, B: 225, A: 255})
		}
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	b64 := base64.StdEncoding.EncodeToString(pngBuf.Bytes())
	raw := "From: Club <club@example.org>\r\nSubject: With a logo\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=A\r\n\r\n" +
		"--A\r\nContent-Type: text/plain\r\n\r\nPlain version of the letter.\r\n" +
		"--A\r\nContent-Type: multipart/related; boundary=R\r\n\r\n" +
		"--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Our logo:</p><img src=\"cid:logo@club\" alt=\"Club logo\"><p>HTML version.</p>\r\n" +
		"--R\r\nContent-Type: image/png\r\nContent-ID: <logo@club>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--R--\r\n--A--\r\n"
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(raw)}})
	ui.list.list.Select(0)
	found := false
	for _, seg := range ui.reader.body.Segments {
		if im, ok := seg.(*widget.ImageSegment); ok && im.Source.Scheme() == "file" {
			found = true
		}
	}
	if !found {
		t.Fatal("the inline picture is not shown")
	}
	if len(ui.reader.attachments.Objects) != 0 {
		t.Fatal("the inline picture is listed as an attachment")
	}
	capture(t, ui, "reader-inline-picture")
	ui.app.Preferences().SetBool(prefPlain, true)
	ui.reader.currentID = 0
	ui.openMessage(ui.list.rows[0])
	if txt := ui.reader.view.Text; !strings.Contains(txt, "Plain version") {
		t.Fatalf("with plain text preferred the reader shows %q", txt)
	}
}

func TestSaveAllNamesNeverCollide(t *testing.T) {
	dir := t.TempDir()
	p1, _ := uniquePath(dir, "report.pdf")
	os.WriteFile(p1, nil, 0o644)
	p2, _ := uniquePath(dir, "report.pdf")
	if filepath.Base(p1) != "report.pdf" || filepath.Base(p2) != "report (2).pdf" {
		t.Fatalf("%s, %s", p1, p2)
	}
}

// A date whose time zone cannot be read says so: the time shown is a
// guess (#27).
func TestReaderSaysWhenTheTimeZoneIsUnknown(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	r, err := s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: a@example.org\r\nSubject: zone\r\nDate: Mon, 23 Nov 2026 10:00:00 XYZ\r\n\r\nhi\r\n")}})
	if err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
	ui.folders.selectFolder(in.ID)
	for i, row := range ui.list.rows {
		if row.ID == r[0].ID {
			ui.list.list.Select(i)
		}
	}
	if !strings.HasSuffix(ui.reader.dt.Text, "(time zone not known)") {
		t.Fatalf("date %q", ui.reader.dt.Text)
	}
}
