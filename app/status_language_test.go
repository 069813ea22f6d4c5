package app

import (
	"strings"
	"testing"
	"text/template"
	"time"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

// The status bar counts the way the person's language does: Russian has
// a form for 1 and 21, one for 2–4 and one for 5–20, and writes
// thousands with a space.
func TestStatusBarCountsInRussian(t *testing.T) {
	ui, _ := newTestUI(t)
	const key = "{{.Count}} changes waiting to reach the server — everything downloaded is still here"
	russian := map[string]string{
		tr.FormKey(key, tr.FormOf(language.Russian, 1)): "{{.Count}} изменение ждёт отправки на сервер — всё загруженное по-прежнему здесь",
		tr.FormKey(key, tr.FormOf(language.Russian, 3)): "{{.Count}} изменения ждут отправки на сервер — всё загруженное по-прежнему здесь",
		tr.FormKey(key, tr.FormOf(language.Russian, 5)): "{{.Count}} изменений ждут отправки на сервер — всё загруженное по-прежнему здесь",
	}
	if len(russian) != 3 {
		t.Fatalf("Russian has fewer forms than expected: %v", russian)
	}
	tr.Use(tr.Catalogue{Lang: language.Russian, Key: func(key, english string, data ...any) string {
		s, ok := russian[key]
		if !ok {
			return english
		}
		var b strings.Builder
		if err := template.Must(template.New("").Parse(s)).Execute(&b, data[0]); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("ru"))
	defer tr.Use(tr.Catalogue{}, nil)
	for n, want := range map[int]string{
		1:    "1 изменение ждёт",
		3:    "3 изменения ждут",
		5:    "5 изменений ждут",
		21:   "21 изменение ждёт",
		1000: "1 000 изменений ждут",
	} {
		ui.showStatus(n, fixedNow.Add(-time.Minute))
		if got := strings.ReplaceAll(ui.status.Text, "\u00a0", " "); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "по-прежнему здесь") {
			t.Errorf("%d changes: %q, want %q…", n, got, want)
		}
	}
}
