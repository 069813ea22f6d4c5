package setup

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/assets"
)

// web serves configuration files for any host name: tests say what each
// host+path answers. The HTTP client's dialer sends every connection to
// the local servers (port 443 to the TLS one, 80 to the plain one).
type web struct {
	mu      sync.Mutex
	pages   map[string]func(w http.ResponseWriter, r *http.Request) // "https://host/path"
	asked   []string
	tlsSrv  *httptest.Server
	httpSrv *httptest.Server
}

func newWeb(t *testing.T) *web {
	wb := &web{pages: map[string]func(http.ResponseWriter, *http.Request){}}
	h := func(scheme string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			key := scheme + "://" + r.Host + r.URL.Path
			wb.mu.Lock()
			wb.asked = append(wb.asked, key+"?"+r.URL.RawQuery)
			f := wb.pages[key]
			wb.mu.Unlock()
			if f == nil {
				http.NotFound(w, r)
				return
			}
			f(w, r)
		}
	}
	wb.tlsSrv = httptest.NewTLSServer(h("https"))
	wb.httpSrv = httptest.NewServer(h("http"))
	t.Cleanup(wb.tlsSrv.Close)
	t.Cleanup(wb.httpSrv.Close)
	return wb
}

func (wb *web) page(url, body string) {
	wb.mu.Lock()
	defer wb.mu.Unlock()
	wb.pages[url] = func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }
}

func (wb *web) handle(url string, f func(http.ResponseWriter, *http.Request)) {
	wb.mu.Lock()
	defer wb.mu.Unlock()
	wb.pages[url] = f
}

func (wb *web) client() *http.Client {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			target := wb.httpSrv.Listener.Addr().String()
			if strings.HasSuffix(addr, ":443") {
				target = wb.tlsSrv.Listener.Addr().String()
			}
			return (&net.Dialer{}).DialContext(ctx, network, target)
		},
	}
	return &http.Client{Transport: tr}
}

type fakeDNS struct {
	mx  map[string][]*net.MX
	srv map[string][]*net.SRV // "_imaps._tcp.example.com"
}

func (f fakeDNS) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if s, ok := f.srv["_"+service+"._"+proto+"."+name]; ok {
		return "", s, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (f fakeDNS) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	if m, ok := f.mx[name]; ok {
		return m, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// noDial fails every probe at once (as if no guessed server exists).
var noDial = netconf.Net{Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}
}}

func testDiscoverer(t *testing.T, wb *web, dns fakeDNS) *Discoverer {
	providers, err := ParseProviders(assets.Providers())
	if err != nil {
		t.Fatal(err)
	}
	return &Discoverer{Providers: providers, HTTP: wb.client(), Resolver: dns, Net: noDial,
		ISPDB: "https://autoconfig.thunderbird.net/v1.1/", Timeout: 2 * time.Second}
}

const exampleConfig = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="exchange"><hostname>ex.example.com</hostname><port>443</port><socketType>SSL</socketType></incomingServer>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>143</port><socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>oauth.example.com</hostname><port>993</port><socketType>SSL</socketType>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.com</hostname><port>995</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
      <pop3><leaveMessagesOnServer>false</leaveMessagesOnServer><daysToLeaveMessagesOnServer>7</daysToLeaveMessagesOnServer></pop3>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`

func isp(host string) string { return "https://" + host + "/mail/config-v1.1.xml" }

func TestDiscoverFromProviderTable(t *testing.T) {
	d := testDiscoverer(t, newWeb(t), fakeDNS{})
	f, err := d.Discover(context.Background(), "Someone@GMAIL.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Provider == nil || f.Provider.ID != "gmail" || f.IMAP[0].Host != "imap.gmail.com" || f.IMAP[0].Port != 993 ||
		f.IMAP[0].Username != "Someone@GMAIL.com" || !f.Provider.FilesSent {
		t.Fatalf("found %+v", f)
	}
	t.Log(f.Source)
}

func TestDiscoverFromISPWithPlaceholdersAndUnknownTypes(t *testing.T) {
	wb := newWeb(t)
	wb.page(isp("autoconfig.example.com"), exampleConfig)
	d := testDiscoverer(t, wb, fakeDNS{})
	f, err := d.Discover(context.Background(), "jane.doe@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Trusted || !strings.Contains(f.Source, "example.com") {
		t.Fatalf("source %q trusted=%v", f.Source, f.Trusted)
	}
	if len(f.IMAP) != 2 || f.IMAP[0].Port != 993 || f.IMAP[0].Security != netconf.TLS || f.IMAP[0].Host != "imap.example.com" ||
		f.IMAP[0].Username != "jane.doe" || f.IMAP[1].Security != netconf.StartTLS {
		t.Fatalf("IMAP (SSL first, placeholders, OAuth-only and exchange skipped): %+v", f.IMAP)
	}
	if len(f.POP) != 1 || f.POP[0].Username != "jane.doe@example.com" || len(f.SMTP) != 1 {
		t.Fatalf("POP %+v SMTP %+v", f.POP, f.SMTP)
	}
	found := false
	wb.mu.Lock()
	defer wb.mu.Unlock()
	for _, a := range wb.asked {
		if strings.Contains(a, "emailaddress=jane.doe%40example.com") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the address was not passed: %v", wb.asked)
	}
}

func TestDiscoverPrecedenceAndFallbacks(t *testing.T) {
	other := strings.ReplaceAll(exampleConfig, "imap.%EMAILDOMAIN%", "imap.from-ispdb.example")
	t.Run("ISP beats ISPDB", func(t *testing.T) {
		wb := newWeb(t)
		wb.page(isp("autoconfig.example.com"), exampleConfig)
		wb.page("https://autoconfig.thunderbird.net/v1.1/example.com", other)
		f, _ := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if f.IMAP[0].Host != "imap.example.com" {
			t.Fatalf("got %s from %s", f.IMAP[0].Host, f.Source)
		}
	})
	t.Run("well-known path", func(t *testing.T) {
		wb := newWeb(t)
		wb.page("https://example.com/.well-known/autoconfig/mail/config-v1.1.xml", exampleConfig)
		f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if err != nil || f.IMAP[0].Host != "imap.example.com" {
			t.Fatalf("%+v %v", f, err)
		}
	})
	t.Run("malformed XML falls through to ISPDB", func(t *testing.T) {
		wb := newWeb(t)
		wb.page(isp("autoconfig.example.com"), "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>x</hostn")
		wb.page("https://autoconfig.thunderbird.net/v1.1/example.com", other)
		f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if err != nil || f.IMAP[0].Host != "imap.from-ispdb.example" || !strings.Contains(f.Source, "Thunderbird") {
			t.Fatalf("%+v %v", f, err)
		}
	})
	t.Run("a slow source times out and the next one wins", func(t *testing.T) {
		wb := newWeb(t)
		wb.handle(isp("autoconfig.example.com"), func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		})
		wb.page("https://autoconfig.thunderbird.net/v1.1/example.com", other)
		d := testDiscoverer(t, wb, fakeDNS{})
		d.Timeout = 300 * time.Millisecond
		f, err := d.Discover(context.Background(), "a@example.com", nil)
		if err != nil || f.IMAP[0].Host != "imap.from-ispdb.example" {
			t.Fatalf("%+v %v", f, err)
		}
	})
	t.Run("redirect to another HTTPS host is followed", func(t *testing.T) {
		wb := newWeb(t)
		wb.handle(isp("autoconfig.example.com"), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://config.hoster.example/mail/config-v1.1.xml", http.StatusFound)
		})
		wb.page("https://config.hoster.example/mail/config-v1.1.xml", exampleConfig)
		f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if err != nil || !f.Trusted || f.IMAP[0].Host != "imap.example.com" {
			t.Fatalf("%+v %v", f, err)
		}
	})
	t.Run("a redirect down to HTTP is not trusted", func(t *testing.T) {
		wb := newWeb(t)
		wb.handle(isp("autoconfig.example.com"), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://autoconfig.example.com/mail/config-v1.1.xml", http.StatusFound)
		})
		wb.page("http://autoconfig.example.com/mail/config-v1.1.xml", exampleConfig)
		f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if err != nil || f.Trusted || !strings.Contains(f.Source, "without encryption") {
			t.Fatalf("%+v %v", f, err)
		}
	})
	t.Run("HTTP only: used last, marked untrusted", func(t *testing.T) {
		wb := newWeb(t)
		wb.page("http://autoconfig.example.com/mail/config-v1.1.xml", exampleConfig)
		f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "a@example.com", nil)
		if err != nil || f.Trusted || !strings.Contains(f.Source, "without encryption") {
			t.Fatalf("%+v %v", f, err)
		}
		// SRV beats an HTTP-only file.
		dns := fakeDNS{srv: map[string][]*net.SRV{"_imaps._tcp.example.com": {{Target: "mail.example.com.", Port: 993}}}}
		f, err = testDiscoverer(t, wb, dns).Discover(context.Background(), "a@example.com", nil)
		if err != nil || !f.Trusted || f.IMAP[0].Host != "mail.example.com" {
			t.Fatalf("SRV vs HTTP: %+v %v", f, err)
		}
	})
}

func TestDiscoverFromMX(t *testing.T) {
	dns := fakeDNS{mx: map[string][]*net.MX{"family.example": {{Host: "alt1.aspmx.l.google.com.", Pref: 5}, {Host: "aspmx.l.google.com.", Pref: 1}}}}
	f, err := testDiscoverer(t, newWeb(t), dns).Discover(context.Background(), "me@family.example", nil)
	if err != nil || f.Provider == nil || f.Provider.ID != "gmail" || f.IMAP[0].Username != "me@family.example" {
		t.Fatalf("%+v %v", f, err)
	}
	t.Log(f.Source)
	// An MX host without a table entry: its autoconfig is asked.
	wb := newWeb(t)
	wb.page("https://autoconfig.hoster.example/mail/config-v1.1.xml", exampleConfig)
	dns = fakeDNS{mx: map[string][]*net.MX{"shop.example": {{Host: "mx1.hoster.example.", Pref: 10}}}}
	f, err = testDiscoverer(t, wb, dns).Discover(context.Background(), "me@shop.example", nil)
	if err != nil || f.IMAP[0].Host != "imap.shop.example" || !strings.Contains(f.Source, "hoster.example") {
		t.Fatalf("%+v %v", f, err)
	}
}

func TestDiscoverFromSRV(t *testing.T) {
	dns := fakeDNS{srv: map[string][]*net.SRV{
		"_imap._tcp.example.org":        {{Target: "imap.example.org.", Port: 143}},
		"_imaps._tcp.example.org":       {{Target: "imap.example.org.", Port: 993}},
		"_pop3s._tcp.example.org":       {{Target: ".", Port: 0}}, // not offered
		"_submission._tcp.example.org":  {{Target: "smtp.example.org.", Port: 587}},
		"_submissions._tcp.example.org": {{Target: "smtp.example.org.", Port: 465}},
	}}
	f, err := testDiscoverer(t, newWeb(t), dns).Discover(context.Background(), "a@example.org", nil)
	if err != nil || len(f.IMAP) != 2 || f.IMAP[0].Port != 993 || len(f.POP) != 0 || f.SMTP[0].Port != 465 {
		t.Fatalf("%+v %v", f, err)
	}
}

// fakeMailServer answers like an IMAP/POP/SMTP server on a local port.
func fakeMailServer(t *testing.T, greeting, capa string, cfg *tls.Config) string {
	var l net.Listener
	var err error
	if cfg != nil {
		l, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.Write([]byte(greeting))
				bufio.NewReader(c).ReadString('\n')
				c.Write([]byte(capa))
			}()
		}
	}()
	return l.Addr().String()
}

func testCert(t *testing.T, names ...string) (tls.Certificate, *x509.CertPool) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func TestDiscoverByGuessing(t *testing.T) {
	cert, pool := testCert(t, "mail.guess.example", "smtp.guess.example")
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	servers := map[string]string{
		"mail.guess.example:993": fakeMailServer(t, "* OK ready\r\n", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n", cfg),
		"mail.guess.example:143": fakeMailServer(t, "* OK ready\r\n", "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n", nil),
		"mail.guess.example:110": fakeMailServer(t, "+OK ready\r\n", "+OK\r\nUIDL\r\n.\r\n", nil), // no STLS: not offered
		"smtp.guess.example:587": fakeMailServer(t, "220 hi\r\n", "250-smtp\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n", nil),
		// A server whose certificate is for another name is not accepted.
		"imap.guess.example:993": fakeMailServer(t, "* OK ready\r\n", "* CAPABILITY IMAP4rev1\r\na1 OK\r\n", cfg),
	}
	d := testDiscoverer(t, newWeb(t), fakeDNS{})
	d.Net = netconf.Net{Roots: pool, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if a, ok := servers[addr]; ok {
			return (&net.Dialer{}).DialContext(ctx, network, a)
		}
		return nil, &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}
	}}
	var steps []string
	var mu sync.Mutex
	f, err := d.Discover(context.Background(), "x@guess.example", func(s string) { mu.Lock(); steps = append(steps, s); mu.Unlock() })
	if err != nil {
		t.Fatal(err)
	}
	if len(f.IMAP) != 2 || f.IMAP[0].Host != "mail.guess.example" || f.IMAP[0].Port != 993 || f.IMAP[1].Port != 143 {
		t.Fatalf("IMAP %+v", f.IMAP)
	}
	if len(f.POP) != 0 {
		t.Fatalf("a POP server without STLS was offered: %+v", f.POP)
	}
	if len(f.SMTP) != 1 || f.SMTP[0].Port != 587 {
		t.Fatalf("SMTP %+v", f.SMTP)
	}
	if len(steps) < 3 {
		t.Fatalf("progress steps: %v", steps)
	}
}

func TestDiscoverNothingFound(t *testing.T) {
	_, err := testDiscoverer(t, newWeb(t), fakeDNS{}).Discover(context.Background(), "a@nowhere.example", nil)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if _, err := testDiscoverer(t, newWeb(t), fakeDNS{}).Discover(context.Background(), "not an address", nil); err == nil {
		t.Fatal("no error for a non-address")
	}
}
