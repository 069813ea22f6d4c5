package accounts_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"text/template"
	"unicode"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/imapsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// shouting is a catalogue that "translates" every sentence into capitals,
// its {{.Name}} places left as they are and then filled in.
func shouting(t *testing.T) tr.Catalogue {
	return tr.Catalogue{Lang: language.English, Key: func(key, english string, data ...any) string {
		var b strings.Builder
		rest := english
		for {
			i := strings.Index(rest, "{{")
			if i < 0 {
				b.WriteString(strings.ToUpper(rest))
				break
			}
			j := i + strings.Index(rest[i:], "}}") + 2
			b.WriteString(strings.ToUpper(rest[:i]) + rest[i:j])
			rest = rest[j:]
		}
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		var out strings.Builder
		if err := template.Must(template.New("").Option("missingkey=zero").Parse(b.String())).Execute(&out, d); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}}
}

// Every sentence Explain says goes through the translation layer, whole:
// with a catalogue that writes everything in capitals, each comes out as
// the English one in capitals, with no word left in small letters (the
// places hold capitals too, so any word not translated would show).
func TestExplainSpeaksThePersonsLanguage(t *testing.T) {
	srv := netconf.Server{Host: "MAIL.EXAMPLE.ORG", Port: 993}
	cert := &netconf.CertInfo{Reason: "SELF-SIGNED", IssuedTo: "MAIL.EXAMPLE.ORG", IssuedBy: "ACME CA", SHA256: "AB:CD"}
	var errs []error
	for _, role := range []secrets.Role{secrets.Incoming, secrets.Outgoing} {
		for k := netconf.ProblemOther; k <= netconf.ProblemNotProviderServer; k++ {
			errs = append(errs, &netconf.Problem{Kind: k, Role: role, Server: srv, Cert: cert, Said: "NO [AUTH] GO AWAY", Err: errors.New("EOF")})
		}
		errs = append(errs, &netconf.Problem{Role: role, Server: srv, Err: errors.New("EOF")}) // nothing said
	}
	errs = append(errs,
		fmt.Errorf("saving: %w", localstore.ErrDiskFull),
		fmt.Errorf("%w (%w)", localstore.ErrDisk, errors.New("disk I/O error (778)")), // SQLite's words, kept
		localstore.ErrDisk,
		imapsync.ErrGoneFromServer, imapsync.ErrIncomplete, imapsync.ErrNotOnServerYet,
	)
	var notes []accounts.Unfetched
	for _, r := range []string{accounts.ReasonServerFailed, accounts.ReasonIncomplete, accounts.ReasonStandIn,
		accounts.ReasonUnreadable, accounts.ReasonTrying, accounts.ReasonSizeMismatch, "SOMETHING NEW"} {
		notes = append(notes, accounts.Unfetched{Folder: "INBOX", Count: 1, Reason: r}, accounts.Unfetched{Folder: "INBOX", Count: 3, Reason: r})
	}
	english := func() (out []string) {
		for _, err := range errs {
			out = append(out, accounts.Explain(err))
		}
		for _, u := range notes {
			out = append(out, accounts.UnfetchedNote(u))
		}
		return out
	}
	before := english()
	tr.Use(shouting(t), tr.NewLocale("en"))
	defer tr.Use(tr.Catalogue{}, nil)
	after := english()
	for i, got := range after {
		words := strings.ReplaceAll(got, "disk I/O error", "")
		if !strings.EqualFold(got, before[i]) || got == before[i] || strings.IndexFunc(words, unicode.IsLower) >= 0 {
			t.Errorf("not through tr whole:\nEnglish %q\n   said %q", before[i], got)
		}
	}
	all := strings.Join(after, "\n")
	for _, want := range []string{"THE INCOMING SERVER (MAIL.EXAMPLE.ORG) DID NOT ACCEPT", "THE OUTGOING SERVER (MAIL.EXAMPLE.ORG) DID NOT ACCEPT",
		"COMPUTER'S DISK (disk I/O error)", "3 MESSAGES IN INBOX COULD NOT BE DOWNLOADED: THE SERVER SENT NOTICES IN THEIR PLACE"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q not said:\n%s", want, all)
		}
	}
}
