package keepcopy

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// ReportFile is the name of the report saved next to the copy. The name
// stays English (Postie names the file; see #28); what it says is in the
// person's language.
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
	Why       string // in the person's language
}

// OK says whether everything the server holds is in the copy, checked.
func (r *Report) OK() bool {
	return len(r.Failed) == 0 && len(r.Problems) == 0 && r.ArrivedLate == 0
}

// classify counts one message of the copy.
func (r *Report) classify(f localstore.Folder, it localstore.CopyItem, readBack bool, bad string) {
	t := Trouble{MessageID: it.ID, Folder: f.Name, Subject: it.Subject, Date: it.Date}
	if it.Partial {
		t.Why = tr.L("only its header is on this computer; the server did not send the rest")
		r.Failed = append(r.Failed, t)
		return
	}
	r.Messages++
	r.Bytes += it.Size
	switch {
	case bad != "":
		t.Why = bad
	case !readBack:
		t.Why = tr.L("it did not read back the same from the copy")
	case it.Checked:
		r.Checked++
		return
	default:
		switch r.outcomes[it.ID] {
		case accounts.OnlyHere:
			r.OnlyHere++
			return
		case accounts.GoneFromServer:
			t.Why = tr.L("deleted on the server meanwhile")
			r.Gone = append(r.Gone, t)
			return
		case accounts.Differs:
			t.Why = tr.L("the server's copy is not the same as the one on this computer")
		default:
			t.Why = tr.L("it could not be compared with the server's copy")
		}
	}
	r.Failed = append(r.Failed, t)
}

// Headline is the report's first sentence.
func (r *Report) Headline() string {
	if r.OK() {
		return tr.N("The {{.Count}} message of {{.Email}} on the server, in {{.Folders}} ({{.Size}}), is on this computer and in {{.Dir}}. It was checked against the server on {{.Date}}.",
			"All {{.Count}} messages of {{.Email}} on the server, in {{.Folders}} ({{.Size}}), are on this computer and in {{.Dir}}. Each was checked against the server on {{.Date}}.",
			r.Checked, tr.M{"Email": r.Email, "Folders": tr.XN("keepcopy.folders", "{{.Count}} folder", "{{.Count}} folders", r.Folders),
				"Size": accounts.SizeText(r.Bytes), "Dir": r.Dir, "Date": tr.Current().DateLong(r.CheckedAt)})
	}
	bad := len(r.Failed) + r.ArrivedLate
	if bad == 0 {
		return tr.N("Not finished: {{.Count}} message is copied and checked, but not every folder on the server could be; see below, then choose Try again.",
			"Not finished: {{.Count}} messages are copied and checked, but not every folder on the server could be; see below, then choose Try again.", r.Checked)
	}
	return tr.N("Not finished: {{.Checked}} of {{.Total}} messages are copied and checked; {{.Count}} could not be yet. See below, then choose Try again.",
		"Not finished: {{.Checked}} of {{.Total}} messages are copied and checked; {{.Count}} could not be yet. See below, then choose Try again.",
		bad, tr.M{"Checked": tr.Number(r.Checked), "Total": tr.Number(r.Checked + bad)})
}

// Text is the whole report, as saved: the headline, then the details.
func (r *Report) Text() string {
	return r.Headline() + "\n" + r.Details()
}

// Details is the report after its headline.
func (r *Report) Details() string {
	var b strings.Builder
	if r.OnlyHere > 0 {
		b.WriteString("\n" + tr.N("The copy also holds {{.Count}} message that was only on this computer (sent from here, or removed from the server earlier): there was no server copy to check it against.",
			"The copy also holds {{.Count}} messages that were only on this computer (sent from here, or removed from the server earlier): there was no server copy to check them against.", r.OnlyHere) + "\n")
	}
	if len(r.Gone) > 0 {
		b.WriteString("\n" + tr.N("{{.Count}} message was deleted on the server while the copy was made. The copy keeps this computer's version:",
			"{{.Count}} messages were deleted on the server while the copy was made. The copy keeps this computer's version:", len(r.Gone)) + "\n")
		list(&b, r.Gone)
	}
	if r.ArrivedLate > 0 {
		b.WriteString("\n" + tr.N("{{.Count}} message reached the server while the copy was made and is not in it yet.",
			"{{.Count}} messages reached the server while the copy was made and are not in it yet.", r.ArrivedLate) + "\n")
	}
	for _, p := range r.Problems {
		b.WriteString("\n" + p + "\n")
	}
	if len(r.Failed) > 0 {
		b.WriteString("\n" + tr.L("These messages could not be copied and checked:") + "\n")
		list(&b, r.Failed)
	}
	if r.NowKeepsAll {
		b.WriteString("\n" + tr.L("Postie now keeps every message of this account whole on this computer (it kept only recent ones before).") + "\n")
	}
	where := tr.M{"Dir": r.Dir}
	if r.Format == archive.Maildir {
		b.WriteString("\n" + tr.L("The copy is in {{.Dir}}: one Maildir folder per folder (a file per message). Nothing was deleted on the server.", where) + "\n")
	} else {
		b.WriteString("\n" + tr.L("The copy is in {{.Dir}}: one mbox file per folder (Thunderbird, Apple Mail and most mail programs can import it). Nothing was deleted on the server.", where) + "\n")
	}
	return b.String()
}

// list writes up to 50 troubles, one per line.
func list(b *strings.Builder, ts []Trouble) {
	for i, t := range ts {
		if i == 50 {
			b.WriteString("  " + tr.N("… and {{.Count}} more", "… and {{.Count}} more", len(ts)-50) + "\n")
			break
		}
		subject := t.Subject
		if subject == "" {
			subject = tr.L("(no subject)")
		}
		b.WriteString("  - " + tr.X("keepcopy.trouble", "{{.Folder}}, {{.Date}}, “{{.Subject}}”: {{.Why}}",
			tr.M{"Folder": t.Folder, "Date": tr.Current().DateMedium(t.Date), "Subject": subject, "Why": t.Why}) + "\n")
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
