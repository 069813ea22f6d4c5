package app

import (
	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/internal/tr"
)

// OpenMailto opens a compose window filled in from a mailto: link (what
// a click on an email address in a web page or another program sends),
// from the first account; a link that cannot be read says so.
func (ui *UI) OpenMailto(link string) { ui.openMailto(link) }

func (ui *UI) openMailto(link string) *composeView {
	d, err := compose.FromMailto(link)
	if err != nil {
		ui.showError(tr.L("This email link cannot be opened"), err)
		return nil
	}
	list, _ := accounts.List(ui.store)
	var acct accounts.Account
	if len(list) > 0 {
		acct = list[0]
	}
	return ui.openCompose(d, acct, composeOpts{signature: true})
}

// Show brings the window to the front for a second start of Postie, with
// a compose window when it came from a mailto: link.
func (ui *UI) Show(mailto string) {
	ui.win.Show()
	ui.win.RequestFocus()
	if mailto != "" {
		ui.OpenMailto(mailto)
	}
}
