package imapsync

import (
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// downloadBodies fetches the whole of every message that has only its
// header here, newest first, Inbox first — within the account's
// "keep for offline reading" window — and then, when the account keeps
// only recent mail, lets older bodies go (they stay on the server).
//
// The network and the store work side by side (overlap): while one
// chunk of bodies is written to the store, the next is fetched and read.
func (p *Engine) downloadBodies(c *imapConn, acct accounts.Account, folders []localstore.Folder) error {
	var since time.Time
	if d := acct.Settings.KeepDays; d > 0 {
		since = time.Now().AddDate(0, 0, -d)
	}
	total := 0
	for _, f := range folders {
		n, err := p.Store.PartialCount(f.ID)
		if err != nil {
			return err
		}
		total += n
	}
	d := &downloader{p: p, c: c, acct: acct, since: since, total: total, began: time.Now(), chunkBytes: firstChunkBytes}
	for _, f := range folders {
		if err := d.folder(f); err != nil {
			return err
		}
		if !since.IsZero() {
			if _, err := p.Store.DropBodies(f.ID, since); err != nil {
				return err
			}
		}
	}
	return nil
}

type downloader struct {
	p            *Engine
	c            *imapConn
	acct         accounts.Account
	since, began time.Time
	total, done  int
	chunkBytes   int64
}

// fetched is one chunk's answer.
type fetched struct {
	todo     []localstore.Summary
	answered map[string]string          // keys the answer brought bytes for → why not trusted, if not
	broken   map[string]bool            // ended the connection alone twice: recorded
	prep     *localstore.PreparedBodies // the bodies, read and hashed
}

func (d *downloader) folder(f localstore.Folder) error {
	inflight := map[string]bool{}
	failed := map[string]bool{} // not sent this time: tried again at the next sync
	// Messages that failed alone twice at earlier syncs come last, one
	// at a time, so they cannot hold a chunk back (#25).
	problems, err := d.p.Store.FetchProblems(f.ID)
	if err != nil {
		return err
	}
	later := map[string]bool{}
	for k, pr := range problems {
		if pr.Tries >= 2 {
			later[k] = true
		}
	}
	selected := false
	// next is the following chunk: messages still without their body
	// that are not being fetched already.
	next := func() ([]localstore.Summary, bool, error) {
		list, err := d.p.Store.ToDownload(f.ID, d.since, bodyChunk+len(inflight)+len(later))
		if err != nil {
			return nil, false, err
		}
		todo := list[:0:0]
		for _, m := range list {
			if !inflight[m.ServerKey] && !failed[m.ServerKey] && !later[m.ServerKey] && len(todo) < bodyChunk {
				todo = append(todo, m)
			}
		}
		todo = upToBytes(todo, d.chunkBytes)
		if len(todo) == 0 && len(inflight) == 0 {
			for _, m := range list {
				if later[m.ServerKey] && !failed[m.ServerKey] {
					todo = append(todo, m)
					break
				}
			}
		}
		for _, m := range todo {
			inflight[m.ServerKey] = true
		}
		if len(todo) > 0 && !selected {
			if _, err := d.c.selectBox(f.Path, &imap.SelectOptions{ReadOnly: true}); err != nil {
				return nil, false, err
			}
			selected = true
		}
		return todo, len(todo) > 0, nil
	}
	fetch := func(todo []localstore.Summary) (fetched, error) {
		uids := make([]imap.UID, 0, len(todo))
		for _, m := range todo {
			u, _ := strconv.ParseUint(m.ServerKey, 10, 32)
			uids = append(uids, imap.UID(u))
		}
		began := time.Now()
		msgs, lost, err := d.p.fetchNarrowed(d.c, f, uids, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		if err != nil {
			return fetched{}, err
		}
		broken := map[string]bool{}
		for _, u := range lost {
			broken[key(u)] = true
		}
		bodies := bodiesOf(msgs, todo)
		var got int64
		for _, b := range bodies {
			got += int64(len(b.Raw))
		}
		d.chunkBytes = nextChunkBytes(got, time.Since(began))
		answered := map[string]string{}
		for _, m := range msgs {
			if len(m.BodySection) > 0 && m.BodySection[0].Bytes != nil {
				reason := localstore.ReasonIncomplete
				if standIn(m.BodySection[0].Bytes) {
					reason = localstore.ReasonStandIn
				}
				answered[strconv.FormatUint(uint64(m.UID), 10)] = reason
			}
		}
		return fetched{todo: todo, answered: answered, broken: broken, prep: localstore.PrepareBodies(bodies)}, nil
	}
	store := func(res fetched) (bool, error) {
		progressed, err := d.store(f, res, failed)
		for _, m := range res.todo {
			delete(inflight, m.ServerKey)
		}
		// Not progressed: the server answers without the bodies; try
		// again at the next sync.
		return progressed, err
	}
	if err := overlap(next, fetch, store); err != nil || !selected {
		return err
	}
	return d.c.unselect()
}

// store completes the chunk's messages in the store and reports progress;
// it says whether anything changed. A message the answer left out, or
// whose bytes did not match its size, stays header-only (or incomplete)
// and is recorded as not sent: never removed (it is still listed on the
// server; the next sync's list removes what was expunged), #25.
func (d *downloader) store(f localstore.Folder, res fetched, failed map[string]bool) (bool, error) {
	completed, err := d.p.Store.CompletePrepared(f.ID, res.prep)
	if err != nil {
		return false, err
	}
	sent := map[string]bool{}
	for _, b := range res.prep.Keys() {
		sent[b] = true
	}
	var done []string
	for _, m := range res.todo {
		if sent[m.ServerKey] {
			done = append(done, m.ServerKey)
			continue
		}
		failed[m.ServerKey] = true
		if res.broken[m.ServerKey] {
			continue // recorded by the narrowing
		}
		reason := localstore.ReasonServerFailed
		if r, ok := res.answered[m.ServerKey]; ok {
			reason = r
		}
		if _, err := d.p.Store.FetchFailed(f.ID, m.ServerKey, reason); err != nil {
			return false, err
		}
	}
	if err := d.p.Store.FetchDone(f.ID, done); err != nil {
		return false, err
	}
	if completed == 0 {
		// A message found broken is progress too: the others go on.
		return len(done) > 0 || len(res.broken) > 0, nil
	}
	d.done += len(res.todo)
	data := tr.M{"Done": tr.Number(d.done), "Total": tr.Number(d.total)}
	text := tr.L("Downloading messages for reading offline: {{.Done}} of {{.Total}}…", data)
	if left := timeLeft(d.began, d.done, d.total); left != "" {
		data["Left"] = left
		text = tr.L("Downloading messages for reading offline: {{.Done}} of {{.Total}}, about {{.Left}} left…", data)
	}
	d.p.report(accounts.Event{AccountID: d.acct.ID, Text: text, Done: d.done, Total: d.total})
	return true, nil
}

// bodiesOf is the whole messages in a FETCH answer, by UID: only those
// asked for (todo), only bytes of the size the server gave for them, and
// never Courier's stand-in.
func bodiesOf(msgs []*imapclient.FetchMessageBuffer, todo []localstore.Summary) []localstore.Body {
	size := make(map[string]int64, len(todo))
	for _, m := range todo {
		size[m.ServerKey] = m.Size
	}
	bodies := make([]localstore.Body, 0, len(msgs))
	for _, m := range msgs {
		if m.UID == 0 || len(m.BodySection) == 0 || m.BodySection[0].Bytes == nil {
			continue
		}
		k := strconv.FormatUint(uint64(m.UID), 10)
		want, asked := size[k]
		if !asked || clearlyShort(len(m.BodySection[0].Bytes), want) || standIn(m.BodySection[0].Bytes) {
			continue
		}
		bodies = append(bodies, localstore.Body{Key: k, Raw: m.BodySection[0].Bytes})
	}
	return bodies
}
