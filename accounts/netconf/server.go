package netconf

import (
	"errors"
	"net"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/internal/tr"
)

// Security is how a connection is protected.
type Security string

// The connection security choices.
const (
	TLS      Security = "tls"      // SSL/TLS from the first byte (993, 995, 465)
	StartTLS Security = "starttls" // plain first, then upgraded (143, 110, 587)
	Plain    Security = "none"     // no encryption: only after a clear warning
)

// ParseSecurity reads "tls", "starttls" or "none" (also "ssl", "plain").
func ParseSecurity(s string) (Security, error) {
	switch strings.ToLower(s) {
	case "tls", "ssl", "ssl/tls":
		return TLS, nil
	case "starttls", "stls":
		return StartTLS, nil
	case "none", "plain":
		return Plain, nil
	}
	return "", errors.New(tr.L("unknown security “{{.Security}}”: use tls, starttls or none", tr.M{"Security": s}))
}

// Server is one server's settings. The password is not here: it lives in
// the OS keyring (see Secrets).
type Server struct {
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	Security Security `json:"security"`
	Username string   `json:"username"`
	Auth     string   `json:"auth,omitempty"` // "plain" (default) or "login"
}

// Addr is host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// String is how settings are shown to a person, in their language:
// "imap.example.com port 993 (SSL/TLS)". The port is written as it is
// typed (no thousands separator).
func (s Server) String() string {
	sec := map[Security]string{TLS: "SSL/TLS", StartTLS: "STARTTLS"}[s.Security]
	if s.Security == Plain {
		sec = tr.L("no encryption")
	}
	return tr.L("{{.Host}} port {{.Port}} ({{.Security}})", tr.M{"Host": s.Host, "Port": strconv.Itoa(s.Port), "Security": sec})
}
