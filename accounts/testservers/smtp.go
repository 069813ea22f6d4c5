package testservers

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"testing"
)

// FakeSMTP is a minimal submission server for login checks: EHLO, AUTH
// PLAIN (one user), QUIT. Plain TCP; say answers AUTH failures with text.
func FakeSMTP(t testing.TB, user, pass, failText string) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				c.Write([]byte("220 fake ESMTP\r\n"))
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.Fields(line + " x")[0])
					switch cmd {
					case "EHLO", "HELO":
						c.Write([]byte("250-fake\r\n250 AUTH PLAIN LOGIN\r\n"))
					case "AUTH":
						f := strings.Fields(line)
						var resp string
						if len(f) >= 3 {
							resp = f[2]
						} else {
							c.Write([]byte("334 \r\n"))
							resp, _ = br.ReadString('\n')
						}
						b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(resp))
						parts := strings.Split(string(b), "\x00")
						if len(parts) == 3 && parts[1] == user && parts[2] == pass {
							c.Write([]byte("235 2.7.0 Authentication successful\r\n"))
						} else {
							c.Write([]byte("535 5.7.8 " + failText + "\r\n"))
						}
					case "QUIT":
						c.Write([]byte("221 bye\r\n"))
						return
					default:
						c.Write([]byte("250 ok\r\n"))
					}
				}
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}
