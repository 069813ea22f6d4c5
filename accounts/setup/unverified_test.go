package setup

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const attackerConfig = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="x">
  <incomingServer type="imap"><hostname>imap.attacker.example</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.attacker.example</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`

// A forged http://autoconfig.<domain> answer that redirects to an https
// page of the attacker's is not trusted: trusted only when every request
// of the chain was https (#26 item 4). On the old code the final URL
// decided, and this came out Trusted with no warning.
func TestHTTPRedirectedToHTTPSIsNotTrusted(t *testing.T) {
	wb := newWeb(t)
	wb.handle("http://autoconfig.example.com/mail/config-v1.1.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://attacker.example/config.xml", http.StatusFound)
	})
	wb.page("https://attacker.example/config.xml", attackerConfig)
	f, err := testDiscoverer(t, wb, fakeDNS{}).Discover(context.Background(), "sam@example.com", nil)
	if err != nil || f.IMAP[0].Host != "imap.attacker.example" {
		t.Fatalf("%+v %v", f, err)
	}
	if f.Trusted || !strings.Contains(f.Source, "without encryption") {
		t.Fatalf("trusted: %+v", f)
	}
	w := foundWizard(t, "sam@example.com", f)
	if err := w.Next(); !errors.Is(err, ErrUnverifiedNotConfirmed) || !strings.Contains(w.Unverified(), "without encryption") {
		t.Fatalf("Next = %v (%q)", err, w.Unverified())
	}
}

// SRV targets and the MX host's own autoconfig may name servers
// anywhere; those outside the address's domain and the known providers'
// are listed and need the person's confirmation (#26 item 5, RFC 6186
// §6). The DNS is a stub. On the old code they came out trusted and the
// wizard went on without asking.
func TestDNSNamedServersOutsideTheDomainNeedConfirmation(t *testing.T) {
	t.Run("SRV elsewhere", func(t *testing.T) {
		dns := fakeDNS{srv: map[string][]*net.SRV{
			"_imaps._tcp.example.org":       {{Target: "imap.attacker.example.", Port: 993}},
			"_submissions._tcp.example.org": {{Target: "smtp.example.org.", Port: 465}},
		}}
		f, err := testDiscoverer(t, newWeb(t), dns).Discover(context.Background(), "kim@example.org", nil)
		if err != nil || !slices.Equal(f.Outside, []string{"imap.attacker.example"}) {
			t.Fatalf("%+v %v", f, err)
		}
		w := foundWizard(t, "kim@example.org", f)
		if err := w.Next(); !errors.Is(err, ErrUnverifiedNotConfirmed) {
			t.Fatalf("Next = %v", err)
		}
		if u := w.Unverified(); !strings.Contains(u, "imap.attacker.example is not part of example.org") || strings.Contains(u, "smtp.example.org") {
			t.Fatalf("explained as %q", u)
		}
		w.UnverifiedConfirmed = true
		if err := w.Next(); err != nil {
			t.Fatalf("confirmed: %v", err)
		}
	})
	t.Run("SRV inside the domain or at a known provider", func(t *testing.T) {
		dns := fakeDNS{srv: map[string][]*net.SRV{
			"_imaps._tcp.example.org":       {{Target: "mail.example.org.", Port: 993}},
			"_submissions._tcp.example.org": {{Target: "smtp.gmail.com.", Port: 465}},
		}}
		f, err := testDiscoverer(t, newWeb(t), dns).Discover(context.Background(), "kim@example.org", nil)
		if err != nil || len(f.Outside) != 0 {
			t.Fatalf("%+v %v", f, err)
		}
		if err := foundWizard(t, "kim@example.org", f).Next(); err != nil {
			t.Fatalf("Next = %v", err)
		}
	})
	t.Run("MX host's autoconfig", func(t *testing.T) {
		wb := newWeb(t)
		wb.page("https://autoconfig.hoster.example/mail/config-v1.1.xml", strings.ReplaceAll(attackerConfig, "attacker.example", "hoster.example"))
		dns := fakeDNS{mx: map[string][]*net.MX{"shop.example": {{Host: "mx1.hoster.example.", Pref: 10}}}}
		f, err := testDiscoverer(t, wb, dns).Discover(context.Background(), "me@shop.example", nil)
		if err != nil || !slices.Equal(f.Outside, []string{"imap.hoster.example", "smtp.hoster.example"}) {
			t.Fatalf("%+v %v", f, err)
		}
		w := foundWizard(t, "me@shop.example", f)
		if err := w.Next(); !errors.Is(err, ErrUnverifiedNotConfirmed) {
			t.Fatalf("Next = %v", err)
		}
		// Servers the person types are theirs: nothing to confirm.
		w.SetServers(w.Settings.Incoming, w.Settings.Outgoing)
		if err := w.Next(); err != nil {
			t.Fatalf("entered by hand: %v", err)
		}
	})
}

// foundWizard is a wizard at the finding step with f applied.
func foundWizard(t *testing.T, email string, f Found) *Wizard {
	t.Helper()
	w := NewWizard()
	w.Name, w.Email, w.Password = "Kim", email, "pw"
	mustNext(t, w, StepUsage)
	mustNext(t, w, StepFinding)
	w.Apply(f)
	return w
}
