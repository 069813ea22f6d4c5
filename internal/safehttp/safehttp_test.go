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

// Addresses that lead to this computer or a private network inside an
// IPv6 address, and reserved ranges, are refused (#26 item 9): a
// decision only, nothing is dialled. On the old code every "refused"
// row below from NAT64 on was allowed.
func TestAllowedUnwrapsAndRefusesReserved(t *testing.T) {
	for _, c := range []struct {
		addr string
		ok   bool
	}{
		{"64:ff9b::10.0.0.1", false}, // NAT64 with a private IPv4 inside
		{"64:ff9b::7f00:1", false},   // NAT64 to 127.0.0.1
		{"64:ff9b::8.8.8.8", true},   // NAT64 to a public address
		{"2002:c0a8:101::1", false},  // 6to4 of 192.168.1.1
		{"2002:7f00:1::1", false},    // 6to4 of 127.0.0.1
		{"2002:808:808::1", true},    // 6to4 of 8.8.8.8
		{"::127.0.0.1", false},       // IPv4-compatible
		{"::ffff:10.1.1.1", false},   // IPv4-mapped
		{"::ffff:8.8.8.8", true},     // IPv4-mapped public
		{"0.1.2.3", false},           // 0.0.0.0/8
		{"240.1.2.3", false},         // reserved
		{"255.255.255.255", false},   // broadcast
		{"fec0::1", false},           // site-local
		{"192.0.2.10", false},        // documentation
		{"2001:db8::1", false},       // documentation
		{"100::1", false},            // discard
		{"64:ff9b:1::a00:1", false},  // local-use NAT64
		{"1.1.1.1", true},
		{"2a00:1450:4001:80b::200e", true},
	} {
		if got := Allowed(netip.MustParseAddr(c.addr)); got != c.ok {
			t.Errorf("Allowed(%s) = %v, want %v", c.addr, got, c.ok)
		}
	}
}
