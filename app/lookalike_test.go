package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/mailview"
)

// A link whose host imitates another with letters of another alphabet is
// marked ⚠ and shows where it goes in its xn-- form, as browsers do.
func TestLookalikeLinkIsShownAsPunycode(t *testing.T) {
	v := mailview.Parse([]byte("From: a@b.c\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p><a href=\"https://p\u0430ypal.com/login\">Your account</a></p>\r\n"))
	var tapped string
	segs := segments(v.Blocks, nil, func(link string, sus bool) {
		if sus {
			tapped = link
		}
	}, nil)
	var text strings.Builder
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.HyperlinkSegment:
			text.WriteString(s.Text + "\n")
			s.OnTapped()
		case *widget.TextSegment:
			text.WriteString(s.Text + "\n")
		}
	}
	if !strings.Contains(text.String(), "Your account ⚠") || !strings.Contains(text.String(), "goes to xn--pypal-4ve.com") || tapped == "" {
		t.Fatalf("shown:\n%s", text.String())
	}
}
