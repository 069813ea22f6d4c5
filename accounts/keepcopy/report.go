package keepcopy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// ReportFile is the name of the report saved next to the copy.
const ReportFile = "About this copy.txt"

// Report is what a run found, in numbers and, through Text, in words.
type Report struct {
	Account, Email, Dir string
	Format              archive.Format
	CheckedAt           time.Time

	Folders, Messages int   // in the copy
	Bytes             int64 // in the copy
	Checked           int   // compared with the server's copy, equal, and read back from the copy
	OnlyHere          int   // in the copy; the server has no copy to compare with
	Gone              []Trouble
	Failed            []Trouble
	Problems          []string // folders that could not be copied, in plain words
	ArrivedLate       int      // messages that reached the server too late for this run
	NowKeepsAll       bool     // the account was set to keep every message whole here

	outcomes map[int64]accounts.CheckOutcome
}

// Trouble is one message a report names, with why.
type Trouble struct {
	MessageID int64
	Folder    string
	Subject   string
	Date      time.Time
	Why       string
}

// OK says whether everything the server holds is in the copy, checked.
func (r *Report) OK() bool {
	return len(r.Failed) == 0 && len(r.Problems) == 0 && r.ArrivedLate == 0
}

// classify counts one message of the copy.
func (r *Report) classify(f localstore.Folder, it localstore.CopyItem, readBack bool, bad string) {
	t := Trouble{MessageID: it.ID, Folder: f.Name, Subject: it.Subject, Date: it.Date}
	if it.Partial {
		t.Why = "only its header is on this computer; the server did not send the rest"
		r.Failed = append(r.Failed, t)
		return
	}
	r.Messages++
	r.Bytes += it.Size
	switch {
	case bad != "":
		t.Why = bad
	case !readBack:
		t.Why = "it did not read back the same from the copy"
	case it.Checked:
		r.Checked++
		return
	default:
		switch r.outcomes[it.ID] {
		case accounts.OnlyHere:
			r.OnlyHere++
			return
		case accounts.GoneFromServer:
			t.Why = "deleted on the server meanwhile"
			r.Gone = append(r.Gone, t)
			return
		case accounts.Differs:
			t.Why = "the server's copy is not the same as the one on this computer"
		default:
			t.Why = "it could not be compared with the server's copy"
		}
	}
	r.Failed = append(r.Failed, t)
}

// Headline is the report's first sentence.
func (r *Report) Headline() string {
	if r.OK() {
		return fmt.Sprintf("All %s on the server, in %s (%s), %s on this computer and in %s. Each was checked against the server on %s.",
			r.messages(r.Checked), mailtext.Count(r.Folders, "folder", "folders"), accounts.SizeText(r.Bytes), mailtext.Plural(r.Checked, "is", "are"),
			r.Dir, r.CheckedAt.Format("2 January 2006"))
	}
	bad := len(r.Failed) + r.ArrivedLate
	if bad == 0 {
		return fmt.Sprintf("Not finished: %s %s copied and checked, but not every folder on the server could be; see below, then choose Try again.",
			mailtext.Count(r.Checked, "message", "messages"), mailtext.Plural(r.Checked, "is", "are"))
	}
	return fmt.Sprintf("Not finished: %s of %s %s copied and checked; %s could not be yet. See below, then choose Try again.",
		mailtext.Number(r.Checked), mailtext.Count(r.Checked+bad, "message", "messages"), mailtext.Plural(r.Checked, "is", "are"), mailtext.Number(bad))
}

func (r *Report) messages(n int) string {
	if n == 1 {
		return "1 message of " + r.Email
	}
	return mailtext.Number(n) + " messages of " + r.Email
}

// Text is the whole report, as saved: the headline, then the details.
func (r *Report) Text() string {
	return r.Headline() + "\n" + r.Details()
}

// Details is the report after its headline.
func (r *Report) Details() string {
	var b strings.Builder
	if r.OnlyHere > 0 {
		fmt.Fprintf(&b, "\nThe copy also holds %s that %s only on this computer (sent from here, or let go on the server earlier): there was no server copy to check %s against.\n",
			mailtext.Count(r.OnlyHere, "message", "messages"), mailtext.Plural(r.OnlyHere, "was", "were"), mailtext.Plural(r.OnlyHere, "it", "them"))
	}
	if len(r.Gone) > 0 {
		fmt.Fprintf(&b, "\n%s deleted on the server while the copy was made. The copy keeps this computer's version:\n",
			upperFirst(mailtext.Count(len(r.Gone), "message was", "messages were")))
		list(&b, r.Gone)
	}
	if r.ArrivedLate > 0 {
		fmt.Fprintf(&b, "\n%s reached the server while the copy was made and %s not in it yet.\n",
			upperFirst(mailtext.Count(r.ArrivedLate, "message", "messages")), mailtext.Plural(r.ArrivedLate, "is", "are"))
	}
	for _, p := range r.Problems {
		b.WriteString("\n" + p + "\n")
	}
	if len(r.Failed) > 0 {
		b.WriteString("\nThese messages could not be copied and checked:\n")
		list(&b, r.Failed)
	}
	if r.NowKeepsAll {
		b.WriteString("\nPostie now keeps every message of this account whole on this computer (it kept only recent ones before).\n")
	}
	form := "one mbox file per folder (Thunderbird, Apple Mail and most mail programs can import it)"
	if r.Format == archive.Maildir {
		form = "one Maildir folder per folder (a file per message)"
	}
	fmt.Fprintf(&b, "\nThe copy is in %s: %s. Nothing was deleted on the server.\n", r.Dir, form)
	return b.String()
}

// list writes up to 50 troubles, one per line.
func list(b *strings.Builder, ts []Trouble) {
	for i, t := range ts {
		if i == 50 {
			fmt.Fprintf(b, "  … and %d more\n", len(ts)-50)
			break
		}
		subject := t.Subject
		if subject == "" {
			subject = "(no subject)"
		}
		fmt.Fprintf(b, "  - %s, %s, “%s”: %s\n", t.Folder, t.Date.Format("2 Jan 2006"), subject, t.Why)
	}
}

// save writes the report next to the copy.
func (r *Report) save() error {
	path := filepath.Join(r.Dir, ReportFile)
	tmp := path + ".tmp"
	if err := writeSynced(tmp, []byte(r.Text())); err != nil {
		_ = os.Remove(tmp) // the write's error is the one to report
		return err
	}
	return os.Rename(tmp, path)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
