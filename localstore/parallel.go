package localstore

import (
	"runtime"
	"sync"
)

// eachParallel runs fn(i) for i in [0, n) on every core: reading
// messages (MIME, charsets, HTML to text, the digest) is the CPU work of
// a first sync, and doing it on one core while the other waited for the
// network and the disk made Postie slower than mbsync (issue #17).
func eachParallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
