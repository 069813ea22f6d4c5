package popsync

import (
	"context"
	"fmt"
	"sync"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// fresh lists the messages to download: keys never seen here, oldest
// first (a key removed here and listed again names a new message).
func (p *Engine) fresh(acct accounts.Account, srv serverList, seen map[string]localstore.SeenKey) ([]int, error) {
	var fresh []int
	for _, n := range srv.nums {
		k := srv.keys[n]
		s, ok := seen[k]
		if ok && s.Removed {
			// We removed this key from the server, yet it is listed again:
			// the server reused it for a new message.
			if err := p.Store.ReuseKey(acct.ID, k); err != nil {
				return nil, err
			}
			ok = false
		}
		if !ok && srv.byKey[k] == n {
			fresh = append(fresh, n)
		}
	}
	return fresh, nil
}

// download fetches the fresh messages into the Inbox. One goroutine
// downloads while this one commits, so parsing and indexing overlap with
// the network; what is downloaded but not yet committed is bounded in
// bytes (by the sizes the server announced), not only in messages.
func (p *Engine) download(ctx context.Context, c *popConn, acct accounts.Account, inbox localstore.Folder, srv serverList, fresh []int, res *Result) error {
	// Messages are committed in batches: nothing is removed from the server
	// before every download is committed, so a crash loses only a batch
	// that is still on the server.
	var batch []localstore.NewMessage
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		added, err := p.Store.Add(inbox.ID, batch)
		if err != nil {
			return err
		}
		for _, a := range added {
			if !a.Duplicate {
				res.NewIDs = append(res.NewIDs, a.ID)
			}
		}
		res.Downloaded += len(batch)
		batch, batchBytes = batch[:0], 0
		return nil
	}
	type got struct {
		n   int
		raw []byte
	}
	ch := make(chan got, 64)
	budget := newByteBudget(popInFlightBytes)
	var dlErr error
	tooBig := 0
	var todo []int
	for _, n := range fresh {
		if srv.sizes[n] > maxPOPMessage {
			tooBig++ // stays on the server, never removed: it is not here
			continue
		}
		todo = append(todo, n)
	}
	window := 1
	if len(todo) > 1 {
		if _, ok := c.capa()["PIPELINING"]; ok {
			window = popPipeline
		}
	}
	go func() {
		defer close(ch)
		dlErr = c.retrAll(ctx, todo, srv.sizes, window, budget, func(n int, raw []byte) error {
			select {
			case ch <- got{n, raw}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	i := 0
	var storeErr error
	for g := range ch {
		budget.give(srv.sizes[g.n])
		if storeErr != nil {
			continue // drain, so the downloader ends
		}
		if i%25 == 0 {
			p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Downloading %d new %s… %d done", len(fresh), mailtext.Plural(len(fresh), "message", "messages"), i), Done: i, Total: len(fresh)})
		}
		i++
		batch = append(batch, localstore.NewMessage{Raw: g.raw, ServerKey: srv.keys[g.n], Received: p.now()})
		batchBytes += len(g.raw)
		if len(batch) >= popBatch || batchBytes >= popBatchBytes {
			storeErr = flush()
		}
	}
	res.TooBig = tooBig // the downloader has ended: ch is closed
	if storeErr != nil {
		return storeErr
	}
	if err := flush(); err != nil {
		return err
	}
	if dlErr != nil {
		return p.fail(acct.Settings, dlErr)
	}
	return nil
}

// byteBudget bounds the bytes downloaded but not yet committed. One item
// larger than the whole budget still goes, alone.
type byteBudget struct {
	mu   sync.Mutex
	cond *sync.Cond
	used int64
	max  int64
}

func newByteBudget(max int64) *byteBudget {
	b := &byteBudget{max: max}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// take waits until n bytes fit; false if ctx ended meanwhile.
func (b *byteBudget) take(ctx context.Context, n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+n > b.max && ctx.Err() == nil {
		b.cond.Wait()
	}
	b.used += n
	return ctx.Err() == nil
}

// tryTake takes n bytes if they fit now.
func (b *byteBudget) tryTake(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used > 0 && b.used+n > b.max {
		return false
	}
	b.used += n
	return true
}

func (b *byteBudget) give(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}
