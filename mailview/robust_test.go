package mailview

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/testmail"
)

// A message nested 20,000 levels deep is shown at once: its header, and
// what lies past the nesting limit as one attachment that can be saved.
func TestDeeplyNestedMessageIsShown(t *testing.T) {
	raw := testmail.Nested(20000)
	v := Parse(raw)
	if v.Subject != "nested parts" || v.From != "Nester <nest@example.com>" || !v.Damaged {
		t.Fatalf("view %+v", v)
	}
	if len(v.Attachments) != 1 || v.Attachments[0].Name != furtherParts {
		t.Fatalf("attachments %+v", v.Attachments)
	}
	data, err := AttachmentData(raw, v.Attachments[0])
	if err != nil || !strings.Contains(string(data), "deep down") {
		t.Fatalf("the further parts cannot be saved: %v (%d bytes)", err, len(data))
	}
}

func TestEmptyInReplyToIsShown(t *testing.T) {
	v := Parse(testmail.EmptyInReplyTo())
	if v.Subject == "" || v.Damaged || !strings.Contains(v.Text, "Hello") {
		t.Fatalf("view %+v", v)
	}
}

func BenchmarkParseNested2MB(b *testing.B) {
	raw := testmail.NestedOfSize(2 << 20)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Parse(raw)
	}
}
