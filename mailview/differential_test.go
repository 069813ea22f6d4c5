package mailview_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

var diffReport = flag.String("differential-report", "", "write every difference from the reference parser (accepted or not) to this file")

// A difference between the reader and the reference, of one kind, at
// one place: a part's path (as the reference numbers parts, "top" for
// the message's own body), "alt:" and an alternative's path, or "-" for
// the message's header.
type difference struct{ kind, where, detail string }

// digest names a difference's detail in accepted.tsv: when the detail
// changes (other words hidden, other bytes), the entry no longer covers it.
func (d difference) digest() string {
	s := sha256.Sum256([]byte(d.detail))
	return hex.EncodeToString(s[:6])
}

// partWhere is where for a part of the reference.
func partWhere(path string) string {
	if path == "" {
		return "top"
	}
	return path
}

// The kinds of difference.
const (
	kSubject     = "subject"
	kFrom        = "from"
	kTo          = "to"
	kDate        = "date"
	kText        = "text"               // words the reference shows are not shown
	kAttMissing  = "attachment-missing" // an attachment is not listed
	kAttBytes    = "attachment-bytes"   // listed, but saves other bytes
	kAttName     = "attachment-name"    // listed under another name
	kUndecoded   = "undecoded"          // an encoded word left in a header or name
	kSearch      = "search"             // a word the reader shows is not found
	kSave        = "save"               // a listed attachment cannot be saved
	kNoReference = "no-reference"       // the reference read nothing
)

// TestDifferentialAgainstPython compares what the reader shows for every
// message under testdata/realworld with an independent reading by
// Python's email package (testdata/reference/reference.py): Subject,
// From, To, Date as an instant, the words of every text part, and every
// attachment's name and decoded bytes. Search must find the text the
// reader shows, and every listed attachment must save. A difference fails
// unless testdata/reference/accepted.tsv says why the reference is wrong
// there (issue #27).
func TestDifferentialAgainstPython(t *testing.T) {
	python, required, err := findPython()
	if err != nil && required {
		t.Fatal(err)
	} else if err != nil {
		t.Skip(err)
	}
	files := corpus(t, "../testdata/realworld")
	refs, err := runReference(python, "../testdata/reference/reference.py", files)
	if err != nil {
		t.Fatalf("the reference parser failed: %v", err)
	}
	accepted, err := readAccepted("../testdata/reference/accepted.tsv")
	if err != nil {
		t.Fatal(err)
	}
	found := searchAll(t, files)
	var report strings.Builder
	counts := map[string]int{}
	attCounts := map[string]int{}
	used := map[acceptedKey]bool{}
	for _, f := range files {
		raw := messageBytes(t, f)
		diffs := compare(raw, refs[f])
		diffs = append(diffs, found[f]...)
		kinds := map[string]bool{}
		file := strings.TrimPrefix(f, "../testdata/realworld/")
		for _, d := range diffs {
			key, ok, old := accepted.covers(file, d)
			mark := "NEW"
			if ok {
				used[key], mark = true, "accepted"
			} else if old != nil {
				t.Errorf("%s: %s at %s: the detail changed from the one accepted (%s, now %s): review it: %s", file, d.kind, d.where, old.digest, key.digest, d.detail)
				used[*old] = true
			} else {
				t.Errorf("%s: %s at %s (%s): %s", file, d.kind, d.where, key.digest, d.detail)
			}
			fmt.Fprintf(&report, "%s\t%s\t%s\t%s\t%s\t%s\n", file, d.kind, d.where, key.digest, mark, d.detail)
			kinds[d.kind] = true
			if strings.HasPrefix(d.kind, "attachment-") {
				attCounts[d.kind]++
			}
		}
		for k := range kinds {
			counts[k]++
		}
	}
	for key := range accepted {
		if !used[key] {
			t.Errorf("accepted.tsv: %s %s at %s (%s) no longer differs: remove the entry", key.file, key.kind, key.where, key.digest)
		}
	}
	t.Logf("%d messages: text hidden in %d, attachments missing %d / other bytes %d / other name %d, wrong or missing dates %d, undecoded words in %d, subject %d, from %d, to %d, search misses in %d, unsaveable in %d; %d accepted differences",
		len(files), counts[kText], attCounts[kAttMissing], attCounts[kAttBytes], attCounts[kAttName], counts[kDate], counts[kUndecoded],
		counts[kSubject], counts[kFrom], counts[kTo], counts[kSearch], counts[kSave], len(accepted))
	if *diffReport != "" {
		if err := os.WriteFile(*diffReport, []byte(report.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// findPython finds python3 for the reference parser. Without it the
// check is skipped, unless CI (CI=true) or the person
// (POSTIE_REQUIRE_PYTHON=1) says it must run: then it fails (required).
func findPython() (path string, required bool, err error) {
	required = os.Getenv("CI") == "true" || os.Getenv("POSTIE_REQUIRE_PYTHON") == "1"
	path, err = exec.LookPath("python3")
	switch {
	case err != nil && required:
		return "", true, errors.New("python3 is not installed, and CI=true or POSTIE_REQUIRE_PYTHON=1 says the differential check against Python's email package must run")
	case err != nil:
		return "", false, errors.New("python3 is not installed: the differential check against Python's email package cannot run (./dev.sh test installs it; CI=true or POSTIE_REQUIRE_PYTHON=1 makes this a failure)")
	}
	return path, required, nil
}

// Without python3 the check is skipped only when nobody requires it.
func TestDifferentialNeedsPythonWhenRequired(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, c := range []struct {
		ci, require string
		required    bool
	}{{"", "", false}, {"true", "", true}, {"", "1", true}, {"false", "0", false}} {
		t.Setenv("CI", c.ci)
		t.Setenv("POSTIE_REQUIRE_PYTHON", c.require)
		_, required, err := findPython()
		if err == nil || required != c.required {
			t.Errorf("CI=%q POSTIE_REQUIRE_PYTHON=%q: required %v, %v", c.ci, c.require, required, err)
		}
	}
}

// corpus lists the messages under root (not its README or licences).
func corpus(t *testing.T, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) != "LICENSE" && filepath.Dir(p) != filepath.Clean(root) {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) < 300 {
		t.Fatalf("only %d messages in %s: %v", len(files), root, err)
	}
	sort.Strings(files)
	return files
}

// messageBytes is a file as a message: an mbox From_ line is no header.
func messageBytes(t *testing.T, f string) []byte {
	raw, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(raw, []byte("From ")) {
		if _, rest, ok := bytes.Cut(raw, []byte("\n")); ok {
			return rest
		}
	}
	return raw
}

var encodedWord = regexp.MustCompile(`=\?[^?\s]+\?[QqBb]\?[^?]*\?=`)

// compare lists where the reader's view of raw differs from the reference.
func compare(raw []byte, ref refMessage) []difference {
	if ref.Policy == "none" || ref.Policy == "" {
		return []difference{{kNoReference, "-", ref.Error}}
	}
	v := mailview.Parse(raw)
	var diffs []difference
	add := func(kind, format string, a ...any) {
		diffs = append(diffs, difference{kind, "-", fmt.Sprintf(format, a...)})
	}
	if ref.Subject != nil && normSpace(*ref.Subject) != normSpace(v.Subject) {
		add(kSubject, "%q, the reference %q", v.Subject, *ref.Subject)
	}
	if w := addressText(ref.From); normSpace(w) != normSpace(v.From) {
		add(kFrom, "%q, the reference %q", v.From, w)
	}
	if w := addressText(ref.To); normSpace(w) != normSpace(v.To) {
		add(kTo, "%q, the reference %q", v.To, w)
	}
	if ref.Date != nil {
		got := "none"
		if !v.Date.IsZero() {
			got = v.Date.UTC().Format(time.RFC3339)
		}
		if got != *ref.Date {
			add(kDate, "%s, the reference %s", got, *ref.Date)
		}
	}
	for i, s := range append([]string{v.Subject, v.From, v.To}, attachmentNames(v)...) {
		if encodedWord.MatchString(s) {
			where := []string{"subject", "from", "to"}[min(i, 2)]
			if i > 2 {
				where = "attachment-name"
			}
			diffs = append(diffs, difference{kUndecoded, where, fmt.Sprintf("%q", s)})
		}
	}
	diffs = append(diffs, compareText(v, ref)...)
	diffs = append(diffs, compareAttachments(raw, v, ref)...)
	return diffs
}

func attachmentNames(v mailview.View) []string {
	var n []string
	for _, a := range v.Attachments {
		n = append(n, a.Name)
	}
	return n
}

// compareText: every text part the reference shows has its words shown;
// of alternatives, at least one.
func compareText(v mailview.View, ref refMessage) []difference {
	shown := words(v.Text)
	type alternative struct{ missing []string }
	groups := map[string]map[string]*alternative{} // alt → alternative index → what it misses
	var diffs []difference
	for _, p := range ref.Parts {
		if p.Text == nil || p.Container || p.Disposition == "attachment" {
			continue
		}
		if p.Unsplit && (strings.TrimSpace(v.Text) != "" || len(v.Attachments) > 0) {
			continue // the reader found parts where the reference found none
		}
		miss := missingWords(*p.Text, shown)
		if p.Alt == "" {
			if len(miss) > 0 {
				diffs = append(diffs, difference{kText, partWhere(p.Path), fmt.Sprintf("part %s (%s): %d words not shown: %s", p.Path, p.Type, len(miss), clip(miss))})
			}
			continue
		}
		prefix := p.Alt + "."
		if p.Alt == "top" {
			prefix = ""
		}
		idx, _, _ := strings.Cut(strings.TrimPrefix(p.Path, prefix), ".")
		if groups[p.Alt] == nil {
			groups[p.Alt] = map[string]*alternative{}
		}
		if groups[p.Alt][idx] == nil {
			groups[p.Alt][idx] = &alternative{}
		}
		groups[p.Alt][idx].missing = append(groups[p.Alt][idx].missing, miss...)
	}
	for alt, g := range groups {
		var least []string
		ok := false
		for _, a := range g {
			if len(a.missing) == 0 {
				ok = true
			}
			if least == nil || len(a.missing) < len(least) {
				least = a.missing
			}
		}
		if !ok {
			diffs = append(diffs, difference{kText, "alt:" + alt, fmt.Sprintf("alternative %s: no version shown whole: %d words not shown: %s", alt, len(least), clip(least))})
		}
	}
	return diffs
}

func clip(w []string) string {
	if len(w) > 12 {
		return strings.Join(w[:12], " ") + " …"
	}
	return strings.Join(w, " ")
}

// isAttachment: what the reference says must be listed to save. A
// forwarded message (message/rfc822) is, wherever it is: the reader shows
// it and lists it whole, to save as .eml.
func isAttachment(p refPart) bool {
	if p.Container {
		return p.Disposition == "attachment" || p.Type == "message/rfc822"
	}
	if p.Unsplit {
		return false // its text must show
	}
	return p.Disposition == "attachment" || p.Name != "" || !strings.HasPrefix(p.Type, "text/")
}

// compareAttachments: every attachment of the reference is listed, under
// its name, and saves with the same bytes, also inside forwarded messages
// and for the forwarded messages themselves (their bytes as sent); every
// listed one saves.
func compareAttachments(raw []byte, v mailview.View, ref refMessage) []difference {
	var diffs []difference
	sums := make([]string, len(v.Attachments))
	for i, a := range v.Attachments {
		data, err := mailview.AttachmentData(raw, a)
		if err != nil {
			diffs = append(diffs, difference{kSave, "-", fmt.Sprintf("%q: %v", a.Name, err)})
			continue
		}
		s := sha256.Sum256(data)
		sums[i] = hex.EncodeToString(s[:])
	}
	taken := make([]bool, len(v.Attachments))
	take := func(match func(i int) bool) int {
		for i := range v.Attachments {
			if !taken[i] && match(i) {
				taken[i] = true
				return i
			}
		}
		return -1
	}
	for _, p := range ref.Parts {
		if !isAttachment(p) {
			continue
		}
		if p.Container && p.Sha256 == "" { // no bytes from the reference (not message/rfc822)
			if take(func(i int) bool { return v.Attachments[i].Type == p.Type }) < 0 {
				diffs = append(diffs, difference{kAttMissing, partWhere(p.Path), fmt.Sprintf("part %s (%s %q) not listed", p.Path, p.Type, p.Name)})
			}
			continue
		}
		if i := take(func(i int) bool { return sums[i] == p.Sha256 }); i >= 0 {
			if p.Name != "" && normSpace(p.Name) != normSpace(v.Attachments[i].Name) {
				diffs = append(diffs, difference{kAttName, partWhere(p.Path), fmt.Sprintf("part %s listed as %q, the reference %q", p.Path, v.Attachments[i].Name, p.Name)})
			}
			continue
		}
		if i := take(func(i int) bool {
			return p.Name != "" && v.Attachments[i].Name == p.Name || p.Container && v.Attachments[i].Type == p.Type
		}); i >= 0 {
			diffs = append(diffs, difference{kAttBytes, partWhere(p.Path), fmt.Sprintf("part %s %q saves %d bytes, the reference %d", p.Path, p.Name, v.Attachments[i].Size, p.Size)})
			continue
		}
		diffs = append(diffs, difference{kAttMissing, partWhere(p.Path), fmt.Sprintf("part %s (%s %q, %d bytes) not listed", p.Path, p.Type, p.Name, p.Size)})
	}
	return diffs
}

// searchAll stores every message and checks that search finds words the
// reader shows of it, with either view (plain text preferred or not):
// the longest few of the first 32 KB of each view's text, any letters.
func searchAll(t *testing.T, files []string) map[string][]difference {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	folders, err := s.Folders(acct.ID)
	if err != nil || len(folders) == 0 {
		t.Fatalf("no folder: %v", err)
	}
	out := map[string][]difference{}
	for _, f := range files {
		raw := messageBytes(t, f)
		added, err := s.Add(folders[0].ID, []localstore.NewMessage{{Raw: raw}})
		if err != nil || len(added) != 1 {
			t.Fatalf("%s: not stored: %v", f, err)
		}
		for _, view := range []struct {
			name string
			opts mailview.Options
		}{{"default", mailview.Options{}}, {"plain", mailview.Options{PreferPlain: true}}} {
			text := mailview.ParseWith(raw, view.opts).Text
			if len(text) > 32<<10 {
				text = strings.ToValidUTF8(text[:32<<10], "")
			}
			for _, w := range longestWords(text, 8) {
				hits, err := s.Search(`"`+w+`"`, folders[0].ID, 1000)
				if err != nil {
					t.Fatalf("search %q: %v", w, err)
				}
				if !hasID(hits, added[0].ID) {
					out[f] = append(out[f], difference{kSearch, "view:" + view.name, fmt.Sprintf("%q is shown but not found", w)})
				}
			}
		}
	}
	return out
}

func hasID(hits []localstore.Summary, id int64) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// longestWords: the n longest distinct words of s (5 to 30 letters of
// any script, lower case), longest first. Words are cut where the full-
// text index cuts them (SQLite's unicode61: at anything but letters,
// digits, marks and private-use characters); one holding a digit or a
// mark is left out, being no word the index and the reader agree on.
func longestWords(s string, n int) []string {
	seen := map[string]bool{}
	var ws []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.In(r, unicode.L, unicode.N, unicode.M, unicode.Co)
	}) {
		l := utf8.RuneCountInString(w)
		if l < 5 || l > 30 || seen[w] || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			continue
		}
		seen[w] = true
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(ws[i]), utf8.RuneCountInString(ws[j])
		if li != lj {
			return li > lj
		}
		return ws[i] < ws[j]
	})
	if len(ws) > n {
		ws = ws[:n]
	}
	return ws
}

// An accepted difference covers that one difference: not another of the
// same kind in the same message (another part, or other words hidden
// in the same part), and a changed detail is named as such.
func TestAcceptedEntryCoversOneDifference(t *testing.T) {
	p := filepath.Join(t.TempDir(), "accepted.tsv")
	d := difference{kText, "1", "part 1 (text/plain): 1 words not shown: epilogue"}
	line := strings.Join([]string{"a.eml", kText, "1", d.digest(), acceptedReason + " 2046 §5.1.1 …"}, "\t")
	if err := os.WriteFile(p, []byte("# comment\n"+line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := readAccepted(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := l.covers("a.eml", d); !ok {
		t.Fatal("the listed difference is not accepted")
	}
	if _, ok, _ := l.covers("b.eml", d); ok {
		t.Error("another file's difference accepted")
	}
	if _, ok, old := l.covers("a.eml", difference{kText, "2", d.detail}); ok || old != nil {
		t.Error("the same kind of difference in another part accepted")
	}
	other := difference{kText, "1", "part 1 (text/plain): 2 words not shown: epilogue prologue"}
	if _, ok, old := l.covers("a.eml", other); ok || old == nil || old.digest != d.digest() {
		t.Errorf("a changed detail: accepted %v, named %+v", ok, old)
	}
	for _, bad := range []string{"a.eml\ttext\tthe reference is wrong here, because RFC 1", "a.eml\ttext\t1\tabc\t" + acceptedReason + " 1",
		"a.eml\ttext\t1\t" + d.digest() + "\tbecause I say so", line + "\n" + line} {
		if err := os.WriteFile(p, []byte(bad+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readAccepted(p); err == nil {
			t.Errorf("%q read as an accepted list", bad)
		}
	}
}
