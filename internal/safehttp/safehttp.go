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

// Allowed says whether a connection to ip may be made.
func Allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() && !ip.IsLinkLocalMulticast() &&
		!ip.IsUnspecified() && !ip.IsMulticast() && !ip.IsInterfaceLocalMulticast() &&
		!cgnat.Contains(ip) && !benchmarking.Contains(ip)
}

var (
	cgnat        = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT: the provider's own network
	benchmarking = netip.MustParsePrefix("198.18.0.0/15")
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
