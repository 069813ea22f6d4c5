package popsync

import (
	"bytes"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/localstore"
)

// The counts issue #25's closing note gives per server and scenario,
// for POP: one mailbox on the server and the account's folders here,
// messages compared byte for byte with what the server holds (or held,
// before "remove after download") and how many are identical, and what
// the person was told. POP carries no flags: none are compared. Logged
// only ("counts …" lines): each test's own assertions decide whether it
// passes.
func logPOPCounts(t *testing.T, label string, s *localstore.Store, acct accounts.Account, want, got map[string][]byte, res Result) {
	t.Helper()
	fs, err := s.Folders(acct.ID)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	identical := 0
	for k, raw := range want {
		if g, ok := got[k]; ok && bytes.Equal(g, raw) {
			identical++
		}
	}
	t.Logf("counts [%s]: folders 1 on the server (POP: one mailbox) / %d here (%s); byte-identical %d/%d; %d stored; flags: n/a (POP); told %q",
		label, len(fs), strings.Join(names, ", "), identical, len(want), len(got), res.Summary())
}

// logPOPTold logs what the person was told at a step where not every
// message could come.
func logPOPTold(t *testing.T, label string, stored, of int, res Result) {
	t.Helper()
	t.Logf("counts [%s]: %d/%d stored; %d on the server after the sync; told %q", label, stored, of, res.OnServer-res.Removed, res.Summary())
}
