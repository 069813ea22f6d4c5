package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The exceptions made with "Always show them for this sender" can be
// seen and removed.
func TestRemoteSendersCanBeRemoved(t *testing.T) {
	ui, _ := newTestUI(t)
	ui.app.Preferences().SetStringList(prefRemote, []string{"news@shop.example", "kim@example.org"})
	w := ui.showRemoteSenders()
	defer w.Close()
	if text := textOf(w); !strings.Contains(text, "news@shop.example") || !strings.Contains(text, "kim@example.org") {
		t.Fatalf("listed:\n%s", text)
	}
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Remove" {
			test.Tap(b)
			break
		}
	}
	if got := ui.app.Preferences().StringList(prefRemote); len(got) != 1 || got[0] != "kim@example.org" {
		t.Fatalf("after Remove: %v", got)
	}
}
