package keepcopy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// foldingDisk makes onDisk act as macOS's and Windows' file systems do:
// names that differ only in case or in Unicode normalisation are one
// file. (A real case-insensitive directory needs a vfat or ext4 casefold
// mount, i.e. root.)
func foldingDisk(t *testing.T, fold func(string) string) {
	t.Helper()
	old := onDisk
	onDisk = func(p string) string { return filepath.Join(filepath.Dir(p), fold(filepath.Base(p))) }
	t.Cleanup(func() { onDisk = old })
}

func lowerNFC(name string) string { return strings.ToLower(norm.NFC.String(name)) }

// twinFolders is an account whose folders differ only in case or in
// normalisation (an IMAP server tells them apart), two messages each; its
// Copier checks every message as equal to the server's without a server.
func twinFolders(t *testing.T) (*Copier, accounts.Account, int) {
	t.Helper()
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	acct, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, name := range []string{"Work", "work", "Caf\u00e9", "Cafe\u0301"} {
		f, err := s.CreateFolder(acct.ID, localstore.Folder{Name: name, Path: name})
		if err != nil {
			t.Fatal(err)
		}
		for j := range 2 {
			raw := mail(fmt.Sprintf("folder %d message %d", i, j), j, 500)
			if _, err := s.Add(f.ID, []localstore.NewMessage{{Raw: raw, ServerKey: fmt.Sprint(j + 1)}}); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	c := &Copier{Store: s, Sync: func(context.Context, accounts.Account) error { return nil },
		Check: func(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
			folders, _ := s.Folders(a.ID)
			for _, f := range folders {
				items, err := s.CopyItems(f.ID, run)
				if err != nil {
					return accounts.CheckPass{}, err
				}
				var res []accounts.Checked
				for _, it := range items {
					res = append(res, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.Same})
				}
				if err := found(res); err != nil {
					return accounts.CheckPass{}, err
				}
			}
			return accounts.CheckPass{}, nil
		}}
	return c, acct, n
}

// On a disk where "Work" and "work", "Café" and "Café" (NFD) are one
// file, every folder still gets its own file and the copy holds every
// message (#26). Fails before the fix: the second mbox replaced the first
// after it was read back, and the report said all 8 were checked.
func TestKeepCopyOnACaseInsensitiveDisk(t *testing.T) {
	for _, format := range []archive.Format{archive.Mbox, archive.Maildir} {
		t.Run(string(format), func(t *testing.T) {
			foldingDisk(t, lowerNFC)
			c, acct, n := twinFolders(t)
			rep, err := c.Run(context.Background(), acct, Options{Format: format, Into: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(rep.Dir)
			if len(entries) != 5 { // four folders and the report
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("on the disk: %q", names)
			}
			got := reimported(t, rep.Dir)
			if !rep.OK() || rep.Checked != n || len(got) != n {
				t.Fatalf("report ok=%v checked %d of %d; the copy holds %d\n%s", rep.OK(), rep.Checked, n, len(got), rep.Text())
			}
		})
	}
}

// Every file is read back once the whole copy is written: a file a later
// folder wrote over is found, whatever the names (#26). Fails before the
// fix: each file was read back right after it was written.
func TestKeepCopyReadsEveryFileBackAfterTheRun(t *testing.T) {
	foldingDisk(t, func(string) string { return "one file.mbox" }) // a disk that keeps one name only
	c, acct, n := twinFolders(t)
	rep, err := c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Checked != 2 || len(rep.Failed) != n-2 {
		t.Fatalf("report ok=%v checked %d, %d failed\n%s", rep.OK(), rep.Checked, len(rep.Failed), rep.Text())
	}
}

func TestFolderFileNamesAreUniqueAsTheDiskSeesThem(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"Work", "work", "WORK"}, []string{"Work", "work (2)", "WORK (3)"}},
		{[]string{"Caf\u00e9", "Cafe\u0301"}, []string{"Caf\u00e9", "Cafe\u0301 (2)"}},
		{[]string{"Straße", "STRASSE"}, []string{"Straße", "STRASSE (2)"}},
		{[]string{"Work", "work", "Work (2)"}, []string{"Work", "work (2)", "Work (2) (2)"}},
		{[]string{"about this copy.txt"}, []string{"about this copy.txt (2)"}}, // the report's name
		{[]string{"Inbox", "Archive"}, []string{"Inbox", "Archive"}},
	} {
		used := reservedNames()
		var got []string
		for _, name := range c.in {
			got = append(got, uniqueName(used, name))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
