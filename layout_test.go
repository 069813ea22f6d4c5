package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/postie-mail/postie"

// TestPackageBoundaries reads the import graph with `go list -deps` and
// enforces the direction ARCHITECTURE.md describes: only main, app and
// assets may depend on Fyne; app → accounts, mailview, localstore;
// accounts → localstore; mailview and localstore depend on neither (only
// on internal/mailtext); nothing depends on app. Inside accounts the
// rules of TestAccountsBoundaries hold.
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
		"mailview":   {"app", "accounts", "localstore", "assets", "main"},
		"localstore": {"app", "accounts", "mailview", "assets", "main"},
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

// TestAccountsBoundaries holds the rooms inside accounts/ apart: the
// engines (imapsync, popsync, smtpsend) never depend on each other nor on
// what drives them (setup, mailsync); netconf, secrets, compose and oauth
// stand on their own; the account model depends only on netconf and
// secrets; signin (which login an account uses) sits between the model
// and the engines;
// setup and mailsync do not lean on each other; keepcopy is handed the
// sync and the check it needs, so it leans on no engine; test helpers
// stay out of the program.
func TestAccountsBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}|{{join .Deps \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	acc := module + "/accounts"
	sub := func(pkg string) string { // "…/accounts/imapsync" → "imapsync", "…/accounts" → "accounts"
		if pkg == acc {
			return "accounts"
		}
		if r, ok := strings.CutPrefix(pkg, acc+"/"); ok {
			return r
		}
		return ""
	}
	inside := []string{"accounts", "netconf", "secrets", "compose", "oauth", "signin", "imapsync", "popsync", "smtpsend", "setup", "mailsync", "keepcopy", "internal/acctest", "testservers"}
	engines := []string{"imapsync", "popsync", "smtpsend"}
	allowed := map[string][]string{ // the accounts packages each may depend on
		"secrets":  nil,
		"compose":  nil,
		"netconf":  {"secrets"},
		"oauth":    {"netconf", "secrets"},
		"accounts": {"netconf", "secrets"},
		"signin":   {"accounts", "netconf", "secrets", "oauth"},
		"imapsync": {"accounts", "netconf", "secrets", "signin", "oauth"},
		"popsync":  {"accounts", "netconf", "secrets", "signin", "oauth"},
		"smtpsend": {"accounts", "netconf", "secrets", "signin", "oauth"},
		"setup":    {"accounts", "netconf", "secrets", "oauth", "signin", "imapsync", "popsync", "smtpsend"},
		"mailsync": {"accounts", "netconf", "secrets", "signin", "oauth", "imapsync", "popsync", "smtpsend"},
		"keepcopy": {"accounts", "netconf", "secrets", "signin", "oauth"}, // handed its sync and check by the caller
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, "|")
		if !strings.HasPrefix(pkg, module) {
			continue
		}
		me := sub(pkg)
		seen[me] = true
		for _, d := range strings.Fields(deps) {
			them := sub(d)
			if (them == "internal/acctest" || them == "testservers") && me != "internal/acctest" && me != "testservers" {
				t.Errorf("%s depends on %s: test helpers stay out of the program", pkg, d)
			}
			rules, ruled := allowed[me]
			if !ruled || them == "" || them == me {
				continue
			}
			if !slices.Contains(rules, them) {
				t.Errorf("%s depends on accounts/%s: %s may depend only on %v", pkg, them, me, rules)
			}
		}
	}
	for _, p := range append(engines, inside[:12]...) {
		if !seen[p] {
			t.Errorf("accounts/%s was not listed: the layout changed, update this test", p)
		}
	}
}
