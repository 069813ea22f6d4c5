package setup

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/internal/safehttp"
	"github.com/postie-mail/postie/internal/tr"
)

// Resolver is the DNS a Discoverer uses (net.DefaultResolver fits).
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

// Discoverer finds server settings from an email address alone. Every
// network dependency is a field, so tests run offline.
type Discoverer struct {
	Providers []Provider
	HTTP      *http.Client // nil: a client with Timeout
	Resolver  Resolver     // nil: net.DefaultResolver
	Net       netconf.Net  // for probing guessed servers
	ISPDB     string       // base URL of the public ISP database
	Timeout   time.Duration
}

// DefaultISPDB is Thunderbird's public ISP database.
const DefaultISPDB = "https://autoconfig.thunderbird.net/v1.1/"

// The sources, best first. A better source that succeeds wins.
const (
	rankTable = iota
	rankISP
	rankISPDB
	rankMX
	rankSRV
	rankGuess
	rankISPHTTP
	rankCount
)

// ErrNotFound means no source knew the settings: the person enters them.
var ErrNotFound error = sentence(tr.Mark("no settings were found for this address: please enter them yourself (your provider's help pages list them)"))

func (d *Discoverer) timeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return 8 * time.Second
}

// Discover runs every lookup at once, each with a short timeout, and
// returns the best-ranked success as soon as no better one can still come.
// progress, if set, is told what is being tried; calls never overlap.
func (d *Discoverer) Discover(ctx context.Context, email string, progress func(string)) (Found, error) {
	_, domain, ok := strings.Cut(strings.TrimSpace(email), "@")
	if !ok || domain == "" || strings.ContainsAny(domain, "/ ") {
		return Found{}, errors.New(tr.L("{{.Email}} is not an email address", tr.M{"Email": strconv.Quote(email)}))
	}
	domain = strings.ToLower(domain)
	if progress == nil {
		progress = func(string) {}
	}
	var pmu sync.Mutex
	report := progress
	progress = func(s string) {
		pmu.Lock()
		defer pmu.Unlock()
		report(s)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		rank int
		f    Found
		ok   bool
	}
	results := make(chan result, rankCount)
	run := func(rank int, f func(ctx context.Context) (Found, bool)) {
		go func() {
			c, stop := context.WithTimeout(ctx, d.timeout())
			defer stop()
			found, ok := f(c)
			results <- result{rank, found, ok && !found.empty()}
		}()
	}
	run(rankTable, func(ctx context.Context) (Found, bool) { return d.fromTable(email, domain) })
	run(rankISP, func(ctx context.Context) (Found, bool) {
		progress(tr.L("Asking {{.Domain}} for its settings…", tr.M{"Domain": domain}))
		return d.fromISP(ctx, email, domain, "https")
	})
	run(rankISPDB, func(ctx context.Context) (Found, bool) {
		progress(tr.L("Looking in Thunderbird's public list of providers…"))
		return d.fromISPDB(ctx, email, domain)
	})
	run(rankMX, func(ctx context.Context) (Found, bool) {
		progress(tr.L("Checking who handles mail for {{.Domain}}…", tr.M{"Domain": domain}))
		return d.fromMX(ctx, email, domain)
	})
	run(rankSRV, func(ctx context.Context) (Found, bool) {
		progress(tr.L("Looking up {{.Domain}}'s mail service records…", tr.M{"Domain": domain}))
		return d.fromSRV(ctx, email, domain)
	})
	run(rankGuess, func(ctx context.Context) (Found, bool) {
		progress(tr.L("Trying the usual server names…"))
		return d.guess(ctx, email, domain)
	})
	run(rankISPHTTP, func(ctx context.Context) (Found, bool) { return d.fromISP(ctx, email, domain, "http") })

	var got [rankCount]*result
	done := 0
	for done < rankCount {
		select {
		case r := <-results:
			done++
			got[r.rank] = &r
		case <-ctx.Done():
			return Found{}, ctx.Err()
		}
		// The best success wins once every better source has answered.
		for rank := 0; rank < rankCount; rank++ {
			if got[rank] == nil {
				break
			}
			if got[rank].ok {
				return got[rank].f, nil
			}
		}
	}
	return Found{}, ErrNotFound
}

func (d *Discoverer) fromTable(email, domain string) (Found, bool) {
	for _, p := range d.Providers {
		for _, dom := range p.Domains {
			if dom == domain {
				return p.found(email, tr.L("Postie's list of mail providers ({{.Provider}})", tr.M{"Provider": p.Name})), true
			}
		}
	}
	return Found{}, false
}

func (d *Discoverer) client() *http.Client {
	if d.HTTP != nil {
		return d.HTTP
	}
	return &http.Client{Timeout: d.timeout()}
}

// fetch GETs a configuration file: 200 only, at most 1 MB. It reports
// whether every request on the way was HTTPS (a plain-http step before
// a redirect to https could have been forged, #26).
func (d *Discoverer) fetch(ctx context.Context, u string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, err
	}
	resp, err := d.client().Do(req)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, false, fmt.Errorf("%s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return b, safehttp.AllHTTPS(resp), err
}

func (d *Discoverer) tryConfig(ctx context.Context, email string, urls []string, source string) (Found, bool) {
	for _, u := range urls {
		body, secure, err := d.fetch(ctx, u)
		if err != nil {
			continue
		}
		f, err := parseClientConfig(body, email, source)
		if err != nil {
			continue
		}
		f.Trusted = secure
		if !secure {
			f.Source = tr.L("{{.Source}} — fetched without encryption, so check these settings", tr.M{"Source": f.Source})
		}
		return f, true
	}
	return Found{}, false
}

// fromISP asks the domain itself (autoconfig.<domain>, then .well-known).
func (d *Discoverer) fromISP(ctx context.Context, email, domain, scheme string) (Found, bool) {
	q := "?emailaddress=" + url.QueryEscape(email)
	urls := []string{
		scheme + "://autoconfig." + domain + "/mail/config-v1.1.xml" + q,
		scheme + "://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml" + q,
	}
	return d.tryConfig(ctx, email, urls, tr.L("the setup file published by {{.Domain}}", tr.M{"Domain": domain}))
}

func (d *Discoverer) ispdb() string {
	if d.ISPDB != "" {
		return d.ISPDB
	}
	return DefaultISPDB
}

func (d *Discoverer) fromISPDB(ctx context.Context, email, domain string) (Found, bool) {
	return d.tryConfig(ctx, email, []string{d.ispdb() + domain}, tr.L("Thunderbird's public list of providers"))
}

func (d *Discoverer) resolver() Resolver {
	if d.Resolver != nil {
		return d.Resolver
	}
	return net.DefaultResolver
}

// fromMX finds who receives the domain's mail and looks that up: a
// custom domain hosted at Google or Fastmail gets their settings.
func (d *Discoverer) fromMX(ctx context.Context, email, domain string) (Found, bool) {
	mxs, err := d.resolver().LookupMX(ctx, domain)
	if err != nil || len(mxs) == 0 {
		return Found{}, false
	}
	best := mxs[0]
	for _, m := range mxs {
		if m.Pref < best.Pref {
			best = m
		}
	}
	host := strings.TrimSuffix(strings.ToLower(best.Host), ".")
	base, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil || base == domain {
		return Found{}, false
	}
	for _, p := range d.Providers {
		for _, m := range p.MX {
			if m == base {
				return p.found(email, tr.L("Postie's list of mail providers ({{.Provider}} handles mail for {{.Domain}})", tr.M{"Provider": p.Name, "Domain": domain})), true
			}
		}
	}
	urls := []string{"https://autoconfig." + base + "/mail/config-v1.1.xml?emailaddress=" + url.QueryEscape(email), d.ispdb() + base}
	f, ok := d.tryConfig(ctx, email, urls, tr.L("the settings of {{.Host}}, which handles mail for {{.Domain}}", tr.M{"Host": base, "Domain": domain}))
	f.Outside = d.outside(domain, f) // base came from DNS (RFC 6186 §6)
	return f, ok
}

// fromSRV reads RFC 6186 service records.
func (d *Discoverer) fromSRV(ctx context.Context, email, domain string) (Found, bool) {
	f := Found{Source: tr.L("the mail service records (SRV) of {{.Domain}}", tr.M{"Domain": domain}), Trusted: true}
	type q struct {
		service string
		sec     netconf.Security
		dst     *[]netconf.Server
	}
	qs := []q{{"imaps", netconf.TLS, &f.IMAP}, {"imap", netconf.StartTLS, &f.IMAP}, {"pop3s", netconf.TLS, &f.POP}, {"pop3", netconf.StartTLS, &f.POP},
		{"submissions", netconf.TLS, &f.SMTP}, {"submission", netconf.StartTLS, &f.SMTP}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, x := range qs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, srvs, err := d.resolver().LookupSRV(ctx, x.service, "tcp", domain)
			if err != nil {
				return
			}
			for _, s := range srvs {
				host := strings.TrimSuffix(s.Target, ".")
				if host == "" { // "." means: not offered
					continue
				}
				mu.Lock()
				*x.dst = append(*x.dst, netconf.Server{Host: host, Port: int(s.Port), Security: x.sec, Username: email})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	f.sortServers()
	f.Outside = d.outside(domain, f) // SRV targets may point anywhere (RFC 6186 §6)
	return f, !f.empty()
}

// outside lists the servers of f, named by DNS, that are neither in the
// address's domain nor at a provider Postie knows: spoofed DNS could
// send the password there, so the person must confirm them.
func (d *Discoverer) outside(domain string, f Found) []string {
	known := map[string]bool{}
	for _, p := range d.Providers {
		for _, dom := range append(append([]string{}, p.Domains...), p.MX...) {
			known[strings.ToLower(dom)] = true
		}
		for _, s := range []*netconf.Server{p.IMAP, p.POP, p.SMTP} {
			if s != nil {
				if b, err := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(s.Host)); err == nil {
					known[b] = true
				}
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, l := range [][]netconf.Server{f.IMAP, f.POP, f.SMTP} {
		for _, s := range l {
			h := strings.ToLower(strings.TrimSuffix(s.Host, "."))
			if seen[h] || within(h, domain) {
				continue
			}
			seen[h] = true
			if b, err := publicsuffix.EffectiveTLDPlusOne(h); err == nil && known[b] {
				continue
			}
			out = append(out, h)
		}
	}
	return out
}

// within says whether host is domain or a name under it.
func within(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// guess probes the usual names on the standard ports: a greeting and, on
// plain ports, an offer of STARTTLS. Certificates must be valid.
func (d *Discoverer) guess(ctx context.Context, email, domain string) (Found, bool) {
	f := Found{Source: tr.L("trying the usual server names of {{.Domain}}", tr.M{"Domain": domain}), Trusted: true}
	type probe struct {
		proto  string
		host   string
		port   int
		sec    netconf.Security
		dst    *[]netconf.Server
		weight int
	}
	var ps []probe
	for i, h := range []string{"imap.", "mail.", ""} {
		ps = append(ps, probe{"imap", h + domain, 993, netconf.TLS, &f.IMAP, i}, probe{"imap", h + domain, 143, netconf.StartTLS, &f.IMAP, i})
	}
	for i, h := range []string{"pop.", "pop3.", "mail.", ""} {
		ps = append(ps, probe{"pop", h + domain, 995, netconf.TLS, &f.POP, i}, probe{"pop", h + domain, 110, netconf.StartTLS, &f.POP, i})
	}
	for i, h := range []string{"smtp.", "mail.", ""} {
		ps = append(ps, probe{"smtp", h + domain, 465, netconf.TLS, &f.SMTP, i}, probe{"smtp", h + domain, 587, netconf.StartTLS, &f.SMTP, i})
	}
	ok := make([]bool, len(ps))
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok[i] = d.probe(ctx, p.proto, p.host, p.port, p.sec)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, p := range ps {
		key := p.proto + fmt.Sprint(p.port)
		if ok[i] && !seen[key] { // the first name that answers on each port
			seen[key] = true
			*p.dst = append(*p.dst, netconf.Server{Host: p.host, Port: p.port, Security: p.sec, Username: email})
		}
	}
	f.sortServers()
	return f, !f.empty()
}

func (d *Discoverer) probe(ctx context.Context, proto, host string, port int, sec netconf.Security) bool {
	n := d.Net
	if n.Timeout == 0 {
		n.Timeout = d.timeout()
	}
	conn, err := n.Connect(ctx, net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return false
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetDeadline(time.Now().Add(n.AnswerTimeout()))
	c := conn
	if sec == netconf.TLS {
		tc := tls.Client(conn, n.TLSConfig(host, nil))
		if err := tc.HandshakeContext(ctx); err != nil {
			return false
		}
		c = tc
	}
	br := bufio.NewReader(c)
	greeting, err := br.ReadString('\n')
	if err != nil {
		return false
	}
	var cmd, want string
	switch proto {
	case "imap":
		if !strings.HasPrefix(greeting, "* OK") && !strings.HasPrefix(greeting, "* PREAUTH") {
			return false
		}
		cmd, want = "a1 CAPABILITY\r\n", "STARTTLS"
	case "pop":
		if !strings.HasPrefix(greeting, "+OK") {
			return false
		}
		cmd, want = "CAPA\r\n", "STLS"
	case "smtp":
		if !strings.HasPrefix(greeting, "220") {
			return false
		}
		cmd, want = "EHLO localhost\r\n", "STARTTLS"
	}
	if _, err := io.WriteString(c, cmd); err != nil {
		return false
	}
	var all strings.Builder
	for i := 0; i < 50; i++ {
		line, err := br.ReadString('\n')
		all.WriteString(line)
		if err != nil || strings.HasPrefix(line, "a1 ") || line == ".\r\n" || line == ".\n" ||
			strings.HasPrefix(line, "-ERR") || (proto == "smtp" && len(line) > 3 && line[3] == ' ') {
			break
		}
	}
	if sec == netconf.TLS {
		return true
	}
	return strings.Contains(strings.ToUpper(all.String()), want)
}
