package app

import (
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/localstore"
)

// In the real window searches run in the background: the heading counts
// the results once they are there (it said "0 messages matching" while
// listing results).
func TestSearchHeadingCountsResultsFromTheBackground(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	var jobs []func() // background work runs after the search returns, as in the window
	ui.bg = func(f func()) { jobs = append(jobs, f) }
	ui.search.SetText("holi")
	for len(jobs) > 0 {
		f := jobs[0]
		jobs = jobs[1:]
		f()
	}
	if len(ui.list.rows) != 1 || ui.listTitle.Text != "1 message matching “holi”" {
		t.Fatalf("%d results, heading %q", len(ui.list.rows), ui.listTitle.Text)
	}
}

// Every message opens at its top, not at the previous one's scroll
// position.
func TestMessageOpensAtItsTop(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	long := strings.Repeat("A line of a long letter.\n\n", 300)
	if _, err := s.Add(in.ID, []localstore.NewMessage{
		testMsg(1, "Anna <anna@example.com>", "Long one", long, fixedNow.Add(-time.Hour)),
		testMsg(2, "Bob <bob@example.org>", "Another long one", long, fixedNow.Add(-2*time.Hour)),
	}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "Long one")
	ui.reader.scroll.ScrollToBottom()
	if ui.reader.scroll.Offset.Y == 0 {
		t.Fatal("the test could not scroll")
	}
	openBySubject(t, ui, "Another long one")
	if y := ui.reader.scroll.Offset.Y; y != 0 {
		t.Fatalf("the next message opened scrolled down by %v", y)
	}
}

// After a restart Postie opens where the person left it: the same folder
// and message, the same accounts expanded, the panes as wide as they
// were.
func TestRestartOpensWhereThePersonLeft(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	work, err := s.CreateAccount(localstore.Account{Name: "Work", Email: "me@work.example", Kind: localstore.KindIMAP},
		[]localstore.Folder{{Name: "Inbox", Path: "INBOX", Role: localstore.RoleInbox}})
	if err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
	arch := localFolder(t, ui, localstore.RoleArchive)
	in := inbox(t, ui)
	s.Move([]int64{ui.list.rows[1].ID}, arch.ID)
	ui.folders.selectFolder(arch.ID)
	ui.list.list.Select(0)
	chosen := ui.list.rows[0].ID
	ui.folders.tree.OpenBranch(accountUID(work.ID))
	ui.panes.Offsets = [2]float64{0.3, 0.65}
	ui.rememberPanes() // what closing the window does

	again := uiOn(t, ui.app, s)
	if again.list.folderID != arch.ID || again.list.selectedID != chosen || again.reader.currentID != chosen {
		t.Fatalf("after a restart: folder %d (want %d, the Inbox is %d), message %d (want %d)",
			again.list.folderID, arch.ID, in.ID, again.list.selectedID, chosen)
	}
	if !again.folders.tree.IsBranchOpen(accountUID(work.ID)) {
		t.Fatal("the Work account is collapsed again")
	}
	if d := again.panes.Offsets[0] - 0.3 + again.panes.Offsets[1] - 0.65; d > 1e-9 || d < -1e-9 {
		t.Fatalf("panes %v", again.panes.Offsets)
	}
}
