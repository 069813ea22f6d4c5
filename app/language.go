package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"

	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/tr"
)

// Language is one language Postie speaks.
type Language struct {
	Tag  string // "pt-BR"
	Name string // in itself: "Português (Brasil)"
	file string // its catalogue: "pt_BR.json"
}

// Languages are the languages Postie speaks, each named in itself, as
// the language setting lists them.
var Languages = []Language{
	{"en", "English", "en.json"},
	{"de", "Deutsch", "de.json"},
	{"es", "Español", "es.json"},
	{"fr", "Français", "fr.json"},
	{"it", "Italiano", "it.json"},
	{"nl", "Nederlands", "nl.json"},
	{"pl", "Polski", "pl.json"},
	{"pt-BR", "Português (Brasil)", "pt_BR.json"},
	{"tr", "Türkçe", "tr.json"},
	{"ru", "Русский", "ru.json"},
	{"uk", "Українська", "uk.json"},
	{"ja", "日本語", "ja.json"},
	{"ko", "한국어", "ko.json"},
	{"zh-Hans", "简体中文", "zh_Hans.json"},
}

// catalogues are the catalogue files (tests put others here).
var catalogues fs.FS = assets.Translations

// fyneLanguages are the languages Fyne's own words (Cancel, Open, the
// file dialog) come in, from fyne.io/fyne/v2@v2.8.1/lang/translations:
// Fyne's lang picks one of these or Postie's for the system's language
// (TestFyneLanguagesAreFynes keeps the list in step with Fyne's).
var fyneLanguages = []string{"cs", "de", "el", "en", "es", "fr", "ja", "pl", "pt", "pt_BR", "ru", "sv", "ta", "uk", "zh_Hans"}

// languageFile is where a profile keeps the language chosen for it
// (Settings › Language); the command line reads it too. Empty or absent:
// the system's language.
const languageFile = "language"

// SavedLanguage is the language chosen for the profile in dir ("" for
// the system's). POSTIE_LANGUAGE, when set, goes before it.
func SavedLanguage(dir string) string {
	if l := os.Getenv("POSTIE_LANGUAGE"); l != "" {
		return l
	}
	b, err := os.ReadFile(filepath.Join(dir, languageFile))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// SaveLanguage keeps tag as the profile's language ("" for the system's).
func SaveLanguage(dir, tag string) error {
	return os.WriteFile(filepath.Join(dir, languageFile), []byte(tag+"\n"), 0o600)
}

// findLanguage is the language Postie speaks for a tag ("pt_BR", "de-AT"
// is German), or false.
func findLanguage(tag string) (Language, bool) {
	t := tr.ParseTag(tag)
	best, bestLen := Language{}, 0
	for _, l := range Languages {
		lt := language.Make(l.Tag)
		if lt == t {
			return l, true
		}
		lb, _ := lt.Base()
		tb, _ := t.Base()
		if lb == tb && bestLen == 0 || lb == tb && len(l.Tag) < bestLen {
			best, bestLen = l, len(l.Tag)
		}
	}
	return best, bestLen > 0
}

// UseLanguage makes Postie speak choice (a tag from Languages; "" for
// the system's language): its catalogues go into Fyne's lang, and
// internal/tr takes them from there. Numbers and dates are written for
// the system's locale, or for the chosen language where it is not the
// system's.
func UseLanguage(choice string) error {
	if spoken != nil && *spoken == choice {
		return nil
	}
	spoken = &choice
	system := string(lang.SystemLocale())
	if choice == "" {
		return useSystemLanguage(system)
	}
	l, ok := findLanguage(choice)
	if !ok {
		return fmt.Errorf("no catalogue for the language %q", choice)
	}
	if sys, ok := findLanguage(system); ok && sys.Tag == l.Tag {
		return useSystemLanguage(system)
	}
	return useChosenLanguage(l)
}

// spoken is the choice UseLanguage last made (nil before).
var spoken *string

// useSystemLanguage loads every catalogue: Fyne's lang picks the one
// for the system's language, and plural forms by its rules.
func useSystemLanguage(system string) error {
	var errs []error
	for _, l := range Languages {
		data, err := fs.ReadFile(catalogues, "translations/"+l.file)
		if errors.Is(err, fs.ErrNotExist) {
			continue // not translated yet
		} else if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, lang.AddTranslationsForLocale(data, fyne.Locale(l.Tag)))
		if l.Tag == "pt-BR" {
			// Portuguese from Portugal reads Brazilian more easily than
			// English (Fyne would pick its own "pt" and English for
			// Postie's words).
			errs = append(errs, lang.AddTranslationsForLocale(data, "pt"))
		}
	}
	// Where Fyne speaks a language Postie does not (Swedish, Czech…),
	// Postie's words are the English ones, without a complaint for each;
	// Fyne's own words stay in that language.
	en, err := englishWithoutFyne()
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, f := range fyneLanguages {
		if _, ok := findLanguage(f); !ok {
			errs = append(errs, lang.AddTranslationsForLocale(en, fyne.Locale(f)))
		}
	}
	tr.Use(tr.Catalogue{Key: lang.X, Plural: lang.XN}, tr.NewLocale(system))
	return errors.Join(errs...)
}

// useChosenLanguage makes Postie speak l whatever the system's language.
// Fyne's lang always follows the system (fyne-io/fyne#5333, open for
// 2.8), so l's catalogue is loaded under every language Fyne could pick:
// whichever it picks, l is what it finds. Plural forms then cannot come
// from lang (it would use the picked language's rules), so internal/tr
// picks each form by l's rules and finds it under "key#form".
func useChosenLanguage(l Language) error {
	data, err := fs.ReadFile(catalogues, "translations/"+l.file)
	if err != nil {
		return err
	}
	return speakCatalogue(data, l.Tag)
}

// speakCatalogue makes Postie speak the catalogue data, in the language
// tag names, whatever the system's language (see useChosenLanguage).
func speakCatalogue(data []byte, tagName string) error {
	flat, err := flatForms(data)
	if err != nil {
		return err
	}
	tags := map[string]bool{string(lang.SystemLocale()): true}
	for _, f := range fyneLanguages {
		tags[f] = true
	}
	for _, p := range Languages {
		tags[p.Tag] = true
	}
	var errs []error
	for t := range tags {
		errs = append(errs, lang.AddTranslationsForLocale(flat, fyne.Locale(t)))
	}
	tag := language.Make(tagName)
	tr.Use(tr.Catalogue{Key: lang.X, Lang: tag}, tr.NewLocale(tagName))
	return errors.Join(errs...)
}

// flatForms rewrites a catalogue so that every plural form is a sentence
// of its own: {"k": {"one": a, "other": b}} → {"k": b, "k#one": a,
// "k#other": b}.
func flatForms(data []byte) ([]byte, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			out[k] = v
		case map[string]any:
			for form, s := range v {
				if text, ok := s.(string); ok {
					out[k+"#"+strings.ToLower(form)] = text
					if strings.EqualFold(form, "other") {
						out[k] = text
					}
				}
			}
		}
	}
	return json.Marshal(out)
}

// englishWithoutFyne is the English catalogue without the words Fyne
// has its own translations of.
func englishWithoutFyne() ([]byte, error) {
	data, err := fs.ReadFile(catalogues, "translations/en.json")
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	for _, k := range fyneWords {
		delete(raw, k)
	}
	return json.Marshal(raw)
}
