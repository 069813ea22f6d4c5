package testservers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-message/textproto"
)

// FakeIMAP is an in-process IMAP server (go-imap's imapserver over a
// small mailbox store of its own) for behaviours of other servers that a
// real one will not show on demand (issue #25). Plain TCP on 127.0.0.1,
// LOGIN with one user. What it imitates is switched on by its fields or
// by the Start… functions named after the server.
type FakeIMAP struct {
	Port int

	mu       sync.Mutex
	user     string
	pass     string
	delim    rune
	boxes    map[string]*fakeBox
	validity uint32 // the last UIDVALIDITY given
	caps     imap.CapSet

	// SizeEstimate: RFC822.SIZE is an estimate (5% and 40 bytes more
	// than the bytes sent), as Exchange (Outlook.com, Microsoft 365)
	// announces.
	SizeEstimate bool
	// RenameNewValidity: a renamed folder gets a new UIDVALIDITY and its
	// messages are numbered again from 1 (Courier).
	RenameNewValidity bool
	// OneValidity: every folder has this UIDVALIDITY (0: each its own),
	// as some servers give every folder 1.
	OneValidity uint32
	// UTF8Downgrade: until a session enables UTF8=ACCEPT (RFC 6855), a
	// message whose header holds raw UTF-8 is sent with those bytes
	// replaced by '?' (a downgrade; the size stays).
	UTF8Downgrade bool
	// Unsolicited: when a FETCH asks for the message with the key UID,
	// the server first sends, unasked, a FETCH of the message with the
	// value UID carrying other bytes (Garbage).
	Unsolicited map[imap.UID]imap.UID
	// Enables records every ENABLE a session made (the capabilities it
	// got), in order.
	Enables []imap.Cap
	// Fetches counts UID FETCH commands that asked for message bytes.
	Fetches int

	unreadable map[string]map[imap.UID]bool
}

// Garbage is what an unsolicited FETCH (FakeIMAP.Unsolicited) sends.
const Garbage = "From: nobody@example.com\r\nSubject: not this message\r\n\r\nwrong bytes\r\n"

type fakeBox struct {
	name       string
	validity   uint32
	next       imap.UID
	msgs       []*fakeMsg
	subscribed bool
}

type fakeMsg struct {
	uid   imap.UID
	raw   []byte
	flags map[imap.Flag]bool
	date  time.Time
}

func (m *fakeMsg) flagList() []imap.Flag {
	out := make([]imap.Flag, 0, len(m.flags))
	for f := range m.flags {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// StartFakeIMAP serves one user until the test ends: IMAP4rev1 with
// UIDPLUS and the capabilities named, folders separated by '/', an
// Inbox and nothing else.
func StartFakeIMAP(t testing.TB, user, pass string, caps ...imap.Cap) *FakeIMAP {
	return startFakeIMAP(t, user, pass, func(f *FakeIMAP) {
		for _, c := range caps {
			f.caps[c] = struct{}{}
		}
	})
}

// startFakeIMAP is StartFakeIMAP with the server set up by setUp before
// it serves.
func startFakeIMAP(t testing.TB, user, pass string, setUp func(*FakeIMAP)) *FakeIMAP {
	f := &FakeIMAP{user: user, pass: pass, delim: '/', boxes: map[string]*fakeBox{},
		caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}}
	f.Create("INBOX")
	if setUp != nil {
		setUp(f)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(c *imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &fakeSession{f: f, conn: c}, nil, nil
		},
		Caps:         f.caps,
		InsecureAuth: true,
		Logger:       quietLogger{},
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.Port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l) //nolint:errcheck // ends when the listener closes
	t.Cleanup(func() { srv.Close() })
	return f
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// CourierStandIn is what Courier-IMAP sends, under the real UID, for a
// message whose file it cannot open (fetch.C in courier-imap: the text
// is written to a temporary file that then stands for the message, so
// every item — RFC822.SIZE and ENVELOPE too — is computed from it).
const CourierStandIn = "From: System Administrator <root@localhost>\r\nSubject: message unavailable\r\n\r\nThis message is no longer available on the server.\r\n"

// StartCourierIMAP is a FakeIMAP that behaves like Courier-IMAP 5.0 where
// it matters to a client (other-servers.md): namespace "INBOX." with the
// separator '.', a plain LIST that lists every folder, no LIST-EXTENDED,
// CONDSTORE or MOVE (moves are COPY and EXPUNGE), UIDPLUS, UTF8=ACCEPT;
// a renamed folder gets a new UIDVALIDITY; a message made Unreadable is
// sent as CourierStandIn (129 bytes, with a matching RFC822.SIZE) under
// its real UID.
func StartCourierIMAP(t testing.TB, user, pass string) *FakeIMAP {
	return startFakeIMAP(t, user, pass, func(f *FakeIMAP) {
		f.delim = '.'
		for _, c := range []imap.Cap{imap.CapUTF8Accept, imap.CapEnable, imap.CapIdle, imap.CapChildren} {
			f.caps[c] = struct{}{}
		}
		f.RenameNewValidity = true
	})
}

// Configure changes the server's behaviour while no command runs.
func (f *FakeIMAP) Configure(change func(*FakeIMAP)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

// Create makes a folder (subscribed) with a new UIDVALIDITY.
func (f *FakeIMAP) Create(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.createLocked(name)
}

func (f *FakeIMAP) createLocked(name string) *fakeBox {
	f.validity++
	b := &fakeBox{name: name, validity: f.validity, next: 1, subscribed: true}
	if f.OneValidity != 0 {
		b.validity = f.OneValidity
	}
	f.boxes[name] = b
	return b
}

// Append stores raw in a folder with flags and returns its UID.
func (f *FakeIMAP) Append(box string, raw []byte, flags ...imap.Flag) imap.UID {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.boxes[box]
	if b == nil {
		panic("fake IMAP: no folder " + box)
	}
	return b.add(raw, flags, time.Now())
}

func (b *fakeBox) add(raw []byte, flags []imap.Flag, date time.Time) imap.UID {
	m := &fakeMsg{uid: b.next, raw: append([]byte(nil), raw...), flags: map[imap.Flag]bool{}, date: date}
	for _, fl := range flags {
		m.flags[canonFlag(fl)] = true
	}
	b.next++
	b.msgs = append(b.msgs, m)
	return m.uid
}

func canonFlag(f imap.Flag) imap.Flag {
	for _, c := range []imap.Flag{imap.FlagSeen, imap.FlagAnswered, imap.FlagFlagged, imap.FlagDeleted, imap.FlagDraft} {
		if strings.EqualFold(string(f), string(c)) {
			return c
		}
	}
	return f
}

// SetFlags replaces a message's flags, as another device would.
func (f *FakeIMAP) SetFlags(box string, uid imap.UID, flags ...imap.Flag) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.boxes[box].msgs {
		if m.uid == uid {
			m.flags = map[imap.Flag]bool{}
			for _, fl := range flags {
				m.flags[canonFlag(fl)] = true
			}
		}
	}
}

// Flags is a folder's flags by UID.
func (f *FakeIMAP) Flags(box string) map[imap.UID][]imap.Flag {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[imap.UID][]imap.Flag{}
	for _, m := range f.boxes[box].msgs {
		out[m.uid] = m.flagList()
	}
	return out
}

// Raw is a folder's messages by UID, as stored.
func (f *FakeIMAP) Raw(box string) map[imap.UID][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[imap.UID][]byte{}
	for _, m := range f.boxes[box].msgs {
		out[m.uid] = m.raw
	}
	return out
}

// Delete deletes a folder, as another device would.
func (f *FakeIMAP) Delete(box string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.boxes, box)
}

// Remove expunges a message, as another device would.
func (f *FakeIMAP) Remove(box string, uid imap.UID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.boxes[box]
	for i, m := range b.msgs {
		if m.uid == uid {
			b.msgs = append(b.msgs[:i], b.msgs[i+1:]...)
			return
		}
	}
}

// Validity is a folder's UIDVALIDITY.
func (f *FakeIMAP) Validity(box string) uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.boxes[box].validity
}

// Renumber gives a folder a new UIDVALIDITY and numbers its messages
// again from 1, as Courier does when it rebuilds a folder's UID list;
// flags, when not nil, gives each message (by its old UID) its flags
// afterwards.
func (f *FakeIMAP) Renumber(box string, flags func(old imap.UID, was []imap.Flag) []imap.Flag) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.renumberLocked(box, box, flags)
}

func (f *FakeIMAP) renumberLocked(from, to string, flags func(imap.UID, []imap.Flag) []imap.Flag) {
	old := f.boxes[from]
	delete(f.boxes, from)
	b := f.createLocked(to)
	b.subscribed = old.subscribed
	for _, m := range old.msgs {
		fl := m.flagList()
		if flags != nil {
			fl = flags(m.uid, fl)
		}
		b.add(m.raw, fl, m.date)
	}
}

// Rename renames a folder, as another device would.
func (f *FakeIMAP) Rename(from, to string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.renameLocked(from, to)
}

func (f *FakeIMAP) renameLocked(from, to string) {
	if f.RenameNewValidity {
		f.renumberLocked(from, to, nil)
		return
	}
	b := f.boxes[from]
	delete(f.boxes, from)
	b.name = to
	f.boxes[to] = b
}

// Unreadable makes a message unreadable on the server (Courier then
// sends CourierStandIn in its place), or readable again.
func (f *FakeIMAP) Unreadable(box string, uid imap.UID, unreadable bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.unreadable == nil {
		f.unreadable = map[string]map[imap.UID]bool{}
	}
	if f.unreadable[box] == nil {
		f.unreadable[box] = map[imap.UID]bool{}
	}
	f.unreadable[box][uid] = unreadable
}

// fakeSession is one client's session.
type fakeSession struct {
	f    *FakeIMAP
	conn *imapserver.Conn
	box  *fakeBox
	ro   bool
}

func notFound(name string) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeNonExistent, Text: "No such mailbox: " + name}
}

func (s *fakeSession) Close() error { return nil }

func (s *fakeSession) Login(user, pass string) error {
	if user != s.f.user || pass != s.f.pass {
		return imapserver.ErrAuthFailed
	}
	return nil
}

func (s *fakeSession) Select(name string, opts *imap.SelectOptions) (*imap.SelectData, error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.noteEnabledLocked()
	b := s.f.boxes[name]
	if b == nil {
		return nil, notFound(name)
	}
	s.box, s.ro = b, opts != nil && opts.ReadOnly
	flags := []imap.Flag{imap.FlagSeen, imap.FlagAnswered, imap.FlagFlagged, imap.FlagDeleted, imap.FlagDraft}
	return &imap.SelectData{Flags: flags, PermanentFlags: append(flags, imap.FlagWildcard), NumMessages: uint32(len(b.msgs)),
		UIDNext: b.next, UIDValidity: b.validity}, nil
}

// noteEnabledLocked records what the session enabled, once.
func (s *fakeSession) noteEnabledLocked() {
	for c := range s.conn.EnabledCaps() {
		if !containsCap(s.f.Enables, c) {
			s.f.Enables = append(s.f.Enables, c)
		}
	}
}

func containsCap(list []imap.Cap, c imap.Cap) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

func (s *fakeSession) Create(name string, _ *imap.CreateOptions) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.boxes[name] != nil {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAlreadyExists, Text: "Mailbox exists"}
	}
	s.f.createLocked(name).subscribed = false
	return nil
}

func (s *fakeSession) Delete(name string) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.boxes[name] == nil {
		return notFound(name)
	}
	delete(s.f.boxes, name)
	return nil
}

func (s *fakeSession) Rename(from, to string, _ *imap.RenameOptions) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.boxes[from] == nil {
		return notFound(from)
	}
	s.f.renameLocked(from, to)
	return nil
}

func (s *fakeSession) Subscribe(name string) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if b := s.f.boxes[name]; b != nil {
		b.subscribed = true
	}
	return nil
}

func (s *fakeSession) Unsubscribe(name string) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if b := s.f.boxes[name]; b != nil {
		b.subscribed = false
	}
	return nil
}

func (s *fakeSession) List(w *imapserver.ListWriter, ref string, patterns []string, opts *imap.ListOptions) error {
	s.f.mu.Lock()
	var names []string
	for n, b := range s.f.boxes {
		if opts != nil && opts.SelectSubscribed && !b.subscribed {
			continue
		}
		names = append(names, n)
	}
	delim := s.f.delim
	s.f.mu.Unlock()
	sort.Strings(names)
	for _, n := range names {
		for _, p := range patterns {
			if imapserver.MatchList(n, delim, ref, p) {
				if err := w.WriteList(&imap.ListData{Mailbox: n, Delim: delim}); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

func (s *fakeSession) Status(name string, opts *imap.StatusOptions) (*imap.StatusData, error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	b := s.f.boxes[name]
	if b == nil {
		return nil, notFound(name)
	}
	d := &imap.StatusData{Mailbox: name}
	n := uint32(len(b.msgs))
	var unseen uint32
	for _, m := range b.msgs {
		if !m.flags[imap.FlagSeen] {
			unseen++
		}
	}
	if opts.NumMessages {
		d.NumMessages = &n
	}
	if opts.NumUnseen {
		d.NumUnseen = &unseen
	}
	if opts.UIDNext {
		d.UIDNext = b.next
	}
	if opts.UIDValidity {
		d.UIDValidity = b.validity
	}
	return d, nil
}

func (s *fakeSession) Append(name string, r imap.LiteralReader, opts *imap.AppendOptions) (*imap.AppendData, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	b := s.f.boxes[name]
	if b == nil {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "No such mailbox"}
	}
	var flags []imap.Flag
	date := time.Now()
	if opts != nil {
		flags = opts.Flags
		if !opts.Time.IsZero() {
			date = opts.Time
		}
	}
	uid := b.add(raw, flags, date)
	return &imap.AppendData{UID: uid, UIDValidity: b.validity}, nil
}

func (s *fakeSession) Poll(*imapserver.UpdateWriter, bool) error { return nil }

func (s *fakeSession) Idle(_ *imapserver.UpdateWriter, stop <-chan struct{}) error {
	<-stop
	return nil
}

func (s *fakeSession) Unselect() error {
	s.box = nil
	return nil
}

// each calls fn for the selected folder's messages in set, in order.
func (s *fakeSession) each(set imap.NumSet, fn func(seq uint32, m *fakeMsg) error) error {
	b := s.box
	var maxUID imap.UID
	if len(b.msgs) > 0 {
		maxUID = b.msgs[len(b.msgs)-1].uid
	}
	for i, m := range b.msgs {
		seq := uint32(i + 1)
		in := false
		switch set := set.(type) {
		case imap.SeqSet:
			for _, r := range set {
				lo, hi := span(r.Start, r.Stop, uint32(len(b.msgs)))
				in = in || seq >= lo && seq <= hi
			}
		case imap.UIDSet:
			for _, r := range set {
				lo, hi := span(uint32(r.Start), uint32(r.Stop), uint32(maxUID))
				in = in || uint32(m.uid) >= lo && uint32(m.uid) <= hi
			}
		}
		if in {
			if err := fn(seq, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// span is a range with "*" (0) as max, low first.
func span(a, b, max uint32) (uint32, uint32) {
	if a == 0 {
		a = max
	}
	if b == 0 {
		b = max
	}
	if a > b {
		a, b = b, a
	}
	return a, b
}

func (s *fakeSession) Expunge(w *imapserver.ExpungeWriter, uids *imap.UIDSet) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	b := s.box
	kept := b.msgs[:0]
	var gone []uint32
	for i, m := range b.msgs {
		if m.flags[imap.FlagDeleted] && (uids == nil || uids.Contains(m.uid)) {
			gone = append(gone, uint32(i+1))
			continue
		}
		kept = append(kept, m)
	}
	b.msgs = kept
	for i := len(gone) - 1; i >= 0; i-- { // highest first: the numbers below stay valid
		if err := w.WriteExpunge(gone[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeSession) Search(kind imapserver.NumKind, c *imap.SearchCriteria, _ *imap.SearchOptions) (*imap.SearchData, error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	var seqs imap.SeqSet
	var uids imap.UIDSet
	err := s.each(imap.SeqSet{{Start: 1, Stop: 0}}, func(seq uint32, m *fakeMsg) error {
		if s.matches(seq, m, c) {
			seqs.AddNum(seq)
			uids.AddNum(m.uid)
		}
		return nil
	})
	d := &imap.SearchData{}
	if kind == imapserver.NumKindUID {
		d.All = uids
	} else {
		d.All = seqs
	}
	return d, err
}

func (s *fakeSession) matches(seq uint32, m *fakeMsg, c *imap.SearchCriteria) bool {
	for _, set := range c.SeqNum {
		if !set.Contains(seq) {
			return false
		}
	}
	for _, set := range c.UID {
		if !set.Contains(m.uid) {
			return false
		}
	}
	for _, f := range c.Flag {
		if !m.flags[canonFlag(f)] {
			return false
		}
	}
	for _, f := range c.NotFlag {
		if m.flags[canonFlag(f)] {
			return false
		}
	}
	if len(c.Header) > 0 {
		h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(m.raw)))
		if err != nil {
			return false
		}
		for _, hf := range c.Header {
			if !strings.Contains(strings.ToLower(h.Get(hf.Key)), strings.ToLower(hf.Value)) {
				return false
			}
		}
	}
	for _, not := range c.Not {
		if s.matches(seq, m, &not) {
			return false
		}
	}
	for _, or := range c.Or {
		if !s.matches(seq, m, &or[0]) && !s.matches(seq, m, &or[1]) {
			return false
		}
	}
	return true
}

func (s *fakeSession) Fetch(w *imapserver.FetchWriter, set imap.NumSet, opts *imap.FetchOptions) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.noteEnabledLocked()
	if len(opts.BodySection) > 0 {
		s.f.Fetches++
	}
	unreadable := s.f.unreadable[s.box.name]
	return s.each(set, func(seq uint32, m *fakeMsg) error {
		if other, ok := s.f.Unsolicited[m.uid]; ok && len(opts.BodySection) > 0 {
			if err := s.writeUnsolicited(w, other, opts); err != nil {
				return err
			}
		}
		raw, date, size := m.raw, m.date, int64(len(m.raw))
		if unreadable[m.uid] {
			raw, date = []byte(CourierStandIn), time.Now()
			size = int64(len(raw))
		} else if s.f.UTF8Downgrade && !s.conn.EnabledCaps().Has(imap.CapUTF8Accept) {
			raw = downgrade(raw)
		}
		if s.f.SizeEstimate {
			size += size/20 + 40
		}
		rw := w.CreateMessage(seq)
		rw.WriteUID(m.uid)
		if opts.Flags {
			rw.WriteFlags(m.flagList())
		}
		if opts.InternalDate {
			rw.WriteInternalDate(date)
		}
		if opts.RFC822Size {
			rw.WriteRFC822Size(size)
		}
		if opts.Envelope {
			if h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw))); err == nil {
				rw.WriteEnvelope(imapserver.ExtractEnvelope(h))
			}
		}
		for _, bs := range opts.BodySection {
			if err := writeSection(rw, bs, raw); err != nil {
				return err
			}
		}
		return rw.Close()
	})
}

func writeSection(rw *imapserver.FetchResponseWriter, bs *imap.FetchItemBodySection, raw []byte) error {
	buf := imapserver.ExtractBodySection(bytes.NewReader(raw), bs)
	wc := rw.WriteBodySection(bs, int64(len(buf)))
	if _, err := wc.Write(buf); err != nil {
		return err
	}
	return wc.Close()
}

// writeUnsolicited sends, unasked, a FETCH of another message of the
// folder with Garbage for its bytes.
func (s *fakeSession) writeUnsolicited(w *imapserver.FetchWriter, uid imap.UID, opts *imap.FetchOptions) error {
	for i, m := range s.box.msgs {
		if m.uid != uid {
			continue
		}
		rw := w.CreateMessage(uint32(i + 1))
		rw.WriteUID(uid)
		for _, bs := range opts.BodySection {
			if err := writeSection(rw, bs, []byte(Garbage)); err != nil {
				return err
			}
		}
		return rw.Close()
	}
	return nil
}

// downgrade replaces raw UTF-8 in a message's header with '?'.
func downgrade(raw []byte) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		end = len(raw)
	}
	out := append([]byte(nil), raw...)
	for i := 0; i < end; i++ {
		if out[i] >= 0x80 {
			out[i] = '?'
		}
	}
	return out
}

func (s *fakeSession) Store(w *imapserver.FetchWriter, set imap.NumSet, flags *imap.StoreFlags, _ *imap.StoreOptions) error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.ro {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "Read-only mailbox"}
	}
	return s.each(set, func(seq uint32, m *fakeMsg) error {
		switch flags.Op {
		case imap.StoreFlagsSet:
			m.flags = map[imap.Flag]bool{}
			fallthrough
		case imap.StoreFlagsAdd:
			for _, f := range flags.Flags {
				m.flags[canonFlag(f)] = true
			}
		case imap.StoreFlagsDel:
			for _, f := range flags.Flags {
				delete(m.flags, canonFlag(f))
			}
		}
		if flags.Silent {
			return nil
		}
		rw := w.CreateMessage(seq)
		rw.WriteUID(m.uid)
		rw.WriteFlags(m.flagList())
		return rw.Close()
	})
}

func (s *fakeSession) Copy(set imap.NumSet, dest string) (*imap.CopyData, error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	d := s.f.boxes[dest]
	if d == nil {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "No such mailbox"}
	}
	var src, dst imap.UIDSet
	err := s.each(set, func(_ uint32, m *fakeMsg) error {
		src.AddNum(m.uid)
		dst.AddNum(d.add(m.raw, m.flagList(), m.date))
		return nil
	})
	return &imap.CopyData{UIDValidity: d.validity, SourceUIDs: src, DestUIDs: dst}, err
}

// String names the server in test logs.
func (f *FakeIMAP) String() string { return fmt.Sprintf("fake IMAP on 127.0.0.1:%d", f.Port) }
