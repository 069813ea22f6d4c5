package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// composeLayout lays out a compose window: the header (From … Subject
// and the formatting buttons) on top, the files and buttons at the
// bottom, the text in between. A list of address suggestions takes its
// room from the text, never from the window: with the list counted in
// its minimum size, the window grew past the bottom of the screen at
// 150 % scale and Send was out of reach (#29, seen in the real window).
type composeLayout struct {
	// lists is the height the open suggestion lists take in the header.
	lists func() float32
}

func (l composeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, body, bottom := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	h := top.Height - l.lists() + body.Height + bottom.Height + 2*theme.Padding()
	return fyne.NewSize(max(top.Width, body.Width, bottom.Width), h)
}

func (l composeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, body, bottom := objs[0], objs[1], objs[2]
	th, bh := top.MinSize().Height, bottom.MinSize().Height
	top.Move(fyne.NewPos(0, 0))
	top.Resize(fyne.NewSize(size.Width, th))
	bottom.Move(fyne.NewPos(0, size.Height-bh))
	bottom.Resize(fyne.NewSize(size.Width, bh))
	mid := max(size.Height-th-bh-2*theme.Padding(), 0)
	body.Move(fyne.NewPos(0, th+theme.Padding()))
	body.Resize(fyne.NewSize(size.Width, mid))
}
