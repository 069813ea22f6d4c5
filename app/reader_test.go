package app

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// Opening a message with remote pictures, a remote stylesheet and a
// remote background makes no request at all.
func TestOpeningAMessageFetchesNothing(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
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
		if h, ok := seg.(*widget.HyperlinkSegment); ok {
			links++
			if strings.HasSuffix(h.Text, "⚠") {
				warned++
			}
		}
	}
	if links != 2 || warned != 1 {
		t.Fatalf("%d links, %d marked suspicious", links, warned)
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
	src := wins[len(wins)-1].Content().(*widget.Entry)
	if !strings.HasPrefix(src.Text, "From: Postie <welcome@postie.invalid>") {
		t.Fatalf("source starts %q", src.Text[:40])
	}
	src.SetText("edited")
	if !strings.HasPrefix(src.Text, "From: ") {
		t.Fatal("the source can be edited")
	}
	wins[len(wins)-1].Close()
}
