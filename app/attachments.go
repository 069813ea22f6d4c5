package app

import (
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/opener"
	"github.com/postie-mail/postie/internal/safehttp"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// savedName is an attachment's name as it is saved and shown: no
// invisible characters, no right-to-left override (mailtext.FileName).
func savedName(a mailview.Attachment) string { return mailtext.FileName(a.Name, "attachment") }

// shownName is savedName short enough for a label or a dialog, its end
// (the type) always seen.
func shownName(a mailview.Attachment) string { return mailtext.ShortFileName(savedName(a), 60) }

func (r *reader) attachmentRow(a mailview.Attachment) fyne.CanvasObject {
	open := newTipButton(theme.FileIcon(), tr.X("attachment.open", "Open"), r.ui.tips, func() { r.openAttachment(a) })
	save := newTipButton(theme.DocumentSaveIcon(), tr.L("Save…"), r.ui.tips, func() { r.saveAttachment(a) })
	return attachmentLine(r.ui.tips, shownName(a), savedName(a), accounts.SizeText(a.Size), open, save)
}

// saveAttachment writes it where the person chooses, under a safe name.
func (r *reader) saveAttachment(a mailview.Attachment) {
	data, err := mailview.AttachmentData(r.raw, a)
	if err != nil {
		r.ui.showError(tr.L("Could not read the attachment"), err)
		return
	}
	r.ui.saveBytes(savedName(a), data, tr.L("Could not save the attachment"))
}

// openAttachment opens it with the system's program, after a warning for
// file types that can run programs.
func (r *reader) openAttachment(a mailview.Attachment) {
	open := func() {
		data, err := mailview.AttachmentData(r.raw, a)
		if err != nil {
			r.ui.showError(tr.L("Could not read the attachment"), err)
			return
		}
		dir, err := os.MkdirTemp("", "postie-open-")
		if err == nil {
			p := filepath.Join(dir, savedName(a))
			if err = os.WriteFile(p, data, 0o600); err == nil {
				markDownloaded(p)
				r.ui.openFile(p, func(err error) { r.offerSave(a, err) }) // it did not open: say so, in words
				return
			}
		}
		r.ui.showError(tr.L("Could not open the attachment"), err)
	}
	if !mailview.IsExecutable(a.Name) {
		open()
		return
	}
	confirm(r.ui.win, tr.L("Open a program?"),
		tr.L("“{{.File}}” is a program or script. Opening it lets it do anything on this computer. Open it only if you trust the sender and expected this file.", tr.M{"File": shownName(a)}),
		tr.L("Open it anyway"), tr.L("Don't open"), func(ok bool) {
			if ok {
				open()
			}
		})
}

// offerSave says that the file did not open (the system's own message,
// such as exec: "xdg-open": executable file not found or ShellExecute's
// code, means nothing to a person: it goes to the log) and offers to save
// it instead.
func (r *reader) offerSave(a mailview.Attachment, err error) {
	log.Printf("postie: opening %s: %v", savedName(a), err)
	msg := tr.L("This computer has no program set up to open “{{.File}}”. You can save it, then open it from your files.", tr.M{"File": shownName(a)})
	var failed *opener.Error
	if errors.As(err, &failed) && !failed.NoProgram {
		msg = tr.L("“{{.File}}” could not be opened with another program. You can save it, then open it from your files.", tr.M{"File": shownName(a)})
	}
	confirm(r.ui.win, tr.L("Cannot open this file"), msg, tr.L("Save…"), tr.L("Cancel"), func(save bool) {
		if save {
			r.saveAttachment(a)
		}
	})
}

// openLink shows a link's real destination before opening it.
func (r *reader) openLink(link string, suspicious bool) {
	shown, lookalike := mailview.DisplayLink(link)
	msg := tr.L("Open this link in your web browser?") + "\n\n" + shown
	if lookalike {
		msg += "\n\n" + tr.L("Careful: this web address uses letters from another alphabet that look like Latin ones, so it can pass for a site you know. It is shown here as the computer reads it. This is a common trick in fake messages.")
	} else if suspicious {
		msg += "\n\n" + tr.L("Careful: the text of this link shows a different web address than where it really leads. This is a common trick in fake messages.")
	}
	confirm(r.ui.win, tr.L("Open link?"), msg, tr.X("link.open", "Open"), tr.L("Cancel"), func(ok bool) {
		if ok {
			if u, err := url.Parse(link); err == nil {
				if err := r.ui.app.OpenURL(u); err != nil {
					r.ui.showError(tr.L("The link could not be opened"), err)
				}
			}
		}
	})
}

// maxSource caps the source shown on screen (the whole message is saved).
const maxSource = 512 << 10

// selectedRaw is the selected message and its stored bytes.
func (ui *UI) selectedRaw() (localstore.Summary, []byte, bool) {
	m, ok := ui.list.selected()
	if !ok {
		return m, nil, false
	}
	raw, err := ui.store.Raw(m.ID)
	if err != nil {
		ui.showError(tr.L("Could not read the message"), err)
		return m, nil, false
	}
	return m, raw, true
}

// saveBytes asks where to save data (suggesting name) and writes it,
// then says where it went, with a way to see it there; failed is what
// the person is told when it could not be saved.
func (ui *UI) saveBytes(name string, data []byte, failed string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		_, err = w.Write(data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			ui.showError(failed, err)
			return
		}
		if w.URI().Scheme() == "file" {
			markDownloaded(w.URI().Path())
		}
		ui.saved(w.URI())
	}, ui.win)
	d.SetFileName(name)
	present(ui.win, d)
}

// saved confirms where a file went: "Saved to Downloads", and a button
// that opens that folder.
func (ui *UI) saved(u fyne.URI) {
	folder, err := storage.Parent(u)
	text := tr.L("“{{.File}}” was saved to the folder you chose.", tr.M{"File": u.Name()})
	if err == nil {
		text = tr.L("“{{.File}}” was saved to {{.Folder}}.", tr.M{"File": u.Name(), "Folder": folder.Name()})
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	show := widget.NewButtonWithIcon(tr.L("Show in folder"), theme.FolderOpenIcon(), func() {
		d.Hide()
		if folder != nil {
			ui.showInFolder(u.Path(), folder.Path())
		}
	})
	d = dialog.NewCustom(tr.L("Saved"), tr.L("OK"), container.NewVBox(msg, container.NewHBox(show)), ui.win)
	d.Resize(fyne.NewSize(420, 160))
	ui.lastSaved = u
	present(ui.win, d)
}

// openFile hands a file to the program the system has for it
// (internal/opener: ShellExecute on Windows, xdg-open or gio open on Linux,
// open on macOS), off the UI goroutine, since the system may take a while
// to answer, and calls failed on the UI goroutine when it did not open.
// Tests replace the system with ui.opener.
func (ui *UI) openFile(p string, failed func(error)) {
	if ui.opener != nil {
		if err := ui.opener(&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}); err != nil {
			failed(err)
		}
		return
	}
	ui.bg(func() {
		if err := opener.Open(p); err != nil {
			fyne.Do(func() { failed(err) })
		}
	})
}

// showInFolder shows the file p in the system's file manager (selected
// in it on Windows and macOS; its folder dir elsewhere), and says so when
// that did not work.
func (ui *UI) showInFolder(p, dir string) {
	failed := func(err error) {
		log.Printf("postie: showing %s in its folder: %v", p, err)
		ui.showError(tr.L("Could not open the folder"), errors.New(tr.L("this computer has no program set up to show folders")))
	}
	if ui.opener != nil {
		if err := ui.opener(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}); err != nil {
			failed(err)
		}
		return
	}
	ui.bg(func() {
		if err := opener.ShowInFolder(filepath.FromSlash(p)); err != nil {
			fyne.Do(func() { failed(err) })
		}
	})
}

// showSource opens the selected message's raw text in a window.
func (ui *UI) showSource() {
	m, raw, ok := ui.selectedRaw()
	if !ok {
		return
	}
	text := strings.ToValidUTF8(string(raw), "\uFFFD")
	if len(text) > maxSource {
		text = strings.ToValidUTF8(text[:maxSource], "") + "\n\n" + tr.L("[… the rest is not shown here; use “Save as .eml” for the whole message]")
	}
	src := newTextArea(tr.L("The message's source"))
	src.SetText(text)
	src.TextStyle.Monospace = true
	src.Wrapping = fyne.TextWrapOff
	src.OnChanged = func(string) { src.SetText(text) } // read-only but selectable
	w := ui.app.NewWindow(tr.L("Source — {{.Subject}}", tr.M{"Subject": oneLine(m.Subject)}))
	w.SetContent(src)
	// Escape and Ctrl+W close it, as other windows of one thing to read
	// (#29, seen in the real window: only the window manager could).
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	w.Canvas().AddShortcut(shortcut(fyne.KeyW, false), func(fyne.Shortcut) { w.Close() })
	ui.sizeWindow(w, fyne.NewSize(800, 600))
	w.Show()
}

// saveEML saves the selected message byte for byte as an .eml file.
func (ui *UI) saveEML() {
	m, raw, ok := ui.selectedRaw()
	if !ok {
		return
	}
	name := mailtext.FileName(oneLine(m.Subject), "message")
	if name == "attachment" {
		name = "message"
	}
	ui.saveBytes(name+".eml", raw, tr.L("Could not save the message"))
}

// picture gives what to show for a picture block: the URI of a private
// temporary file, or a placeholder text. Pictures from the message itself
// (cid:) are always shown; pictures from the internet only once the person
// asked, and then fetched in the background. Every picture is measured
// before it reaches Fyne (mailview.PictureSize): one too large to decode
// safely is replaced by a line saying so.
func (r *reader) picture(b mailview.Block) (fyne.URI, string) {
	placeholder := ""
	if b.Text() != "" {
		placeholder = "[" + b.Text() + "]"
	}
	key := b.Src
	if key == "" {
		key = "cid:" + b.CID
	} else if !r.allowRemote {
		return nil, placeholder
	}
	if u, ok := r.fetched[key]; ok {
		if u != nil {
			return u, ""
		}
		if note := r.refused[key]; note != "" {
			return nil, note
		}
		if b.Src != "" && r.loading[key] {
			return nil, tr.L("[loading picture…]")
		}
		return nil, placeholder
	}
	r.fetched[key] = nil // once per message
	if b.Src != "" {
		r.loading[key] = true
		r.toFetch = append(r.toFetch, b.Src)
		return nil, tr.L("[loading picture…]")
	}
	u, err := r.inlinePicture(b.CID)
	if err != nil {
		r.refused[key] = mailview.PictureNote(err)
		return nil, r.refused[key]
	}
	r.fetched[key] = u
	if u == nil {
		return nil, placeholder
	}
	return u, ""
}

// maxPicture bounds a picture fetched from the internet.
const maxPicture = 5 << 20

// fetchPicture downloads one picture (only image types, at most 5 MB, no
// cookies, measured before it is written) and shows the message again
// when it is there.
func (r *reader) fetchPicture(src string) {
	id := r.currentID
	r.ui.bg(func() {
		u, w, h, err := r.download(src)
		fyne.Do(func() {
			if r.currentID != id {
				return
			}
			delete(r.loading, src)
			if err == nil && u != nil {
				err = r.budget.Add(w, h)
			}
			if err != nil {
				r.refused[src] = mailview.PictureNote(err)
				u = nil
			}
			r.fetched[src] = u
			r.refill()
		})
	})
}

// download fetches a picture from the internet; err is set when it came
// but is not one Postie shows (mailview.PictureSize).
func (r *reader) download(src string) (u fyne.URI, w, h int, err error) {
	client := r.ui.webClient
	if client == nil {
		client = safehttp.Client(15 * time.Second) // public addresses only, also after redirects
	}
	resp, err := client.Get(src)
	if err != nil {
		return nil, 0, 0, nil // not there: the alternative text stays
	}
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "image/") {
		return nil, 0, 0, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPicture+1))
	if err != nil || len(data) > maxPicture {
		return nil, 0, 0, nil
	}
	if w, h, err = mailview.PictureSize(data); err != nil {
		return nil, w, h, err
	}
	return r.writePicture(fmt.Sprintf("web-%d", len(r.fetched)), ct, data), w, h, nil
}

func (r *reader) writePicture(name, ctype string, data []byte) fyne.URI {
	if r.pictures == "" {
		var err error
		if r.pictures, err = os.MkdirTemp("", "postie-pictures-"); err != nil {
			return nil
		}
	}
	ext := ".img"
	if exts, _ := mime.ExtensionsByType(strings.SplitN(ctype, ";", 2)[0]); len(exts) > 0 {
		ext = exts[0]
	}
	p := filepath.Join(r.pictures, fmt.Sprintf("%d-%s%s", r.currentID, mailtext.FileName(name, "attachment"), ext))
	if err := os.WriteFile(p, data, 0o600); err != nil {
		return nil
	}
	return storage.NewFileURI(p)
}

// inlinePicture writes the message's own picture part to a private file,
// once measured and counted against the message's budget; err says why
// a picture that is there is not shown.
func (r *reader) inlinePicture(cid string) (fyne.URI, error) {
	for _, a := range r.view.Attachments {
		if a.ContentID != cid || !strings.HasPrefix(a.Type, "image/") {
			continue
		}
		data, err := mailview.AttachmentData(r.raw, a)
		if err != nil {
			return nil, nil
		}
		if _, _, err := r.budget.Take(data); err != nil {
			return nil, err
		}
		return r.writePicture(cid, a.Type, data), nil
	}
	return nil, nil
}

// saveAll saves every attachment into a chosen folder, under safe names
// that never overwrite each other.
func (r *reader) saveAll() {
	atts := r.view.Attachments
	raw := r.raw
	present(r.ui.win, dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		saved := 0
		for _, a := range atts {
			if a.Inline {
				continue
			}
			data, err := mailview.AttachmentData(raw, a)
			if err != nil {
				continue
			}
			if p, err := uniquePath(u.Path(), savedName(a)); err == nil && os.WriteFile(p, data, 0o644) == nil {
				markDownloaded(p)
				saved++
			}
		}
		inform(r.ui.win, tr.L("Attachments saved"), tr.N("{{.Count}} attachment saved in {{.Folder}}.", "{{.Count}} attachments saved in {{.Folder}}.", saved, tr.M{"Folder": filepath.FromSlash(u.Path())}))
	}, r.ui.win))
}

// uniquePath is dir/name, or dir/name (2), (3)… when that exists.
func uniquePath(dir, name string) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		n := name
		if i > 1 {
			n = fmt.Sprintf("%s (%d)%s", base, i, ext)
		}
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p, nil
		}
	}
	return "", fmt.Errorf("too many files called %s", name)
}
