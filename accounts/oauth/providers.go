// Package oauth is signing in on the provider's own page (OAuth2 for
// native apps, RFC 8252): which providers Postie knows and the client IDs
// this build was given, the browser round trip with PKCE on a loopback
// address, and the access tokens an account's sessions use, refreshed
// from the refresh token kept in the OS keyring.
package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/postie-mail/postie/internal/tr"
)

// Provider is an OAuth2 authorization server that signs people in to
// mail: its endpoints, the scopes mail needs, Postie's own client ID
// there, and which addresses and servers it covers.
type Provider struct {
	ID           string   `json:"id"`   // "google"
	Name         string   `json:"name"` // "Google", for "Sign in with Google"
	AuthURL      string   `json:"authURL"`
	TokenURL     string   `json:"tokenURL"`
	Scopes       []string `json:"scopes"`
	ClientID     string   `json:"clientID,omitempty"`
	ClientSecret string   `json:"clientSecret,omitempty"` // installed apps' "secret" where a provider wants one (not secret)
	Domains      []string `json:"domains,omitempty"`      // mail domains: gmail.com
	Hosts        []string `json:"hosts,omitempty"`        // mail servers: imap.gmail.com (covers custom domains hosted there)
	HelpURL      string   `json:"helpURL,omitempty"`      // the provider's page on app passwords, the fallback
}

// Usable says whether this build can sign in there: without a client ID
// of Postie's own the provider's page cannot be used, and the account
// signs in with a password (or an app password) instead.
func (p Provider) Usable() bool { return p.ClientID != "" }

// bundled are the providers Postie knows. Their client IDs are not here:
// a distributor registers Postie with each provider and builds with
//
//	-ldflags "-X github.com/postie-mail/postie/accounts/oauth.ClientIDs=google=ID,google.secret=S,microsoft=ID"
//
// or names a providers file in POSTIE_OAUTH_PROVIDERS (see the README).
var bundled = []Provider{
	{
		ID: "google", Name: "Google",
		AuthURL:  "https://accounts.google.com/o/oauth2/v2/auth",
		TokenURL: "https://oauth2.googleapis.com/token",
		Scopes:   []string{"https://mail.google.com/"},
		Domains:  []string{"gmail.com", "googlemail.com"},
		Hosts:    []string{"imap.gmail.com", "pop.gmail.com", "smtp.gmail.com"},
		HelpURL:  "https://support.google.com/accounts/answer/185833",
	},
	{
		ID: "microsoft", Name: "Microsoft",
		AuthURL:  "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
		TokenURL: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
		Scopes: []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/POP.AccessAsUser.All",
			"https://outlook.office.com/SMTP.Send", "offline_access"},
		Domains: []string{"outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com", "outlook.de", "outlook.fr",
			"outlook.es", "outlook.it", "hotmail.co.uk", "hotmail.de", "hotmail.fr", "hotmail.it", "hotmail.es", "live.co.uk", "live.de", "live.fr"},
		Hosts:   []string{"outlook.office365.com", "smtp.office365.com", "smtp-mail.outlook.com", "imap-mail.outlook.com", "pop-mail.outlook.com"},
		HelpURL: "https://support.microsoft.com/account-billing/5896ed9b-4263-e681-128a-a6f2979a7944",
	},
	{
		ID: "yahoo", Name: "Yahoo",
		AuthURL:  "https://api.login.yahoo.com/oauth2/request_auth",
		TokenURL: "https://api.login.yahoo.com/oauth2/get_token",
		Scopes:   []string{"mail-w"},
		Domains:  []string{"yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr"},
		Hosts:    []string{"imap.mail.yahoo.com", "pop.mail.yahoo.com", "smtp.mail.yahoo.com"},
		HelpURL:  "https://help.yahoo.com/kb/SLN15241.html",
	},
	{
		ID: "aol", Name: "AOL",
		AuthURL:  "https://api.login.aol.com/oauth2/request_auth",
		TokenURL: "https://api.login.aol.com/oauth2/get_token",
		Scopes:   []string{"mail-w"},
		Domains:  []string{"aol.com", "aim.com"},
		Hosts:    []string{"imap.aol.com", "pop.aol.com", "smtp.aol.com"},
		HelpURL:  "https://help.aol.com/articles/Create-and-manage-app-password",
	},
}

// ClientIDs is set at build time (-ldflags -X): comma-separated
// "provider=client-id" and "provider.secret=client-secret" pairs.
var ClientIDs string

// ProvidersEnv names a JSON file of providers that add to or override the
// bundled ones (the same fields as Provider; a bundled provider's fields
// are replaced only where the file gives them).
const ProvidersEnv = "POSTIE_OAUTH_PROVIDERS"

// Providers are the bundled providers with this build's client IDs and
// the providers file applied. A broken file is an error, so a distributor
// or administrator sees it instead of silently getting none.
//
// The result is kept while the build's IDs and the file (its name, size
// and time) stay the same: the wizard asks on every key typed into the
// address, and every sync asks too.
func Providers() ([]Provider, error) {
	key := ClientIDs + "\x00" + os.Getenv(ProvidersEnv)
	if f := os.Getenv(ProvidersEnv); f != "" {
		if st, err := os.Stat(f); err == nil {
			key += fmt.Sprintf("\x00%d\x00%d", st.Size(), st.ModTime().UnixNano())
		}
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if cacheKey == key && cacheList != nil {
		return slices.Clone(cacheList), nil
	}
	list, err := loadProviders()
	if err == nil {
		cacheKey, cacheList = key, list
	}
	return slices.Clone(list), err
}

var (
	cacheMu   sync.Mutex
	cacheKey  string
	cacheList []Provider
)

func loadProviders() ([]Provider, error) {
	list := slices.Clone(bundled)
	for _, kv := range strings.Split(ClientIDs, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			continue
		}
		id, secret := strings.CutSuffix(k, ".secret")
		for i := range list {
			if list[i].ID == id && secret {
				list[i].ClientSecret = v
			} else if list[i].ID == id {
				list[i].ClientID = v
			}
		}
	}
	if file := os.Getenv(ProvidersEnv); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("the sign-in providers file (%s) cannot be read: %w", ProvidersEnv, err)
		}
		var extra []Provider
		if err := json.Unmarshal(b, &extra); err != nil {
			return nil, fmt.Errorf("the sign-in providers file %s is not valid JSON: %w", file, err)
		}
		for _, e := range extra {
			list = merge(list, e)
		}
	}
	for _, p := range list {
		if err := p.valid(); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func merge(list []Provider, e Provider) []Provider {
	for i := range list {
		if list[i].ID != e.ID {
			continue
		}
		p := &list[i]
		for _, f := range []struct {
			dst *string
			src string
		}{{&p.Name, e.Name}, {&p.AuthURL, e.AuthURL}, {&p.TokenURL, e.TokenURL},
			{&p.ClientID, e.ClientID}, {&p.ClientSecret, e.ClientSecret}, {&p.HelpURL, e.HelpURL}} {
			if f.src != "" {
				*f.dst = f.src
			}
		}
		for _, f := range []struct {
			dst *[]string
			src []string
		}{{&p.Scopes, e.Scopes}, {&p.Domains, e.Domains}, {&p.Hosts, e.Hosts}} {
			if f.src != nil {
				*f.dst = f.src
			}
		}
		return list
	}
	if e.Name == "" {
		e.Name = e.ID
	}
	return append(list, e)
}

// valid accepts https endpoints, and http only on this computer.
func (p Provider) valid() error {
	if p.ID == "" {
		return fmt.Errorf("a sign-in provider has no id")
	}
	for _, raw := range []string{p.AuthURL, p.TokenURL} {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return fmt.Errorf("sign-in provider %q: %q is not a web address", p.ID, raw)
		}
		if u.Scheme == "https" {
			continue
		}
		ip := net.ParseIP(u.Hostname())
		if u.Scheme != "http" || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("sign-in provider %q: %s must use https (http only for 127.0.0.1 or ::1)", p.ID, raw)
		}
	}
	return nil
}

// Find is the provider with that ID.
func Find(id string) (Provider, error) {
	list, err := Providers()
	if err != nil {
		return Provider{}, err
	}
	for _, p := range list {
		if p.ID == id {
			return p, nil
		}
	}
	return Provider{}, errors.New(tr.L("the sign-in provider “{{.Provider}}” is not known to this copy of Postie", tr.M{"Provider": id}))
}

// Serves says whether host is one of the provider's own mail servers,
// the only ones its tokens may go to.
func (p Provider) Serves(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	return h != "" && slices.Contains(p.Hosts, h)
}

// For is the provider covering a mail address (by its domain) or, for
// an address at a custom domain, every one of the account's servers
// (one server of the provider's beside one elsewhere is no reason to
// hand out the provider's token, #26).
func For(email string, hosts ...string) (Provider, bool) {
	list, err := Providers()
	if err != nil {
		return Provider{}, false
	}
	_, domain, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	for _, p := range list {
		if domain != "" && slices.Contains(p.Domains, domain) {
			return p, true
		}
	}
	for _, p := range list {
		all, some := true, false
		for _, h := range hosts {
			if h == "" {
				continue
			}
			some = true
			all = all && p.Serves(h)
		}
		if some && all {
			return p, true
		}
	}
	return Provider{}, false
}
