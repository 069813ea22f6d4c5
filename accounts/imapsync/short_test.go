package imapsync

import "testing"

// Bytes a server sends for a message count as incomplete only when they
// are clearly short of its RFC822.SIZE (Courier's stand-in), never for a
// few bytes either way (Exchange's estimated sizes) (#25).
func TestClearlyShort(t *testing.T) {
	for _, c := range []struct {
		got  int
		want int64
		is   bool
	}{
		{129, 4812, true},     // Courier's stand-in for a 4.8 KB message
		{4700, 4812, false},   // an estimate 2% off
		{4900, 4812, false},   // longer than said
		{4812, 4812, false},   // exact
		{129, 180, false},     // a tiny message: too close to tell
		{0, 0, false},         // no size given
		{50000, 100000, true}, // half of it
	} {
		if got := clearlyShort(c.got, c.want); got != c.is {
			t.Errorf("clearlyShort(%d, %d) = %v, want %v", c.got, c.want, got, c.is)
		}
	}
}
