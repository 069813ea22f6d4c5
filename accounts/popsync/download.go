package popsync

import (
	"context"
	"errors"
	"sync"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
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

// download fetches the messages todo into the Inbox (window RETRs at a
// time). One goroutine downloads while this one commits, so parsing and
// indexing overlap with the network; what is downloaded but not yet
// committed is bounded in bytes (by the sizes the server announced), not
// only in messages. A message the server refuses (-ERR) is recorded and
// skipped (returned in refused, to be asked for again alone); when the
// connection breaks, what came before is committed and the message that
// was coming is recorded (alone: it was asked for by itself).
func (p *Engine) download(ctx context.Context, c *popConn, run *syncRun, srv serverList, seen map[string]localstore.SeenKey, todo []int, window int, alone bool, res *Result) (refused []int, err error) {
	if len(todo) == 0 {
		return nil, nil
	}
	// Messages are committed in batches: nothing is removed from the server
	// before every download is committed, so a crash loses only a batch
	// that is still on the server.
	var batch []localstore.NewMessage
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		added, err := p.Store.Add(run.inbox.ID, batch)
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
		err *popError
	}
	ch := make(chan got, 64)
	budget := newByteBudget(popInFlightBytes)
	var dlErr error
	go func() {
		defer close(ch)
		dlErr = c.retrAll(ctx, todo, srv.sizes, window, budget, func(n int, raw []byte, refused *popError) error {
			select {
			case ch <- got{n, raw, refused}:
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
		k := srv.keys[g.n]
		if g.err != nil {
			refused = append(refused, g.n)
			storeErr = p.noteTrouble(run, k, true, troubleRefused)
			continue
		}
		if s, ok := seen[k]; ok && !s.Removed {
			storeErr = p.refetched(run.acct, k, g.raw, srv.sizes[g.n])
			continue
		}
		if i%25 == 0 {
			p.report(accounts.Event{AccountID: run.acct.ID, Text: tr.N("Downloading {{.Count}} new message… {{.Done}} done", "Downloading {{.Count}} new messages… {{.Done}} done", len(todo), tr.M{"Done": tr.Number(i)}), Done: i, Total: len(todo)})
		}
		i++
		batch = append(batch, localstore.NewMessage{Raw: g.raw, ServerKey: k, Received: p.now()})
		batchBytes += len(g.raw)
		if len(batch) >= popBatch || batchBytes >= popBatchBytes {
			storeErr = flush()
		}
	}
	if storeErr != nil {
		return refused, storeErr
	}
	if err := flush(); err != nil {
		return refused, err
	}
	var b *brokeAt
	if errors.As(dlErr, &b) && ctx.Err() == nil {
		b.blamed = alone || !stalled(b.err)
		if err := p.noteTrouble(run, srv.keys[b.n], alone, troubleBroke); err != nil {
			return refused, err
		}
		return refused, b
	}
	if dlErr != nil {
		return refused, p.fail(run.acct.Settings, dlErr)
	}
	return refused, nil
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
