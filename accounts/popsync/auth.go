package popsync

import (
	"encoding/base64"
	"errors"
	"io"
	"strings"

	"github.com/emersion/go-sasl"

	"github.com/postie-mail/postie/accounts/netconf"
)

// go-pop3 v1.0.0 knows only USER/PASS. A provider sign-in needs AUTH
// (RFC 5034) with a SASL mechanism, written here on the same buffered
// connection our other commands use.

// maxAuthLine: an AUTH line with its initial response may not exceed 255
// octets (RFC 5034 §4); a longer response (every real access token) is
// sent after the server's empty challenge instead.
const maxAuthLine = 255

// authenticate runs one SASL exchange. A refusal is a *popError.
func (c *popConn) authenticate(cl sasl.Client) error {
	mech, ir, err := cl.Start()
	if err != nil {
		return err
	}
	line := "AUTH " + mech
	pending := []byte(nil)
	if ir != nil {
		if enc := encodeSASL(ir); len(line)+1+len(enc) <= maxAuthLine {
			line += " " + enc
		} else {
			pending = ir
		}
	}
	if err := c.writeLine(line); err != nil {
		return err
	}
	for {
		resp, err := c.readLine()
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(resp, "+OK"):
			return nil
		case strings.HasPrefix(resp, "-ERR"):
			return &popError{strings.TrimSpace(strings.TrimPrefix(resp, "-ERR"))}
		case resp == "+" || strings.HasPrefix(resp, "+ "):
		default:
			return errors.New("pop3: unexpected reply to AUTH")
		}
		challenge := strings.TrimSpace(strings.TrimPrefix(resp, "+"))
		var answer []byte
		if pending != nil && challenge == "" {
			answer, pending = pending, nil
		} else {
			ch, err := base64.StdEncoding.DecodeString(challenge)
			if err != nil {
				return errors.New("pop3: the server's AUTH challenge is not base64")
			}
			if answer, err = cl.Next(ch); err != nil {
				return err
			}
		}
		if err := c.writeLine(base64.StdEncoding.EncodeToString(answer)); err != nil {
			return err
		}
	}
}

// encodeSASL is an initial response: "=" stands for an empty one.
func encodeSASL(b []byte) string {
	if len(b) == 0 {
		return "="
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (c *popConn) writeLine(line string) error {
	if strings.ContainsAny(line, "\r\n\x00") {
		return errors.New("pop3: refusing a command with a line break")
	}
	_, err := io.WriteString(c.dialer.buf, line+"\r\n")
	return err
}

// capaSASL is the SASL mechanisms the server lists in CAPA.
func (c *popConn) capaSASL() map[string]bool {
	mechs := map[string]bool{}
	for _, m := range c.capa()["SASL"] {
		mechs[strings.ToUpper(m)] = true
	}
	return mechs
}

// popSignIn is USER/PASS, or with a provider sign-in AUTH OAUTHBEARER
// or XOAUTH2.
func (c *popConn) signIn(srv netconf.Server, oauth bool, secret string) error {
	if !oauth {
		if err := c.User(srv.Username); err != nil {
			return err
		}
		return c.Pass(secret)
	}
	mechs := c.capaSASL()
	return c.authenticate(netconf.BearerSASL(func(m string) bool { return mechs[m] }, srv.Username, secret, srv.Host, srv.Port))
}
