package imapsync

// overlap is how bodies and new messages are downloaded: chunk n+1 is
// fetched (and read) on a goroutine of its own while chunk n is written to
// the store on this one, so the network, the parsing and the store's one
// writer work side by side (one after the other, the first sync of a large
// mailbox was slower than mbsync's, issue #17).
//
// next gives the following chunk (ok false: none now); it is called only
// while no fetch runs, so it may read what fetch set. fetch talks to the
// server — only one fetch runs at a time. store writes a chunk and says
// whether to go on. On any error, or when store says stop, a fetch still
// running is waited for: the server's answer is read before the
// connection is used again.
func overlap[C, R any](next func() (C, bool, error), fetch func(C) (R, error), store func(R) (bool, error)) error {
	type result struct {
		r   R
		err error
	}
	start := func(c C) chan result {
		ch := make(chan result, 1)
		go func() {
			r, err := fetch(c)
			ch <- result{r, err}
		}()
		return ch
	}
	// startNext starts the following chunk's fetch, if there is one.
	startNext := func() (chan result, error) {
		c, ok, err := next()
		if err != nil || !ok {
			return nil, err
		}
		return start(c), nil
	}
	pending, err := startNext()
	for err == nil && pending != nil {
		res := <-pending
		if res.err != nil {
			return res.err
		}
		if pending, err = startNext(); err != nil { // travels while this chunk is stored
			return err
		}
		more, serr := store(res.r)
		if serr != nil || !more {
			if pending != nil {
				<-pending
			}
			return serr
		}
		if pending == nil {
			// Everything asked for is stored; more may have become
			// ready (a chunk holds at most so many messages).
			pending, err = startNext()
		}
	}
	return err
}
