package app

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postie-mail/postie/localstore"
)

// Print… makes a PDF of the open message — headers, text in several
// scripts, the picture sent inside it, link addresses spelled out — and
// opens it in the system's viewer; the PDF's text is what the reader
// shows (read back with poppler's pdftotext).
func TestPrintMakesAPDFOfTheMessage(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for x := 0; x < 120; x++ {
		for y := 0; y < 40; y++ {
			img.Set(x, y, color.RGBA{20, 90, 200, 255})
		}
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	html := `<h1>Boarding pass</h1><p>Grüße aus Köln — Привет — Καλημέρα. Gate <b>B12</b>, seat 14C.</p>` +
		`<p><img src="cid:logo@air"></p><p>Manage your booking: <a href="https://air.example/booking">click here</a></p>`
	raw := "From: Air Example <tickets@air.example>\r\nTo: Sam <sam@example.com>\r\nSubject: Your boarding pass\r\n" +
		"Date: Tue, 24 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=R\r\n\r\n" +
		"--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n" +
		"--R\r\nContent-Type: image/png\r\nContent-ID: <logo@air>\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(pngBuf.Bytes()) + "\r\n--R--\r\n"
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(raw)}}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "Your boarding pass")
	ui.doPrint()
	if ui.printed == "" {
		t.Fatal("no PDF made")
	}
	pdf, err := os.ReadFile(ui.printed)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || filepath.Base(ui.printed) != "Your boarding pass.pdf" {
		t.Fatalf("PDF %s: %v", ui.printed, err)
	}
	if fi, _ := os.Stat(ui.printed); fi.Mode().Perm()&0o077 != 0 {
		t.Fatal("the PDF is readable by others")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
	}
	out, err := exec.Command("pdftotext", "-layout", ui.printed, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Your boarding pass", "From: Air Example <tickets@air.example>", "Date: Tuesday 24 November 2026",
		"Boarding pass", "Grüße aus Köln", "Привет", "Καλημέρα", "Gate B12, seat 14C", "click here <https://air.example/booking>"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from the PDF's text:\n%s", want, text)
		}
	}
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("the picture sent inside the message is not in the PDF")
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil { // a picture of the page, to look at
		shots := filepath.Join(os.TempDir(), "postie-screens")
		exec.Command("pdftoppm", "-png", "-r", "60", "-singlefile", ui.printed, filepath.Join(shots, "print")).Run()
	}
}
