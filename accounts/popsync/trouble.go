package popsync

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sort"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/localstore"
)

// Messages the server lists but does not send (issue #25). The store
// keeps, per account and UIDL, how often each failed and how; a message
// that failed alone twice is one "the server could not send".

// What the store records of how a message failed last.
const (
	troubleRefused = "refused" // -ERR to its RETR: the server named it
	troubleBroke   = "broke"   // the connection ended (or stalled) while it came
)

// Why a message is not here (accounts.UnfetchedNote says the sentence).
const (
	reasonUnreadable = accounts.ReasonUnreadable
	reasonTrying     = accounts.ReasonTrying
	reasonIncomplete = accounts.ReasonSizeMismatch
)

// popRefetches is how often a message whose bytes did not match the size
// the server listed is downloaded again.
const popRefetches = 2

// brokeAt is a session that ended while message n was coming. blamed:
// the message is the likely cause (the server broke the connection) —
// not a stall or an endless answer, which may be the network's doing and
// would only repeat at once.
type brokeAt struct {
	n      int
	err    error
	blamed bool
}

func (b *brokeAt) Error() string { return fmt.Sprintf("while message %d was coming: %v", b.n, b.err) }
func (b *brokeAt) Unwrap() error { return b.err }

func stalled(err error) bool {
	var ne net.Error
	return errors.Is(err, errPOPTooBig) || errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// noteTrouble records one more failure of key; one that failed alone
// is not asked for again in this sync.
func (p *Engine) noteTrouble(run *syncRun, key string, alone bool, how string) error {
	if alone {
		run.failed[key] = true
	}
	_, err := p.Store.NotePOPTrouble(run.acct.ID, key, alone, how)
	return err
}

// fetchPlan is what a session asks for: normal, pipelined where the
// server can; alone, one at a time after all of those.
type fetchPlan struct{ normal, alone []int }

// plan sorts the messages to download. Those that broke a connection
// before wait for a session of their own (retry), after everything else
// is done and committed; those the server refused before come at the end
// of this one, alone; messages whose bytes did not match the listed size
// are asked for again, a few times.
func (p *Engine) plan(run *syncRun, srv serverList, seen map[string]localstore.SeenKey, fresh []int, retry bool, res *Result) (fetchPlan, error) {
	var pl fetchPlan
	troubles, err := p.Store.POPTroubles(run.acct.ID)
	if err != nil {
		return pl, err
	}
	var gone []string
	for k := range troubles {
		if _, listed := srv.byKey[k]; !listed {
			gone = append(gone, k)
		}
	}
	if err := p.Store.ForgetPOPTrouble(run.acct.ID, gone); err != nil {
		return pl, err
	}
	todo := fresh
	if !retry {
		run.later = false
		if todo, err = p.withIncomplete(run.acct, srv, seen, fresh); err != nil {
			return pl, err
		}
	}
	tooBig := 0
	for _, n := range todo {
		k := srv.keys[n]
		if srv.sizes[n] > maxPOPMessage {
			tooBig++ // stays on the server, never removed: it is not here
			continue
		}
		if run.failed[k] {
			continue
		}
		t, troubled := troubles[k]
		switch {
		case troubled && (t.Failures > 0 || t.Reason == troubleBroke):
			if retry {
				pl.alone = append(pl.alone, n)
			} else {
				run.later = true
			}
		case retry:
		case troubled:
			pl.alone = append(pl.alone, n)
		default:
			pl.normal = append(pl.normal, n)
		}
	}
	if !retry {
		res.TooBig = tooBig
	}
	return pl, nil
}

// withIncomplete adds to fresh the messages stored with bytes that did
// not match the size the server lists (still stored here, not asked for
// again too often).
func (p *Engine) withIncomplete(acct accounts.Account, srv serverList, seen map[string]localstore.SeenKey, fresh []int) ([]int, error) {
	out := fresh
	for _, n := range srv.nums {
		s, ok := seen[srv.keys[n]]
		if !ok || s.Removed || s.Size < 0 || sizeMatches(s.Size, srv.sizes[n]) || s.Refetches >= popRefetches {
			continue
		}
		if _, err := p.Store.MessageByAccountKey(acct.ID, srv.keys[n]); errors.Is(err, localstore.ErrNotFound) {
			continue // deleted here: nothing to complete
		} else if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// sizeMatches: stored bytes are the whole message the server listed as
// listed octets (RFC 1939: its exact size, counted with CRLF line ends
// and without dot-stuffing). Two more are the line end a server adds
// before the final "." to a message that does not end with one (Dovecot
// lists such a message without it, and sends it).
func sizeMatches(stored, listed int64) bool { return stored == listed || stored == listed+2 }

// refetched settles a message downloaded again because the bytes stored
// did not match the server's size: whole now, it replaces them;
// otherwise the attempt counts (the bytes first stored stay).
func (p *Engine) refetched(acct accounts.Account, key string, raw []byte, listed int64) error {
	if sizeMatches(int64(len(raw)), listed) {
		_, err := p.Store.ReplacePOP(acct.ID, key, raw)
		return err
	}
	return p.Store.NotePOPRefetch(acct.ID, key)
}

// unfetched lists, by reason, the messages the server still lists that
// are not here whole.
func (p *Engine) unfetched(run *syncRun) ([]accounts.Unfetched, error) {
	troubles, err := p.Store.POPTroubles(run.acct.ID)
	if err != nil {
		return nil, err
	}
	seen, err := p.Store.SeenKeys(run.acct.ID)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	srv := run.srv
	for _, n := range srv.nums {
		k := srv.keys[n]
		if t, ok := troubles[k]; ok {
			if t.Alone >= 2 {
				count[reasonUnreadable]++
			} else {
				count[reasonTrying]++
			}
			continue
		}
		s, ok := seen[k]
		if ok && !s.Removed && s.Size >= 0 && !sizeMatches(s.Size, srv.sizes[n]) &&
			(s.Refetches < popRefetches || run.acct.Settings.ServerCopies.Mode != accounts.Keep) {
			count[reasonIncomplete]++
		}
	}
	var out []accounts.Unfetched
	for _, r := range []string{reasonUnreadable, reasonTrying, reasonIncomplete} {
		if count[r] > 0 {
			out = append(out, accounts.Unfetched{Folder: accounts.FolderName(run.inbox), Count: count[r], Reason: r})
		}
	}
	return out, nil
}

// sortedUnion is a and b, in message-number order, each once.
func sortedUnion(a, b []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, n := range append(append([]int(nil), a...), b...) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}
