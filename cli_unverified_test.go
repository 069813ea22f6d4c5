package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
)

type noDNS struct{}

func (noDNS) LookupSRV(context.Context, string, string, string) (string, []*net.SRV, error) {
	return "", nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}
func (noDNS) LookupMX(context.Context, string) ([]*net.MX, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

// forgedAutoconfig makes `account add` find, over plain HTTP only, a
// setup file naming a no-encryption IMAP server: the fake server on
// 127.0.0.1 that keeps whatever it is sent.
func forgedAutoconfig(t *testing.T) (received func() string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	var got strings.Builder
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.Write([]byte("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n"))
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					mu.Lock()
					got.WriteString(line)
					mu.Unlock()
					tag, _, _ := strings.Cut(line, " ")
					c.Write([]byte(tag + " OK done\r\n"))
				}
			}()
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	config := `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="x">
  <incomingServer type="imap"><hostname>127.0.0.1</hostname><port>` + port + `</port><socketType>plain</socketType><username>%EMAILADDRESS%</username></incomingServer>
</emailProvider></clientConfig>`
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host == "autoconfig.example.test" && r.URL.Path == "/mail/config-v1.1.xml" {
			w.Write([]byte(config))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(web.Close)
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, web.Listener.Addr().String())
	}}}
	old := cliDiscoverer
	cliDiscoverer = func() *setup.Discoverer {
		return &setup.Discoverer{HTTP: client, Resolver: noDNS{}, ISPDB: "https://ispdb.example.test/", Timeout: 2 * time.Second,
			Net: netconf.Net{Dial: func(context.Context, string, string) (net.Conn, error) {
				return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
			}}}
	}
	t.Cleanup(func() { cliDiscoverer = old })
	return func() string { mu.Lock(); defer mu.Unlock(); return got.String() }
}

// A forged http://autoconfig answer with socketType plain made `postie
// account add` send LOGIN "sam@example.test" "hunter2" in clear (#26
// item 3): PlainConfirmed was set for found settings too, and Trusted
// was never looked at. Now settings fetched without encryption are
// refused unless --accept-unverified-settings, and no encryption is used
// only when the person typed --incoming-security none. On the old code
// the first command exited 0 and the fake server received the password.
func TestAccountAddRefusesForgedOrPlainDiscovery(t *testing.T) {
	received := forgedAutoconfig(t)
	add := func(extra ...string) (string, int) {
		args := append([]string{"account", "add", "--profile", t.TempDir(), "--email", "sam@example.test", "--password-stdin"}, extra...)
		_, errs, code := cli(t, "hunter2\n", args...)
		return errs, code
	}
	if errs, code := add(); code == 0 || !strings.Contains(errs, "could have been forged") || !strings.Contains(errs, "--accept-unverified-settings") {
		t.Fatalf("untrusted settings: %d %q", code, errs)
	}
	if errs, code := add("--accept-unverified-settings"); code == 0 || !strings.Contains(errs, "has no encryption") || !strings.Contains(errs, "--incoming-security none") {
		t.Fatalf("found plain: %d %q", code, errs)
	}
	if got := received(); strings.Contains(got, "hunter2") || strings.Contains(strings.ToUpper(got), "LOGIN") || strings.Contains(got, "AUTHENTICATE") {
		t.Fatalf("the server received: %q", got)
	}
}
