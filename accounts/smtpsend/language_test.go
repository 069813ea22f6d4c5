package smtpsend

import (
	"errors"
	"strings"
	"testing"
	"text/template"

	"github.com/emersion/go-smtp"
	"golang.org/x/text/language"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
)

// The reasons the Outbox shows are whole sentences in the person's
// language with the server's own words in their place; the missing
// outgoing server still is ErrNoOutgoing to programs.
func TestOutboxReasonsInThePersonsLanguage(t *testing.T) {
	se := &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	if got := Refused(se); got != "The server refused an address of this message (check the spelling of the recipients). It said: “No such user here”. Postie keeps it in the Outbox: change it or send it again." {
		t.Errorf("English: %q", got)
	}
	words := map[string]string{
		"The server refused an address of this message (check the spelling of the recipients). It said: “{{.Said}}”. Postie keeps it in the Outbox: change it or send it again.": "Der Server hat eine Adresse dieser Nachricht abgelehnt (prüfen Sie die Schreibweise der Empfänger). Er sagte: „{{.Said}}“. Postie behält sie im Postausgang: Ändern Sie sie oder senden Sie sie erneut.",
		"This message is {{.Size}}, and the server takes at most {{.Limit}}. Remove an attachment (or share big files as a link), then send it again.":                           "Diese Nachricht ist {{.Size}} groß, der Server nimmt höchstens {{.Limit}}. Entfernen Sie einen Anhang (oder teilen Sie große Dateien als Link) und senden Sie sie dann erneut.",
		"sending is not set up for this account yet: messages wait in the Outbox until the outgoing (SMTP) server is added in the account's settings":                            "das Senden ist für dieses Konto noch nicht eingerichtet",
	}
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		w, ok := words[key]
		if !ok {
			w = english // (the sizes' words are accounts')
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
	if got := Refused(se); got != "Der Server hat eine Adresse dieser Nachricht abgelehnt (prüfen Sie die Schreibweise der Empfänger). Er sagte: „No such user here“. Postie behält sie im Postausgang: Ändern Sie sie oder senden Sie sie erneut." {
		t.Errorf("German: %q", got)
	}
	if got, want := TooBig(12<<20, 10<<20), "Diese Nachricht ist "+accounts.SizeText(12<<20)+" groß, der Server nimmt höchstens "+accounts.SizeText(10<<20)+"."; !strings.HasPrefix(got, want) {
		t.Errorf("German: %q", got)
	}
	if err := noOutgoing(); !errors.Is(err, ErrNoOutgoing) || err.Error() != "das Senden ist für dieses Konto noch nicht eingerichtet" {
		t.Errorf("German: %v", err)
	}
}
