// Package archive brings mail into the store from mbox files, Maildir
// folders and .eml files, and writes folders back out in those formats.
// The window's File menu and the `postie import` / `postie export`
// commands both use it.
package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// batchSize messages are stored per transaction: a crash loses at most the
// batch being written, and never leaves part of a message behind.
const batchSize = 500

// Report says what an import did, in words for the person.
type Report struct {
	Added      int
	Duplicates int      // already in the folder, not stored again
	Problems   []string // one line per file or message that was skipped
}

func (r *Report) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Summary is one sentence for the status bar or the terminal.
func (r Report) Summary() string {
	s := fmt.Sprintf("%d %s imported", r.Added, mailtext.Plural(r.Added, "message", "messages"))
	if r.Duplicates > 0 {
		s += fmt.Sprintf(", %d already here", r.Duplicates)
	}
	if n := len(r.Problems); n > 0 {
		s += fmt.Sprintf(", %d %s (see the list)", n, mailtext.Plural(n, "problem", "problems"))
	}
	return s + "."
}

// Importer adds messages to one folder in batches.
type Importer struct {
	Store    *localstore.Store
	FolderID int64
	Progress func(done int) // called after each stored batch; may be nil

	report  Report
	pending []localstore.NewMessage
	where   []string
}

// Import reads each path (an mbox file, a Maildir folder, a folder of .eml
// files, or a single .eml) into the folder. Bad files and bad messages are
// reported and skipped; every good message still gets in, and nothing
// already stored changes. The error is only for the store failing.
func (im *Importer) Import(paths ...string) (Report, error) {
	for _, p := range paths {
		if err := im.importPath(p); err != nil {
			return im.report, err
		}
	}
	return im.report, im.flush()
}

func (im *Importer) importPath(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			im.report.problem("%s: there is no such file or folder", p)
		} else {
			im.report.problem("%s: cannot be read (%v)", p, err)
		}
		return nil
	}
	if st.IsDir() {
		if isMaildir(p) {
			return im.importMaildir(p)
		}
		return im.importDir(p)
	}
	f, err := os.Open(p)
	if err != nil {
		im.report.problem("%s: cannot be read (%v)", p, err)
		return nil
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(5)
	if string(head) == "From " {
		return im.importMbox(p, br)
	}
	raw, err := io.ReadAll(br)
	if err != nil {
		im.report.problem("%s: cannot be read (%v)", p, err)
		return nil
	}
	return im.add(p, raw, 0)
}

// add checks one message and queues it; full batches are stored.
func (im *Importer) add(where string, raw []byte, flags localstore.Flags) error {
	if err := localstore.CheckMessage(raw); err != nil {
		im.report.problem("%s: skipped, %s", where, strings.TrimPrefix(err.Error(), localstore.ErrNotMail.Error()+": "))
		return nil
	}
	im.pending = append(im.pending, localstore.NewMessage{Raw: raw, Flags: flags, Received: time.Now()})
	im.where = append(im.where, where)
	if len(im.pending) >= batchSize {
		return im.flush()
	}
	return nil
}

func (im *Importer) flush() error {
	if len(im.pending) == 0 {
		return nil
	}
	res, err := im.Store.Add(im.FolderID, im.pending)
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Duplicate {
			im.report.Duplicates++
		} else {
			im.report.Added++
		}
	}
	im.pending, im.where = im.pending[:0], im.where[:0]
	if im.Progress != nil {
		im.Progress(im.report.Added + im.report.Duplicates)
	}
	return nil
}

// importMbox splits an mbox file at its From_ lines (a line starting with
// "From " at the start of the file or after an empty line) and undoes
// ">From " quoting (mboxrd, which also reads mboxo files correctly in all
// but rare cases).
func (im *Importer) importMbox(path string, br *bufio.Reader) error {
	var msg bytes.Buffer
	n := 0
	prevBlank := true
	started := false
	var flags localstore.Flags
	emit := func() error {
		if !started {
			return nil
		}
		n++
		raw := msg.Bytes()
		// The empty line before the next From_ line belongs to mbox.
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		if bytes.HasSuffix(raw, []byte("\r\n\r")) { // a CRLF empty line
			raw = raw[:len(raw)-1]
		}
		cp := make([]byte, len(raw))
		copy(cp, raw)
		msg.Reset()
		return im.add(fmt.Sprintf("%s, message %d", path, n), cp, flags|mboxFlags(cp))
	}
	endsWithNewline := true
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			endsWithNewline = line[len(line)-1] == '\n'
			if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
				if err := emit(); err != nil {
					return err
				}
				started = true
				prevBlank = false
				continue
			}
			if !started {
				im.report.problem("%s: does not look like an mbox file", path)
				return nil
			}
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
			if unq := unquoteFrom(line); unq != nil {
				line = unq
			}
			msg.Write(line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			im.report.problem("%s: reading stopped after %d messages (%v)", path, n, err)
			break
		}
	}
	if !endsWithNewline {
		im.report.problem("%s: the file seems to be cut off at the end; its last message may be incomplete", path)
	}
	return emit()
}

// unquoteFrom turns ">From ", ">>From "… into one '>' fewer; nil if the
// line is not quoted.
func unquoteFrom(line []byte) []byte {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	if i == 0 || !bytes.HasPrefix(line[i:], []byte("From ")) {
		return nil
	}
	return line[1:]
}

// mboxFlags reads the Status and X-Status headers mbox programs write.
func mboxFlags(raw []byte) localstore.Flags {
	hdr, _, _ := bytes.Cut(raw, []byte("\n\n"))
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 && i < len(hdr) {
		hdr = raw[:i]
	}
	var f localstore.Flags
	for _, line := range bytes.Split(hdr, []byte("\n")) {
		l := strings.ToLower(strings.TrimSpace(string(line)))
		if v, ok := strings.CutPrefix(l, "status:"); ok && strings.Contains(v, "r") {
			f |= localstore.Seen
		}
		if v, ok := strings.CutPrefix(l, "x-status:"); ok {
			if strings.Contains(v, "a") {
				f |= localstore.Answered
			}
			if strings.Contains(v, "f") {
				f |= localstore.Flagged
			}
		}
	}
	return f
}

func isMaildir(p string) bool {
	for _, sub := range []string{"cur", "new"} {
		if st, err := os.Stat(filepath.Join(p, sub)); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// importMaildir reads new/ and cur/, with the flags in the file names.
func (im *Importer) importMaildir(p string) error {
	for _, sub := range []string{"cur", "new"} {
		names, err := sortedNames(filepath.Join(p, sub))
		if err != nil {
			im.report.problem("%s: cannot be read (%v)", filepath.Join(p, sub), err)
			continue
		}
		for _, name := range names {
			full := filepath.Join(p, sub, name)
			raw, err := os.ReadFile(full)
			if err != nil {
				im.report.problem("%s: cannot be read (%v)", full, err)
				continue
			}
			if err := im.add(full, raw, maildirFlags(name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// maildirFlags reads the ":2,FRS" part of a Maildir file name.
func maildirFlags(name string) localstore.Flags {
	_, info, ok := strings.Cut(name, ":2,")
	if !ok {
		_, info, ok = strings.Cut(name, "!2,") // Windows-safe variant
	}
	if !ok {
		return 0
	}
	var f localstore.Flags
	for _, c := range info {
		switch c {
		case 'S':
			f |= localstore.Seen
		case 'R':
			f |= localstore.Answered
		case 'F':
			f |= localstore.Flagged
		case 'D':
			f |= localstore.Draft
		}
	}
	return f
}

// importDir imports every .eml file (and every mbox file) in a folder.
func (im *Importer) importDir(p string) error {
	names, err := sortedNames(p)
	if err != nil {
		im.report.problem("%s: cannot be read (%v)", p, err)
		return nil
	}
	found := false
	for _, name := range names {
		ext := strings.ToLower(filepath.Ext(name))
		if ext == ".eml" || ext == ".mbox" || ext == ".mbx" {
			found = true
			if err := im.importPath(filepath.Join(p, name)); err != nil {
				return err
			}
		}
	}
	if !found {
		im.report.problem("%s: has no .eml or .mbox files and is not a Maildir folder", p)
	}
	return nil
}

func sortedNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}
