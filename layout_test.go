package main

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/postie-mail/postie"

// TestPackageBoundaries reads the import graph with `go list -deps` and
// enforces DEVELOPERS.md: only main, app and assets may depend on Fyne;
// app → accounts, mailview, localstore; accounts → localstore; mailview
// and localstore depend on neither; nothing depends on app.
func TestPackageBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}|{{join .Deps \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	top := func(pkg string) string { // "localstore/archive" → "localstore"
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if rel == "" {
			return "main"
		}
		return strings.SplitN(rel, "/", 2)[0]
	}
	forbidden := map[string][]string{
		"accounts":   {"app", "mailview", "assets"},
		"mailview":   {"app", "accounts", "localstore", "assets"},
		"localstore": {"app", "accounts", "mailview", "assets"},
		"assets":     {"app", "accounts", "mailview", "localstore"},
		"app":        {"main"},
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, "|")
		if !strings.HasPrefix(pkg, module) {
			continue
		}
		checked++
		me := top(pkg)
		for _, d := range strings.Fields(deps) {
			if strings.HasPrefix(d, "fyne.io/") && me != "main" && me != "app" && me != "assets" {
				t.Errorf("%s depends on Fyne (%s): only main, app and assets may", pkg, d)
			}
			if !strings.HasPrefix(d, module) {
				continue
			}
			for _, f := range forbidden[me] {
				if top(d) == f {
					t.Errorf("%s depends on %s: %s must not depend on %s", pkg, d, me, f)
				}
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages of the module listed", checked)
	}
}
