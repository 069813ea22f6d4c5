package imapsync

import (
	"reflect"
	"testing"

	"github.com/postie-mail/postie/localstore"
)

// The rename decision when folders share a UIDVALIDITY (Cyrus, for
// folders made in the same second; some servers always 1): only the
// same messages, one to one, make a rename (#25).
func TestRenameDecisionWithEqualUIDValidities(t *testing.T) {
	a := []localstore.KeyedSample{{Key: "1", MessageID: "a1@x", Size: 100}, {Key: "2", MessageID: "a2@x", Size: 200}}
	server := func(s ...localstore.KeyedSample) map[string]localstore.KeyedSample {
		out := map[string]localstore.KeyedSample{}
		for _, m := range s {
			out[m.Key] = m
		}
		return out
	}
	sampleCases := []struct {
		name   string
		local  []localstore.KeyedSample
		server map[string]localstore.KeyedSample
		want   bool
	}{
		{"same messages", a, server(a...), true},
		{"angle brackets from the server", a, server(localstore.KeyedSample{Key: "1", MessageID: "<a1@x>", Size: 100}, a[1]), true},
		{"A deleted, B created: other messages under the same UIDs", a, server(localstore.KeyedSample{Key: "1", MessageID: "b1@x", Size: 100}, localstore.KeyedSample{Key: "2", MessageID: "b2@x", Size: 200}), false},
		{"same Message-ID, other size", a, server(a[0], localstore.KeyedSample{Key: "2", MessageID: "a2@x", Size: 201}), false},
		{"one missing", a, server(a[0]), false},
		{"empty folder: no evidence", nil, server(), false},
	}
	for _, c := range sampleCases {
		if got := renamed(c.local, c.server); got != c.want {
			t.Errorf("%s: renamed = %v, want %v", c.name, got, c.want)
		}
	}
	pairCases := []struct {
		name  string
		match map[int64]map[string]bool
		want  map[int64]string
	}{
		{"two renames, same UIDVALIDITY", map[int64]map[string]bool{1: {"Work": true, "Pastime": false}, 2: {"Work": false, "Pastime": true}}, map[int64]string{1: "Work", 2: "Pastime"}},
		{"no evidence", map[int64]map[string]bool{1: {"New": false}}, map[int64]string{}},
		{"one old matches two new (copies)", map[int64]map[string]bool{1: {"A": true, "B": true}}, map[int64]string{}},
		{"two old match one new", map[int64]map[string]bool{1: {"A": true}, 2: {"A": true}}, map[int64]string{}},
		{"one of two", map[int64]map[string]bool{1: {"A": true, "B": false}, 2: {"A": false, "B": false}}, map[int64]string{1: "A"}},
	}
	for _, c := range pairCases {
		if got := renamePairs(c.match); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
