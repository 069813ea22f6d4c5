package app

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/postie-mail/postie/assets"
)

// The pseudo-language: every English sentence with accented letters and
// 40 % longer, so that a screen shows where words are not translated
// (plain ASCII) and where longer translations would not fit.
var pseudoLetters = strings.NewReplacer(
	"a", "á", "e", "é", "i", "í", "o", "ö", "u", "ü", "y", "ý", "c", "ç", "n", "ñ", "s", "š", "z", "ž",
	"A", "Å", "E", "É", "I", "Í", "O", "Ø", "U", "Ü", "C", "Ç", "N", "Ñ", "S", "Š", "Z", "Ž")

var pseudoKeep = regexp.MustCompile(`{{[^}]*}}|%[a-z]|\n`)

func pseudoSentence(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	last := 0
	letters := 0
	for _, m := range pseudoKeep.FindAllStringIndex(s, -1) {
		part := s[last:m[0]]
		letters += len([]rune(part))
		b.WriteString(pseudoLetters.Replace(part))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	part := s[last:]
	letters += len([]rune(part))
	b.WriteString(pseudoLetters.Replace(part))
	pad := (letters*2 + 4) / 5 // 40 % longer
	return "⟦" + b.String() + strings.Repeat("·", max(pad-2, 0)) + "⟧"
}

// pseudoCatalogue is en.json in the pseudo-language.
func pseudoCatalogue(t testing.TB) []byte {
	t.Helper()
	data, err := fs.ReadFile(assets.Translations, "translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for k, v := range en {
		switch v := v.(type) {
		case string:
			out[k] = pseudoSentence(v)
		case map[string]any:
			forms := map[string]string{}
			for f, s := range v {
				forms[f] = pseudoSentence(s.(string))
			}
			out[k] = forms
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPseudoSentence(t *testing.T) {
	got := pseudoSentence("{{.Count}} messages moved to the Trash.")
	if !strings.HasPrefix(got, "⟦{{.Count}} méššágéš mövéd tö thé Trášh.") || !strings.HasSuffix(got, "·⟧") {
		t.Fatal(got)
	}
	if n := len([]rune(got)); n < 40 {
		t.Fatalf("%q is %d long", got, n)
	}
}
