package imapsync

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts/testservers"
)

// Bytes a server sends for a message count as incomplete only when they
// are clearly short of its RFC822.SIZE (Courier's stand-in), never for a
// few bytes either way (Exchange's estimated sizes) (#25).
func TestClearlyShort(t *testing.T) {
	for _, c := range []struct {
		got  int
		want int64
		is   bool
	}{
		{129, 4812, true},     // a stand-in for a 4.8 KB message, sized as the message
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

// Courier's stand-in (sized as itself, so no size tells it) is
// recognised whole and as the header BODY[HEADER] gives, with CRLF or
// LF; a message that merely quotes it is not.
func TestStandIn(t *testing.T) {
	whole := testservers.CourierStandIn
	header := whole[:strings.Index(whole, "\r\n\r\n")+4]
	for _, c := range []struct {
		raw string
		is  bool
	}{
		{whole, true},
		{header, true},
		{strings.ReplaceAll(whole, "\r\n", "\n"), true},
		{"From: Ann <ann@example.com>\r\nSubject: message unavailable\r\n\r\nThis message is no longer available on the server.\r\n", false},
		{whole + "P.S.\r\n", false},
		{"", false},
	} {
		if got := standIn([]byte(c.raw)); got != c.is {
			t.Errorf("standIn(%q) = %v, want %v", c.raw, got, c.is)
		}
	}
	if len(whole) != 129 {
		t.Fatalf("the stand-in is %d bytes, Courier's is 129", len(whole))
	}
}
