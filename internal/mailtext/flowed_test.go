package mailtext

import "testing"

// format=flowed text (RFC 3676 §4.2): soft line breaks joined, the space
// before them deleted with delsp=yes, space-stuffing undone, the
// signature line kept; other text as it stands.
func TestUnflowed(t *testing.T) {
	flowed := map[string]string{"format": "flowed"}
	delsp := map[string]string{"format": "Flowed", "delsp": "yes"}
	for _, c := range []struct {
		in     string
		params map[string]string
		want   string
	}{
		{"one \ntwo\nthree", flowed, "one two\nthree"},
		{"one \ntwo", map[string]string{}, "one \ntwo"},
		{"the \nrecord", delsp, "therecord"},
		{" From here\n  two spaces", flowed, "From here\n two spaces"},
		{"body\n-- \nKim", flowed, "body\n-- \nKim"},
		{"ends soft \n", flowed, "ends soft "},
	} {
		if got := Unflowed(c.in, c.params); got != c.want {
			t.Errorf("Unflowed(%q, %v) = %q, want %q", c.in, c.params, got, c.want)
		}
	}
}
