package imapsync

import (
	"errors"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// listWhole stores new messages whole, newest first, for an account that
// keeps all its mail for reading offline: one pass, where headers first
// and bodies after wrote every message twice and made the first sync of a
// large mailbox slower than mbsync's (issue #17). Each message can be
// read and found by search as soon as it is in the list.
//
// Chunks are sized in bytes from the messages' sizes (asked first) and
// the link's speed, as for bodies, and overlap: while one chunk is
// written to the store, the next is fetched and read.
//
// It returns the messages the server did not send (left out of its
// answer, or in a chunk it refused): they are tried alone (fetchAlone).
// A chunk that broke the connection is recorded as suspect first, so the
// next sync tries each of its messages alone (#25).
func (p *Engine) listWhole(c *imapConn, acct accounts.Account, f localstore.Folder, fresh []imap.UID, res *Result) (missed, broken []imap.UID, err error) {
	sizes, broken, err := p.sizesOf(c, f, fresh)
	var ie *imap.Error
	if errors.As(err, &ie) {
		sizes = map[imap.UID]int64{} // chunks by count alone; the refusal shows again per chunk
	} else if err != nil {
		return nil, broken, p.suspect(f, without(fresh[:min(len(fresh), 2000)], broken), err)
	}
	// A message whose size broke the connection alone twice is not asked
	// for again in this sync (recorded; tried at the next).
	fresh = without(fresh, broken)
	chunkBytes, pos := int64(firstChunkBytes), 0
	next := func() ([]imap.UID, bool, error) {
		end := pos
		var sum int64
		for end < len(fresh) && end-pos < bodyChunk {
			sum += sizes[fresh[end]]
			if sum > chunkBytes && end > pos {
				break
			}
			end++
		}
		chunk := fresh[pos:end]
		pos = end
		return chunk, len(chunk) > 0, nil
	}
	type chunk struct {
		prep   *localstore.PreparedNew
		n      int // messages asked for
		missed []imap.UID
		held   map[string]string // not trusted as the message: key → reason
		broken []imap.UID        // ended the connection alone twice: recorded
	}
	fetch := func(uids []imap.UID) (chunk, error) {
		began := time.Now()
		msgs, lost, err := p.fetchNarrowed(c, f, uids, &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		var ie *imap.Error
		if errors.As(err, &ie) {
			return chunk{n: len(uids), missed: uids}, nil // refused: each is tried alone
		} else if err != nil {
			return chunk{}, p.suspect(f, without(uids, lost), err)
		}
		batch, held := newMessages(msgs, false)
		var got int64
		for _, m := range batch {
			got += int64(len(m.Raw))
		}
		chunkBytes = nextChunkBytes(got, time.Since(began))
		return chunk{prep: localstore.PrepareNew(batch), n: len(uids), missed: without(unanswered(uids, msgs), append(lost, heldUIDs(held)...)),
			held: held, broken: lost}, nil
	}
	began, done := time.Now(), 0
	store := func(r chunk) (bool, error) {
		missed, broken = append(missed, r.missed...), append(broken, r.broken...)
		if r.prep != nil {
			added, err := p.Store.AddRefetchable(f.ID, r.prep)
			if err != nil {
				return false, err
			}
			countNew(f, added, res)
		}
		if err := p.hold(f, r.held, res); err != nil {
			return false, err
		}
		done += r.n
		data := tr.M{"Folder": accounts.FolderName(f), "Done": tr.Number(done)}
		text := tr.N("Downloading {{.Folder}}: {{.Done}} of {{.Count}} new message…", "Downloading {{.Folder}}: {{.Done}} of {{.Count}} new messages…", len(fresh), data)
		if left := timeLeft(began, done, len(fresh)); left != "" {
			data["Left"] = left
			text = tr.N("Downloading {{.Folder}}: {{.Done}} of {{.Count}} new message, about {{.Left}} left…",
				"Downloading {{.Folder}}: {{.Done}} of {{.Count}} new messages, about {{.Left}} left…", len(fresh), data)
		}
		p.report(accounts.Event{AccountID: acct.ID, Text: text, Done: done, Total: len(fresh)})
		return true, nil
	}
	err = overlap(next, fetch, store)
	return missed, broken, err
}

// sizesOf asks the server for the sizes of messages (RFC822.SIZE), a
// line each, in batches. broken are messages whose size ended the
// connection alone twice (Dovecot cannot size a file it cannot read).
func (p *Engine) sizesOf(c *imapConn, f localstore.Folder, uids []imap.UID) (map[imap.UID]int64, []imap.UID, error) {
	const batch = 2000
	sizes := make(map[imap.UID]int64, len(uids))
	var broken []imap.UID
	for i := 0; i < len(uids); i += batch {
		msgs, lost, err := p.fetchNarrowed(c, f, uids[i:min(i+batch, len(uids))], &imap.FetchOptions{UID: true, RFC822Size: true})
		broken = append(broken, lost...)
		if err != nil {
			return nil, broken, err
		}
		for _, m := range msgs {
			sizes[m.UID] = m.RFC822Size
		}
	}
	return sizes, broken, nil
}

// countNew adds what Add stored to the result.
func countNew(f localstore.Folder, added []localstore.Added, res *Result) {
	for _, a := range added {
		if a.Duplicate {
			continue // already here (moved here, or kept across a UIDVALIDITY change)
		}
		res.New++
		if f.Role == localstore.RoleInbox {
			res.NewInInbox = append(res.NewInInbox, a.ID)
		}
	}
}

// newMessages is a FETCH answer as messages to store: whole, or (partial)
// headers with the size of the whole on the server. A message answered
// without its bytes is left out (unanswered names it). Bytes the server
// sent in a message's place are not trusted as the message (#25), and
// returned in held by key with the reason: whole bytes clearly short of
// the size the server gave are kept as incomplete (stored header-only,
// with the server's size, fetched again later); Courier's stand-in for
// a file it cannot open (a notice, sized as itself) is not stored at
// all, so the person never sees it as the message, and the message is
// asked for again at the next sync.
func newMessages(msgs []*imapclient.FetchMessageBuffer, partial bool) ([]localstore.NewMessage, map[string]string) {
	batch := make([]localstore.NewMessage, 0, len(msgs))
	held := map[string]string{}
	for _, m := range msgs {
		if m.UID == 0 || len(m.BodySection) == 0 || m.BodySection[0].Bytes == nil {
			continue
		}
		nm := localstore.NewMessage{Raw: m.BodySection[0].Bytes, ServerKey: strconv.FormatUint(uint64(m.UID), 10),
			Flags: toLocal(m.Flags), Received: m.InternalDate}
		switch {
		case standIn(nm.Raw):
			held[nm.ServerKey] = localstore.ReasonStandIn
			continue
		case partial:
			nm.Partial, nm.Size = true, m.RFC822Size
		case clearlyShort(len(nm.Raw), m.RFC822Size):
			nm.Partial, nm.Size = true, m.RFC822Size
			held[nm.ServerKey] = localstore.ReasonIncomplete
		}
		batch = append(batch, nm)
	}
	return batch, held
}

// unanswered is the UIDs asked for that the answer did not bring whole.
// Cyrus answers "* OK Message N no longer exists" for a message file it
// cannot read, and OK for the command: such a message is a failure, not
// "up to date".
func unanswered(asked []imap.UID, msgs []*imapclient.FetchMessageBuffer) []imap.UID {
	got := make(map[imap.UID]bool, len(msgs))
	for _, m := range msgs {
		if len(m.BodySection) > 0 && m.BodySection[0].Bytes != nil {
			got[m.UID] = true
		}
	}
	var out []imap.UID
	for _, u := range asked {
		if !got[u] {
			out = append(out, u)
		}
	}
	return out
}
