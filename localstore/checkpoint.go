package localstore

import (
	"context"
	"database/sql"
	"log"
	"sync"
	"sync/atomic"
)

// maxLogFrames bounds the write-ahead log (frames of one 4 KB page): past
// it, the writer waits for the copy to catch up so the log starts again
// from its beginning (copied beside a busy writer, a log never restarts
// by itself and grows with everything a long sync writes).
var maxLogFrames int64 = 16 << 10 // 64 MB; a variable for the tests

// checkpointer copies the write-ahead log into the database file on a
// connection of its own, beside the writer. SQLite would otherwise do it
// inside the commit that fills the log (wal_autocheckpoint), so a large
// sync wrote every byte twice on its one writer: once to the log, then
// again to the database, with the writer waiting for the disk (issue
// #17). Here the second write overlaps with the writer's next work.
type checkpointer struct {
	db     *sql.DB
	frames atomic.Int64 // frames in the log at the last checkpoint
	// mu is held by whoever checkpoints: SQLite answers a second
	// checkpoint beside a running one with "busy" at once, without
	// waiting, so the writer's RESTART waits here for the PASSIVE.
	mu   sync.Mutex
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

// poke asks for a checkpoint soon; it never blocks.
func (c *checkpointer) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.wake:
			// PASSIVE: copy what no reader still needs, wait for nobody.
			// A checkpoint that fails leaves the frames in the log, where
			// every reader finds them; the next commit asks again.
			var busy, frames, copied int64
			c.mu.Lock()
			err := c.db.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
			c.mu.Unlock()
			if err != nil {
				// The writer then tries itself, before its next change.
				log.Printf("postie: checkpoint: %v", err)
				frames = maxLogFrames
			}
			c.frames.Store(frames)
		}
	}
}

// catchUp is run by the writer before a transaction: when the log has
// grown past maxLogFrames, it copies what the checkpointer has not yet
// and has the log start again from its beginning (waiting, through
// busy_timeout, for readers still on older frames). Most frames are
// copied already, so the wait is short.
func (c *checkpointer) catchUp(ctx context.Context, w writer) error {
	if c.frames.Load() < maxLogFrames {
		return nil
	}
	var busy, frames, copied int64
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := w.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &frames, &copied); err != nil {
		return err
	}
	if busy == 0 {
		c.frames.Store(0)
	}
	return nil
}

func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	return c.db.Close()
}
