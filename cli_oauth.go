package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"

	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/internal/tr"
)

// cliSignIn runs the provider sign-in from the terminal: it prints the
// address to open and opens the browser where there is one, then waits
// for the redirect (Ctrl-C cancels).
func cliSignIn(ctx context.Context, w *setup.Wizard, stdout, stderr io.Writer) error {
	p, _ := w.OAuthProvider()
	open := func(u string) error {
		fmt.Fprintf(stdout, "%s\n  %s\n", tr.L("Sign in at {{.Provider}} in your web browser. If it does not open by itself, open this address:", tr.M{"Provider": p.Name}), u)
		openBrowser(u)
		fmt.Fprintln(stderr, tr.L("Waiting for you to finish signing in … (Ctrl-C cancels)"))
		return nil
	}
	if err := w.SignIn(ctx, open); err != nil {
		return errors.New(setup.SignInProblem(p, err))
	}
	fmt.Fprintln(stderr, tr.L("Signed in with {{.Provider}}.", tr.M{"Provider": p.Name}))
	return nil
}

// openBrowser opens a web address with the system's handler, where there
// is one (a terminal without a desktop has none: the address is printed
// anyway). Tests replace it.
var openBrowser = func(u string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	case "darwin":
		cmd = exec.Command("open", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if cmd.Start() == nil {
		go func() { _ = cmd.Wait() }() // reaps the opener; the browser itself goes on
	}
}
