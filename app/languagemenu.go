package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// profileDir is the profile folder, where the language chosen is kept.
func (ui *UI) profileDir() string {
	if ui.opts.Profile != "" {
		return ui.opts.Profile
	}
	return ui.store.Dir()
}

// showLanguage is View › Language…: the system's language, or one of
// the languages Postie speaks, each named in itself. The choice is kept
// in the profile (SaveLanguage) and taken at the next start: Fyne's own
// words are loaded once, when it starts.
func (ui *UI) showLanguage() *dropDown {
	name := tr.L("Language")
	options := []string{tr.L("The system's language")}
	for _, l := range Languages {
		options = append(options, l.Name)
	}
	pick := newDropDown(name, options, nil)
	pick.SetSelectedIndex(0)
	if saved, ok := findLanguage(SavedLanguage(ui.profileDir())); ok && SavedLanguage(ui.profileDir()) != "" { // "" would be English
		for i, l := range Languages {
			if l.Tag == saved.Tag {
				pick.SetSelectedIndex(i + 1)
			}
		}
	}
	intro := para(tr.L("Postie speaks this language from its next start."))
	content := container.NewVBox(intro, widget.NewForm(widget.NewFormItem(name, pick)))
	d := dialog.NewCustomConfirm(name, tr.L("Use this language"), tr.L("Cancel"), content, func(ok bool) {
		if ok {
			ui.chooseLanguage(pick.SelectedIndex())
		}
	}, ui.win)
	d.Resize(fyne.NewSize(420, 220))
	present(ui.win, d)
	return pick
}

// chooseLanguage keeps choice i of the language dialog (0: the system's,
// else Languages[i-1]) and says when it takes effect.
func (ui *UI) chooseLanguage(i int) {
	tag, said := "", tr.L("Postie will follow the system's language the next time it starts.")
	if i > 0 && i <= len(Languages) {
		l := Languages[i-1]
		tag, said = l.Tag, tr.L("Postie will speak {{.Language}} the next time it starts.", tr.M{"Language": l.Name})
	} else if i != 0 {
		return
	}
	if err := SaveLanguage(ui.profileDir(), tag); err != nil {
		ui.showError(tr.L("Could not keep the language"), err)
		return
	}
	inform(ui.win, tr.L("Language"), said)
}
