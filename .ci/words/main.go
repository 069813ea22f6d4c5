// Command words writes Postie's translated packaging words (see
// packaging_words.go) into the packages, from assets/translations:
//
//	go run ./.ci/words desktop   lines for the desktop entry: GenericName[de]=…
//	go run ./.ci/words nsis      an NSIS include: LoadLanguageFile and LangString
//
// Run from the repository's top folder.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// languages are Postie's catalogues with the names the desktop entry
// (POSIX locales) and NSIS (its language files) give them.
var languages = []struct{ file, desktop, nsis string }{
	{"de", "de", "German"}, {"es", "es", "Spanish"}, {"fr", "fr", "French"}, {"it", "it", "Italian"},
	{"nl", "nl", "Dutch"}, {"pl", "pl", "Polish"}, {"pt_BR", "pt_BR", "PortugueseBR"}, {"tr", "tr", "Turkish"},
	{"ru", "ru", "Russian"}, {"uk", "uk", "Ukrainian"}, {"ja", "ja", "Japanese"}, {"ko", "ko", "Korean"},
	{"zh_Hans", "zh_CN", "SimpChinese"},
}

func catalogue(name string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join("assets", "translations", name+".json"))
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range raw {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./.ci/words desktop|nsis")
		os.Exit(2)
	}
	en, err := catalogue("en")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch os.Args[1] {
	case "desktop":
		for _, l := range languages {
			c, err := catalogue(l.file)
			if err != nil {
				continue // not translated yet
			}
			for _, f := range []struct{ field, key string }{{"GenericName", "desktop.generic-name"}, {"Comment", "desktop.comment"}, {"Keywords", "desktop.keywords"}} {
				if v := c[f.key]; v != "" && v != en[f.key] {
					fmt.Printf("%s[%s]=%s\n", f.field, l.desktop, oneLine(v))
				}
			}
		}
	case "nsis":
		fmt.Println("; Made by .ci/words from assets/translations: do not edit.")
		all := append([]struct{ file, desktop, nsis string }{{"en", "en", "English"}}, languages...)
		var keys []string
		for k := range en {
			if strings.HasPrefix(k, "installer.") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, l := range all {
			c, err := catalogue(l.file)
			if err != nil {
				continue
			}
			fmt.Printf("LoadLanguageFile \"${NSISDIR}\\Contrib\\Language files\\%s.nlf\"\n", l.nsis)
			for _, k := range keys {
				v := c[k]
				if v == "" {
					v = en[k]
				}
				name := strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(k))
				v = strings.ReplaceAll(v, "{{.Folder}}", "$INSTDIR")
				fmt.Printf("LangString %s ${LANG_%s} %s\n", name, strings.ToUpper(l.nsis), nsisQuote(v))
			}
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: go run ./.ci/words desktop|nsis")
		os.Exit(2)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// nsisQuote writes s as an NSIS string: in double quotes, with $\" for a
// quote and $$ for a dollar that is not one of ours.
func nsisQuote(s string) string {
	s = strings.ReplaceAll(s, "$", "$$")
	s = strings.ReplaceAll(s, "$$INSTDIR", "$INSTDIR")
	s = strings.ReplaceAll(s, `"`, `$\"`)
	return `"` + oneLine(s) + `"`
}
