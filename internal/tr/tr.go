// Package tr puts Postie's words into the person's language: every
// sentence a person reads goes through L, X or N.
//
// The translations themselves are Fyne's lang package's (its catalogue
// files, its plural rules); packages that may not import Fyne — the
// engines, the store, the reader — reach it through this package, and
// main hands lang's functions over with Use before anything is said.
// Until then (and in tests of those packages) sentences come out in
// English, with their {{.Name}} places filled in the same way.
//
// A sentence is its own key: tr.L("Could not reach {{.Host}}.",
// tr.M{"Host": host}). Where one English word needs two translations
// (the Archive folder, the verb archive), X gives it a key of its own.
// Counted sentences name both English forms: tr.N("{{.Count}} message",
// "{{.Count}} messages", n) — the catalogues hold every form a language
// has (German two, Russian four, Japanese one), and {{.Count}} is
// written the person's way (12.345 in German).
package tr

import (
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// M is the data a sentence's {{.Name}} places are filled from.
type M = map[string]any

// Catalogue is where translations come from (Fyne's lang.X and lang.XN).
type Catalogue struct {
	// Key translates the sentence with this key; english is the
	// sentence when the catalogue has none.
	Key func(key, english string, data ...any) string
	// Plural does the same for a counted sentence. When it is nil, the
	// form is picked here, by Lang's plural rules, and looked up with
	// Key as "key#one", "key#few"… (see FormKey): how a language the
	// person chose, not the system's, is spoken (app/language.go).
	Plural func(key, english string, n int, data ...any) string
	// Lang is the language the catalogue speaks.
	Lang language.Tag
}

// FormKey is the key of one plural form of a counted sentence, for a
// catalogue without Plural.
func FormKey(key string, f plural.Form) string {
	return key + "#" + formNames[f]
}

var formNames = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// FormName is the catalogue's name for a plural form ("one", "few").
func FormName(f plural.Form) string { return formNames[f] }

// FormOf is the plural form n takes in lang.
func FormOf(lang language.Tag, n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(lang, n, 0, 0, 0, 0)
}

type state struct {
	cat Catalogue
	loc *Locale
}

var current atomic.Pointer[state]

// Use makes every later sentence come from cat, and numbers and dates
// follow loc.
func Use(cat Catalogue, loc *Locale) {
	current.Store(&state{cat: cat, loc: loc})
}

// L is english in the person's language.
func L(english string, data ...M) string {
	return X(english, english, data...)
}

// X is the sentence with this key in the person's language; english is
// what it says in English.
func X(key, english string, data ...M) string {
	d := first(data)
	if st := current.Load(); st != nil && st.cat.Key != nil {
		if d == nil {
			return st.cat.Key(key, english)
		}
		return st.cat.Key(key, english, d)
	}
	return fill(english, d)
}

// N is a counted sentence: one and other are its English forms (other
// is the key), n picks the form and fills {{.Count}}.
func N(one, other string, n int, data ...M) string {
	return XN(other, one, other, n, data...)
}

// XN is N with a key of its own.
func XN(key, one, other string, n int, data ...M) string {
	d := M{"Count": Number(n)}
	for k, v := range first(data) {
		d[k] = v
	}
	if st := current.Load(); st != nil && st.cat.Plural != nil {
		return st.cat.Plural(key, other, n, d)
	} else if st != nil && st.cat.Key != nil {
		english := other
		if n == 1 {
			english = one
		}
		return st.cat.Key(FormKey(key, FormOf(st.cat.Lang, n)), english, d)
	}
	if n == 1 {
		return fill(one, d)
	}
	return fill(other, d)
}

// Mark returns s as it is. It marks a sentence that is kept in a table
// or a variable and translated with L where it is shown, so that the
// catalogue check (catalogue_test.go) knows it is in use.
func Mark(s string) string { return s }

// MarkX returns key; like Mark, for a sentence with a key of its own
// (english is what it says in English).
func MarkX(key, english string) string { return key }

func first(data []M) M {
	if len(data) == 0 {
		return nil
	}
	return data[0]
}

var templates sync.Map // english → *template.Template

// fill puts data into english's {{.Name}} places, as the catalogue
// would.
func fill(english string, data M) string {
	if !strings.Contains(english, "{{") {
		return english
	}
	var t *template.Template
	if v, ok := templates.Load(english); ok {
		t = v.(*template.Template)
	} else {
		parsed, err := template.New("").Option("missingkey=zero").Parse(english)
		if err != nil {
			return english
		}
		templates.Store(english, parsed)
		t = parsed
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return english
	}
	return b.String()
}
