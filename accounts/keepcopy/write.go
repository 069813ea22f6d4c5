package keepcopy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// onDisk is the file a folder's path names on the disk: the path itself.
// Tests replace it to act as a case-insensitive, normalising file system
// (macOS, Windows), where "Work" and "work" are one file.
var onDisk = func(path string) string { return path }

// written is one message as it should read back from the copy.
type written struct {
	id   int64
	sum  [32]byte
	name string // the file's name (Maildir)
}

// folderCopy is one folder written into the copy, to read back.
type folderCopy struct {
	folder localstore.Folder
	items  []localstore.CopyItem
	path   string // the .mbox file or the Maildir
	out    []written
	bad    map[int64]string
}

// write puts every folder of the account into the run's folder (one
// .mbox file or one Maildir per folder), then, once all are written,
// reads each back and compares it with the store, and fills in the
// report. Reading back only at the end finds a file that a later folder
// wrote over (on a disk that takes two names for one).
func (c *Copier) write(ctx context.Context, acct accounts.Account, run localstore.CopyRun, rep *Report) error {
	folders, err := c.Store.Folders(acct.ID)
	if err != nil {
		return err
	}
	maildir := archive.Format(run.Format) == archive.Maildir
	used := reservedNames()
	var done []folderCopy
	for _, f := range folders {
		if err := ctx.Err(); err != nil {
			return err
		}
		items, err := c.Store.CopyItems(f.ID, run)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			continue
		}
		byID := make(map[int64]localstore.CopyItem, len(items))
		for _, it := range items {
			byID[it.ID] = it
		}
		fc := folderCopy{folder: f, items: items}
		name := uniqueName(used, mailtext.FileName(f.Name, "folder"))
		if maildir {
			fc.path = onDisk(filepath.Join(run.Dir, name))
			fc.out, fc.bad, err = writeMaildir(c.Store, f, byID, fc.path)
		} else {
			fc.path = onDisk(filepath.Join(run.Dir, name+".mbox"))
			fc.out, fc.bad, err = writeMbox(c.Store, f, byID, fc.path)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tr.L("writing {{.Folder}} into {{.Dir}}", tr.M{"Folder": f.Name, "Dir": run.Dir}), err)
		}
		done = append(done, fc)
	}
	for _, fc := range done {
		var readBack map[int64]bool
		if maildir {
			readBack, err = readMaildir(fc.path, fc.out)
		} else {
			readBack, err = readMbox(fc.path, fc.out)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tr.L("reading back {{.Folder}} from {{.Dir}}", tr.M{"Folder": fc.folder.Name, "Dir": run.Dir}), err)
		}
		rep.Folders++
		for _, it := range fc.items {
			rep.classify(fc.folder, it, readBack[it.ID], fc.bad[it.ID])
		}
	}
	return nil
}

// diskKey is what a file name is to the file systems the copy may be on:
// macOS and Windows take names that differ only in case ("Work", "work")
// or in Unicode normalisation (é as one character or as e and an accent)
// for the same file.
func diskKey(name string) string {
	return cases.Fold().String(norm.NFC.String(name))
}

// reservedNames are the names of the run's folder taken before any mail
// folder's: the report's.
func reservedNames() map[string]bool {
	return map[string]bool{diskKey(ReportFile): true}
}

// uniqueName gives two folders of the same name, as the disk sees names
// (diskKey), different file names; used holds the keys taken.
func uniqueName(used map[string]bool, name string) string {
	n := name
	for i := 2; used[diskKey(n)]; i++ {
		n = fmt.Sprintf("%s (%d)", name, i)
	}
	used[diskKey(n)] = true
	return n
}

// sumOf checks the stored bytes against the digest stored with them and
// returns what the copy should hold; bad is why it cannot be trusted.
func sumOf(it localstore.CopyItem, raw []byte) (sum [32]byte, bad string) {
	sum = sha256.Sum256(raw)
	if !bytes.Equal(sum[:], it.SHA256) {
		return sum, tr.L("the copy on this computer no longer reads back as it was stored (the disk may be failing)")
	}
	return sum, ""
}

// writeMbox writes a folder as one mbox file (mboxrd quoting), whole or
// not at all, replacing an earlier attempt.
func writeMbox(s *localstore.Store, f localstore.Folder, items map[int64]localstore.CopyItem, path string) ([]written, map[int64]string, error) {
	var out []written
	bad := map[int64]string{}
	err := archive.WriteMboxFile(path, func(w *bufio.Writer) error {
		out = out[:0]
		return s.EachRaw(f.ID, func(m localstore.Summary, raw []byte) error {
			sum, why := sumOf(items[m.ID], raw)
			if why != "" {
				bad[m.ID] = why
			}
			if len(raw) > 0 && raw[len(raw)-1] != '\n' {
				// mbox ends every message with a line break.
				sum = sha256.Sum256(append(raw[:len(raw):len(raw)], '\n'))
			}
			out = append(out, written{id: m.ID, sum: sum})
			return archive.WriteMboxMessage(w, m, raw)
		})
	})
	return out, bad, err
}

// readMbox reads an mbox file this package wrote and says which of the
// messages expected read back exactly. Every "From " line starts a
// message (the writer quoted those inside messages).
func readMbox(path string, want []written) (map[int64]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	var sums [][32]byte
	var cur bytes.Buffer
	started := false
	end := func() {
		b := cur.Bytes()
		if len(b) > 0 && b[len(b)-1] == '\n' {
			b = b[:len(b)-1] // the empty line between messages
		}
		sums = append(sums, sha256.Sum256(b))
		cur.Reset()
	}
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if bytes.HasPrefix(line, []byte("From ")) {
				if started {
					end()
				}
				started = true
			} else if started {
				if i := bytes.IndexFunc(line, func(r rune) bool { return r != '>' }); i > 0 && bytes.HasPrefix(line[i:], []byte("From ")) {
					line = line[1:]
				}
				cur.Write(line)
			}
		}
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
	}
	if started {
		end()
	}
	ok := map[int64]bool{}
	for i, w := range want {
		ok[w.id] = i < len(sums) && sums[i] == w.sum && len(sums) == len(want)
	}
	return ok, nil
}

// writeMaildir writes a folder as a Maildir: each message through tmp/
// into cur/ with its flags, synced. A file an earlier attempt left that
// already holds the message is kept.
func writeMaildir(s *localstore.Store, f localstore.Folder, items map[int64]localstore.CopyItem, dir string) ([]written, map[int64]string, error) {
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, nil, err
		}
	}
	var out []written
	bad := map[int64]string{}
	err := s.EachRaw(f.ID, func(m localstore.Summary, raw []byte) error {
		sum, why := sumOf(items[m.ID], raw)
		if why != "" {
			bad[m.ID] = why
		}
		name := archive.MaildirName(m)
		out = append(out, written{m.ID, sum, name})
		final := filepath.Join(dir, "cur", name)
		if have, err := os.ReadFile(final); err == nil && sha256.Sum256(have) == sum {
			return nil
		}
		tmp := filepath.Join(dir, "tmp", name)
		if err := writeSynced(tmp, raw); err != nil {
			return err
		}
		return os.Rename(tmp, final)
	})
	if err != nil {
		return nil, nil, err
	}
	return out, bad, syncDir(filepath.Join(dir, "cur"))
}

// readMaildir reads each expected file back from cur/.
func readMaildir(dir string, want []written) (map[int64]bool, error) {
	ok := map[int64]bool{}
	for _, w := range want {
		have, err := os.ReadFile(filepath.Join(dir, "cur", w.name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		ok[w.id] = err == nil && sha256.Sum256(have) == w.sum
	}
	return ok, nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes the names in a directory durable. Windows has no such
// step (NTFS journals names itself; a directory handle cannot be
// flushed), so there it does nothing; elsewhere a failure is reported.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err // EINVAL: a file system that cannot sync directories
	}
	return nil
}
