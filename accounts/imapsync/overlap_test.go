package imapsync

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// overlap: one fetch at a time, the next chunk fetched while the last is
// stored, every chunk stored once in order, and no fetch left running
// when it returns (the connection is used again right after).
func TestOverlapFetchesTheNextWhileStoring(t *testing.T) {
	for _, stopAt := range []int{-1, 3} { // -1: to the end; 3: store fails on chunk 3
		var running, maxRunning, overlapped atomic.Int32
		n := 0
		next := func() (int, bool, error) {
			if running.Load() != 0 {
				t.Fatal("next called while a fetch runs")
			}
			n++
			return n, n <= 6, nil
		}
		storing := atomic.Bool{}
		fetch := func(c int) (int, error) {
			if r := running.Add(1); r > maxRunning.Load() {
				maxRunning.Store(r)
			}
			if storing.Load() {
				overlapped.Add(1)
			}
			time.Sleep(2 * time.Millisecond)
			running.Add(-1)
			return c * 10, nil
		}
		var stored []int
		store := func(r int) (bool, error) {
			storing.Store(true)
			defer storing.Store(false)
			time.Sleep(5 * time.Millisecond) // the next fetch runs meanwhile
			if r/10 == stopAt {
				return false, errors.New("disk full")
			}
			stored = append(stored, r)
			return true, nil
		}
		err := overlap(next, fetch, store)
		if running.Load() != 0 {
			t.Fatal("a fetch was still running when overlap returned")
		}
		if maxRunning.Load() != 1 {
			t.Fatalf("%d fetches at once", maxRunning.Load())
		}
		if stopAt < 0 {
			if err != nil || len(stored) != 6 || stored[0] != 10 || stored[5] != 60 {
				t.Fatalf("stored %v, %v", stored, err)
			}
			if overlapped.Load() == 0 {
				t.Fatal("no fetch ran while a chunk was stored")
			}
		} else if err == nil || len(stored) != 2 {
			t.Fatalf("stop at 3: stored %v, %v", stored, err)
		}
	}
	// A failed fetch ends it with that error, nothing stored after.
	calls := 0
	err := overlap(func() (int, bool, error) { calls++; return calls, true, nil },
		func(c int) (int, error) {
			if c == 2 {
				return 0, errors.New("connection lost")
			}
			return c, nil
		},
		func(int) (bool, error) { return true, nil })
	if err == nil || err.Error() != "connection lost" {
		t.Fatalf("fetch error: %v", err)
	}
	// next failing once everything asked for is stored: that error too.
	calls = 0
	err = overlap(func() (int, bool, error) {
		calls++
		switch calls {
		case 1:
			return 1, true, nil
		case 2:
			return 0, false, nil // nothing more while chunk 1 is stored…
		}
		return 0, false, errors.New("the store could not be read") // …then a failure
	}, func(c int) (int, error) { return c, nil }, func(int) (bool, error) { return true, nil })
	if err == nil || err.Error() != "the store could not be read" {
		t.Fatalf("next's error after a store: %v", err)
	}
}
