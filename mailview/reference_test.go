package mailview_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"unicode"
)

// The reference reading of a message: what testdata/reference/reference.py
// (Python's email package) prints for it.
type refMessage struct {
	File    string
	Policy  string
	Error   string
	Subject *string
	From    []refGroup
	To      []refGroup
	Date    *string
	Parts   []refPart
}

// refGroup is one address, or one RFC 5322 group of them (Name set).
type refGroup struct {
	Name  *string
	Addrs [][2]string
}

func (g *refGroup) UnmarshalJSON(b []byte) error {
	var pair [2]json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if err := json.Unmarshal(pair[0], &g.Name); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &g.Addrs)
}

type refPart struct {
	Path, Type, Disposition, Name, Alt, Sha256 string
	Size                                       int
	Text                                       *string
	Container                                  bool
	UU                                         bool // a uuencoded file found inside a text part
	Unsplit                                    bool // a multipart the reference could not split
}

// runReference reads every file with the reference parser, in one run.
func runReference(python, script string, files []string) (map[string]refMessage, error) {
	cmd := exec.Command(python, append([]string{script}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	refs := map[string]refMessage{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var m refMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("reading the reference's answer: %v", err)
		}
		refs[m.File] = m
	}
	return refs, sc.Err()
}

// addressText shows addresses the way the reader does: "Name <addr>",
// groups as "Group: member, member;".
func addressText(gs []refGroup) string {
	var out []string
	for _, g := range gs {
		var members []string
		for _, a := range g.Addrs {
			if a[0] == "" {
				members = append(members, a[1])
			} else {
				members = append(members, a[0]+" <"+a[1]+">")
			}
		}
		if g.Name == nil {
			out = append(out, members...)
		} else {
			out = append(out, *g.Name+": "+strings.Join(members, ", ")+";")
			out[len(out)-1] = strings.Replace(out[len(out)-1], ": ;", ":;", 1)
		}
	}
	return strings.Join(out, ", ")
}

// words are the words of a text, lower case, for comparing what is shown.
func words(s string) map[string]bool {
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w[f] = true
	}
	return w
}

// missingWords lists the words of s not in shown (sorted by first
// appearance).
func missingWords(s string, shown map[string]bool) []string {
	var miss []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !shown[f] && !seen[f] {
			seen[f] = true
			miss = append(miss, f)
		}
	}
	return miss
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// accepted is the reviewed list of differences where the reference is
// wrong: "file<TAB>kind<TAB>where<TAB>digest<TAB>reason", where the
// difference is (a part's path, "alt:" and an alternative's path, "-"
// for the header) and the digest of its detail, so an entry covers one
// difference only, and only as long as its detail stays the same.
type acceptedKey struct{ file, kind, where, digest string }

type acceptedList map[acceptedKey]string

// covers says whether the list accepts difference d of file; when not,
// old is an entry for the same file, kind and place whose detail was
// another (the difference changed since it was reviewed).
func (l acceptedList) covers(file string, d difference) (key acceptedKey, ok bool, old *acceptedKey) {
	key = acceptedKey{file, d.kind, d.where, d.digest()}
	if _, ok := l[key]; ok {
		return key, true, nil
	}
	for k := range l {
		if k.file == key.file && k.kind == key.kind && k.where == key.where {
			return key, false, &k
		}
	}
	return key, false, nil
}

const acceptedReason = "the reference is wrong here, because RFC"

func readAccepted(path string) (acceptedList, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := acceptedList{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 5)
		if len(f) != 5 || f[2] == "" || len(f[3]) != 12 || !strings.HasPrefix(f[4], acceptedReason) {
			return nil, fmt.Errorf("%s line %d: want file<TAB>kind<TAB>where<TAB>digest<TAB>%s …", path, i+1, acceptedReason)
		}
		key := acceptedKey{f[0], f[1], f[2], f[3]}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s line %d: listed twice", path, i+1)
		}
		out[key] = f[4]
	}
	return out, nil
}
