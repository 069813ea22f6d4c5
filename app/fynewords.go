package app

import "github.com/postie-mail/postie/internal/tr"

// fyneWords are the keys of Fyne's own words (its dialogs' buttons, the
// text fields' menu, the file dialog): Postie's catalogues translate
// them too, so that they come in every language Postie speaks (Fyne has
// no Italian, Dutch, Turkish or Korean) and in a language the person
// chose (app/language.go). From fyne.io/fyne/v2@v2.8.1/lang/translations
// /base.en.json; TestFyneWordsAreFynes keeps the list in step.
var fyneWords = []string{
	tr.Mark("Advanced"),
	tr.Mark("Cancel"),
	tr.Mark("Confirm"),
	tr.Mark("Copy"),
	tr.Mark("Create Folder"),
	tr.Mark("Cut"),
	tr.Mark("Enter filename"),
	tr.Mark("Error"),
	tr.Mark("Favourites"),
	tr.Mark("File"),
	tr.Mark("Folder"),
	tr.Mark("New Folder"),
	tr.Mark("No"),
	tr.Mark("OK"),
	tr.Mark("Open"),
	tr.Mark("Paste"),
	tr.Mark("Quit"),
	tr.Mark("Redo"),
	tr.Mark("Save"),
	tr.Mark("Select all"),
	tr.Mark("Show Hidden Files"),
	tr.Mark("Undo"),
	tr.Mark("Yes"),
	tr.MarkX("file.name", "Name"),
	tr.MarkX("file.parent", "Parent"),
	tr.MarkX("friday", "Friday"),
	tr.MarkX("friday.short", "Fri"),
	tr.MarkX("monday", "Monday"),
	tr.MarkX("monday.short", "Mon"),
	tr.MarkX("saturday", "Saturday"),
	tr.MarkX("saturday.short", "Sat"),
	tr.MarkX("sunday", "Sunday"),
	tr.MarkX("sunday.short", "Sun"),
	tr.MarkX("thursday", "Thursday"),
	tr.MarkX("thursday.short", "Thu"),
	tr.MarkX("tuesday", "Tuesday"),
	tr.MarkX("tuesday.short", "Tue"),
	tr.MarkX("wednesday", "Wednesday"),
	tr.MarkX("wednesday.short", "Wed"),
}
