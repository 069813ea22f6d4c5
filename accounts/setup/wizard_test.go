package setup

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func mustNext(t *testing.T, w *Wizard, want Step) {
	t.Helper()
	if err := w.Next(); err != nil {
		t.Fatalf("Next from %d: %v", w.Step(), err)
	}
	if w.Step() != want {
		t.Fatalf("at step %d, want %d", w.Step(), want)
	}
}

func TestRecommendation(t *testing.T) {
	cases := []struct {
		other, shared, archive Answer
		want                   accounts.Protocol
	}{
		{Unanswered, Unanswered, Unanswered, accounts.IMAP},
		{Yes, No, No, accounts.IMAP},
		{No, Yes, No, accounts.IMAP},
		{No, No, Yes, accounts.POP},
		{Yes, No, Yes, accounts.IMAP},
	}
	for _, c := range cases {
		w := NewWizard()
		w.OtherDevices, w.Shared, w.Archive = c.other, c.shared, c.archive
		if got, why := w.Recommend(); got != c.want || why == "" {
			t.Errorf("%v/%v/%v → %s (%q), want %s", c.other, c.shared, c.archive, got, why, c.want)
		}
	}
}

func TestIdentityValidation(t *testing.T) {
	for _, bad := range []string{"", "bob", "bob@", "@example.com", "bob@localhost", "Bob <bob@example.com>"} {
		w := NewWizard()
		w.Email, w.Password = bad, "x"
		if w.Next() == nil {
			t.Errorf("%q accepted as an address", bad)
		}
	}
	w := NewWizard()
	w.Email, w.Password = "bob@example.com", ""
	if w.Next() == nil {
		t.Error("empty password accepted")
	}
	w.Password = "pass\nword"
	if w.Next() == nil {
		t.Error("password with a line break accepted")
	}
}

func TestWizardIMAPPathAgainstDovecot(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"alice@example.com": "s3cret"}, "")
	smtpPort := testservers.FakeSMTP(t, "alice@example.com", "s3cret", "Authentication failed")
	ctx := context.Background()
	w := NewWizard()
	w.Name, w.Email, w.Password = "Alice", "alice@example.com", "s3cret"
	mustNext(t, w, StepUsage)
	w.OtherDevices = Yes
	mustNext(t, w, StepFinding)
	if w.Settings.Protocol != accounts.IMAP {
		t.Fatalf("recommended %s", w.Settings.Protocol)
	}
	w.Apply(Found{Source: "test", Trusted: true, IMAP: []netconf.Server{acctest.Srv(d.IMAPS, netconf.TLS, "alice@example.com")},
		POP: []netconf.Server{acctest.Srv(d.POP3S, netconf.TLS, "alice@example.com")}, SMTP: []netconf.Server{acctest.Srv(smtpPort, netconf.Plain, "alice@example.com")}})
	if err := w.Next(); err == nil {
		t.Fatal("plain SMTP accepted without the warning being confirmed")
	}
	w.PlainConfirmed = true
	mustNext(t, w, StepCheck)
	c := Checker{Net: acctest.Net}
	w.Check(ctx, c)
	var p *netconf.Problem
	if !errors.As(w.IncomingErr, &p) || p.Kind != netconf.ProblemUntrustedCert || w.OutgoingErr != nil {
		t.Fatalf("check = %v / %v", w.IncomingErr, w.OutgoingErr)
	}
	if w.Next() == nil {
		t.Fatal("moved on after a failed check")
	}
	w.TrustCert(p.Cert.SHA256)
	if err := w.Check(ctx, c); err != nil {
		t.Fatal(err)
	}
	mustNext(t, w, StepSummary) // IMAP skips the server-copy step
	if !strings.Contains(w.Summary(), "deletes it everywhere") {
		t.Fatalf("summary %q", w.Summary())
	}
	mustNext(t, w, StepDone)
	s, _ := localstore.Open(t.TempDir())
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := w.Finish(s, sec)
	if err != nil {
		t.Fatal(err)
	}
	if pw, _ := sec.Get(acct.ID, secrets.Incoming); pw != "s3cret" {
		t.Fatalf("password kept: %q", pw)
	}
	row, _ := s.Account(acct.ID)
	if strings.Contains(row.Settings, "s3cret") {
		t.Fatal("the password is in the store")
	}
	var st accounts.Settings
	json.Unmarshal([]byte(row.Settings), &st)
	if row.Kind != localstore.KindIMAP || !st.Trusts(p.Cert.SHA256) || st.Incoming.Port != d.IMAPS {
		t.Fatalf("stored %+v", row)
	}
}

func TestWizardPOPPathKeepsServerCopiesUnlessConfirmed(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"bob@example.com": "pw"}, "")
	smtpPort := testservers.FakeSMTP(t, "bob@example.com", "pw", "no")
	w := NewWizard()
	w.Email, w.Password = "bob@example.com", "pw"
	mustNext(t, w, StepUsage)
	w.OtherDevices, w.Archive = No, Yes
	mustNext(t, w, StepFinding)
	if w.Settings.Protocol != accounts.POP {
		t.Fatalf("recommended %s for an archive", w.Settings.Protocol)
	}
	// The server's own autoconfig asks for deletion after 7 days: ignored.
	f, err := parseClientConfig([]byte(strings.ReplaceAll(strings.ReplaceAll(exampleConfig, "pop.example.com", "127.0.0.1"), "<port>995</port>", "<port>"+strconv.Itoa(d.POP3S)+"</port>")), "bob@example.com", "test")
	if err != nil {
		t.Fatal(err)
	}
	f.SMTP = []netconf.Server{acctest.Srv(smtpPort, netconf.Plain, "bob@example.com")}
	w.Apply(f)
	w.Provider = &Provider{Name: "Example Mail", Webmail: true}
	if w.Settings.ServerCopies.Mode != accounts.Keep {
		t.Fatalf("autoconfig's deletion was taken: %+v", w.Settings.ServerCopies)
	}
	w.PlainConfirmed = true
	mustNext(t, w, StepCheck)
	w.TrustCert(d.CertSHA256)
	if err := w.Check(context.Background(), Checker{Net: acctest.Net}); err != nil {
		t.Fatal(err)
	}
	mustNext(t, w, StepServerCopies)

	for _, choice := range accounts.CopiesChoices(14) {
		ch := w.ChooseCopies(choice.Copies)
		if !choice.Copies.Removes() {
			if ch.Warning != "" {
				t.Fatalf("a warning for %q", choice.Label)
			}
			continue
		}
		musts := []string{"webmail", "phone", "only copy", "backup", "also offers webmail and IMAP"}
		if choice.Copies.Mode == accounts.OnDelete { // deleting for ever removes this computer's copy too (#29)
			musts = []string{"webmail", "phone", "from this computer", "No copy is left", "backup", "also offers webmail and IMAP"}
		}
		for _, must := range musts {
			if !strings.Contains(ch.Warning, must) {
				t.Errorf("warning for %q does not mention %q:\n%s", choice.Label, must, ch.Warning)
			}
		}
		if w.Settings.ServerCopies.Mode != accounts.Keep {
			t.Fatalf("%q took effect before confirmation", choice.Label)
		}
		if w.Next() == nil {
			t.Fatal("moved on with a confirmation pending")
		}
		w.CancelCopies()
		if w.Settings.ServerCopies.Mode != accounts.Keep {
			t.Fatalf("cancelling %q did not leave Keep", choice.Label)
		}
	}
	w.ChooseCopies(accounts.ServerCopies{Mode: accounts.AfterDays, Days: 14})
	w.ConfirmCopies()
	if w.Settings.ServerCopies != (accounts.ServerCopies{Mode: accounts.AfterDays, Days: 14}) {
		t.Fatalf("confirmed policy = %+v", w.Settings.ServerCopies)
	}
	mustNext(t, w, StepSummary)
	if !strings.Contains(w.Summary(), "14 days after download") {
		t.Fatalf("summary %q", w.Summary())
	}
	mustNext(t, w, StepDone)
	s, _ := localstore.Open(t.TempDir())
	defer s.Close()
	acct, err := w.Finish(s, &secrets.Memory{})
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Folders(acct.ID)
	if len(fs) != 5 {
		t.Fatalf("POP account folders: %d", len(fs))
	}
}

func TestRemoveKeepsMessagesLocally(t *testing.T) {
	s, _ := localstore.Open(t.TempDir())
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Work", Email: "w@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: a@b.c\r\nSubject: keep me\r\n\r\nx"), ServerKey: "7"}})
	s.SetFlags([]int64{1}, localstore.Seen, true) // queues an op
	if err := accounts.Remove(s, sec, acct.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := sec.Get(acct.ID, secrets.Incoming); !errors.Is(err, secrets.ErrNoPassword) {
		t.Fatal("password not removed")
	}
	res, _ := s.Search("subject:keep", 0, 10)
	if len(res) != 1 || res[0].ServerKey != "" {
		t.Fatalf("kept message: %+v", res)
	}
	f, _ := s.Folder(res[0].FolderID)
	a, _ := s.Account(f.AccountID)
	if a.Kind != localstore.KindLocal || f.Name != "Work – Inbox" {
		t.Fatalf("kept in %q of %q", f.Name, a.Name)
	}
	if n, _ := s.PendingCount(0); n != 0 {
		t.Fatalf("%d server operations left", n)
	}
	local, _ := s.EnsureLocalAccount(nil)
	if accounts.Remove(s, sec, local.ID, false) == nil {
		t.Fatal("the local account was removed")
	}
}
