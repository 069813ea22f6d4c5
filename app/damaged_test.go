package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/testmail"
	"github.com/postie-mail/postie/localstore"
)

// A message nested past what Postie reads as structure opens at once in
// the reader with its header, a plain note that not all of it could be
// read, and the rest as one attachment; a message with an empty
// In-Reply-To opens normally. The window lives on.
func TestReaderShowsHostileMessages(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: testmail.Nested(20000)}}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "nested parts")
	capture(t, ui, "reader-damaged")
	if !ui.reader.damaged.Visible() {
		t.Fatal("no note that the message could not be read whole")
	}
	if len(ui.reader.attachments.Objects) != 1 {
		t.Fatalf("%d attachment rows, want the further parts", len(ui.reader.attachments.Objects))
	}
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: testmail.EmptyInReplyTo()}}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "a reply with nothing in In-Reply-To")
	if ui.reader.damaged.Visible() {
		t.Fatal("an ordinary message is marked as damaged")
	}
	var text strings.Builder
	for _, seg := range ui.reader.body.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok {
			text.WriteString(ts.Text)
		}
	}
	if !strings.Contains(text.String(), "Hello") {
		t.Fatalf("body shown: %q", text.String())
	}
}

// openBySubject selects the message with this subject in the list.
func openBySubject(t *testing.T, ui *UI, subject string) {
	t.Helper()
	for i := 0; i < ui.list.list.Length(); i++ {
		ui.list.list.Select(i)
		if ui.reader.subject.Text == subject {
			ui.win.Canvas().Capture() // render everything
			return
		}
	}
	t.Fatalf("no message %q in the list", subject)
}
