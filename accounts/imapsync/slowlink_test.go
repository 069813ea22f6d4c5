package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// throttledConn carries at most rate bytes a second from the server.
type throttledConn struct {
	net.Conn
	rate  int
	start time.Time
	got   int
}

func (c *throttledConn) Read(p []byte) (int, error) {
	if len(p) > 4096 {
		p = p[:4096]
	}
	n, err := c.Conn.Read(p)
	c.got += n
	if due := c.start.Add(time.Duration(float64(c.got) / float64(c.rate) * float64(time.Second))); time.Until(due) > 0 {
		time.Sleep(time.Until(due))
	}
	return n, err
}

func throttledNet(rate int, timeout time.Duration) netconf.Net {
	return netconf.Net{Timeout: timeout, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &throttledConn{Conn: c, rate: rate, start: time.Now()}, nil
	}}
}

// bulkyMessage is a text message of about size bytes of random words.
func bulkyMessage(name string, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: x@example.com\nSubject: %s\nMessage-ID: <%s@example.com>\n\n", name, name)
	r := rand.New(rand.NewPCG(uint64(size), 7))
	for b.Len() < size {
		for i := 0; i < 12; i++ {
			fmt.Fprintf(&b, "%x ", r.Uint64())
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// On a slow link (200 KB/s) a single body takes longer than the watchdog's
// timeout (here 1 s for 3 s of transfer): the sync goes on as long as
// bytes keep arriving, and every message arrives byte for byte.
func TestIMAPSlowLinkDownloadsBigBodies(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	want := map[string][]byte{"big": bulkyMessage("big", 650<<10)}
	for i := range 4 {
		name := fmt.Sprintf("part%d", i)
		want[name] = bulkyMessage(name, 300<<10)
	}
	for name, raw := range want {
		d.Deliver("ann", "INBOX", raw)
		_ = name
	}
	s, sy, acct := dovecotAccount(t, d, 0)
	sy.Net = throttledNet(200<<10, time.Second)
	var chunks []int
	sy.OnEvent = func(e accounts.Event) {
		if e.Total > 0 && e.Done > 0 && len(e.Text) > 11 && e.Text[:11] == "Downloading" {
			chunks = append(chunks, e.Done)
		}
	}
	began := time.Now()
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatalf("slow link: %v", err)
	}
	t.Logf("1.85 MB at 200 KB/s in %v, progress after %v messages", time.Since(began).Round(time.Millisecond), chunks)
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	if len(page) != len(want) {
		t.Fatalf("%d messages here", len(page))
	}
	ph := acctest.NewPhone(t, d, "ann", "pw")
	server := ph.Box("INBOX")
	for _, m := range page {
		raw, err := s.Raw(m.ID)
		if err != nil || !bytes.Equal(raw, server[m.Subject].BodySection[0].Bytes) {
			t.Fatalf("%s: not stored whole (%v)", m.Subject, err)
		}
	}
	if len(chunks) < 2 {
		t.Fatalf("progress was reported only %d times", len(chunks))
	}
}

// Chunks carry about five seconds of the link, within bounds.
func TestNextChunkBytesFollowsTheLink(t *testing.T) {
	for _, c := range []struct {
		n    int64
		d    time.Duration
		want int64
	}{
		{1 << 20, 5 * time.Second, 1 << 20},             // 200 KB/s: 1 MB chunks
		{8 << 20, 10 * time.Millisecond, maxChunkBytes}, // loopback: the largest
		{10 << 10, 5 * time.Second, minChunkBytes},      // 2 KB/s: the smallest
		{0, 0, maxChunkBytes},
	} {
		if got := nextChunkBytes(c.n, c.d); got != c.want {
			t.Errorf("nextChunkBytes(%d, %v) = %d, want %d", c.n, c.d, got, c.want)
		}
	}
}
