// Package keepcopy makes "a permanent copy" of an account before the
// address or the provider goes away: every message of every folder is
// downloaded whole, compared with a second, independent download from
// the server, written to a folder the person chose (mbox or Maildir),
// read back and compared again — and only then reported as safe, in a
// report shown and saved next to the copy.
//
// Invariants: nothing is reported as checked that was not compared byte
// for byte with the server's copy in this run; nothing is deleted on the
// server; a run interrupted at any point (closed, killed, offline)
// resumes where it stopped without downloading again what was checked
// (the checks are recorded in the store, chunk by chunk).
package keepcopy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// Progress is what a run reports while it works.
type Progress struct {
	Text              string // one sentence, plain words
	Done, Total       int    // messages checked so far / in the account
	DoneBytes, TotalB int64
}

// Copier runs "Keep a permanent copy" for one account at a time.
type Copier struct {
	Store *localstore.Store
	// Sync brings the account's folders and messages up to date (the
	// window passes its scheduler, so two syncs never overlap).
	Sync func(ctx context.Context, a accounts.Account) error
	// Check is the engine's comparison with the server
	// (mailsync.Syncer.CheckCopies).
	Check      func(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error)
	OnProgress func(Progress) // nil: no reports
	Now        func() time.Time
}

// Options are the person's choices.
type Options struct {
	Format archive.Format // archive.Mbox (the default) or archive.Maildir
	Into   string         // the folder the person chose; the copy goes in a folder of its own inside
}

// rounds bounds sync-and-check rounds when mail keeps arriving.
const rounds = 3

func (c *Copier) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Copier) progress(p Progress) {
	if c.OnProgress != nil {
		c.OnProgress(p)
	}
}

// Unfinished returns the account's run that did not finish (to offer
// "continue"), if there is one.
func Unfinished(s *localstore.Store, accountID int64) (localstore.CopyRun, bool) {
	r, err := s.CopyRunOf(accountID)
	return r, err == nil && r.Finished.IsZero()
}

// Run makes the copy. An unfinished earlier run with the same format and
// destination resumes. The report says exactly what is safe; the error
// is for a run that could not finish (offline, cancelled, a full disk):
// run again to go on.
func (c *Copier) Run(ctx context.Context, acct accounts.Account, opt Options) (*Report, error) {
	if opt.Format == "" {
		opt.Format = archive.Mbox
	}
	if opt.Format != archive.Mbox && opt.Format != archive.Maildir {
		return nil, errors.New(tr.L("a permanent copy is written as mbox or Maildir, not {{.Format}}", tr.M{"Format": string(opt.Format)}))
	}
	run, err := c.begin(acct, opt)
	if err != nil {
		return nil, err
	}
	rep := &Report{Account: acct.Name, Email: acct.Email, Dir: run.Dir, Format: opt.Format, outcomes: map[int64]accounts.CheckOutcome{}}
	// From now on every message stays whole on this computer.
	if acct.Settings.KeepDays > 0 {
		acct.Settings.KeepDays = 0
		if err := accounts.SaveSettings(c.Store, acct); err != nil {
			return nil, err
		}
		rep.NowKeepsAll = true
	}
	if err := c.syncAndCheck(ctx, acct, run, rep); err != nil {
		return nil, err
	}
	c.progress(Progress{Text: tr.L("Writing the copy and reading it back…")})
	if err := c.write(ctx, acct, run, rep); err != nil {
		return nil, err
	}
	rep.CheckedAt = c.now()
	if err := rep.save(); err != nil {
		return rep, fmt.Errorf("%s: %w", tr.L("the copy is written, but its report could not be saved in {{.Dir}}", tr.M{"Dir": run.Dir}), err)
	}
	if rep.OK() {
		if err := c.Store.FinishCopyRun(run, c.now()); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// begin resumes the unfinished run or starts a new one in a new folder.
func (c *Copier) begin(acct accounts.Account, opt Options) (localstore.CopyRun, error) {
	if r, ok := Unfinished(c.Store, acct.ID); ok && r.Format == string(opt.Format) && filepath.Dir(r.Dir) == filepath.Clean(opt.Into) {
		if err := os.MkdirAll(r.Dir, 0o755); err != nil {
			return r, fmt.Errorf("%s: %w", tr.L("cannot write in {{.Dir}}", tr.M{"Dir": r.Dir}), err)
		}
		return r, nil
	}
	if opt.Into == "" {
		return localstore.CopyRun{}, errors.New(tr.L("choose the folder the copy goes into"))
	}
	// The folder's name is Postie's, in English like every file name it
	// writes (#28); the report inside is in the person's language.
	base := filepath.Join(opt.Into, mailtext.FileName("Mail archive of "+acct.Email, "Mail archive"))
	dir := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
			break
		}
		dir = fmt.Sprintf("%s (%d)", base, i)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return localstore.CopyRun{}, fmt.Errorf("%s: %w", tr.L("cannot create {{.Dir}}", tr.M{"Dir": dir}), err)
	}
	return c.Store.StartCopyRun(acct.ID, string(opt.Format), dir, c.now())
}

// syncAndCheck syncs, then compares every message with the server's;
// when mail arrived meanwhile it syncs and checks again (a few rounds).
func (c *Copier) syncAndCheck(ctx context.Context, acct accounts.Account, run localstore.CopyRun, rep *Report) error {
	for round := 0; round < rounds; round++ {
		c.progress(Progress{Text: tr.L("Getting every message from the server…")})
		if err := c.Sync(ctx, acct); err != nil {
			return err
		}
		total, totalBytes, done, doneBytes, err := c.count(acct.ID, run)
		if err != nil {
			return err
		}
		began, startBytes := c.now(), doneBytes
		pass, err := c.Check(ctx, acct, run, func(res []accounts.Checked) error {
			var same []int64
			for _, r := range res {
				rep.outcomes[r.MessageID] = r.Outcome
				if r.Outcome == accounts.Same {
					same = append(same, r.MessageID)
					done++
					doneBytes += r.Size
				}
			}
			if err := c.Store.MarkChecked(run, same); err != nil {
				return err
			}
			c.progress(Progress{Text: checking(done, total, doneBytes, totalBytes, timeLeft(c.now().Sub(began), doneBytes-startBytes, totalBytes-doneBytes)),
				Done: done, Total: total, DoneBytes: doneBytes, TotalB: totalBytes})
			return ctx.Err()
		})
		if err != nil {
			return err
		}
		rep.Problems, rep.ArrivedLate = pass.Problems, pass.NotHere
		if pass.NotHere == 0 {
			return nil
		}
	}
	return nil
}

// count totals the account's messages and those checked in the run.
func (c *Copier) count(accountID int64, run localstore.CopyRun) (total int, totalBytes int64, done int, doneBytes int64, err error) {
	folders, err := c.Store.Folders(accountID)
	if err != nil {
		return
	}
	for _, f := range folders {
		items, e := c.Store.CopyItems(f.ID, run)
		if e != nil {
			return 0, 0, 0, 0, e
		}
		for _, it := range items {
			total++
			totalBytes += it.Size
			if it.Checked {
				done++
				doneBytes += it.Size
			}
		}
	}
	return
}

// checking is the progress sentence while messages are compared with
// the server's; left is timeLeft's estimate, or "".
func checking(done, total int, doneBytes, totalBytes int64, left string) string {
	m := tr.M{"Done": tr.Number(done), "DoneSize": accounts.SizeText(doneBytes), "Size": accounts.SizeText(totalBytes), "Left": left}
	if left == "" {
		return tr.N("Checking against the server: {{.Done}} of {{.Count}} message ({{.DoneSize}} of {{.Size}})…",
			"Checking against the server: {{.Done}} of {{.Count}} messages ({{.DoneSize}} of {{.Size}})…", total, m)
	}
	return tr.N("Checking against the server: {{.Done}} of {{.Count}} message ({{.DoneSize}} of {{.Size}}), about {{.Left}} left…",
		"Checking against the server: {{.Done}} of {{.Count}} messages ({{.DoneSize}} of {{.Size}}), about {{.Left}} left…", total, m)
}

// timeLeft estimates the rest from the pace so far ("5 minutes", for
// checking's {{.Left}}), or "".
func timeLeft(took time.Duration, did, left int64) string {
	if did <= 0 || took < 3*time.Second || left <= 0 {
		return ""
	}
	rest := time.Duration(float64(took) * float64(left) / float64(did))
	switch {
	case rest < time.Minute:
		return tr.X("keepcopy.left.minute", "a minute")
	case rest < time.Hour:
		return tr.XN("keepcopy.left.minutes", "{{.Count}} minute", "{{.Count}} minutes", int(rest.Minutes()+0.5))
	}
	return tr.XN("keepcopy.left.hours", "{{.Count}} hour", "{{.Count}} hours", int(rest.Hours()+0.5))
}
