package imapsync

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/localstore"
)

// One message never holds the rest back (#25). A chunk the server
// refuses, or a message left out of its answer, is tried alone at once;
// a chunk that breaks the connection is recorded as suspect, and the
// next sync tries each of its messages alone. A message that failed
// alone twice is tried only after everything else is stored, at every
// sync, and named to the person (Result.Unfetched) until it comes.

// laterFetch is a folder's messages that failed alone twice.
type laterFetch struct {
	f    localstore.Folder
	uids []imap.UID
}

func key(u imap.UID) string { return strconv.FormatUint(uint64(u), 10) }

// suspect records a chunk whose FETCH broke the connection and returns
// err.
func (p *Engine) suspect(f localstore.Folder, uids []imap.UID, err error) error {
	keys := make([]string, len(uids))
	for i, u := range uids {
		keys[i] = key(u)
	}
	if serr := p.Store.FetchSuspect(f.ID, keys); serr != nil {
		return serr
	}
	return err
}

// hold records messages whose bytes were not trusted as the message
// (key → reason), and notes them as held in this sync.
func (p *Engine) hold(f localstore.Folder, held map[string]string, res *Result) error {
	for k, reason := range held {
		if _, err := p.Store.FetchFailed(f.ID, k, reason); err != nil {
			return err
		}
		if res.held == nil {
			res.held = map[heldKey]bool{}
		}
		res.held[heldKey{f.ID, k}] = true
	}
	return nil
}

// heldKey is a message by folder and server key.
type heldKey struct {
	folder int64
	key    string
}

// heldUIDs is the UIDs of held.
func heldUIDs(held map[string]string) []imap.UID {
	keys := make([]string, 0, len(held))
	for k := range held {
		keys = append(keys, k)
	}
	return keysUIDs(keys)
}

// splitFresh sorts new messages by their history: never a problem,
// suspect or failed alone once (tried alone now), failed alone twice
// (tried after everything else). Problems of messages the server no
// longer has are forgotten.
func (p *Engine) splitFresh(f localstore.Folder, fresh []imap.UID, onServer map[string]bool, res *Result) (normal, alone []imap.UID, err error) {
	problems, err := p.Store.FetchProblems(f.ID)
	if err != nil || len(problems) == 0 {
		return fresh, nil, err
	}
	var stale []string
	for k := range problems {
		if !onServer[k] {
			stale = append(stale, k)
		}
	}
	if err := p.Store.FetchDone(f.ID, stale); err != nil {
		return nil, nil, err
	}
	var later []imap.UID
	for _, u := range fresh {
		pr, ok := problems[key(u)]
		switch {
		case !ok:
			normal = append(normal, u)
		case pr.Tries < 2:
			alone = append(alone, u)
		default:
			later = append(later, u)
		}
	}
	if len(later) > 0 {
		res.later = append(res.later, laterFetch{f, later})
	}
	return normal, alone, nil
}

// fetchAlone fetches one message by itself: stored, or recorded as
// failed (the error is the connection's, which then is lost).
func (p *Engine) fetchAlone(c *imapConn, acct accounts.Account, f localstore.Folder, u imap.UID, res *Result) error {
	missed, broken, err := p.listNew(c, acct, f, []imap.UID{u}, res)
	if len(broken) > 0 {
		return err // recorded as failed by the narrowing
	}
	if err != nil || len(missed) > 0 {
		if _, ferr := p.Store.FetchFailed(f.ID, key(u), localstore.ReasonServerFailed); ferr != nil {
			return ferr
		}
		return err
	}
	if res.held[heldKey{f.ID, key(u)}] {
		return nil // not trusted as the message (recorded): fetched again later
	}
	return p.Store.FetchDone(f.ID, []string{key(u)})
}

// retryLater tries, once everything else is stored, the messages that
// failed alone twice, and returns the folders where some came. A
// connection lost now and not made again ends it without an error: the
// rest of the sync is done, and what is missing is reported.
func (p *Engine) retryLater(c *imapConn, acct accounts.Account, res *Result) ([]localstore.Folder, error) {
	var came []localstore.Folder
	for _, l := range res.later {
		if _, err := c.selectBox(l.f.Path, nil); err != nil {
			var ie *imap.Error
			if errors.As(err, &ie) {
				continue
			}
			return came, nil
		}
		before := res.New
		for _, u := range l.uids {
			if err := p.fetchAlone(c, acct, l.f, u, res); err != nil {
				var ie *imap.Error
				if errors.As(err, &ie) {
					continue
				}
				if localstore.IsDiskError(err) {
					return came, err
				}
				return came, nil
			}
		}
		if res.New > before {
			came = append(came, l.f)
		}
	}
	return came, nil
}

// reportUnfetched names, per folder, the messages still not here whole.
func (p *Engine) reportUnfetched(folders []localstore.Folder, res *Result) error {
	for _, f := range folders {
		problems, err := p.Store.FetchProblems(f.ID)
		if err != nil {
			return err
		}
		count := map[string]int{}
		for _, pr := range problems {
			if pr.Tries > 0 {
				count[pr.Reason]++
			}
		}
		reasons := make([]string, 0, len(count))
		for r := range count {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			res.Unfetched = append(res.Unfetched, accounts.Unfetched{Folder: accounts.FolderName(f), Count: count[r], Reason: r})
		}
	}
	return nil
}

// standIn says whether bytes are what Courier-IMAP sends for a message
// whose file it cannot open (whole, or its header for BODY[HEADER]):
// a notice from "System Administrator", sized as itself, so no size
// comparison can tell it from the message.
func standIn(raw []byte) bool {
	if len(raw) > 200 {
		return false
	}
	s := strings.ReplaceAll(string(raw), "\r\n", "\n")
	return s == courierStandIn || s == courierStandIn[:strings.Index(courierStandIn, "\n\n")+2]
}

// courierStandIn is courier-imap's text (fetch.C, "unavailable"), with
// LF line ends.
const courierStandIn = "From: System Administrator <root@localhost>\nSubject: message unavailable\n\nThis message is no longer available on the server.\n"

// clearlyShort says whether a message's bytes are too few to be the
// message the server sized (RFC822.SIZE): Courier sends a ~129-byte
// stand-in under the real UID for a message it cannot read. Sizes are
// not exact everywhere — Exchange (Outlook.com, Microsoft 365) announces
// estimates, other servers drift by a few bytes — so only bytes more than
// a tenth and 64 bytes short of the size count; longer is never short
// (a cut-off answer cannot grow).
func clearlyShort(got int, want int64) bool {
	missing := want - int64(got)
	return want > 0 && missing > 64 && missing > want/10
}
