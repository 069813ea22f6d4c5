package mailview

import "testing"

// The warning is decided on the name the file is saved under: invisible
// characters and trailing spaces cannot hide a program.
func TestIsExecutableOnTheSavedName(t *testing.T) {
	for _, n := range []string{"invoice.exe\u00a0", "invoice.exe\u3000", "invoice.exe\u2002", "photo\u202Egpj.exe", "a.EXE.", "x.lnk", "setup.iso",
		"page.html", "logo.svg", "run.desktop", "macro.xlsm", "go.url", "tool.py"} {
		if !IsExecutable(n) {
			t.Errorf("%q not flagged", n)
		}
	}
	for _, n := range []string{"report.pdf", "photo.jpg", "notes.txt", "invoice.exe\u0085"} { // NEL becomes '_': saved as invoice.exe_
		if IsExecutable(n) {
			t.Errorf("%q flagged", n)
		}
	}
}
