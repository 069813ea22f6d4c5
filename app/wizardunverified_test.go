package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
)

type srvOnlyDNS map[string][]*net.SRV

func (d srvOnlyDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if s, ok := d["_"+service+"._"+proto+"."+name]; ok {
		return "", s, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}
func (srvOnlyDNS) LookupMX(context.Context, string) ([]*net.MX, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

// outsideDomainWizard is a wizard at its finding step for an address at
// example.com whose SRV records name imap.attacker.example. The DNS is a
// stub; nothing is dialled.
func outsideDomainWizard(t *testing.T) *wizardView {
	t.Helper()
	ui, _ := newTestUI(t)
	noNet := netconf.Net{Timeout: time.Second, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no network in this test")
	}}
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Net: noNet, ISPDB: "https://ispdb.example.test/",
		HTTP:     &http.Client{Transport: &http.Transport{DialContext: noNet.Dial}},
		Resolver: srvOnlyDNS{"_imaps._tcp.example.com": {{Target: "imap.attacker.example.", Port: 993}}}}
	ui.opts.Checker = setup.Checker{Net: noNet}
	v := startWizard(t, ui)
	test.Tap(v.next)
	deadline := time.Now().Add(5 * time.Second)
	for v.busy && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return v
}

// A server named by SRV records outside the address's domain is shown
// as such and used only after the person confirms it (#26 item 5). The
// DNS is a stub; nothing is dialled.
func TestWizardAsksBeforeServersOutsideTheDomain(t *testing.T) {
	v := outsideDomainWizard(t)
	if text := wizardText(v); !strings.Contains(text, "imap.attacker.example is not part of example.com") {
		t.Fatalf("finding step shows:\n%s", text)
	}
	shoot(t, v, "wizard-3c-outside-domain")
	test.Tap(v.next)
	if !strings.Contains(wizardText(v), "Use these settings only if") {
		t.Fatal("no question before using a server outside the domain")
	}
	shoot(t, v, "wizard-3d-outside-domain-question")
	answerDialog(t, v.win, false)
	if v.w.Step() != setup.StepFinding || v.w.UnverifiedConfirmed {
		t.Fatalf("went on without confirmation: step %d", v.w.Step())
	}
	test.Tap(v.next)
	answerDialog(t, v.win, true)
	if v.w.Step() != setup.StepCheck {
		t.Fatalf("step %d after confirming", v.w.Step())
	}
}

// Opening "Edit settings manually" and typing into a box, then putting
// it back as it was, leaves the settings those found by DNS: the
// question is still asked (#26 item 5; they were taken for "entered by
// you"). A box really changed makes them the person's own.
func TestManualFormTouchedButUnchangedKeepsTheQuestion(t *testing.T) {
	v := outsideDomainWizard(t)
	test.Tap(findButton(t, v.win.Content(), "Edit settings manually"))
	var host *textField
	walk(v.win.Content(), func(p placed) {
		if f, ok := p.obj.(*textField); ok && f.name == "Incoming server" {
			host = f
		}
	})
	if host == nil {
		t.Fatal("no incoming server box in the manual form")
	}
	v.win.Canvas().Focus(host)
	host.CursorColumn = len([]rune(host.Text))
	test.Type(host, "x")
	host.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if host.Text != "imap.attacker.example" {
		t.Fatalf("host box holds %q", host.Text)
	}
	if !strings.Contains(v.w.Unverified(), "imap.attacker.example is not part of example.com") {
		t.Fatalf("touched but unchanged, the settings are no longer the ones found: source %q", v.w.Settings.Source)
	}
	test.Tap(v.next)
	if !strings.Contains(wizardText(v), "Use these settings only if") {
		t.Fatal("went on without the question")
	}
	answerDialog(t, v.win, false)

	// Changed for real: the person's own servers, nothing to confirm.
	test.Type(host, "x")
	if v.w.Unverified() != "" {
		t.Fatalf("typed by the person, still unverified: %q", v.w.Unverified())
	}
}
