package app

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func overlayText(ui *UI) string {
	var b strings.Builder
	if over := ui.win.Canvas().Overlays().Top(); over != nil {
		for _, o := range test.LaidOutObjects(over) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// After the first account, Postie offers once, without blocking, to open
// email links; yes makes it the mailto handler (xdg-mime on Linux); the
// offer does not come again. Help › About names the version and where
// the mail is kept.
func TestOfferToOpenEmailLinksAndAbout(t *testing.T) {
	ui, s := newTestUI(t)
	ui.opts.Version = "9.9.9"
	var ran []string
	ui.commander = func(name string, args ...string) error { ran = append([]string{name}, args...); return nil }
	ui.offerDefaultMail()
	if !strings.Contains(overlayText(ui), "Open email links with Postie?") {
		t.Fatalf("no offer:\n%s", overlayText(ui))
	}
	capture(t, ui, "offer-default-mail")
	answerDialog(t, ui.win, true)
	if runtime.GOOS == "linux" && strings.Join(ran, " ") != "xdg-mime default io.github.postie_mail.postie.desktop x-scheme-handler/mailto" {
		t.Fatalf("ran %q", ran)
	}
	ui.offerDefaultMail()
	if ui.win.Canvas().Overlays().Top() != nil {
		t.Fatal("offered twice")
	}
	ui.showAbout()
	text := overlayText(ui)
	if !strings.Contains(text, "Postie 9.9.9") || !strings.Contains(text, s.Dir()) {
		t.Fatalf("about:\n%s", text)
	}
}
