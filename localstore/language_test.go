package localstore

import (
	"errors"
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

// What a person reads when a folder cannot be named so, or a file is not
// mail, is said in their language, with the folder's name in its place;
// the errors programs look for stay as they are.
func TestFolderAndNotMailSentencesInThePersonsLanguage(t *testing.T) {
	s := testStore(t)
	inbox := localInbox(t, s)
	words := map[string]string{
		"{{.Folder}} is a standard folder and keeps its name": "{{.Folder}} ist ein Standardordner und behält seinen Namen",
		"there is already a folder called “{{.Folder}}”":      "es gibt schon einen Ordner „{{.Folder}}“",
		"it is empty": "sie ist leer",
	}
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		w, ok := words[key]
		if !ok {
			w = english
		}
		var b strings.Builder
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		if err := template.Must(template.New("").Parse(w)).Execute(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	defer tr.Use(tr.Catalogue{}, nil)

	if err := s.RenameFolderTo(inbox.ID, "Eingang"); err == nil || err.Error() != "Inbox ist ein Standardordner und behält seinen Namen" {
		t.Errorf("standard folder: %v", err)
	}
	if _, err := s.NewFolder(inbox.AccountID, "Arbeit"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewFolder(inbox.AccountID, "Arbeit"); err == nil || err.Error() != "es gibt schon einen Ordner „Arbeit“" {
		t.Errorf("same name: %v", err)
	}
	err := CheckMessage([]byte(" \n"))
	if !errors.Is(err, ErrNotMail) || err.Error() != "this is not an email message: it is empty" || NotMailReason(err) != "sie ist leer" {
		t.Errorf("empty: %v, %q", err, NotMailReason(err))
	}
	if NotMailReason(CheckMessage([]byte("GIF89a\x00\x00\x01"))) != "it contains binary data (a picture, a program or an archive, not text mail)" {
		t.Error("binary: no reason")
	}
}
