package testservers

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Cyrus is a running private Cyrus IMAP 3.6 (IMAP and POP3, plain, on
// 127.0.0.1), issue #25. Debian's cyrus-imapd and cyrus-pop3d packages
// conflict with Dovecot's (both provide imap-server), so they are never
// installed: their .debs are downloaded once (apt-get download) and
// unpacked with dpkg-deb -x into a cache folder (CyrusCache); the
// libraries and tools they need come from packages that do not conflict
// (cyrus-common, sasl2-bin: ./dev.sh test installs them). Config, spool,
// sockets and its sasldb live in a temporary folder. Behaviours that
// matter to a client: CREATE does not subscribe, RENAME drops the
// subscription, an unreadable message file gives "* OK Message N no
// longer exists" on FETCH and -ERR on RETR, reconstruct clears the flags
// (with a new UIDVALIDITY, or with -M the same; see Reconstruct).
type Cyrus struct {
	Dir        string
	IMAP, POP3 int
	conf, root string
	users      Users
	t          testing.TB
}

// CyrusCache is where the unpacked Cyrus packages are kept between runs
// ($POSTIE_TESTSERVERS, else postie-testservers in the temp folder: it
// must be readable by the cyrus user, which a home folder often is not).
func CyrusCache() string {
	if d := os.Getenv("POSTIE_TESTSERVERS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "postie-testservers")
}

const cyrusBin = "/usr/lib/cyrus/bin"

var cyrusUnpack sync.Mutex

// cyrusRoot unpacks cyrus-imapd and cyrus-pop3d into the cache (once) and
// returns the root they were unpacked in, or why it cannot.
func cyrusRoot() (string, error) {
	cyrusUnpack.Lock()
	defer cyrusUnpack.Unlock()
	cache := CyrusCache()
	root := filepath.Join(cache, "cyrus-root")
	if _, err := os.Stat(filepath.Join(root, "usr/lib/cyrus/bin/pop3d")); err == nil {
		return root, nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return "", fmt.Errorf("not a Debian system (no apt-get to download cyrus-imapd)")
	}
	debs := filepath.Join(cache, "debs")
	if err := os.MkdirAll(debs, 0o755); err != nil {
		return "", err
	}
	os.Chmod(cache, 0o755)
	cmd := exec.Command("apt-get", "download", "cyrus-imapd", "cyrus-pop3d")
	cmd.Dir = debs
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download cyrus-imapd cyrus-pop3d: %v %s", err, out)
	}
	tmp, err := os.MkdirTemp(cache, "unpack")
	if err != nil {
		return "", err
	}
	files, _ := filepath.Glob(filepath.Join(debs, "*.deb"))
	for _, f := range files {
		if out, err := exec.Command("dpkg-deb", "-x", f, tmp).CombinedOutput(); err != nil {
			return "", fmt.Errorf("dpkg-deb -x %s: %v %s", f, err, out)
		}
	}
	// The cyrus user runs them: everything readable, folders traversable.
	if out, err := exec.Command("chmod", "-R", "a+rX", tmp).CombinedOutput(); err != nil {
		return "", fmt.Errorf("chmod: %v %s", err, out)
	}
	return root, os.Rename(tmp, root)
}

// StartCyrus runs Cyrus with these users until the test ends. It skips
// the test (fails in CI) when Cyrus cannot run here.
func StartCyrus(t testing.TB, users Users) *Cyrus {
	t.Helper()
	return StartCyrusWith(t, users, "")
}

// StartCyrusWith is StartCyrus with lines added to imapd.conf (for
// example "munge8bit: no", which keeps raw 8-bit header bytes that
// APPEND otherwise rewrites to 'X').
func StartCyrusWith(t testing.TB, users Users, conf string) *Cyrus {
	t.Helper()
	skip := func(why string) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatal("Cyrus cannot run: " + why + " (./dev.sh test installs cyrus-common and sasl2-bin)")
		}
		t.Skip("Cyrus cannot run: " + why + " (./dev.sh test installs cyrus-common and sasl2-bin)")
	}
	if _, err := os.Stat(filepath.Join(cyrusBin, "master")); err != nil {
		skip("cyrus-common is not installed")
	}
	if _, err := exec.LookPath("saslpasswd2"); err != nil {
		skip("sasl2-bin is not installed")
	}
	cy, err := user.Lookup("cyrus")
	if err != nil {
		skip("no cyrus user (cyrus-common makes it)")
	}
	if os.Getuid() != 0 {
		skip("Cyrus runs as the cyrus user: the tests must run as root to start it")
	}
	root, err := cyrusRoot()
	if err != nil {
		skip(err.Error())
	}
	dir, err := os.MkdirTemp("", "cy")
	if err != nil {
		t.Fatal(err)
	}
	s := &Cyrus{Dir: dir, root: root, users: users, t: t}
	s.IMAP, s.POP3 = freePort(t), freePort(t)
	for _, d := range []string{"conf", "spool", "run", "sock"} {
		os.MkdirAll(filepath.Join(dir, d), 0o750)
	}
	s.conf = filepath.Join(dir, "imapd.conf")
	os.WriteFile(s.conf, []byte(fmt.Sprintf(`configdirectory: %[1]s/conf
defaultpartition: default
partition-default: %[1]s/spool
proc_path: %[1]s/run/proc
mboxname_lockpath: %[1]s/run/lock
lmtpsocket: %[1]s/sock/lmtp
idlesocket: %[1]s/sock/idle
notifysocket: %[1]s/sock/notify
altnamespace: yes
unixhierarchysep: yes
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: %[1]s/sasldb2
sasl_mech_list: PLAIN LOGIN
admins: cyrus
servername: localhost
syslog_prefix: postie-cyrus
%[2]s
`, dir, conf)), 0o644)
	os.WriteFile(filepath.Join(dir, "cyrus.conf"), []byte(fmt.Sprintf(`START {
  recover cmd="%[1]s/ctl_cyrusdb -C %[2]s -r"
}
SERVICES {
  imap cmd="%[3]s/usr/lib/cyrus/bin/imapd -C %[2]s" listen="127.0.0.1:%[4]d" prefork=0
  pop3 cmd="%[3]s/usr/lib/cyrus/bin/pop3d -C %[2]s" listen="127.0.0.1:%[5]d" prefork=0
}
EVENTS {
}
`, cyrusBin, s.conf, root, s.IMAP, s.POP3)), 0o644)
	users = withAdmin(users)
	for name, pass := range users {
		cmd := exec.Command("saslpasswd2", "-p", "-f", filepath.Join(dir, "sasldb2"), "-c", "-u", "localhost", name)
		cmd.Stdin = strings.NewReader(pass)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("saslpasswd2: %v %s", err, out)
		}
	}
	uid, _ := strconv.Atoi(cy.Uid)
	gid, _ := strconv.Atoi(cy.Gid)
	filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chown(p, uid, gid) })
	os.Chmod(dir, 0o755)
	cmd := exec.Command(filepath.Join(cyrusBin, "master"), "-C", s.conf, "-M", filepath.Join(dir, "cyrus.conf"),
		"-p", filepath.Join(dir, "run", "master.pid"), "-d")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("starting cyrus: %v %s", err, out)
	}
	t.Cleanup(s.Stop)
	s.waitPort(s.IMAP)
	s.waitPort(s.POP3)
	for name := range s.users {
		if _, err := s.Admin("CREATE user/" + name); err != nil {
			t.Fatalf("cyrus: creating %s's mailbox: %v", name, err)
		}
	}
	return s
}

const cyrusAdminPass = "postie-cyrus-admin"

func withAdmin(u Users) Users {
	out := Users{"cyrus": cyrusAdminPass}
	for k, v := range u {
		out[k] = v
	}
	return out
}

func (s *Cyrus) waitPort(port int) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
		if err == nil {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "* OK") || strings.HasPrefix(line, "+OK") {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("cyrus did not answer on port %d", port)
}

// Stop ends the server and removes its folder.
func (s *Cyrus) Stop() {
	if b, err := os.ReadFile(filepath.Join(s.Dir, "run", "master.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 1 {
			endProcess(pid)
		}
	}
	os.RemoveAll(s.Dir)
}

// Admin runs IMAP commands as the cyrus admin (CREATE user/NAME, …).
func (s *Cyrus) Admin(cmds ...string) ([]string, error) {
	return s.As("cyrus", cmds...)
}

// As runs IMAP commands signed in as userName, one after the other, and
// returns every untagged line; the first NO or BAD ends it with an
// error. A command may carry a literal as "{N+}\r\n" followed by its
// bytes (LITERAL+).
func (s *Cyrus) As(userName string, cmds ...string) ([]string, error) {
	pass := s.users[userName]
	if userName == "cyrus" {
		pass = cyrusAdminPass
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(s.IMAP), 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	if _, err := r.ReadString('\n'); err != nil {
		return nil, err
	}
	var untagged []string
	all := append([]string{fmt.Sprintf("LOGIN %s %s", quote(userName), quote(pass))}, cmds...)
	for i, cmd := range append(all, "LOGOUT") {
		tag := fmt.Sprintf("t%d", i)
		if _, err := fmt.Fprintf(c, "%s %s\r\n", tag, cmd); err != nil {
			return untagged, err
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return untagged, err
			}
			if strings.HasPrefix(line, tag+" ") {
				if rest := line[len(tag)+1:]; !strings.HasPrefix(rest, "OK") {
					return untagged, fmt.Errorf("cyrus: %s: %s", firstLine(cmd), strings.TrimSpace(rest))
				}
				break
			}
			untagged = append(untagged, strings.TrimRight(line, "\r\n"))
		}
	}
	return untagged, nil
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Append stores raw in a user's folder (flags like `\Seen`, or "").
func (s *Cyrus) Append(userName, folder string, raw []byte, flags string) {
	s.t.Helper()
	if _, err := s.As(userName, fmt.Sprintf("APPEND %s (%s) {%d+}\r\n%s", quote(folder), flags, len(raw), raw)); err != nil {
		s.t.Fatal(err)
	}
}

// Create makes a folder for a user; Cyrus does not subscribe it unless
// asked to.
func (s *Cyrus) Create(userName, folder string, subscribe bool) {
	s.t.Helper()
	cmds := []string{"CREATE " + quote(folder)}
	if subscribe {
		cmds = append(cmds, "SUBSCRIBE "+quote(folder))
	}
	if _, err := s.As(userName, cmds...); err != nil {
		s.t.Fatal(err)
	}
}

// Must runs IMAP commands as userName and fails the test on an error.
func (s *Cyrus) Must(userName string, cmds ...string) []string {
	s.t.Helper()
	out, err := s.As(userName, cmds...)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// MailboxDir is where Cyrus keeps a user's folder ("INBOX" or a name).
func (s *Cyrus) MailboxDir(userName, folder string) string {
	s.t.Helper()
	internal := adminName(userName, folder)
	out, err := s.asCyrus("mbpath", "-C", s.conf, internal).CombinedOutput()
	if err != nil {
		s.t.Fatalf("mbpath %s: %v %s", internal, err, out)
	}
	return strings.TrimSpace(string(out))
}

// MessageFile is the file of one message (by UID) in a user's folder:
// make it unreadable (chmod 0) to reproduce a server that cannot send it.
func (s *Cyrus) MessageFile(userName, folder string, uid int) string {
	return filepath.Join(s.MailboxDir(userName, folder), strconv.Itoa(uid)+".")
}

// Reconstruct rebuilds a folder's index from its files, as an admin does
// after damage (cyrus.index and cyrus.cache removed, then reconstruct):
// its flags are lost, its HIGHESTMODSEQ and UIDs stay, and it gets a new
// UIDVALIDITY — the time of the reconstruct, in seconds, so the same one
// when it runs within the second the folder was made.
func (s *Cyrus) Reconstruct(userName, folder string) {
	s.t.Helper()
	s.reconstruct(userName, folder)
}

// ReconstructKeepingUIDValidity is Reconstruct with "reconstruct -M"
// (mailboxes.db preferred): the UIDVALIDITY recorded there is put back,
// so UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ are all as before while the
// flags are lost — nothing tells a CONDSTORE client.
func (s *Cyrus) ReconstructKeepingUIDValidity(userName, folder string) {
	s.t.Helper()
	s.reconstruct(userName, folder, "-M")
}

func (s *Cyrus) reconstruct(userName, folder string, opts ...string) {
	s.t.Helper()
	dir := s.MailboxDir(userName, folder)
	os.Remove(filepath.Join(dir, "cyrus.index"))
	os.Remove(filepath.Join(dir, "cyrus.cache"))
	internal := adminName(userName, folder)
	if out, err := s.Tool("reconstruct", append(opts, internal)...); err != nil {
		s.t.Fatalf("reconstruct %s: %v %s", internal, err, out)
	}
}

// Tool runs one of Cyrus' tools (reconstruct, mbpath…) with this
// server's configuration, as the cyrus user.
func (s *Cyrus) Tool(tool string, args ...string) (string, error) {
	out, err := s.asCyrus(tool, append([]string{"-C", s.conf}, args...)...).CombinedOutput()
	return string(out), err
}

// asCyrus is one of Cyrus' tools, run as the cyrus user (they refuse root).
func (s *Cyrus) asCyrus(tool string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(cyrusBin, tool), args...)
	if cy, err := user.Lookup("cyrus"); err == nil {
		uid, _ := strconv.Atoi(cy.Uid)
		gid, _ := strconv.Atoi(cy.Gid)
		runAs(cmd, uid, gid)
	}
	return cmd
}

// adminName is a user's folder as the admin names it ("user/alice/Jobs").
func adminName(userName, folder string) string {
	if strings.EqualFold(folder, "INBOX") {
		return "user/" + userName
	}
	return "user/" + userName + "/" + folder
}
