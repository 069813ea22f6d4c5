package mailtext

import "testing"

// The index's text of HTML holds what the reader shows of a picture (its
// alt text); the plain text of HTML (a reopened draft) does not.
func TestHTMLIndexTextHoldsPictureText(t *testing.T) {
	in := `<p>Hey <img src="cid:x" alt=" Blue   dot "> there</p><img alt=""><script><img alt="hidden"></script><p>after</p>`
	if got, want := HTMLIndexText(in, -1), "Hey Blue dot there\nafter"; got != want {
		t.Errorf("index text %q, want %q", got, want)
	}
	if got, want := HTMLText(in), "Hey there\nafter"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}
