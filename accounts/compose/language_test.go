package compose

import (
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/emersion/go-message/mail"
	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

// speak makes tr say the sentences in words (key → template) in German,
// with German numbers and dates, until the test ends. A sentence not in
// words comes out as "MISSING(key)", so a test sees every sentence that
// was not looked up whole.
func speak(t *testing.T, words map[string]string) {
	t.Helper()
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		s, ok := words[key]
		if !ok {
			return "MISSING(" + key + ")"
		}
		tpl := template.Must(template.New("").Option("missingkey=zero").Parse(s))
		var b strings.Builder
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		if err := tpl.Execute(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	t.Cleanup(func() { tr.Use(tr.Catalogue{}, nil) })
}

// The lines a reply and a forward write above the original are in the
// writer's language, each one whole sentence with the date and time
// written the writer's way; "Re:" and "Fwd:" stay as mail programs
// recognise them.
func TestReplyAndForwardInTheWritersLanguage(t *testing.T) {
	speak(t, map[string]string{
		"compose.when":                        "{{.Weekday}} {{.Date}} um {{.Time}}",
		"On {{.Date}}, {{.Name}} wrote:":      "Am {{.Date}} schrieb {{.Name}}:",
		"-------- Forwarded message --------": "-------- Weitergeleitete Nachricht --------",
		"From: {{.From}}":                     "Von: {{.From}}",
		"Date: {{.Date}}":                     "Datum: {{.Date}}",
		"Subject: {{.Subject}}":               "Betreff: {{.Subject}}",
		"To: {{.To}}":                         "An: {{.To}}",
	})
	o := Original{From: "Ann Lee <ann@example.com>", To: "sam@example.com", Subject: "Re: Gartenplan",
		Date: time.Date(2026, 12, 2, 16, 30, 0, 0, time.Local), Text: "Pflanzen wir am Samstag?\n"}
	me := &mail.Address{Address: "sam@example.com"}
	r := Reply(o, me, false)
	if want := "\n\nAm Mi. 02.12.2026 um 16:30 schrieb Ann Lee:\n> Pflanzen wir am Samstag?\n"; r.Body != want || r.Subject != "Re: Gartenplan" {
		t.Errorf("reply: %q %q, want %q", r.Subject, r.Body, want)
	}
	f := Forward(o, me)
	want := "\n\n-------- Weitergeleitete Nachricht --------\nVon: Ann Lee <ann@example.com>\nDatum: Mi. 02.12.2026 um 16:30\n" +
		"Betreff: Re: Gartenplan\nAn: sam@example.com\n\nPflanzen wir am Samstag?\n"
	if f.Body != want || f.Subject != "Fwd: Re: Gartenplan" {
		t.Errorf("forward: %q %q, want %q", f.Subject, f.Body, want)
	}
}

// In English (no catalogue) the lines read as before.
func TestReplyAndForwardInEnglish(t *testing.T) {
	o := Original{From: "Ann Lee <ann@example.com>", To: "sam@example.com", Subject: "Plan",
		Date: time.Date(2026, 12, 2, 16, 30, 0, 0, time.Local), Text: "Saturday?\n"}
	me := &mail.Address{Address: "sam@example.com"}
	if got := Reply(o, me, false).Body; got != "\n\nOn Wed 2 Dec 2026 at 16:30, Ann Lee wrote:\n> Saturday?\n" {
		t.Errorf("reply: %q", got)
	}
	if got := Forward(o, me).Body; !strings.HasPrefix(got, "\n\n-------- Forwarded message --------\nFrom: Ann Lee <ann@example.com>\nDate: Wed 2 Dec 2026 at 16:30\nSubject: Plan\nTo: sam@example.com\n\n") {
		t.Errorf("forward: %q", got)
	}
}
