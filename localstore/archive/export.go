package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Format is an export format.
type Format string

// The export formats.
const (
	Mbox    Format = "mbox"    // one file per folder, mboxrd quoting
	Maildir Format = "maildir" // one folder per folder, flags in file names
	EML     Format = "eml"     // one .eml file per message
)

// ParseFormat accepts "mbox", "maildir" or "eml".
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Mbox, Maildir, EML:
		return f, nil
	}
	return "", errors.New(tr.L("unknown format “{{.Format}}”: use mbox, maildir or eml", tr.M{"Format": s}))
}

// ExportFolder writes every message of a folder, oldest first, into dir:
// dir/NAME.mbox, dir/NAME/ (a Maildir) or dir/NAME/*.eml. Messages are
// written byte for byte as stored. It never overwrites: an existing target
// is an error. It returns how many messages were written.
func ExportFolder(s *localstore.Store, f localstore.Folder, format Format, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("%s: %w", tr.L("cannot create {{.Dir}}", tr.M{"Dir": dir}), err)
	}
	name := mailtext.FileName(f.Name, "folder")
	switch format {
	case Mbox:
		return exportMbox(s, f, filepath.Join(dir, name+".mbox"))
	case Maildir:
		return exportFiles(s, f, filepath.Join(dir, name), true)
	case EML:
		return exportFiles(s, f, filepath.Join(dir, name), false)
	}
	return 0, fmt.Errorf("unknown format %q", format)
}

// ExportAccount writes every folder of an account into dir/ACCOUNT/.
func ExportAccount(s *localstore.Store, a localstore.Account, format Format, dir string) (int, error) {
	folders, err := s.Folders(a.ID)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, f := range folders {
		n, err := ExportFolder(s, f, format, filepath.Join(dir, mailtext.FileName(a.Name, "account")))
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func notThere(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return errors.New(tr.L("{{.File}} already exists: choose an empty folder to export into", tr.M{"File": path}))
	}
	return nil
}

func exportMbox(s *localstore.Store, f localstore.Folder, path string) (int, error) {
	if err := notThere(path); err != nil {
		return 0, err
	}
	n := 0
	err := WriteMboxFile(path, func(w *bufio.Writer) error {
		return s.EachRaw(f.ID, func(m localstore.Summary, raw []byte) error {
			n++
			return WriteMboxMessage(w, m, raw)
		})
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", tr.L("exporting {{.Folder}} failed, nothing was written", tr.M{"Folder": f.Name}), err)
	}
	return n, nil
}

// WriteMboxFile writes an mbox file whole or not at all: fill writes the
// messages into a temporary file next to path, which is synced to disk
// and then renamed to path (replacing what was there).
func WriteMboxFile(path string, fill func(w *bufio.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".postie-mbox-*")
	if err != nil {
		return fmt.Errorf("%s: %w", tr.L("cannot write in {{.Dir}}", tr.M{"Dir": filepath.Dir(path)}), err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // after the rename there is nothing left to remove
	w := bufio.NewWriterSize(tmp, 256<<10)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}

// Postie marks its own From_ lines with the old UUCP tail "remote from
// HOST", which mbox readers accept: postieMark for a message ending in a
// line break, postieMarkNoEOL for one that does not (the line break the
// writer adds is then not part of it). Importer knows a piece after such a
// line is exactly one message: no guessing where it ends.
const (
	postieMark      = " remote from postie"
	postieMarkNoEOL = " remote from postie.noeol"
)

// WriteMboxMessage writes one message as mboxrd: a From_ line (with
// Postie's mark), the bytes with every line matching ^>*From  given one
// more '>', a line break if the message does not end in one, and an empty
// line. Reading it back with Importer gives exactly the same bytes.
func WriteMboxMessage(w *bufio.Writer, m localstore.Summary, raw []byte) error {
	sender := "MAILER-DAEMON"
	if a, err := mail.ParseAddress(firstAddress(m.From)); err == nil && a.Address != "" && !strings.ContainsAny(a.Address, " \t") {
		sender = a.Address
	}
	mark := postieMark
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		mark = postieMarkNoEOL
	}
	fmt.Fprintf(w, "From %s %s%s\n", sender, m.Date.UTC().Format("Mon Jan _2 15:04:05 2006"), mark)
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line = raw[:i+1]
		}
		raw = raw[len(line):]
		if unquoteFrom(line) != nil || bytes.HasPrefix(line, []byte("From ")) {
			w.WriteByte('>')
		}
		w.Write(line)
		if len(raw) == 0 && line[len(line)-1] != '\n' {
			w.WriteByte('\n')
		}
	}
	_, err := w.WriteString("\n")
	return err
}

func firstAddress(list string) string {
	if i := strings.Index(list, ">,"); i >= 0 {
		return list[:i+1]
	}
	return list
}

// exportFiles writes a Maildir (tmp, new, cur; files land in cur/ with
// their flags) or a folder of .eml files.
func exportFiles(s *localstore.Store, f localstore.Folder, dir string, maildir bool) (int, error) {
	if err := notThere(dir); err != nil {
		return 0, err
	}
	target := dir
	if maildir {
		for _, sub := range []string{"tmp", "new", "cur"} {
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
				return 0, err
			}
		}
		target = filepath.Join(dir, "cur")
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	err := s.EachRaw(f.ID, func(m localstore.Summary, raw []byte) error {
		n++
		var name string
		if maildir {
			name = MaildirName(m)
		} else {
			name = fmt.Sprintf("%06d %s.eml", n, mailtext.FileName(truncate(m.Subject, 60), "untitled"))
		}
		return writeFileSynced(filepath.Join(target, name), raw)
	})
	if err != nil {
		return n, fmt.Errorf("%s: %w", tr.N("exporting {{.Folder}} stopped after {{.Count}} message", "exporting {{.Folder}} stopped after {{.Count}} messages",
			n-1, tr.M{"Folder": f.Name}), err)
	}
	return n, nil
}

// MaildirName is the file name a message gets in a Maildir's cur/: unique
// (its date and Postie's number for it) and with its flags.
func MaildirName(m localstore.Summary) string {
	return fmt.Sprintf("%d.%d.postie%s2,%s", m.Date.Unix(), m.ID, maildirSeparator(runtime.GOOS), maildirInfo(m.Flags))
}

func maildirInfo(f localstore.Flags) string {
	var b strings.Builder
	for _, x := range []struct {
		flag localstore.Flags
		c    byte
	}{{localstore.Draft, 'D'}, {localstore.Flagged, 'F'}, {localstore.Answered, 'R'}, {localstore.Seen, 'S'}} {
		if f&x.flag != 0 {
			b.WriteByte(x.c)
		}
	}
	return b.String()
}

func writeFileSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if err != nil {
		_ = f.Close()       // the write's error is the one to report…
		_ = os.Remove(path) // …and no half-written file stays
		return err
	}
	return f.Close()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// LeftOnServer counts the messages an export leaves out because only
// their header is here (an IMAP account keeping only recent mail
// offline): of one folder, or of every folder of the account when
// folderID is 0.
func LeftOnServer(s *localstore.Store, accountID, folderID int64) int {
	folders, err := s.Folders(accountID)
	if err != nil {
		return 0
	}
	n := 0
	for _, f := range folders {
		if folderID == 0 || f.ID == folderID {
			c, _ := s.PartialCount(f.ID)
			n += c
		}
	}
	return n
}

// LeftOnServerText explains n left out, or is "".
func LeftOnServerText(n int) string {
	if n == 0 {
		return ""
	}
	return tr.N("{{.Count}} message was not exported because it is kept on the server only (not downloaded): open it first, or set the account to keep all mail for reading offline, then export again.",
		"{{.Count}} messages were not exported because they are kept on the server only (not downloaded): open them first, or set the account to keep all mail for reading offline, then export again.", n)
}

// maildirSeparator is what stands before a Maildir file name's "2,FLAGS":
// ':' as the Maildir specification says, but '!' on Windows, whose file
// systems refuse ':' in names (the separator Windows Maildir tools use;
// import reads both).
func maildirSeparator(goos string) string {
	if goos == "windows" {
		return "!"
	}
	return ":"
}
