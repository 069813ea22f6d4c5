// Package archive brings mail into the store from mbox files, Maildir
// folders and .eml files, and writes folders back out in those formats.
// The window's File menu and the `postie import` / `postie export`
// commands both use it.
package archive

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// batchSize messages are stored per transaction: a crash loses at most the
// batch being written, and never leaves part of a message behind.
const batchSize = 500

// Report says what an import did, in words for the person (in their
// language).
type Report struct {
	Added      int
	Duplicates int      // already in the folder, not stored again
	Problems   []string // one line per file or message that was skipped
}

// problem adds a line, a sentence in the person's language.
func (r *Report) problem(line string) {
	r.Problems = append(r.Problems, line)
}

// cannotRead is the line for a file or folder that cannot be read.
func cannotRead(path string, err error) string {
	return tr.L("{{.File}}: cannot be read ({{.Error}})", tr.M{"File": path, "Error": err.Error()})
}

// Summary is one sentence for the status bar or the terminal, in the
// person's language.
func (r Report) Summary() string {
	m := tr.M{"Duplicates": tr.Number(r.Duplicates),
		"Problems": tr.XN("archive.problems", "{{.Count}} problem", "{{.Count}} problems", len(r.Problems))}
	switch {
	case r.Duplicates > 0 && len(r.Problems) > 0:
		return tr.N("{{.Count}} message imported, {{.Duplicates}} already here, {{.Problems}} (see the list).",
			"{{.Count}} messages imported, {{.Duplicates}} already here, {{.Problems}} (see the list).", r.Added, m)
	case r.Duplicates > 0:
		return tr.N("{{.Count}} message imported, {{.Duplicates}} already here.", "{{.Count}} messages imported, {{.Duplicates}} already here.", r.Added, m)
	case len(r.Problems) > 0:
		return tr.N("{{.Count}} message imported, {{.Problems}} (see the list).", "{{.Count}} messages imported, {{.Problems}} (see the list).", r.Added, m)
	}
	return tr.N("{{.Count}} message imported.", "{{.Count}} messages imported.", r.Added)
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
			im.report.problem(tr.L("{{.File}}: there is no such file or folder", tr.M{"File": p}))
		} else {
			im.report.problem(cannotRead(p, err))
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
		im.report.problem(cannotRead(p, err))
		return nil
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(5)
	eml := strings.EqualFold(filepath.Ext(p), ".eml")
	if string(head) == "From " && !eml {
		return im.importMbox(p, br)
	}
	raw, err := io.ReadAll(br)
	if err != nil {
		im.report.problem(cannotRead(p, err))
		return nil
	}
	if eml && string(head) == "From " {
		// An .eml saved with its mbox From_ line: that one line goes,
		// every other byte stays.
		if _, rest, ok := bytes.Cut(raw, []byte("\n")); ok {
			raw = rest
		}
	}
	return im.add(p, raw, 0)
}

// add checks one message and queues it; full batches are stored.
func (im *Importer) add(where string, raw []byte, flags localstore.Flags) error {
	if err := localstore.CheckMessage(raw); err != nil {
		im.report.problem(tr.L("{{.File}}: skipped, {{.Reason}}", tr.M{"File": where, "Reason": localstore.NotMailReason(err)}))
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
// but rare cases). No text is ever dropped: a From_ line inside a
// message's body (an mbox written without quoting) is kept in that body
// where the message's Content-Length says its body goes on, or where
// what follows cannot stand as a message of its own (it does not start
// with a header line). A piece after a From_ line Postie wrote (see
// postieMark) is exactly one message, read back as it was written.
func (im *Importer) importMbox(path string, br *bufio.Reader) error {
	var cur bytes.Buffer // the piece being read, after its From_ line
	var pending []byte   // the last whole piece, not yet stored
	n, havePending, started, prevBlank := 0, false, false, true
	var curFrom []byte
	var curMark, pendingMark fromMark // who wrote the From_ line of cur, of pending
	emit := func(raw []byte, mark fromMark) error {
		n++
		raw = trimMboxEnd(raw, mark)
		return im.add(tr.L("{{.File}}, message {{.Number}}", tr.M{"File": path, "Number": tr.Number(n)}), raw, mboxFlags(raw))
	}
	// finish ends the current piece: it becomes the pending message, or,
	// if it cannot stand alone, goes back into the pending one with its
	// From_ line.
	finish := func() error {
		piece := bytes.Clone(cur.Bytes())
		cur.Reset()
		switch {
		case !havePending:
			pending, havePending = piece, true
		case curMark != otherWriter || standsAlone(piece):
			if err := emit(pending, pendingMark); err != nil {
				return err
			}
			pending = piece
		default:
			pending = append(append(pending, curFrom...), piece...)
		}
		pendingMark = curMark // the end of pending is now cur's
		return nil
	}
	endsWithNewline := true
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			endsWithNewline = line[len(line)-1] == '\n'
			if prevBlank && bytes.HasPrefix(line, []byte("From ")) && !(started && curMark == otherWriter && bodyGoesOn(cur.Bytes())) {
				if started {
					if err := finish(); err != nil {
						return err
					}
				}
				started, prevBlank = true, false
				curFrom = bytes.Clone(line)
				curMark = markOf(line)
				continue
			}
			if !started {
				im.report.problem(tr.L("{{.File}}: does not look like an mbox file", tr.M{"File": path}))
				return nil
			}
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
			if unq := unquoteFrom(line); unq != nil {
				line = unq
			}
			cur.Write(line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			im.report.problem(tr.N("{{.File}}: reading stopped after {{.Count}} message ({{.Error}})", "{{.File}}: reading stopped after {{.Count}} messages ({{.Error}})",
				n, tr.M{"File": path, "Error": err.Error()}))
			break
		}
	}
	if !endsWithNewline {
		im.report.problem(tr.L("{{.File}}: the file seems to be cut off at the end; its last message may be incomplete", tr.M{"File": path}))
	}
	if !started {
		return nil
	}
	if err := finish(); err != nil {
		return err
	}
	return emit(pending, pendingMark)
}

// fromMark says who wrote a From_ line: another program, or Postie (which
// quotes every "From " line inside a message, so the next From_ line is
// the next message).
type fromMark int

const (
	otherWriter fromMark = iota
	postieWriter
	postieWriterNoEOL // the message did not end in a line break
)

func markOf(fromLine []byte) fromMark {
	l := bytes.TrimRight(fromLine, "\r\n")
	switch {
	case bytes.HasSuffix(l, []byte(postieMarkNoEOL)):
		return postieWriterNoEOL
	case bytes.HasSuffix(l, []byte(postieMark)):
		return postieWriter
	}
	return otherWriter
}

// trimMboxEnd takes off what mbox added after a message: the empty line
// before the next From_ line (the last message may end without one: its
// line break stays), and for Postie's files exactly what the writer added.
func trimMboxEnd(raw []byte, mark fromMark) []byte {
	if mark != otherWriter {
		added := 1 // the empty line
		if mark == postieWriterNoEOL {
			added = 2 // and the line break ending the last line
		}
		for ; added > 0 && bytes.HasSuffix(raw, []byte("\n")); added-- {
			raw = raw[:len(raw)-1]
		}
		return raw
	}
	if bytes.HasSuffix(raw, []byte("\r\n\r\n")) {
		return raw[:len(raw)-2]
	} else if bytes.HasSuffix(raw, []byte("\n\n")) {
		return raw[:len(raw)-1]
	}
	return raw
}

// standsAlone says whether a piece of an mbox starts like a message: with
// a header line ("Name: value", also the obsolete "Name : value").
func standsAlone(piece []byte) bool {
	first, _, _ := bytes.Cut(piece, []byte("\n"))
	name, _, ok := bytes.Cut(first, []byte(":"))
	name = bytes.TrimRight(name, " \t")
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// bodyGoesOn says whether the message read so far declares, with
// Content-Length, a body longer than what has been read: a From_ line
// there is part of the body (mboxcl and mboxcl2 files, and programs that
// write Content-Length without quoting From_ lines).
func bodyGoesOn(msg []byte) bool {
	hdr, body, ok := bytes.Cut(msg, []byte("\n\r\n"))
	if !ok {
		if hdr, body, ok = bytes.Cut(msg, []byte("\n\n")); !ok {
			return false
		}
	}
	for _, line := range bytes.Split(hdr, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if ok && strings.EqualFold(strings.TrimSpace(string(k)), "Content-Length") {
			want, err := strconv.Atoi(strings.TrimSpace(string(v)))
			return err == nil && want > 0 && len(body) < want
		}
	}
	return false
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
			im.report.problem(cannotRead(filepath.Join(p, sub), err))
			continue
		}
		for _, name := range names {
			full := filepath.Join(p, sub, name)
			raw, err := os.ReadFile(full)
			if err != nil {
				im.report.problem(cannotRead(full, err))
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
		im.report.problem(cannotRead(p, err))
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
		im.report.problem(tr.L("{{.File}}: has no .eml or .mbox files and is not a Maildir folder", tr.M{"File": p}))
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
