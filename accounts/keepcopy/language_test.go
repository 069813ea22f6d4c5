package keepcopy

import (
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/internal/tr/trtest"
	"github.com/postie-mail/postie/localstore/archive"
)

// speak makes tr say the sentences in words in German until the test
// ends (trtest.German).
func speak(t *testing.T, words map[string]string) { trtest.German(t, words) }

var german = map[string]string{
	"All {{.Count}} messages of {{.Email}} on the server, in {{.Folders}} ({{.Size}}), are on this computer and in {{.Dir}}. Each was checked against the server on {{.Date}}.#other": "Alle {{.Count}} Nachrichten von {{.Email}} auf dem Server, in {{.Folders}} ({{.Size}}), sind auf diesem Computer und in {{.Dir}}. Jede wurde am {{.Date}} mit dem Server verglichen.",
	"keepcopy.folders#other": "{{.Count}} Ordnern",
	"Not finished: {{.Checked}} of {{.Total}} messages are copied and checked; {{.Count}} could not be yet. See below, then choose Try again.#one":   "Nicht fertig: {{.Checked}} von {{.Total}} Nachrichten sind kopiert und geprüft; eine noch nicht. Siehe unten, dann „Erneut versuchen“.",
	"Not finished: {{.Checked}} of {{.Total}} messages are copied and checked; {{.Count}} could not be yet. See below, then choose Try again.#other": "Nicht fertig: {{.Checked}} von {{.Total}} Nachrichten sind kopiert und geprüft; {{.Count}} noch nicht. Siehe unten, dann „Erneut versuchen“.",
	"{{.Count}} messages were deleted on the server while the copy was made. The copy keeps this computer's version:#one":                            "Eine Nachricht wurde während des Kopierens auf dem Server gelöscht. Die Kopie enthält die Fassung dieses Computers:",
	"{{.Count}} messages reached the server while the copy was made and are not in it yet.#other":                                                    "{{.Count}} Nachrichten kamen während des Kopierens auf dem Server an und sind noch nicht darin.",
	"These messages could not be copied and checked:":                                                                                                "Diese Nachrichten konnten nicht kopiert und geprüft werden:",
	"The copy is in {{.Dir}}: one Maildir folder per folder (a file per message). Nothing was deleted on the server.":                                "Die Kopie liegt in {{.Dir}}: ein Maildir-Ordner je Ordner (eine Datei je Nachricht). Auf dem Server wurde nichts gelöscht.",
	"keepcopy.trouble":                "{{.Folder}}, {{.Date}}, „{{.Subject}}“: {{.Why}}",
	"(no subject)":                    "(kein Betreff)",
	"deleted on the server meanwhile": "inzwischen auf dem Server gelöscht",
	"Checking against the server: {{.Done}} of {{.Count}} messages ({{.DoneSize}} of {{.Size}}), about {{.Left}} left…#other": "Vergleich mit dem Server: {{.Done}} von {{.Count}} Nachrichten ({{.DoneSize}} von {{.Size}}), noch etwa {{.Left}}…",
	"keepcopy.left.minutes#other": "{{.Count}} Minuten",
}

// The report (headline, details, the list of messages) and the progress
// sentences are whole sentences in the person's language, with numbers
// and dates written their way.
func TestReportInThePersonsLanguage(t *testing.T) {
	speak(t, german)
	day := time.Date(2026, 12, 2, 16, 30, 0, 0, time.Local)
	r := &Report{Email: "ann@example.com", Dir: "/home/ann/Kopie", Format: archive.Maildir, CheckedAt: day,
		Folders: 4, Bytes: 3 << 30, Checked: 12345}
	size := accounts.SizeText(r.Bytes)
	if got, want := r.Headline(), "Alle 12.345 Nachrichten von ann@example.com auf dem Server, in 4 Ordnern ("+size+"), sind auf diesem Computer und in /home/ann/Kopie. Jede wurde am 2. Dezember 2026 mit dem Server verglichen."; got != want {
		t.Errorf("headline:\n%s\nwant\n%s", got, want)
	}

	r.Gone = []Trouble{{Folder: "Arbeit", Date: day, Why: tr.L("deleted on the server meanwhile")}}
	r.Failed = []Trouble{{Folder: "Posteingang", Date: day.AddDate(0, -1, 0), Subject: "Rechnung", Why: "x"}}
	r.ArrivedLate = 1001
	if got, want := r.Headline(), "Nicht fertig: 12.345 von 13.347 Nachrichten sind kopiert und geprüft; 1.002 noch nicht. Siehe unten, dann „Erneut versuchen“."; got != want {
		t.Errorf("headline:\n%s\nwant\n%s", got, want)
	}
	want := "\nEine Nachricht wurde während des Kopierens auf dem Server gelöscht. Die Kopie enthält die Fassung dieses Computers:\n" +
		"  - Arbeit, 02.12.2026, „(kein Betreff)“: inzwischen auf dem Server gelöscht\n" +
		"\n1.001 Nachrichten kamen während des Kopierens auf dem Server an und sind noch nicht darin.\n" +
		"\nDiese Nachrichten konnten nicht kopiert und geprüft werden:\n" +
		"  - Posteingang, 02.11.2026, „Rechnung“: x\n" +
		"\nDie Kopie liegt in /home/ann/Kopie: ein Maildir-Ordner je Ordner (eine Datei je Nachricht). Auf dem Server wurde nichts gelöscht.\n"
	if got := r.Details(); got != want {
		t.Errorf("details:\n%s\nwant\n%s", got, want)
	}

	left := timeLeft(10*time.Minute, 1<<30, 1<<29)
	if got, want := checking(1234, 12345, 1<<30, 3<<30, left), "Vergleich mit dem Server: 1.234 von 12.345 Nachrichten ("+accounts.SizeText(1<<30)+" von "+size+"), noch etwa 5 Minuten…"; got != want {
		t.Errorf("progress:\n%s\nwant\n%s", got, want)
	}
}

// In English the report reads as it did.
func TestReportInEnglish(t *testing.T) {
	r := &Report{Email: "ann@example.com", Dir: "/tmp/c", CheckedAt: time.Date(2026, 12, 2, 16, 30, 0, 0, time.Local), Folders: 1, Bytes: 2048, Checked: 1}
	if got := r.Headline(); got != "The 1 message of ann@example.com on the server, in 1 folder (2 KB), is on this computer and in /tmp/c. It was checked against the server on 2 December 2026." {
		t.Errorf("headline: %s", got)
	}
	r.Checked, r.Folders = 1234, 3
	if got := r.Headline(); !strings.HasPrefix(got, "All 1,234 messages of ann@example.com on the server, in 3 folders (2 KB), are on this computer and in /tmp/c.") {
		t.Errorf("headline: %s", got)
	}
	if got := checking(1, 2, 10, 20, timeLeft(time.Hour, 1, 3)); got != "Checking against the server: 1 of 2 messages (10 bytes of 20 bytes), about 3 hours left…" {
		t.Errorf("progress: %s", got)
	}
	if got := ArchiveName(accounts.Account{Email: "kim@example.org"}); got != "kim@example.org (archive)" {
		t.Errorf("archive name: %s", got)
	}
}
