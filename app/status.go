package app

import (
	"errors"
	"net"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// trouble is why an account's last sync failed, and since when. The
// status bar tells it until a sync of that account succeeds.
type trouble struct {
	account accounts.Account
	since   time.Time
	err     error
	// unreachable: the network is gone or the server does not answer
	// (nothing the person must fix); otherwise something needs them.
	unreachable bool
	// offline: unreachable because this computer has no network, not
	// because the mail server is down or out of reach.
	offline bool
}

// freshChange is how long a change made here may wait for the server
// before the status bar mentions it: most reach it within seconds.
const freshChange = 10 * time.Second

// noteSync records how an account's sync ended (any goroutine's result,
// called on the UI goroutine).
func (ui *UI) noteSync(a accounts.Account, err error) {
	if err == nil {
		delete(ui.trouble, a.ID)
		return
	}
	t := trouble{account: a, since: ui.now(), err: err, unreachable: mailsync.Unreachable(err)}
	t.offline = t.unreachable && ui.computerOffline(err)
	if old, ok := ui.trouble[a.ID]; ok && old.unreachable == t.unreachable && old.offline == t.offline {
		t.since = old.since // "since 10:42": when it started
	}
	ui.trouble[a.ID] = t
}

// unfetched is an account's messages its server could not send at the
// last sync, named in the status bar until they come, and the sentences
// a sync had for the person (a folder gone from the server whose mail is
// kept here), shown until the person dismisses them (#25).
type unfetched struct {
	account accounts.Account
	list    []accounts.Unfetched
	notes   []string
}

// noteUnfetched records what a sync left missing, and what it had to
// say (a failed sync changes nothing: what was missing still is).
func (ui *UI) noteUnfetched(a accounts.Account, out mailsync.Outcome, err error) {
	if err != nil {
		return
	}
	if ui.unfetched == nil {
		ui.unfetched = map[int64]unfetched{}
	}
	u := ui.unfetched[a.ID]
	u.account, u.list = a, out.Unfetched
	for _, n := range out.Notes {
		if !slices.Contains(u.notes, n) {
			u.notes = append(u.notes, n)
		}
	}
	if len(u.list) == 0 && len(u.notes) == 0 {
		delete(ui.unfetched, a.ID)
		return
	}
	ui.unfetched[a.ID] = u
}

// missingText is the status bar's sentence for messages not downloaded
// ("" when none): never "Up to date" while one is missing.
func (ui *UI) missingText() string {
	return ui.sayEach(func(u unfetched) []string {
		var parts []string
		for _, one := range u.list {
			parts = append(parts, accounts.UnfetchedNote(one))
		}
		return parts
	})
}

// notesText is the sentences syncs had for the person, not yet
// dismissed ("" when none).
func (ui *UI) notesText() string {
	return ui.sayEach(func(u unfetched) []string { return u.notes })
}

// sayEach joins what each account has to say, in account order, "Name:
// sentence", at most two and how many more.
func (ui *UI) sayEach(say func(unfetched) []string) string {
	var ids []int64
	for id := range ui.unfetched {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var parts []string
	for _, id := range ids {
		u := ui.unfetched[id]
		for _, one := range say(u) {
			parts = append(parts, tr.L("{{.Account}}: {{.Summary}}", tr.M{"Account": u.account.Name, "Summary": one}))
		}
	}
	if len(parts) > 2 {
		return strings.Join(parts[:2], " ") + " " + tr.N("(and {{.Count}} more)", "(and {{.Count}} more)", len(parts)-2)
	}
	return strings.Join(parts, " ")
}

// dismissNotes forgets the sentences the person has now read.
func (ui *UI) dismissNotes() {
	for id, u := range ui.unfetched {
		u.notes = nil
		if len(u.list) == 0 {
			delete(ui.unfetched, id)
		} else {
			ui.unfetched[id] = u
		}
	}
}

// showStatus tells the truth in the status bar: what is being done; or
// which account needs the person, with one button to fix it; or since
// when a server cannot be reached, and how many changes wait; or that
// everything is up to date. pending changes, the oldest made at oldest.
func (ui *UI) showStatus(pending int, oldest time.Time) {
	ui.statusFix.Hide()
	var text string
	var unreached []trouble
	var needYou *trouble
	for _, id := range sortedKeys(ui.trouble) {
		t := ui.trouble[id]
		if t.unreachable {
			unreached = append(unreached, t)
		} else if needYou == nil {
			needYou = &t
		}
	}
	// Changes made here that wait for the server are named once they
	// have waited a while, or while a server cannot be reached.
	waiting := pending > 0 && (len(ui.trouble) > 0 || !oldest.IsZero() && ui.now().Sub(oldest) > freshChange)
	switch {
	case ui.busy != "":
		text = ui.busy
	case needYou != nil:
		a := needYou.account
		text = tr.L("{{.Account}}: {{.Summary}}", tr.M{"Account": a.Name, "Summary": firstSentence(accounts.Explain(needYou.err))})
		if errors.Is(needYou.err, secrets.ErrNoPassword) {
			text = tr.L("{{.Account}}: Postie has no password for this account yet, so it cannot get mail.", tr.M{"Account": a.Name})
		}
		ui.statusFix.SetText(tr.L("Open {{.Account}}’s settings", tr.M{"Account": a.Name}))
		ui.statusFix.SetIcon(theme.SettingsIcon())
		ui.statusFix.OnTapped = func() { ui.openSettings(a) }
		if signInEnded(needYou.err) && a.Settings.OAuth != "" {
			text = tr.L("{{.Account}}: the sign-in has ended, so Postie cannot get or send mail. Everything already here stays readable; changes wait.", tr.M{"Account": a.Name})
			ui.statusFix.SetText(tr.L("Sign in again"))
			ui.statusFix.OnTapped = func() { ui.signInAgain(a, nil) }
		}
		ui.statusFix.Show()
	case offline(unreached) != nil:
		d := tr.M{"Time": tr.Current().Time(offline(unreached).since)}
		text = tr.L("This computer has been offline since {{.Time}} — everything downloaded is still here", d)
		if waiting {
			text = tr.N("This computer has been offline since {{.Time}} — {{.Count}} change waiting; everything downloaded is still here",
				"This computer has been offline since {{.Time}} — {{.Count}} changes waiting; everything downloaded is still here", pending, d)
		}
	case len(unreached) > 0:
		t := unreached[0]
		d := tr.M{"Account": t.account.Name, "Server": t.account.Settings.Incoming.Host, "Time": tr.Current().Time(t.since)}
		text = tr.L("{{.Account}}: the mail server {{.Server}} has not answered since {{.Time}} (this computer is online; the server may be down) — everything downloaded is still here", d)
		if waiting {
			text = tr.N("{{.Account}}: the mail server {{.Server}} has not answered since {{.Time}} (this computer is online; the server may be down) — {{.Count}} change waiting; everything downloaded is still here",
				"{{.Account}}: the mail server {{.Server}} has not answered since {{.Time}} (this computer is online; the server may be down) — {{.Count}} changes waiting; everything downloaded is still here", pending, d)
		}
	case ui.missingText() != "" || ui.notesText() != "":
		text = strings.TrimSpace(ui.missingText() + " " + ui.notesText())
		if ui.notesText() != "" {
			// Says what it does: the notes go once the person has read them.
			ui.statusFix.SetText(tr.L("Dismiss"))
			ui.statusFix.SetIcon(theme.ConfirmIcon())
			ui.statusFix.OnTapped = func() { ui.dismissNotes(); ui.refreshFolders(false) }
			ui.statusFix.Show()
		}
	case waiting:
		text = tr.N("{{.Count}} change waiting to reach the server — everything downloaded is still here",
			"{{.Count}} changes waiting to reach the server — everything downloaded is still here", pending)
	case ui.serverAccounts == 0:
		text = tr.L("No email account yet, so there is no mail to get") // the button to add one is above the folders
	default:
		text = tr.L("Up to date")
	}
	if ui.busy == "" && ui.outboxWaiting > 0 {
		text += "  ·  " + tr.N("{{.Count}} message waiting in the Outbox", "{{.Count}} messages waiting in the Outbox", ui.outboxWaiting)
	}
	if ui.busy == "" && ui.outboxProblems > 0 {
		text += "  ·  " + tr.N("{{.Count}} message in the Outbox could not be sent: see Message › Outbox",
			"{{.Count}} messages in the Outbox could not be sent: see Message › Outbox", ui.outboxProblems)
	}
	ui.status.SetText(text)
	ui.statusBar.Refresh() // the button came or went: lay it out again
}

// offline is the first of the unreachable accounts that could not be
// reached because this computer has no network, or nil.
func offline(unreached []trouble) *trouble {
	for i := range unreached {
		if unreached[i].offline {
			return &unreached[i]
		}
	}
	return nil
}

// computerOffline says whether a connection failed because this
// computer has no network (rather than the server being down or a name
// not found while the network works).
func (ui *UI) computerOffline(err error) bool {
	if errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.ENETDOWN) {
		return true
	}
	up := ui.networkUp
	if up == nil {
		up = hasNetwork
	}
	return !up()
}

// hasNetwork says whether some network interface other than loopback is
// up with an address beyond its own link (it sends nothing anywhere).
func hasNetwork() bool {
	ifs, err := net.Interfaces()
	if err != nil {
		return true // cannot tell: do not send people to check their Wi-Fi
	}
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := i.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.IsGlobalUnicast() {
				return true
			}
		}
	}
	return false
}

func sortedKeys(m map[int64]trouble) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// firstSentence keeps what happened and leaves the advice to the screen
// the button opens, so the status bar stays one line. Languages written
// without spaces end a sentence with 。.
func firstSentence(s string) string {
	i, j := strings.Index(s, ". "), strings.Index(s, "。")
	switch {
	case j > 0 && (i < 0 || j < i):
		return s[:j+len("。")]
	case i > 0:
		return s[:i+1]
	}
	return s
}
