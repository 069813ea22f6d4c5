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

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// written is one message as it should read back from the copy.
type written struct {
	id   int64
	sum  [32]byte
	name string // the file's name (Maildir)
}

// write puts every folder of the account into the run's folder (one
// .mbox file or one Maildir per folder), reads each back and compares it
// with the store, and fills in the report.
func (c *Copier) write(ctx context.Context, acct accounts.Account, run localstore.CopyRun, rep *Report) error {
	folders, err := c.Store.Folders(acct.ID)
	if err != nil {
		return err
	}
	used := map[string]bool{}
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
		name := uniqueName(used, mailtext.FileName(f.Name, "folder"))
		var out []written
		var bad map[int64]string
		if archive.Format(run.Format) == archive.Maildir {
			out, bad, err = writeMaildir(c.Store, f, byID, filepath.Join(run.Dir, name))
		} else {
			out, bad, err = writeMbox(c.Store, f, byID, filepath.Join(run.Dir, name+".mbox"))
		}
		if err != nil {
			return fmt.Errorf("writing %s into %s: %w", f.Name, run.Dir, err)
		}
		var readBack map[int64]bool
		if archive.Format(run.Format) == archive.Maildir {
			readBack, err = readMaildir(filepath.Join(run.Dir, name), out)
		} else {
			readBack, err = readMbox(filepath.Join(run.Dir, name+".mbox"), out)
		}
		if err != nil {
			return fmt.Errorf("reading back %s from %s: %w", f.Name, run.Dir, err)
		}
		rep.Folders++
		for _, it := range items {
			rep.classify(f, it, readBack[it.ID], bad[it.ID])
		}
	}
	return nil
}

// uniqueName gives two folders of the same name different file names.
func uniqueName(used map[string]bool, name string) string {
	n := name
	for i := 2; used[n]; i++ {
		n = fmt.Sprintf("%s (%d)", name, i)
	}
	used[n] = true
	return n
}

// sumOf checks the stored bytes against the digest stored with them and
// returns what the copy should hold; bad is why it cannot be trusted.
func sumOf(it localstore.CopyItem, raw []byte) (sum [32]byte, bad string) {
	sum = sha256.Sum256(raw)
	if !bytes.Equal(sum[:], it.SHA256) {
		return sum, "the copy on this computer no longer reads back as it was stored (the disk may be failing)"
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
