// Package safehttp fetches what a message asks for from the web (remote
// pictures, once the person allows them) without letting a message reach
// this computer or its network: a connection to a loopback, private,
// link-local, unspecified or multicast address is refused before it is
// made — for the first request and after every redirect, and for the
// address the name really resolved to (so a name that resolves to
// 127.0.0.1 or 192.168.1.1 is refused too).
package safehttp

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrBlocked is a request to an address on this computer or its network.
var ErrBlocked = errors.New("refused: the address is on this computer or its local network")

// Allowed says whether a connection to ip may be made. An IPv6 address
// that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible
// ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4
// address too, and reserved ranges are refused (#26).
func Allowed(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	ip = ip.Unmap()
	if v4, ok := embeddedIPv4(ip); ok && !publicAddr(v4) {
		return false
	}
	return publicAddr(ip)
}

func publicAddr(ip netip.Addr) bool {
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// embeddedIPv4 is the IPv4 address inside an IPv6 one, where a gateway
// would reach it.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip), ipv4Compatible.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

var (
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour      = netip.MustParsePrefix("2002::/16")
	ipv4Compatible = netip.MustParsePrefix("::/96") // deprecated, still routed by some stacks
	blocked        = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
		netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT: the provider's own network
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // documentation
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // documentation
		netip.MustParsePrefix("203.0.113.0/24"),  // documentation
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and 255.255.255.255 broadcast
		netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
		netip.MustParsePrefix("100::/64"),        // discard-only
		netip.MustParsePrefix("2001:db8::/32"),   // documentation
		netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
	}
)

// control runs after the address is resolved and before connect(2).
func control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !Allowed(ap.Addr()) {
		return ErrBlocked
	}
	return nil
}

// Client is an HTTP client for remote content: http and https only, at
// most five redirects, no cookies, and only public addresses.
func Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: control}
	tr := &http.Transport{DialContext: d.DialContext, Proxy: nil, TLSHandshakeTimeout: timeout, MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second}
	return &http.Client{Timeout: timeout, Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("a redirect to %s: is not followed", req.URL.Scheme)
		}
		return nil
	}}
}

// AllHTTPS says whether every request that led to resp was https: the
// first one and each redirect. A chain with one plain-http step could
// have been changed on the way, whatever its last step was (#26).
func AllHTTPS(resp *http.Response) bool {
	if resp == nil || resp.Request == nil {
		return false
	}
	for r := resp.Request; r != nil; {
		if r.URL == nil || r.URL.Scheme != "https" {
			return false
		}
		if r.Response == nil {
			break
		}
		r = r.Response.Request
	}
	return true
}
