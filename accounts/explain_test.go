package accounts_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
)

// Errors keep what failed; Explain makes the sentence a person reads,
// for the window and the command line alike.
func TestExplainIsTheWordingErrorsAreTheFacts(t *testing.T) {
	srv := netconf.Server{Host: "mail.example.org", Port: 993}
	said := "[AUTHENTICATIONFAILED] Application-specific password required"
	p := netconf.AuthProblem(secrets.Incoming, srv, said, errors.New("NO"))
	wrapped := fmt.Errorf("checking the sign-in: %w", p)

	if got := accounts.Explain(wrapped); !strings.HasPrefix(got, "Your provider wants an app password") || !strings.Contains(got, said) {
		t.Fatalf("explained: %q", got)
	}
	tech := p.Error()
	for _, want := range []string{"incoming", "mail.example.org:993", "app password wanted", said} {
		if !strings.Contains(tech, want) {
			t.Fatalf("Error() %q lacks %q", tech, want)
		}
	}
	if strings.Contains(tech, "Create one in the security settings") {
		t.Fatalf("Error() is the person's sentence: %q", tech)
	}

	// Every kind has its own sentence, none of them the technical text.
	seen := map[string]bool{}
	for k := netconf.ProblemOther; k <= netconf.ProblemSignInAgain; k++ {
		q := &netconf.Problem{Kind: k, Role: secrets.Outgoing, Server: srv, Cert: &netconf.CertInfo{Reason: "self-signed"}, Err: errors.New("x")}
		text := accounts.Explain(q)
		if text == "" || text == q.Error() || seen[text] {
			t.Fatalf("kind %v: %q", k, text)
		}
		seen[text] = true
	}

	full := fmt.Errorf("%w (%w)", localstore.ErrDiskFull, errors.New("SQLITE_FULL"))
	if got := accounts.Explain(fmt.Errorf("saving the draft: %w", full)); got != "The disk is full, so nothing was changed: free some space and try again." {
		t.Fatalf("disk full: %q", got)
	}
	if got := accounts.Explain(errors.New("the folder is gone")); got != "The folder is gone" {
		t.Fatalf("other errors: %q", got)
	}
	if accounts.Explain(nil) != "" {
		t.Fatal("nil explained")
	}
}

// A disk that fails is this computer's trouble: Explain says so, in
// SQLite's words, whether the error is the store's ErrDisk, SQLite's own
// text, or was wrapped by mistake as a problem with the server — never
// "Could not talk to the incoming server" (#25).
func TestExplainDiskErrorsAreAboutTheDisk(t *testing.T) {
	srv := netconf.Server{Host: "mail.example.org", Port: 993}
	sqlite := errors.New("disk I/O error (778)")
	for _, err := range []error{
		fmt.Errorf("%w (%w)", localstore.ErrDisk, sqlite),
		fmt.Errorf("storing new mail: %w", sqlite),
		netconf.NetProblem(secrets.Incoming, srv, fmt.Errorf("%w (%w)", localstore.ErrDisk, sqlite)),
	} {
		got := accounts.Explain(err)
		if !strings.Contains(got, "this computer's disk (disk I/O error)") || strings.Contains(got, "Could not talk") || strings.Contains(got, "mail.example.org") {
			t.Errorf("%v explained as %q", err, got)
		}
	}
}
