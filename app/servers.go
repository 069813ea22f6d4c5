package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/internal/tr"
)

// The security choices, in the order the drop-down lists them (told
// apart by index: "None" is translated).
var securities = []netconf.Security{netconf.TLS, netconf.StartTLS, netconf.Plain}

func securityNames() []string {
	return []string{"SSL/TLS", "STARTTLS", tr.L("No encryption")}
}

func securityIndex(s netconf.Security) int {
	for i, x := range securities {
		if x == s {
			return i
		}
	}
	return -1
}

// serverEditor edits the protocol and both servers of st in place (host,
// port, security, user name) and calls changed after every edit; Enter in
// a box calls submit. The wizard and the account settings window share
// it. first is its first box (for the keyboard).
func serverEditor(st *accounts.Settings, changed, submit func()) (form fyne.CanvasObject, first fyne.Focusable) {
	type fields struct {
		host, port, user *textField
		sec              *dropDown
		dst              *netconf.Server
	}
	var all []fields
	var apply func()
	mk := func(s *netconf.Server, incoming bool) fields {
		names := []string{tr.L("Outgoing server"), tr.L("Outgoing port"), tr.L("Outgoing security"), tr.L("Outgoing user name")}
		if incoming {
			names = []string{tr.L("Incoming server"), tr.L("Incoming port"), tr.L("Incoming security"), tr.L("Incoming user name")}
		}
		f := fields{host: newTextField(names[0]), port: newTextField(names[1]), user: newTextField(names[3]),
			sec: newDropDown(names[2], securityNames(), nil), dst: s}
		f.host.SetText(s.Host)
		f.port.SetText(strconv.Itoa(s.Port))
		f.user.SetText(s.Username)
		if i := securityIndex(s.Security); i >= 0 {
			f.sec.SetSelectedIndex(i)
		}
		for _, e := range []*textField{f.host, f.port, f.user} {
			e.OnSubmitted = func(string) {
				if submit != nil {
					submit()
				}
			}
		}
		return f
	}
	in, out := mk(&st.Incoming, true), mk(&st.Outgoing, false)
	auth := newDropDown(tr.L("Sign-in"), []string{tr.L("Normal password (PLAIN)"), tr.L("Normal password (LOGIN)")}, nil)
	auth.SetSelectedIndex(0)
	if strings.EqualFold(st.Outgoing.Auth, "login") {
		auth.SetSelectedIndex(1)
	}
	all = []fields{in, out}
	protocols := []accounts.Protocol{accounts.IMAP, accounts.POP}
	proto := newDropDown(tr.L("Kind of incoming server"), []string{"IMAP", "POP"}, nil)
	if st.Protocol == accounts.POP {
		proto.SetSelectedIndex(1)
	} else if st.Protocol == accounts.IMAP {
		proto.SetSelectedIndex(0)
	}
	apply = func() {
		for _, f := range all {
			port, _ := strconv.Atoi(strings.TrimSpace(f.port.Text))
			var sec netconf.Security
			if i := f.sec.SelectedIndex(); i >= 0 {
				sec = securities[i]
			}
			*f.dst = netconf.Server{Host: strings.TrimSpace(f.host.Text), Port: port, Security: sec,
				Username: strings.TrimSpace(f.user.Text), Auth: f.dst.Auth}
		}
		st.Outgoing.Auth = ""
		if auth.SelectedIndex() == 1 {
			st.Outgoing.Auth = "login"
		}
		st.Protocol = ""
		if i := proto.SelectedIndex(); i >= 0 {
			st.Protocol = protocols[i]
		}
		changed()
	}
	for _, f := range all {
		f.host.OnChanged = func(string) { apply() }
		f.port.OnChanged = func(string) { apply() }
		f.user.OnChanged = func(string) { apply() }
		f.sec.OnChanged = func(string) { apply() }
	}
	proto.OnChanged = func(string) { apply() }
	auth.OnChanged = func(string) { apply() }
	return container.NewVBox(
		bold(tr.L("Incoming server")),
		widget.NewForm(widget.NewFormItem(tr.L("Kind"), proto), widget.NewFormItem(tr.L("Server"), in.host), widget.NewFormItem(tr.L("Port"), in.port),
			widget.NewFormItem(tr.L("Security"), in.sec), widget.NewFormItem(tr.L("User name"), in.user)),
		bold(tr.L("Outgoing server (SMTP)")),
		widget.NewForm(widget.NewFormItem(tr.L("Server"), out.host), widget.NewFormItem(tr.L("Port"), out.port),
			widget.NewFormItem(tr.L("Security"), out.sec), widget.NewFormItem(tr.L("User name"), out.user), widget.NewFormItem(tr.L("Sign-in"), auth))), proto
}

// confirmRemoval shows the warning for a POP choice that removes server
// copies; done(true) only when the person confirms. The wizard and the
// account settings both use it, so the warning is the same everywhere.
func confirmRemoval(win fyne.Window, warning string, done func(bool)) {
	confirmRisky(win, tr.L("Remove your mail from the server?"), warning, tr.L("Yes, remove them"), tr.L("No, keep them"), done)
}
