package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/postie-mail/postie/app"
)

// speak makes Postie speak the person's language from here on: the one
// chosen for the profile (Settings › Language, or POSTIE_LANGUAGE), else
// the system's. The profile is found in args as the verbs find it.
func speak(args []string, stderr io.Writer) {
	if err := app.UseLanguage(app.SavedLanguage(profileIn(args))); err != nil {
		fmt.Fprintf(stderr, "postie: %v\n", err)
	}
}

// profileIn is the profile folder args name (--profile DIR or
// --profile=DIR), else POSTIE_PROFILE's, else the default one.
func profileIn(args []string) string {
	for i, a := range args {
		a = strings.TrimPrefix(a, "-")
		switch {
		case (a == "-profile" || a == "profile") && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "-profile="), strings.HasPrefix(a, "profile="):
			return a[strings.Index(a, "=")+1:]
		}
	}
	if p := os.Getenv("POSTIE_PROFILE"); p != "" {
		return p
	}
	return defaultProfile()
}
