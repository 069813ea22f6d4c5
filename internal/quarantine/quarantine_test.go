package quarantine

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// The mark is the string macOS's own programs write: hex flags, hex
// time, agent, event UUID.
func TestValueIsTheFormatMacOSReads(t *testing.T) {
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	v := Value(at)
	if !regexp.MustCompile(`^0083;6b0fec20;Postie;[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`).MatchString(v) {
		t.Fatalf("value %q", v)
	}
	if Value(at) == v {
		t.Fatal("two marks share an event UUID")
	}
}

// Mark goes through SetAttr, the setter macOS gets (a stub here).
func TestMarkSetsTheAttribute(t *testing.T) {
	p := filepath.Join(t.TempDir(), "invoice.zip")
	os.WriteFile(p, []byte("PK"), 0o644)
	got := map[string]string{}
	old := SetAttr
	SetAttr = func(path, name string, value []byte) error { got[path+"|"+name] = string(value); return nil }
	defer func() { SetAttr = old }()
	before := time.Now().Unix()
	if err := Mark(p); err != nil {
		t.Fatal(err)
	}
	v, ok := got[p+"|com.apple.quarantine"]
	if !ok || len(got) != 1 {
		t.Fatalf("set: %v", got)
	}
	var ts int64
	var flags int
	if _, err := scanMark(v, &flags, &ts); err != nil || flags != 0x83 || ts < before || ts > time.Now().Unix() {
		t.Fatalf("value %q: flags %x time %d (%v)", v, flags, ts, err)
	}
}

// scanMark reads a mark's flags and time as quarantine.kext does
// ("%04x;%08x;").
func scanMark(v string, flags *int, ts *int64) (int, error) {
	return fmt.Sscanf(v, "%04x;%08x;", flags, ts)
}
