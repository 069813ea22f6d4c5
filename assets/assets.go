// Package assets holds Postie's icon and bundled data, embedded in the
// binary.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.svg
var iconSVG []byte

//go:embed icon.png
var iconPNG []byte

//go:embed welcome.eml
var welcome []byte

// Icon is the app icon: an envelope (vector, crisp at every size).
var Icon = fyne.NewStaticResource("postie.svg", iconSVG)

// IconPNG is the same icon as a 512 px PNG, for packaging.
var IconPNG = fyne.NewStaticResource("postie.png", iconPNG)

// Welcome returns the welcome message put in the Inbox of "On this
// computer" on first run.
func Welcome() []byte { return append([]byte(nil), welcome...) }

//go:embed flag.svg
var flagSVG []byte

//go:embed unread.svg
var unreadSVG []byte

// FlagIcon marks a flagged message.
var FlagIcon = fyne.NewStaticResource("flag.svg", flagSVG)

// UnreadIcon marks an unread message.
var UnreadIcon = fyne.NewStaticResource("unread.svg", unreadSVG)

//go:embed providers.json
var providers []byte

// Providers is the bundled table of large providers' server settings
// (JSON, read by accounts.ParseProviders).
func Providers() []byte { return providers }

// Translations holds the catalogues of what Postie says, one file a
// language (go-i18n JSON, as Fyne's lang package reads them): en.json is
// made from the code (assets/catalogue_test.go -update), the others are
// translations of it.
//
//go:embed translations/*.json
var Translations embed.FS
