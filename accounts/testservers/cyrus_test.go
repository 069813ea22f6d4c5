package testservers

import (
	"os"
	"strings"
	"testing"
)

func TestCyrusFixture(t *testing.T) {
	s := StartCyrus(t, Users{"alice": "secret"})
	s.Create("alice", "Jobs", false)
	s.Append("alice", "INBOX", []byte("Subject: hi\r\nMessage-ID: <1@x>\r\n\r\nhello\r\n"), `\Seen`)
	s.Append("alice", "Jobs", []byte("Subject: job\r\n\r\nwork\r\n"), "")
	out := s.Must("alice", `LIST "" "*"`, `LSUB "" "*"`, "SELECT Jobs", "UID FETCH 1:* (FLAGS RFC822.SIZE)")
	t.Log(strings.Join(out, "\n"))
	f := s.MessageFile("alice", "INBOX", 1)
	if _, err := os.Stat(f); err != nil {
		t.Fatal(err)
	}
	s.Reconstruct("alice", "Jobs")
	t.Log(strings.Join(s.Must("alice", "SELECT Jobs"), "\n"))
}

// BenchmarkStartCyrus times the fixture's start (packages already unpacked).
func BenchmarkStartCyrus(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := StartCyrus(b, Users{"alice": "secret"})
		s.Stop()
	}
}
