// Package netconf is how Postie talks to any mail server, whatever the
// protocol: the server settings (host, port, security), dialling through
// a replaceable dialer (tests never leave this machine), TLS that accepts
// a certificate only when the system trusts it or the person pinned its
// fingerprint for this account, deadlines that measure progress rather
// than time alone, and the Problem a failure becomes, in plain words.
// The engines (imapsync, popsync, smtpsend) and the sign-in check all
// dial here, so a new way to sign in plugs in once for every protocol.
package netconf
