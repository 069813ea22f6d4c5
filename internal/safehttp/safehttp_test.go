package safehttp

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// The decision is made on the resolved address before any connection:
// loopback, private, link-local and the like are refused; public ones
// are allowed.
func TestAllowed(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "172.16.0.9", "169.254.169.254", "fe80::1", "0.0.0.0", "::", "100.64.1.1", "224.0.0.1", "::ffff:127.0.0.1", "fd00::1"} {
		if Allowed(netip.MustParseAddr(a)) {
			t.Errorf("%s allowed", a)
		}
	}
	for _, a := range []string{"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"} {
		if !Allowed(netip.MustParseAddr(a)) {
			t.Errorf("%s refused", a)
		}
	}
	for _, addr := range []string{"10.0.0.1:80", "192.168.0.1:443", "169.254.169.254:80"} {
		if err := control("tcp4", addr, nil); !errors.Is(err, ErrBlocked) {
			t.Errorf("control(%s) = %v", addr, err)
		}
	}
}

// A picture on this computer, asked for directly or through a redirect
// from elsewhere, is not fetched (the test server is on 127.0.0.1, which
// the client refuses before connecting).
func TestClientRefusesThisComputer(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	_, err := Client(2 * time.Second).Get(srv.URL + "/pixel.png")
	if !errors.Is(err, ErrBlocked) || hits != 0 {
		t.Fatalf("loopback fetched: %v, %d requests", err, hits)
	}
}
