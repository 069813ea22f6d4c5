package setup

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
)

// Provider is one entry of the bundled provider table.
type Provider struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Domains   []string        `json:"domains"`
	MX        []string        `json:"mx"` // registrable domains of its MX hosts (custom domains hosted there)
	IMAP      *netconf.Server `json:"imap"`
	POP       *netconf.Server `json:"pop"`
	SMTP      *netconf.Server `json:"smtp"`
	Username  string          `json:"username"`
	Webmail   bool            `json:"webmail"`
	FilesSent bool            `json:"filesSent"` // the server files sent mail itself
	Note      string          `json:"note"`
	Docs      string          `json:"docs"`
}

// ParseProviders reads the provider table (assets/providers.json).
func ParseProviders(data []byte) ([]Provider, error) {
	var t struct {
		Providers []Provider `json:"providers"`
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("provider table: %w", err)
	}
	return t.Providers, nil
}

// Found is the settings found for an address: the servers on offer, best first.
type Found struct {
	Source  string // where they came from, for the person
	Trusted bool   // false when fetched over plain HTTP (any step of it)
	// Outside lists servers named by DNS (SRV records, the MX host's
	// domain) outside the address's domain and the known providers':
	// the person must confirm them (RFC 6186 §6).
	Outside  []string
	IMAP     []netconf.Server
	POP      []netconf.Server
	SMTP     []netconf.Server
	Provider *Provider // set when the bundled table matched
}

// Has says whether it offers a way in with protocol p.
func (f Found) Has(p accounts.Protocol) bool {
	if p == accounts.POP {
		return len(f.POP) > 0
	}
	return len(f.IMAP) > 0
}

// Incoming lists the servers for protocol p, best first.
func (f Found) Incoming(p accounts.Protocol) []netconf.Server {
	if p == accounts.POP {
		return f.POP
	}
	return f.IMAP
}

func (f *Found) sortServers() {
	order := map[netconf.Security]int{netconf.TLS: 0, netconf.StartTLS: 1, netconf.Plain: 2}
	for _, l := range [][]netconf.Server{f.IMAP, f.POP, f.SMTP} {
		sort.SliceStable(l, func(i, j int) bool { return order[l[i].Security] < order[l[j].Security] })
	}
}

func (f Found) empty() bool { return len(f.IMAP)+len(f.POP) == 0 }

func expand(tmpl, email string) string {
	local, domain, _ := strings.Cut(email, "@")
	return strings.NewReplacer("%EMAILADDRESS%", email, "%EMAILLOCALPART%", local, "%EMAILDOMAIN%", domain).Replace(tmpl)
}

func (p Provider) found(email, source string) Found {
	f := Found{Source: source, Trusted: true, Provider: &p}
	user := expand(p.Username, email)
	if user == "" {
		user = email
	}
	add := func(dst *[]netconf.Server, s *netconf.Server) {
		if s != nil {
			c := *s
			c.Username = user
			*dst = append(*dst, c)
		}
	}
	add(&f.IMAP, p.IMAP)
	add(&f.POP, p.POP)
	add(&f.SMTP, p.SMTP)
	return f
}

// clientConfig is Thunderbird's autoconfig format, version 1.1.
type clientConfig struct {
	XMLName  xml.Name `xml:"clientConfig"`
	Provider struct {
		ID       string      `xml:"id,attr"`
		Domains  []string    `xml:"domain"`
		Name     string      `xml:"displayName"`
		Incoming []xmlServer `xml:"incomingServer"`
		Outgoing []xmlServer `xml:"outgoingServer"`
	} `xml:"emailProvider"`
}

type xmlServer struct {
	Type     string   `xml:"type,attr"`
	Host     string   `xml:"hostname"`
	Port     int      `xml:"port"`
	Socket   string   `xml:"socketType"`
	Auth     []string `xml:"authentication"`
	Username string   `xml:"username"`
	// pop3 leaveMessagesOnServer / daysToLeaveMessagesOnServer are read by
	// other clients; Postie deliberately ignores them: it never picks a
	// policy that removes server copies by itself.
}

// parseClientConfig reads a clientConfig file for an address. Server types
// Postie does not speak (exchange, jmap, …) and entries that only allow
// sign-in methods other than a password are skipped, not fatal.
func parseClientConfig(data []byte, email, source string) (Found, error) {
	var cc clientConfig
	if err := xml.Unmarshal(data, &cc); err != nil {
		return Found{}, fmt.Errorf("not a valid configuration file: %w", err)
	}
	f := Found{Source: source, Trusted: true}
	conv := func(x xmlServer) (netconf.Server, bool) {
		sec := map[string]netconf.Security{"SSL": netconf.TLS, "TLS": netconf.TLS, "STARTTLS": netconf.StartTLS, "plain": netconf.Plain}[strings.TrimSpace(x.Socket)]
		if sec == "" || x.Host == "" || x.Port <= 0 || x.Port > 65535 {
			return netconf.Server{}, false
		}
		passwordOK := len(x.Auth) == 0
		for _, a := range x.Auth {
			switch strings.TrimSpace(a) {
			case "password-cleartext", "plain", "password-encrypted", "secure":
				passwordOK = true
			}
		}
		if !passwordOK {
			return netconf.Server{}, false
		}
		user := expand(strings.TrimSpace(x.Username), email)
		if user == "" {
			user = email
		}
		return netconf.Server{Host: expand(strings.TrimSpace(x.Host), email), Port: x.Port, Security: sec, Username: user}, true
	}
	for _, x := range cc.Provider.Incoming {
		s, ok := conv(x)
		if !ok {
			continue
		}
		switch x.Type {
		case "imap":
			f.IMAP = append(f.IMAP, s)
		case "pop3":
			f.POP = append(f.POP, s)
		}
	}
	for _, x := range cc.Provider.Outgoing {
		if s, ok := conv(x); ok && x.Type == "smtp" {
			f.SMTP = append(f.SMTP, s)
		}
	}
	if f.empty() {
		return Found{}, fmt.Errorf("the configuration file offers no IMAP or POP server Postie can use")
	}
	f.sortServers()
	return f, nil
}
