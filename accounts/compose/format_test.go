package compose

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

func TestHasFormatting(t *testing.T) {
	for text, want := range map[string]bool{
		"plain words":                         false,
		"this is *important*":                 true,
		"this is _really_ it":                 true,
		"Shopping:\n- beans\n- squash":        true,
		"2 * 3 * 4 = 24":                      false,
		"snake_case_name and file_name.txt":   false,
		"https://example.com/a_b_c and *x* y": true,
		"> - quoted list only":                false,
		"-- \nSam":                            false,
	} {
		if got := HasFormatting(text); got != want {
			t.Errorf("HasFormatting(%q) = %v", text, got)
		}
	}
}

func TestTextToHTML(t *testing.T) {
	h := TextToHTMLBody("Hello *Kim*, see https://example.com/a_b?x=1&y=2.\n\n- _beans_\n- <script>\n\n> quoted *bit*\nend")
	for _, want := range []string{"<p>Hello <b>Kim</b>, see <a href=\"https://example.com/a_b?x=1&amp;y=2\">https://example.com/a_b?x=1&amp;y=2</a>.</p>",
		"<ul>\r\n<li><i>beans</i></li>\r\n<li>&lt;script&gt;</li>\r\n</ul>", "<blockquote", "<p>quoted <b>bit</b></p>", "<p>end</p>"} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q in\n%s", want, h)
		}
	}
}

func TestFormattedMessageIsAlternative(t *testing.T) {
	d := Draft{From: &mail.Address{Address: "sam@example.com"}, To: []*mail.Address{{Address: "kim@example.org"}}, Subject: "x", Body: "Bring *beans*.\n"}
	raw, _, _, err := Build(d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if !strings.Contains(s, "Content-Type: multipart/alternative") || strings.Index(s, "text/plain") > strings.Index(s, "text/html") ||
		!strings.Contains(s, "Bring *beans*.") || !strings.Contains(s, "<b>beans</b>") {
		t.Fatalf("%s", s)
	}
	d.Attachments = []File{{Name: "a.txt", Type: "text/plain", Data: []byte("x")}}
	raw, _, _, _ = Build(d, time.Now())
	s = string(raw)
	if !strings.Contains(s, "multipart/mixed") || !strings.Contains(s, "multipart/alternative") || !strings.Contains(s, `filename=a.txt`) {
		t.Fatalf("%s", s)
	}
	back, err := ParseDraft(raw)
	if err != nil || back.Body != "Bring *beans*.\n" || len(back.Attachments) != 1 {
		t.Fatalf("reopened: %+v %v", back, err)
	}
	d = Draft{From: d.From, To: d.To, Subject: "plain", Body: "nothing special"}
	raw, _, _, _ = Build(d, time.Now())
	if strings.Contains(string(raw), "multipart") {
		t.Fatal("a plain message became multipart")
	}
}
