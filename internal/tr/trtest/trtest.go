// Package trtest lets a test make tr speak a few sentences in German.
package trtest

import (
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

// German makes tr say the sentences in words (key, or key#form for a
// counted one, → template) in German, with German numbers and dates,
// until the test ends; other sentences keep their English words.
func German(t testing.TB, words map[string]string) {
	t.Helper()
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		s, ok := words[key]
		if !ok {
			s = english
		}
		var b strings.Builder
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		if err := template.Must(template.New("").Option("missingkey=zero").Parse(s)).Execute(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	t.Cleanup(func() { tr.Use(tr.Catalogue{}, nil) })
}
