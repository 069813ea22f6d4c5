package app

import (
	"errors"
	"log"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/internal/fonts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/opener"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/mailview"
	"github.com/postie-mail/postie/mailview/printout"
)

// Fyne has no printing: Print… makes a PDF of the open message and opens
// it in the system's PDF viewer, where the person prints it (every
// platform's viewer has Print); Save as PDF… keeps it where they choose.

// messagePDF renders the message open in the reader.
func (ui *UI) messagePDF() ([]byte, string, bool) {
	r := ui.reader
	if r.currentID == 0 || r.raw == nil {
		return nil, "", false
	}
	// The bundled font has Latin, Greek and Cyrillic; the system's fonts
	// the rest (Chinese, Japanese, Korean, Hebrew, Arabic), as in the
	// window, where Fyne falls back to them by itself.
	pf := printout.Fonts{Regular: theme.DefaultTextFont().Content(), Bold: theme.DefaultTextBoldFont().Content(),
		Fallback: pdfFallback}
	data, err := printout.PDF(r.view, fullDate(r.view.Date), pf, r.pictureBytes)
	if err != nil {
		ui.showError(tr.L("Could not make a PDF of this message"), err)
		return nil, "", false
	}
	name := mailtext.FileName(strings.TrimSpace(oneLine(r.view.Subject)), "message")
	if name == "attachment" || name == "" {
		name = "message"
	}
	return data, name + ".pdf", true
}

// pdfFallback finds fonts for the printout: the system's (see
// internal/fonts); tests may set another.
var pdfFallback = fonts.System().For

// doPrint opens the message as a PDF in the system's viewer, to print.
func (ui *UI) doPrint() {
	data, name, ok := ui.messagePDF()
	if !ok {
		return
	}
	ui.removePrinted() // the one printed before
	dir, err := os.MkdirTemp("", "postie-print-")
	if err == nil {
		p := filepath.Join(dir, name)
		if err = os.WriteFile(p, data, 0o600); err == nil {
			ui.printed = p
		}
	}
	if err != nil {
		ui.showError(tr.L("Could not open the message for printing"), err)
		return
	}
	ui.status.SetText(tr.L("The message opened in your PDF viewer: print it from there (File › Print)."))
	// Through the system's own opener, which says when nothing opened
	// it (#29, seen in the real window: with no PDF viewer the status
	// bar still said it had opened).
	printed := ui.printed
	ui.openFile(printed, func(err error) {
		log.Printf("postie: opening %s for printing: %v", printed, err)
		ui.clearStatus()
		msg := tr.L("This computer has no program set up to open “{{.File}}”. You can save it, then open it from your files.", tr.M{"File": name})
		var failed *opener.Error
		if errors.As(err, &failed) && !failed.NoProgram {
			msg = tr.L("“{{.File}}” could not be opened with another program. You can save it, then open it from your files.", tr.M{"File": name})
		}
		confirm(ui.win, tr.L("Cannot open this file"), msg, tr.L("Save…"), tr.L("Cancel"), func(save bool) {
			if save {
				ui.saveBytes(name, data, tr.L("Could not save the PDF"))
			}
		})
	})
}

// removePrinted deletes the PDF made for printing last (when Postie
// prints again or closes: the viewer has read it by then).
func (ui *UI) removePrinted() {
	if ui.printed != "" {
		if err := os.RemoveAll(filepath.Dir(ui.printed)); err != nil {
			log.Printf("postie: removing %s: %v", ui.printed, err)
		}
		ui.printed = ""
	}
}

// doSavePDF saves the message as a PDF where the person chooses.
func (ui *UI) doSavePDF() {
	if data, name, ok := ui.messagePDF(); ok {
		ui.saveBytes(name, data, tr.L("Could not save the PDF"))
	}
}

// pictureBytes is a picture sent inside the open message, by Content-ID.
func (r *reader) pictureBytes(cid string) []byte {
	for _, a := range r.view.Attachments {
		if a.ContentID == cid && strings.HasPrefix(a.Type, "image/") {
			if data, err := mailview.AttachmentData(r.raw, a); err == nil {
				return data
			}
		}
	}
	return nil
}
