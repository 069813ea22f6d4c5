package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/quarantine"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

func parseShow(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("show", env)
	raw := fs.Bool("raw", false, tr.L("print the message's exact stored bytes"))
	plain := fs.Bool("plain", false, tr.L("of a message sent in two versions, show the plain-text one (default: as the window's View › Prefer plain text is set)"))
	html := fs.Bool("html", false, tr.L("of a message sent in two versions, show the formatted (HTML) one"))
	text := fs.Bool("text", false, tr.L("print only the text of the message"))
	headers := fs.Bool("headers", false, tr.L("print the message's header as stored"))
	saveTo := fs.String("save-attachments", "", tr.L("save the attachments into this `folder`"))
	keepUnread := fs.Bool("keep-unread", false, tr.L("do not mark the message as read (showing it does, as in the window)"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 1 {
		return nil, usageError{tr.L("show needs one message id (postie list shows them)")}
	}
	if err := checkIDs("show", rest); err != nil {
		return nil, err
	}
	if n := count(*raw, *text, *headers); n > 1 {
		return nil, usageError{tr.L("choose one of --raw, --text and --headers")}
	}
	if *plain && *html {
		return nil, usageError{tr.L("choose --plain or --html, not both")}
	}
	preferPlain := *plain || !*html && windowPrefersPlain()
	dir := env.absPath(*saveTo)
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		m, err := findMessage(s, rest[0])
		if err != nil {
			return err
		}
		b, err := messageBytes(s, m, !*headers)
		if err != nil {
			return err
		}
		switch {
		case *raw:
			_, err = env.stdout.Write(b)
		case *headers:
			_, err = env.stdout.Write(headerOf(b))
		default:
			err = writeView(env.stdout, s, m, mailview.ParseWith(b, mailview.Options{PreferPlain: preferPlain}), *text)
		}
		if err == nil && dir != "" {
			err = saveAttachments(env, b, dir)
		}
		if err == nil && !*raw && !*headers && !*keepUnread && m.Flags&localstore.Seen == 0 {
			err = s.SetFlags([]int64{m.ID}, localstore.Seen, true) // as opening it in the window does
		}
		return err
	}}, nil
}

// windowPreferences is the file the window keeps its settings in (Fyne's
// preferences, in its storage folder: the default profile folder, which
// --profile does not move).
var windowPreferences = func() string { return filepath.Join(defaultProfile(), "preferences.json") }

// windowPrefersPlain says whether the window is set to show the
// plain-text version of messages (View › Prefer plain text). The
// setting is the window's, not the store's: it is read from the
// window's settings file, without starting the window; none (or one
// that cannot be read) is the window's default, the formatted version.
func windowPrefersPlain() bool {
	b, err := os.ReadFile(windowPreferences())
	if err != nil {
		return false
	}
	var prefs map[string]any
	if json.Unmarshal(b, &prefs) != nil {
		return false
	}
	v, _ := prefs[prefPlainKey].(bool)
	return v
}

// prefPlainKey is the window's key for "prefer plain text" (app/ui.go's
// prefPlain).
const prefPlainKey = "preferPlainText"

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// messageBytes are the stored bytes of a message. When only its header
// is here, the body is downloaded first, as the reader does; needBody
// false makes do with the header.
func messageBytes(s *localstore.Store, m localstore.Summary, needBody bool) ([]byte, error) {
	b, err := s.Raw(m.ID)
	if !errors.Is(err, localstore.ErrNotDownloaded) || !needBody {
		if errors.Is(err, localstore.ErrNotDownloaded) {
			err = nil
		}
		return b, err
	}
	f, err := s.Folder(m.FolderID)
	if err != nil {
		return nil, err
	}
	acct, err := accounts.Load(s, f.AccountID)
	if err != nil {
		return nil, err
	}
	syncer := &mailsync.Syncer{Store: s, Secrets: mailSecrets(s)}
	if err := syncer.FetchBody(context.Background(), acct, m); err != nil {
		// Explained here, in full: the bare reason (a server problem)
		// would hide that the message is only partly on this computer.
		return nil, errors.New(tr.L("only the header of this message is on this computer, and its body could not be downloaded now. {{.Reason}} Its header: postie show --headers",
			tr.M{"Reason": accounts.Explain(err)}))
	}
	return s.Raw(m.ID)
}

// headerOf is the header of a raw message, up to its blank line.
func headerOf(b []byte) []byte {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(b, sep); i >= 0 {
			return b[:i+len(sep)/2]
		}
	}
	return b
}

// writeView prints what the reader shows, as text.
func writeView(w io.Writer, s *localstore.Store, m localstore.Summary, v mailview.View, textOnly bool) error {
	var b strings.Builder
	if !textOnly {
		f, _ := newPlaces(s).of(m)
		acct, _ := s.Account(f.AccountID)
		line := func(s string) { b.WriteString(s + "\n") }
		if v.From != "" {
			line(tr.L("From: {{.From}}", tr.M{"From": v.From}))
		}
		if v.To != "" {
			line(tr.L("To: {{.To}}", tr.M{"To": v.To}))
		}
		if v.Cc != "" {
			line(tr.L("Cc: {{.Cc}}", tr.M{"Cc": v.Cc}))
		}
		if subject := oneLine(v.Subject); subject != "" {
			line(tr.L("Subject: {{.Subject}}", tr.M{"Subject": subject}))
		}
		if !v.Date.IsZero() {
			if v.DateZoneUnknown { // shown as sent: converting it would be a guess
				line(tr.L("Date: {{.Date}} (time zone not known)", tr.M{"Date": showDate(v.Date.UTC())}))
			} else {
				line(tr.L("Date: {{.Date}}", tr.M{"Date": showDate(v.Date.Local())}))
			}
		}
		line(tr.L("Folder: {{.Account}} › {{.Folder}}", tr.M{"Account": accountName(acct), "Folder": folderName(f)}))
		if m.MessageID != "" {
			line(tr.L("ID: {{.Number}}  Message-ID: {{.MessageID}}", tr.M{"Number": m.ID, "MessageID": "<" + m.MessageID + ">"}))
		} else {
			line(tr.L("ID: {{.Number}}", tr.M{"Number": m.ID}))
		}
		b.WriteString("\n")
	}
	b.WriteString(strings.TrimRight(v.Text, "\n"))
	b.WriteString("\n")
	if textOnly {
		_, err := io.WriteString(w, b.String())
		return err
	}
	if v.Cut {
		b.WriteString("\n" + tr.L("(The message is longer than Postie shows; postie show --raw gives all of it.)") + "\n")
	}
	if v.RemoteContent > 0 {
		b.WriteString("\n" + tr.N("({{.Count}} picture or other item from the internet not loaded.)", "({{.Count}} pictures or other items from the internet not loaded.)", v.RemoteContent) + "\n")
	}
	if v.Damaged || m.Damaged {
		b.WriteString("\n" + tr.L("(Part of this message could not be read; what could be read is shown. postie show --raw gives the stored bytes.)") + "\n")
	}
	if files := listed(v.Attachments); len(files) > 0 {
		b.WriteString("\n" + tr.L("Attachments:") + "\n")
		for _, a := range files {
			// The name is the one a save gives the file (not translated).
			b.WriteString("  " + tr.X("cli.show.attachment", "{{.File}} ({{.Type}}, {{.Size}})",
				tr.M{"File": mailtext.FileName(a.Name, "attachment"), "Type": a.Type, "Size": accounts.SizeText(a.Size)}) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// listed are the attachments the reader lists (not the pictures shown
// inside the text).
func listed(all []mailview.Attachment) []mailview.Attachment {
	var out []mailview.Attachment
	for _, a := range all {
		if !a.Inline {
			out = append(out, a)
		}
	}
	return out
}

// saveAttachments writes the listed attachments into dir, never over a
// file already there ("name (2).pdf" instead).
func saveAttachments(env *mailEnv, raw []byte, dir string) error {
	files := listed(mailview.Parse(raw).Attachments)
	if len(files) == 0 {
		fmt.Fprintln(env.stderr, tr.L("This message has no attachments to save."))
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("%s: %w", tr.L("cannot create the folder {{.Folder}}", tr.M{"Folder": dir}), err)
	}
	for _, a := range files {
		data, err := mailview.AttachmentData(raw, a)
		if err != nil {
			return fmt.Errorf("%s: %w", tr.L("the attachment “{{.File}}” could not be read", tr.M{"File": a.Name}), err)
		}
		path, err := writeNew(dir, mailtext.FileName(a.Name, "attachment"), data)
		if err != nil {
			return err
		}
		_ = quarantine.Mark(path) // marked as downloaded (macOS, Windows) where the disk can hold it, as the window does (#26)
		fmt.Fprintln(env.stderr, tr.L("Saved {{.File}}", tr.M{"File": path}))
		if mailview.IsExecutable(path) {
			fmt.Fprintln(env.stderr, "  "+tr.L("Careful: opening {{.File}} could run a program. Open it only if you expected it from the sender.", tr.M{"File": filepath.Base(path)}))
		}
	}
	return nil
}

// writeNew creates a file that did not exist, adding " (2)", " (3)"…
// before the extension when the name is taken.
func writeNew(dir, name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		n := name
		if i > 1 {
			n = base + " (" + strconv.Itoa(i) + ")" + ext
		}
		p := filepath.Join(dir, n)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", tr.L("cannot save {{.File}}", tr.M{"File": p}), err)
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(p) // half a file is worse than none; the write error is the one to report
			return "", fmt.Errorf("%s: %w", tr.L("cannot save {{.File}}", tr.M{"File": p}), werr)
		}
		return p, nil
	}
}
