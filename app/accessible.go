package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// Everything a person can reach with the keyboard or the mouse says what
// it is to a screen reader (fyne.Accessible, Fyne 2.8: Windows and macOS
// builds with -tags accessibility). Fyne's Button, Label and Hyperlink
// say their text; these are Fyne's other controls with the name a
// screen reader should give them. TestScreensInEveryLanguage walks
// every screen and fails on anything tappable or focusable that says
// nothing.

// textField is a text box with the name of what it holds ("Subject").
type textField struct {
	widget.Entry
	name string
}

func newTextField(name string) *textField {
	e := &textField{name: name}
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordField(name string) *textField {
	e := newTextField(name)
	e.Password = true
	return e
}

func newTextArea(name string) *textField {
	e := newTextField(name)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// AccessibilityLabel is the field's name and what it holds (never a
// password).
func (e *textField) AccessibilityLabel() string {
	return fieldLabel(e.name, &e.Entry)
}

func (e *textField) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// TypedKey: Escape closes the dialog the field is in.
func (e *textField) TypedKey(k *fyne.KeyEvent) {
	if passEscape(e, k) {
		return
	}
	e.Entry.TypedKey(k)
}

// fieldLabel is what a screen reader says for a text box.
func fieldLabel(name string, e *widget.Entry) string {
	switch {
	case e.Password && e.Text != "":
		return tr.L("{{.Field}}: password, filled in", tr.M{"Field": name})
	case e.Password:
		return tr.L("{{.Field}}: password, empty", tr.M{"Field": name})
	case e.Text != "":
		return tr.L("{{.Field}}: {{.Value}}", tr.M{"Field": name, "Value": e.Text})
	case e.PlaceHolder != "":
		return tr.L("{{.Field}}: empty, {{.Hint}}", tr.M{"Field": name, "Hint": e.PlaceHolder})
	}
	return tr.L("{{.Field}}: empty", tr.M{"Field": name})
}

// checkBox says its text and whether it is ticked.
type checkBox struct{ widget.Check }

func newCheckBox(text string, changed func(bool)) *checkBox {
	c := &checkBox{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *checkBox) AccessibilityLabel() string {
	if c.Checked {
		return tr.L("{{.Option}}: ticked", tr.M{"Option": c.Text})
	}
	return tr.L("{{.Option}}: not ticked", tr.M{"Option": c.Text})
}

func (c *checkBox) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (c *checkBox) TypedKey(k *fyne.KeyEvent) {
	if passEscape(c, k) {
		return
	}
	c.Check.TypedKey(k)
}

// choice is a set of radio buttons under a name ("Server copies").
type choice struct {
	widget.RadioGroup
	name string
}

func newChoice(name string, options []string, changed func(string)) *choice {
	c := &choice{name: name}
	c.Options, c.OnChanged = options, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *choice) AccessibilityLabel() string {
	if c.Selected == "" {
		return tr.L("{{.Field}}: nothing chosen yet", tr.M{"Field": c.name})
	}
	return tr.L("{{.Field}}: {{.Value}}", tr.M{"Field": c.name, "Value": c.Selected})
}

func (c *choice) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// dropDown is a drop-down list under a name ("Encryption").
type dropDown struct {
	widget.Select
	name string
}

func newDropDown(name string, options []string, changed func(string)) *dropDown {
	d := &dropDown{name: name}
	d.Options, d.OnChanged = options, changed
	d.ExtendBaseWidget(d)
	return d
}

func (d *dropDown) AccessibilityLabel() string {
	if d.Selected == "" {
		return tr.L("{{.Field}}: nothing chosen yet", tr.M{"Field": d.name})
	}
	return tr.L("{{.Field}}: {{.Value}}", tr.M{"Field": d.name, "Value": d.Selected})
}

func (d *dropDown) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (d *dropDown) TypedKey(k *fyne.KeyEvent) {
	if passEscape(d, k) {
		return
	}
	d.Select.TypedKey(k)
}

// iconButton is a button that shows only an icon and says its name.
type iconButton struct {
	widget.Button
	name string
}

func newIconButton(name string, icon fyne.Resource, tapped func()) *iconButton {
	b := &iconButton{name: name}
	b.Icon, b.OnTapped = icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *iconButton) AccessibilityLabel() string {
	if b.Text != "" {
		return b.Text
	}
	return b.name
}

func (b *iconButton) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (b *iconButton) TypedKey(k *fyne.KeyEvent) {
	if passEscape(b, k) {
		return
	}
	b.Button.TypedKey(k)
}

// namedList is a list under a name ("Move to"), which says how many
// choices it holds.
type namedList struct {
	widget.List
	name string
}

func newNamedList(name string, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *namedList {
	l := &namedList{name: name}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *namedList) AccessibilityLabel() string {
	n := 0
	if l.Length != nil {
		n = l.Length()
	}
	return tr.N("{{.Field}}: {{.Count}} choice", "{{.Field}}: {{.Count}} choices", n, tr.M{"Field": l.name})
}

func (l *namedList) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (l *namedList) TypedKey(k *fyne.KeyEvent) {
	if passEscape(l, k) {
		return
	}
	l.List.TypedKey(k)
}
