package app

import (
	"bytes"
	"encoding/base64"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/postie-mail/postie/internal/fonts"
	"github.com/postie-mail/postie/internal/opener"
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
	var opened string
	ui.opener = func(u *url.URL) error { opened = u.Path; return nil }
	ui.doPrint()
	if opened == "" || filepath.FromSlash(opened) != ui.printed {
		t.Fatalf("handed %q to the PDF viewer, made %q", opened, ui.printed)
	}
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
	for _, want := range []string{"Your boarding pass", "From: Air Example <tickets@air.example>", "Date: Tuesday, 24 November 2026",
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

// cjkMail is a message in Japanese, Chinese, Korean, Hebrew and Arabic.
func cjkMail() localstore.NewMessage {
	body := "日本語: こんにちは、世界。メールを読みます。\r\n中文: 你好，世界。这是一封测试邮件。\r\n한국어: 안녕하세요, 세계. 메일을 읽습니다.\r\n" +
		"עברית: שלום עולם, מחיר 100 שקל.\r\nالعربية: مرحبا بالعالم، سعر 100 دينار.\r\n"
	m := testMsg(1, "=?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example.jp>", "=?UTF-8?B?5Lya6K2w44Gu5LqI5a6a?=", body, fixedNow.Add(-time.Hour))
	m.Raw = []byte("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n" + string(m.Raw))
	return m
}

// printCJK prints cjkMail (with a long Japanese paragraph, which has no
// spaces to break at) and returns the PDF's text and its words with where
// they are (pdftotext -bbox).
func printCJK(t *testing.T, name string) (string, []pdfWord) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	ui, s := newTestUI(t)
	m := cjkMail()
	m.Raw = append(m.Raw, []byte("\r\n"+strings.Repeat("長い段落は空白なしで折り返されます。", 12)+"\r\n")...)
	if _, err := s.Add(inbox(t, ui).ID, []localstore.NewMessage{m}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "会議の予定")
	ui.opener = func(*url.URL) error { return nil }
	ui.doPrint()
	if ui.printed == "" {
		t.Fatal("no PDF made")
	}
	out, err := exec.Command("pdftotext", "-layout", ui.printed, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	box, err := exec.Command("pdftotext", "-bbox", ui.printed, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var words []pdfWord
	for _, m := range regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`).FindAllStringSubmatch(string(box), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		x2, _ := strconv.ParseFloat(m[3], 64)
		words = append(words, pdfWord{html.UnescapeString(m[4]), x, x2, y})
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil { // a picture of the page, to look at
		shots := filepath.Join(os.TempDir(), "postie-screens")
		exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", ui.printed, filepath.Join(shots, name)).Run()
	}
	return norm.NFKC.String(string(out)), words
}

type pdfWord struct {
	text          string
	xMin, xMax, y float64
}

// readBack is a right-to-left line of the PDF as it is read: its words
// from the right, each word's characters (drawn left to right) turned
// back, Arabic's joined forms back to letters.
func readBack(words []pdfWord, first string) string {
	var line []pdfWord
	for _, w := range words {
		if strings.HasSuffix(norm.NFKC.String(w.text), first) {
			for _, v := range words {
				if v.y > w.y-3 && v.y < w.y+3 {
					line = append(line, v)
				}
			}
			break
		}
	}
	sort.Slice(line, func(i, j int) bool { return line[i].xMin > line[j].xMin })
	var out []string
	for _, w := range line {
		rs := []rune(norm.NFKC.String(w.text))
		if !regexp.MustCompile(`^[0-9]+$`).MatchString(string(rs)) {
			slices.Reverse(rs)
		}
		out = append(out, string(rs))
	}
	return strings.Join(out, " ")
}

// The printout of a message in Japanese, Chinese, Korean, Hebrew and
// Arabic has every character, in fonts found on this computer (the
// bundled one has none of them); Hebrew and Arabic lines read from the
// right, numbers in them from the left, Arabic letters joined; a long
// Japanese paragraph is broken between characters within the margins.
func TestPrintCJKAndRightToLeft(t *testing.T) {
	text, words := printCJK(t, "print-cjk")
	for _, want := range []string{"会議の予定", "From: 山田 太郎 <yamada@example.jp>", "日本語: こんにちは、世界。メールを読みます。",
		"中文: 你好，世界。这是一封测试邮件。", "한국어: 안녕하세요, 세계. 메일을 읽습니다.", "長い段落は空白なしで"} {
		if !strings.Contains(text, norm.NFKC.String(want)) {
			t.Errorf("%q missing from the PDF's text:\n%s", want, text)
		}
	}
	if strings.Contains(text, "?") || strings.Contains(text, "could not be printed") {
		t.Errorf("characters left out:\n%s", text)
	}
	if got, want := readBack(words, ":תירבע"), "עברית: שלום עולם, מחיר 100 שקל."; got != want {
		t.Errorf("the Hebrew line reads %q, want %q", got, want)
	}
	if got, want := readBack(words, ":ةيبرعلا"), "العربية: مرحبا بالعالم، سعر 100 دينار."; got != want {
		t.Errorf("the Arabic line reads %q, want %q", got, want)
	}
	joined := false
	for _, w := range words {
		for _, r := range w.text {
			joined = joined || (r >= 0xFE70 && r <= 0xFEFF)
		}
	}
	if !joined {
		t.Error("Arabic letters are not in their joined forms")
	}
	lines := 0
	for _, w := range words {
		if w.xMax > 595-50+1 {
			t.Errorf("%q runs into the right margin (%.0f)", w.text, w.xMax)
		}
		if strings.Contains(w.text, "長い") || strings.HasPrefix(w.text, "段落") || strings.HasPrefix(w.text, "なし") {
			lines++
		}
	}
	if lines < 2 {
		t.Errorf("the long Japanese paragraph is not broken into lines:\n%s", text)
	}
}

// Without a font for them (fontFinder finds none), characters come out
// as "?" and the PDF says some could not be printed.
func TestPrintWithoutAFontForCJK(t *testing.T) {
	saved := pdfFallback
	pdfFallback = func([]rune, string) []*fonts.Face { return nil }
	t.Cleanup(func() { pdfFallback = saved })
	text, _ := printCJK(t, "print-cjk-nofont")
	if !strings.Contains(text, "?????") || !strings.Contains(text, "could not be printed: this computer has no font for them") {
		t.Errorf("no sign of the missing characters:\n%s", text)
	}
	if !strings.Contains(text, "From: ") || !strings.Contains(text, "yamada@example.jp") {
		t.Errorf("the rest is not printed:\n%s", text)
	}
}

// With no PDF viewer, Print says the PDF could not be opened and offers
// to save it, instead of saying it opened (#29, seen in the real
// window); printing again, or closing the window, removes the PDF made
// before (it was never removed).
func TestPrintWithoutAPDFViewer(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	openBySubject(t, ui, "Holiday plans for June")
	ui.opener = func(*url.URL) error { return &opener.Error{Tool: "xdg-open", Code: 3, NoProgram: true} }
	ui.doPrint()
	first := ui.printed
	if strings.Contains(ui.status.Text, "opened in your PDF viewer") {
		t.Fatalf("status: %q", ui.status.Text)
	}
	if !strings.Contains(overlayText(ui), "no program set up to open “Holiday plans for June.pdf”") {
		t.Fatalf("the window says:\n%s", overlayText(ui))
	}
	answerDialog(t, ui.win, false)
	ui.doPrint()
	if _, err := os.Stat(first); !os.IsNotExist(err) || ui.printed == first {
		t.Fatalf("the PDF printed before is still there: %v", err)
	}
	answerDialog(t, ui.win, false)
	second := ui.printed
	ui.removePrinted() // as the window does when it closes (New)
	if _, err := os.Stat(second); !os.IsNotExist(err) {
		t.Fatalf("the PDF is still there after the window closed: %v", err)
	}
}
