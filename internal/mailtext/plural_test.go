package mailtext

import "testing"

func TestNumberAndCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 666667: "666,667", 1000000: "1,000,000", -1234: "-1,234", -123: "-123"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Count(12345, "message", "messages"); got != "12,345 messages" {
		t.Errorf("Count: %q", got)
	}
	if got := Count(1, "message", "messages"); got != "1 message" {
		t.Errorf("Count: %q", got)
	}
}
