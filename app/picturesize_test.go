package app

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/testmail"
	"github.com/postie-mail/postie/localstore"
)

// bodyText is the reader's body as text, and how many pictures it shows.
func bodyText(ui *UI) (string, int) {
	var text strings.Builder
	pics := 0
	for _, seg := range ui.reader.body.Segments {
		switch s := seg.(type) {
		case *widget.TextSegment:
			text.WriteString(s.Text + "\n")
		case *widget.ImageSegment:
			pics++
		}
	}
	return text.String(), pics
}

// A picture of a few hundred bytes that declares 40000×40000 pixels (1.6
// GB to decode) never reaches Fyne, sent inside the message or fetched
// from the internet: the reader says in a line that it was left out, and
// the rest of the message shows (#26). Fails before the fix: the picture
// was handed to Fyne as an ImageSegment.
func TestAPictureBombIsNotDecoded(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	bomb := testmail.PictureBomb(40000, 40000)
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: testmail.WithInlinePicture("A huge poster", bomb)}}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "A huge poster")
	text, pics := bodyText(ui)
	if pics != 0 {
		t.Fatal("the 40000×40000 picture sent inside the message was handed to Fyne")
	}
	if !strings.Contains(text, "too large to show") || !strings.Contains(text, "After the picture.") {
		t.Fatalf("the reader shows:\n%s", text)
	}
	capture(t, ui, "reader-picture-too-large")

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(bomb)
	}))
	defer srv.Close()
	raw := fmt.Sprintf("From: Shop <deals@shop.example>\r\nTo: me@example.org\r\nSubject: A huge banner\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Sale.</p><img src=\"%s/banner.png\" alt=\"Banner\"><p>Ends Friday.</p>\r\n", srv.URL)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(raw)}})
	openBySubject(t, ui, "A huge banner")
	ui.webClient = &http.Client{} // the test's server stands in for the web
	ui.reader.showRemote(false)
	text, pics = bodyText(ui)
	if pics != 0 || !strings.Contains(text, "too large to show") {
		t.Fatalf("after “Show them” the picture from the internet: %d shown, text:\n%s", pics, text)
	}
}

// Pictures just under the limit are shown until, together, they reach
// the message's budget; the rest are left out with a line each.
func TestManyLargePicturesAreCapped(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	big := testmail.PictureBomb(6000, 6000) // 36 MP: under the limit for one
	var html, parts strings.Builder
	for i := range 5 {
		fmt.Fprintf(&html, `<p>Picture %d</p><img src="cid:p%d@test">`, i, i)
		fmt.Fprintf(&parts, "--R\r\nContent-Type: image/png\r\nContent-ID: <p%d@test>\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", i, b64(big))
	}
	raw := "From: Club <club@example.org>\r\nSubject: Five posters\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=R\r\n\r\n" +
		"--R\r\nContent-Type: text/html\r\n\r\n" + html.String() + "\r\n" + parts.String() + "--R--\r\n"
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(raw)}})
	ui.reader.body.Segments = nil
	for i := 0; i < ui.list.list.Length(); i++ { // open without rendering: Capture would decode 3×36 MP
		ui.list.list.Select(i)
		if ui.reader.subject.Text == "Five posters" {
			break
		}
	}
	text, pics := bodyText(ui)
	if pics != 3 || strings.Count(text, "more pictures than Postie shows at once") != 2 {
		t.Fatalf("%d pictures shown; text:\n%s", pics, text)
	}
}

// The PDF printout measures pictures too: the huge one is replaced by the
// same line, never decoded (gopdf decodes pictures with transparency).
// Fails before the fix: the picture went into the PDF.
func TestPrintLeavesOutAPictureBomb(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{{Raw: testmail.WithInlinePicture("A huge poster", testmail.PictureBomb(40000, 40000))}})
	openBySubject(t, ui, "A huge poster")
	data, _, ok := ui.messagePDF()
	if !ok {
		t.Fatal("no PDF")
	}
	if bytes.Contains(data, []byte("/Subtype /Image")) {
		t.Fatal("the 40000×40000 picture went into the PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
	}
	f := t.TempDir() + "/m.pdf"
	os.WriteFile(f, data, 0o600)
	out, _ := exec.Command("pdftotext", f, "-").Output()
	if !strings.Contains(string(out), "too large to show") || !strings.Contains(string(out), "After the picture.") {
		t.Fatalf("PDF text:\n%s", out)
	}
	// A normal picture still goes in.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 30, 20)))
	s.Add(in.ID, []localstore.NewMessage{{Raw: testmail.WithInlinePicture("A small logo", buf.Bytes())}})
	openBySubject(t, ui, "A small logo")
	if data, _, _ := ui.messagePDF(); !bytes.Contains(data, []byte("/Subtype /Image")) {
		t.Fatal("a 30×20 picture is missing from the PDF")
	}
}

// b64 is data in base64, in lines of 76.
func b64(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var lines []string
	for len(s) > 76 {
		lines, s = append(lines, s[:76]), s[76:]
	}
	return strings.Join(append(lines, s), "\r\n")
}
