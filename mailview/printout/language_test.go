package printout

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/internal/tr/trtest"
	"github.com/postie-mail/postie/mailview"
)

// speak makes tr say the sentences in words in German until the test
// ends (trtest.German).
func speak(t *testing.T, words map[string]string) { trtest.German(t, words) }

var german = map[string]string{
	"From: {{.From}}":              "Von: {{.From}}",
	"To: {{.To}}":                  "An: {{.To}}",
	"Date: {{.Date}}":              "Datum: {{.Date}}",
	"Attachments: {{.Files}}":      "Anhänge: {{.Files}}",
	"Page {{.Page}} of {{.Pages}}": "Seite {{.Page}} von {{.Pages}}",
	"(no subject)":                 "(kein Betreff)",
}

// The printout's labels and page numbers are in the person's language;
// an empty header is left out.
func TestLabelsInThePersonsLanguage(t *testing.T) {
	v := mailview.View{From: "Ann Lee <ann@example.com>", To: "kim@example.org"}
	if got := strings.Join(headerLines(v, "Wednesday, 2 December 2026"), "|"); got != "From: Ann Lee <ann@example.com>|To: kim@example.org|Date: Wednesday, 2 December 2026" {
		t.Errorf("English: %q", got)
	}
	if got := pageLabel(2, 3); got != "Page 2 of 3" {
		t.Errorf("English: %q", got)
	}
	speak(t, german)
	if got := strings.Join(headerLines(v, "Mittwoch, 2. Dezember 2026"), "|"); got != "Von: Ann Lee <ann@example.com>|An: kim@example.org|Datum: Mittwoch, 2. Dezember 2026" {
		t.Errorf("German: %q", got)
	}
	if got := pageLabel(1, 1200); got != "Seite 1 von 1.200" {
		t.Errorf("German: %q", got)
	}
}

// A printout of several pages carries "Page N of M" at the foot of each
// one, in the person's language (read back with poppler's pdftotext).
func TestPageNumbersInThePrintout(t *testing.T) {
	font, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		t.Skip("DejaVu Sans is not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	speak(t, german)
	v := mailview.View{From: "Ann Lee <ann@example.com>", Attachments: []mailview.Attachment{{Name: "plan.pdf"}}}
	for i := 0; i < 120; i++ {
		v.Blocks = append(v.Blocks, mailview.Block{Kind: mailview.Paragraph, Spans: []mailview.Span{{Text: "Ein Absatz, der Platz braucht."}}})
	}
	pdf, err := PDF(v, "Mittwoch, 2. Dezember 2026", Fonts{Regular: font, Bold: font}, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := t.TempDir() + "/p.pdf"
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	pages := strings.Count(text, "\f")
	if pages < 2 {
		t.Fatalf("%d pages: the test needs more", pages)
	}
	for _, want := range []string{"(kein Betreff)", "Von: Ann Lee <ann@example.com>", "Datum: Mittwoch, 2. Dezember 2026", "Anhänge: plan.pdf",
		"Seite 1 von " + tr.Number(pages), "Seite " + tr.Number(pages) + " von " + tr.Number(pages)} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
}
