// Package testservers runs mail servers for tests. Start runs a private
// Dovecot: IMAP and POP3, plain and SSL/TLS, on free ports of 127.0.0.1,
// with its config, certificate, logs and Maildirs in a temporary folder;
// nothing else on the machine is touched and it stops when the test ends.
// FakeSMTP is an in-process submission server for sign-in checks.
package testservers

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
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

// Server is a running private Dovecot.
type Server struct {
	Dir                      string
	IMAP, IMAPS, POP3, POP3S int
	// Submission (STARTTLS) and Submissions (TLS) are Dovecot's own
	// submission service, run by StartWithRelay.
	Submission, Submissions int
	CertSHA256              string // fingerprint of the current certificate, hex
	conf                    string
	t                       testing.TB
	uid, gid                int
}

// Users are name → password.
type Users map[string]string

// Available says whether Dovecot is installed. Tests call Start, which
// fails in CI (where ./dev.sh test installs it) and skips elsewhere.
func Available() bool {
	_, err := exec.LookPath("dovecot")
	return err == nil
}

// Start runs Dovecot with these users until the test ends. extra is added
// to the configuration (for example "imap_capability = IMAP4rev1 IDLE").
func Start(t testing.TB, users Users, extra string) *Server {
	t.Helper()
	return start(t, users, extra, 0, "")
}

// StartWithRelay also runs Dovecot's SMTP submission service (ports
// Submission and Submissions, sign-in with the same users), which hands
// every accepted message to the SMTP server on relayPort. Its message
// size limit is 10 MB.
func StartWithRelay(t testing.TB, users Users, relayPort int, extra string) *Server {
	t.Helper()
	return start(t, users, extra, relayPort, "")
}

// StartOAuth runs Dovecot that also accepts OAuth2 access tokens
// (XOAUTH2 and OAUTHBEARER) for IMAP, POP3 and, with relayPort,
// submission, checking each token at introspectURL (an OAuthServer's).
// A token is never accepted as a password, nor a password as a token.
// The relay is signed in to as "relay"/"relay" (a token cannot be handed
// on to it).
func StartOAuth(t testing.TB, users Users, introspectURL string, relayPort int, extra string) *Server {
	t.Helper()
	return start(t, users, extra, relayPort, introspectURL)
}

func start(t testing.TB, users Users, extra string, relay int, oauthURL string) *Server {
	t.Helper()
	if !Available() {
		if os.Getenv("CI") != "" {
			t.Fatal("dovecot is not installed: ./dev.sh test installs it")
		}
		t.Skip("dovecot is not installed (./dev.sh test installs it)")
	}
	dir, err := os.MkdirTemp("", "dv")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: dir, t: t}
	os.Chmod(dir, 0o755)
	s.uid, s.gid = 65534, 65534
	runUser, runGroup := "nobody", "nogroup"
	if os.Getuid() != 0 {
		u, _ := user.Current()
		s.uid, s.gid = os.Getuid(), os.Getgid()
		runUser = u.Username
		if g, err := user.LookupGroupId(strconv.Itoa(s.gid)); err == nil {
			runGroup = g.Name
		}
	} else if _, err := user.LookupGroup("nogroup"); err != nil {
		runGroup = "nobody"
	}
	for _, d := range []string{"run", "state", "mail", "home"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.Chown(filepath.Join(dir, "mail"), s.uid, s.gid)
	os.Chown(filepath.Join(dir, "home"), s.uid, s.gid)
	var pw strings.Builder
	for name, pass := range users {
		fmt.Fprintf(&pw, "%s:{PLAIN}%s::::::\n", name, pass)
	}
	os.WriteFile(filepath.Join(dir, "passwd"), []byte(pw.String()), 0o644)
	s.writeCert()
	dh := filepath.Join(dir, "dh.pem")
	if out, err := exec.Command("openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out", dh).CombinedOutput(); err != nil {
		t.Fatalf("openssl dh: %v %s", err, out)
	}
	s.IMAP, s.IMAPS, s.POP3, s.POP3S = freePort(t), freePort(t), freePort(t), freePort(t)
	protocols := "imap pop3"
	if relay != 0 {
		if _, err := os.Stat("/usr/lib/dovecot/submission"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("dovecot-submissiond is not installed: ./dev.sh test installs it")
			}
			t.Skip("dovecot-submissiond is not installed (./dev.sh test installs it)")
		}
		s.Submission, s.Submissions = freePort(t), freePort(t)
		protocols += " submission"
		extra = fmt.Sprintf(`hostname = localhost
submission_relay_host = 127.0.0.1
submission_relay_port = %d
submission_relay_trusted = yes
submission_max_mail_size = 10M
service submission-login {
  chroot =
  inet_listener submission {
    port = %d
  }
  inet_listener submissions {
    port = %d
    ssl = yes
  }
}
`, relay, s.Submission, s.Submissions) + extra
	}
	mechanisms, passdbMechs, allowAll := "plain login", "", ""
	if oauthURL != "" {
		// The static userdb must not ask the passdbs whether a user exists:
		// they are limited to their mechanisms and would all be skipped.
		mechanisms, passdbMechs, allowAll = "plain login xoauth2 oauthbearer", "  mechanisms = plain login\n", " allow_all_users=yes"
		os.WriteFile(filepath.Join(dir, "oauth2.conf"), []byte("introspection_mode = post\nintrospection_url = "+oauthURL+
			"\nusername_attribute = username\nactive_attribute = active\nactive_value = true\ntimeout_msecs = 5000\n"), 0o644)
		extra = fmt.Sprintf("passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = %s/oauth2.conf\n}\n", dir) + extra
		extra += "service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}\n"
		if relay != 0 {
			extra += "submission_relay_user = relay\nsubmission_relay_password = relay\n"
		}
	}
	nonRoot := ""
	if os.Getuid() != 0 {
		nonRoot = fmt.Sprintf("default_internal_user = %s\ndefault_login_user = %s\n"+
			"service imap-login {\n chroot =\n}\nservice pop3-login {\n chroot =\n}\nservice anvil {\n chroot =\n}\n", runUser, runUser)
	}
	conf := fmt.Sprintf(`instance_name = postie-%d
base_dir = %[2]s/run
state_dir = %[2]s/state
log_path = %[2]s/dovecot.log
info_log_path = %[2]s/dovecot.log
listen = 127.0.0.1
protocols = %[11]s
stats_writer_socket_path =
ssl = yes
ssl_cert = <%[2]s/cert.pem
ssl_key = <%[2]s/key.pem
ssl_dh = <%[2]s/dh.pem
disable_plaintext_auth = no
auth_mechanisms = %[12]s
auth_verbose = yes
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
mail_uid = %[3]d
mail_gid = %[4]d
first_valid_uid = 0
first_valid_gid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[2]s/passwd
%[13]s}
userdb {
  driver = static
  args = uid=%[3]d gid=%[4]d home=%[2]s/home/%%u%[14]s
}
mail_location = maildir:%[2]s/mail/%%u
pop3_uidl_format = %%08Xu%%08Xv
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \Archive
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    port = %[5]d
  }
  inet_listener imaps {
    port = %[6]d
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = %[7]d
  }
  inet_listener pop3s {
    port = %[8]d
    ssl = yes
  }
}
%[9]s
%[10]s
`, time.Now().UnixNano(), dir, s.uid, s.gid, s.IMAP, s.IMAPS, s.POP3, s.POP3S, nonRoot, extra, protocols, mechanisms, passdbMechs, allowAll)
	_ = runGroup
	s.conf = filepath.Join(dir, "dovecot.conf")
	os.WriteFile(s.conf, []byte(conf), 0o644)
	// Dovecot forks into the background and its children keep stdout
	// open: a pipe would never close, so its output goes to a file.
	out, _ := os.Create(filepath.Join(dir, "start.log"))
	cmd := exec.Command("dovecot", "-c", s.conf)
	cmd.Stdout, cmd.Stderr = out, out
	err = cmd.Run()
	out.Close()
	if err != nil {
		b, _ := os.ReadFile(filepath.Join(dir, "start.log"))
		t.Fatalf("starting dovecot: %v\n%s\n%s", err, b, s.Log())
	}
	t.Cleanup(s.Stop)
	for _, p := range []int{s.IMAP, s.POP3, s.Submission} {
		if p == 0 {
			continue
		}
		s.waitGreeting(p)
	}
	return s
}

func (s *Server) waitGreeting(port int) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
		if err == nil {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "* OK") || strings.HasPrefix(line, "+OK") || strings.HasPrefix(line, "220 ") {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("dovecot did not answer on port %d\n%s", port, s.Log())
}

// Stop ends the server and removes its folder.
func (s *Server) Stop() {
	exec.Command("doveadm", "-c", s.conf, "stop").Run()
	if b, err := os.ReadFile(filepath.Join(s.Dir, "run", "master.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
		}
	}
	os.RemoveAll(s.Dir)
}

// Log is Dovecot's log so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "dovecot.log"))
	return string(b)
}

// Deliver puts a message in a user's mailbox (through Dovecot itself).
func (s *Server) Deliver(userName, mailbox string, raw []byte) {
	s.t.Helper()
	cmd := exec.Command("doveadm", "-c", s.conf, "save", "-u", userName, "-m", mailbox)
	cmd.Stdin = strings.NewReader(string(raw))
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("doveadm save: %v %s\n%s", err, out, s.Log())
	}
}

// Doveadm runs a doveadm command against this server.
func (s *Server) Doveadm(args ...string) (string, error) {
	out, err := exec.Command("doveadm", append([]string{"-c", s.conf}, args...)...).CombinedOutput()
	return string(out), err
}

// RotateCert gives the server a new self-signed certificate.
func (s *Server) RotateCert() {
	s.writeCert()
	if out, err := exec.Command("doveadm", "-c", s.conf, "reload").CombinedOutput(); err != nil {
		s.t.Fatalf("doveadm reload: %v %s", err, out)
	}
	time.Sleep(500 * time.Millisecond)
	s.waitGreeting(s.IMAP)
}

func (s *Server) writeCert() {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "localhost", Organization: []string{"Postie test server"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		s.t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(filepath.Join(s.Dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(s.Dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	sum := sha256.Sum256(der)
	s.CertSHA256 = hex.EncodeToString(sum[:])
}

// freePort finds a port nothing listens on. The kernel may hand the same
// free port out twice in a row once the probe closes (a Dovecot then
// failed with "duplicate listener"): a port is given out once per test
// process.
func freePort(t testing.TB) int {
	givenMu.Lock()
	defer givenMu.Unlock()
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !given[port] {
			given[port] = true
			return port
		}
	}
}

var (
	givenMu sync.Mutex
	given   = map[int]bool{}
)

// FillMaildir writes messages straight into a user's Maildir inbox (much
// faster than Deliver for thousands) and lets Dovecot index them.
func (s *Server) FillMaildir(userName string, msgs [][]byte) {
	s.t.Helper()
	dir := filepath.Join(s.Dir, "mail", userName)
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	for i, m := range msgs {
		name := filepath.Join(dir, "cur", fmt.Sprintf("%d.%06d.bench:2,", time.Now().Unix(), i))
		if err := os.WriteFile(name, m, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
	filepath.Walk(filepath.Join(s.Dir, "mail"), func(p string, _ os.FileInfo, _ error) error {
		os.Chown(p, s.uid, s.gid)
		return nil
	})
	if out, err := s.Doveadm("mailbox", "status", "-u", userName, "messages", "INBOX"); err != nil {
		s.t.Fatalf("doveadm: %v %s", err, out)
	}
}
