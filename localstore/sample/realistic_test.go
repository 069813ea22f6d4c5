package sample

import (
	"testing"
	"time"
)

// The realistic mailbox has the size the issue measured (about 28 KB a
// message: 281 MB for 10,000) and is the same every time.
func TestRealisticSize(t *testing.T) {
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	for i := 0; i < 2000; i++ {
		total += len(Realistic(i, base))
	}
	avg := total / 2000
	if avg < 20000 || avg > 40000 {
		t.Fatalf("average %d bytes", avg)
	}
	if a, b := Realistic(7, base), Realistic(7, base); string(a) != string(b) {
		t.Fatal("not deterministic")
	}
	t.Logf("average %d bytes: 10,000 messages ≈ %d MB", avg, avg*10000>>20)
}
