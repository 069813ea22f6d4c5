package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
)

var (
	securityNames = []string{"SSL/TLS", "STARTTLS", "None (not encrypted)"}
	securityOf    = map[string]netconf.Security{"SSL/TLS": netconf.TLS, "STARTTLS": netconf.StartTLS, "None (not encrypted)": netconf.Plain}
	securityName  = map[netconf.Security]string{netconf.TLS: "SSL/TLS", netconf.StartTLS: "STARTTLS", netconf.Plain: "None (not encrypted)"}
)

// serverEditor edits the protocol and both servers of st in place (host,
// port, security, user name) and calls changed after every edit. The
// wizard and the account settings window share it.
func serverEditor(st *accounts.Settings, changed func()) fyne.CanvasObject {
	type fields struct {
		host, port, user *widget.Entry
		sec              *widget.Select
		dst              *netconf.Server
	}
	var all []fields
	var apply func()
	mk := func(s *netconf.Server) fields {
		f := fields{host: widget.NewEntry(), port: widget.NewEntry(), user: widget.NewEntry(), sec: widget.NewSelect(securityNames, nil), dst: s}
		f.host.SetText(s.Host)
		f.port.SetText(strconv.Itoa(s.Port))
		f.user.SetText(s.Username)
		f.sec.SetSelected(securityName[s.Security])
		return f
	}
	in, out := mk(&st.Incoming), mk(&st.Outgoing)
	authNames := []string{"Normal password (PLAIN)", "Normal password (LOGIN)"}
	auth := widget.NewSelect(authNames, nil)
	auth.SetSelected(authNames[0])
	if strings.EqualFold(st.Outgoing.Auth, "login") {
		auth.SetSelected(authNames[1])
	}
	all = []fields{in, out}
	proto := widget.NewSelect([]string{"IMAP", "POP"}, nil)
	proto.SetSelected(strings.ToUpper(string(st.Protocol)))
	apply = func() {
		for _, f := range all {
			port, _ := strconv.Atoi(strings.TrimSpace(f.port.Text))
			*f.dst = netconf.Server{Host: strings.TrimSpace(f.host.Text), Port: port, Security: securityOf[f.sec.Selected],
				Username: strings.TrimSpace(f.user.Text), Auth: f.dst.Auth}
		}
		st.Outgoing.Auth = ""
		if auth.Selected == authNames[1] {
			st.Outgoing.Auth = "login"
		}
		st.Protocol = accounts.Protocol(strings.ToLower(proto.Selected))
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
		bold("Incoming server"),
		widget.NewForm(widget.NewFormItem("Kind", proto), widget.NewFormItem("Server", in.host), widget.NewFormItem("Port", in.port),
			widget.NewFormItem("Security", in.sec), widget.NewFormItem("User name", in.user)),
		bold("Outgoing server (SMTP)"),
		widget.NewForm(widget.NewFormItem("Server", out.host), widget.NewFormItem("Port", out.port),
			widget.NewFormItem("Security", out.sec), widget.NewFormItem("User name", out.user), widget.NewFormItem("Sign-in", auth)))
}

// confirmRemoval shows the warning for a POP choice that removes server
// copies; done(true) only when the person confirms. The wizard and the
// account settings both use it, so the warning is the same everywhere.
func confirmRemoval(win fyne.Window, warning string, done func(bool)) {
	confirmRisky(win, "Remove your mail from the server?", warning, "Yes, remove them", "No, keep them", done)
}
