package assets

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

var updateCatalogue = flag.Bool("update-catalogue", false, "write translations/en.json from the code")

// entry is one sentence of the catalogue, as the code says it.
type entry struct {
	One, Other string // Other only, unless counted
	Plural     bool
	Where      string // file:line of its first use
}

// skipDirs hold code no person reads the words of: the tests' fake
// servers and test data.
var skipDirs = map[string]bool{".git": true, "testdata": true, "testservers": true, "testmail": true, "dist": true, "bin": true}

// sentences reads every tr.L, tr.X, tr.N, tr.XN, tr.Mark and tr.MarkX in
// Postie's code (tests aside) and returns the catalogue they need.
// Calls whose words are not written out in the call are returned in
// dynamic: they must translate a sentence marked elsewhere.
func sentences(t *testing.T, root string) (map[string]entry, []string) {
	t.Helper()
	out := map[string]entry{}
	var dynamic []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDirs[d.Name()] || strings.HasPrefix(d.Name(), "wt-") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		if f.Name.Name == "tr" && strings.Contains(filepath.ToSlash(path), "internal/tr/") {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "tr" {
				return true
			}
			pos := fset.Position(call.Pos())
			where := fmt.Sprintf("%s:%d", strings.TrimPrefix(filepath.ToSlash(pos.Filename), filepath.ToSlash(root)+"/"), pos.Line)
			lits := func(n int) ([]string, bool) {
				if len(call.Args) < n {
					return nil, false
				}
				var s []string
				for _, a := range call.Args[:n] {
					v, ok := literal(a)
					if !ok {
						return nil, false
					}
					s = append(s, v)
				}
				return s, true
			}
			add := func(key string, e entry) {
				e.Where = where
				if old, ok := out[key]; ok && (old.One != e.One || old.Other != e.Other || old.Plural != e.Plural) {
					t.Errorf("%s: the key %q says something else at %s", where, key, old.Where)
					return
				}
				if _, ok := out[key]; !ok {
					out[key] = e
				}
			}
			switch sel.Sel.Name {
			case "L", "Mark":
				if s, ok := lits(1); ok {
					add(s[0], entry{Other: s[0]})
				} else {
					dynamic = append(dynamic, where)
				}
			case "X", "MarkX":
				if s, ok := lits(2); ok {
					add(s[0], entry{Other: s[1]})
				} else {
					dynamic = append(dynamic, where)
				}
			case "N":
				if s, ok := lits(2); ok {
					add(s[1], entry{One: s[0], Other: s[1], Plural: true})
				} else {
					t.Errorf("%s: tr.N needs its words written out", where)
				}
			case "XN":
				if s, ok := lits(3); ok {
					add(s[0], entry{One: s[1], Other: s[2], Plural: true})
				} else {
					t.Errorf("%s: tr.XN needs its words written out", where)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, dynamic
}

// literal is the string a constant expression of string literals makes.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// english is the English catalogue the code needs, as en.json holds it.
func english(want map[string]entry) []byte {
	m := map[string]any{}
	for k, e := range want {
		if e.Plural {
			m[k] = map[string]string{"one": e.One, "other": e.Other}
		} else {
			m[k] = e.Other
		}
	}
	return marshal(m)
}

func marshal(m any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// The English catalogue is exactly what the code says: every sentence
// the code translates is in it, and nothing else.
func TestEnglishCatalogueIsTheCode(t *testing.T) {
	want, _ := sentences(t, "..")
	if len(want) == 0 {
		t.Fatal("no sentences found")
	}
	got := english(want)
	if *updateCatalogue {
		if err := os.WriteFile("translations/en.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, got) {
		var h map[string]any
		_ = json.Unmarshal(have, &h)
		var missing, extra []string
		for k := range want {
			if _, ok := h[k]; !ok {
				missing = append(missing, k)
			}
		}
		for k := range h {
			if _, ok := want[k]; !ok {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		t.Fatalf("translations/en.json is not what the code says (go test ./assets -run TestEnglishCatalogueIsTheCode -update-catalogue):\nmissing %d: %q\nunused %d: %q", len(missing), first(missing), len(extra), first(extra))
	}
}

func first(s []string) []string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

var placeholder = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

// places is the set of {{.Name}} places in s.
func places(s string) string {
	var p []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		p = append(p, m[1])
	}
	sort.Strings(p)
	return strings.Join(slicesCompact(p), ",")
}

func slicesCompact(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// formsNeeded are the plural forms whole numbers take in tag, and other.
func formsNeeded(tag language.Tag) map[string]bool {
	need := map[string]bool{"other": true}
	for n := 0; n <= 1000; n++ {
		need[tr.FormName(tr.FormOf(tag, n))] = true
	}
	return need
}

var _ = plural.Other

// Every catalogue has every sentence, with the same {{.Name}} places as
// the English one, every plural form its language needs, and nothing the
// code does not say; each loads into go-i18n (Fyne's lang) and each
// sentence is a valid template.
func TestEveryCatalogueIsComplete(t *testing.T) {
	enData, err := os.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := json.Unmarshal(enData, &en); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("translations/*.json")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			checkCatalogue(t, file, en)
		})
	}
}

func checkCatalogue(t *testing.T, file string, en map[string]any) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	mf, err := b.ParseMessageFileBytes(data, filepath.Base(file))
	if err != nil {
		t.Fatalf("go-i18n cannot read it: %v", err)
	}
	tag := mf.Tag
	need := formsNeeded(tag)
	var cat map[string]any
	if err := json.Unmarshal(data, &cat); err != nil {
		t.Fatal(err)
	}
	var missing, problems []string
	for k, ev := range en {
		v, ok := cat[k]
		if !ok {
			missing = append(missing, k)
			continue
		}
		want := ""
		switch ev := ev.(type) {
		case string:
			want = places(ev)
		case map[string]any:
			want = places(fmt.Sprint(ev["other"]))
		}
		forms := map[string]string{}
		switch v := v.(type) {
		case string:
			if _, counted := ev.(map[string]any); counted {
				problems = append(problems, fmt.Sprintf("%q: counted in English, not here", k))
				continue
			}
			forms["other"] = v
		case map[string]any:
			if _, counted := ev.(map[string]any); !counted {
				problems = append(problems, fmt.Sprintf("%q: not counted in English", k))
				continue
			}
			for f, s := range v {
				forms[strings.ToLower(f)] = fmt.Sprint(s)
			}
			for f := range need {
				if _, ok := forms[f]; !ok {
					problems = append(problems, fmt.Sprintf("%q: no %q form", k, f))
				}
			}
		}
		for f, s := range forms {
			if strings.TrimSpace(s) == "" && strings.TrimSpace(fmt.Sprint(ev)) != "" {
				problems = append(problems, fmt.Sprintf("%q (%s): empty", k, f))
			}
			// A form may leave out {{.Count}} ("one message", "eine
			// Nachricht"); every other place must be there.
			got := places(s)
			if got != want && !(strings.Contains(want, "Count") && got == strings.Trim(strings.ReplaceAll(","+want+",", ",Count,", ","), ",")) {
				problems = append(problems, fmt.Sprintf("%q (%s): places %q, English has %q", k, f, got, want))
			}
			if _, err := template.New("").Parse(s); err != nil {
				problems = append(problems, fmt.Sprintf("%q (%s): %v", k, f, err))
			}
		}
	}
	var unused []string
	for k := range cat {
		if _, ok := en[k]; !ok {
			unused = append(unused, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	sort.Strings(problems)
	if len(missing)+len(unused)+len(problems) > 0 {
		t.Errorf("%d missing %q\n%d unused %q\n%d problems:\n%s", len(missing), first(missing), len(unused), first(unused), len(problems), strings.Join(first(problems), "\n"))
	}
}
