package mailtext

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
)

// sizeAgainstDecoding says how BodySize and decoding differ on a base64
// body ("" when they agree, on the size and on the damage).
func sizeAgainstDecoding(body string) string {
	h := textproto.Header{}
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Transfer-Encoding", "base64")
	e1, d1, _ := entity(h, []byte(body), false)
	decoded, _ := io.ReadAll(e1.Body)
	e2, d2, _ := entity(h, []byte(body), false)
	if n := BodySize(e2); n != int64(len(decoded)) || d1.Found() != d2.Found() {
		return fmt.Sprintf("size %d, decoded %d bytes; damaged %v vs %v", n, len(decoded), d2.Found(), d1.Found())
	}
	return ""
}

// BodySize counts exactly what decoding gives, for clean, wrapped,
// URL-safe, padded-in-the-middle and damaged base64.
func TestBodySizeEqualsDecodedLength(t *testing.T) {
	for _, body := range []string{
		"", "QQ==\r\n", "QUJD\r\n", "SGVsbG8gd29ybGQ=\r\n", "SGVsbG8g\r\nd29ybGQ=\r\n",
		"SGVs bG8g\td29y\r\nbGQ=", "SGVsbG8=IHdvcmxk", "-_-_\r\n", "QUJD!!!garbage\r\nREVG\r\n", "QUJDR\r\n", "Q", "====",
		strings.Repeat("QUJDREVGR0hJSktM\r\n", 1000),
	} {
		if err := sizeAgainstDecoding(body); err != "" {
			t.Errorf("%.30q: %s", body, err)
		}
	}
}

// The same for random bodies: encoded lines with blanks, URL-safe
// letters and stray bytes here and there, padding at the end (the size
// is counted on a fast path for plain lines and by cleanLine for the
// rest).
func TestBodySizeEqualsDecodedLengthRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	extras := []string{" ", "\t", "-", "_", "!", "\r", "é"}
	for i := 0; i < 500; i++ {
		var b strings.Builder
		for l := rng.IntN(20); l >= 0; l-- {
			for k := rng.IntN(80); k > 0; k-- {
				if rng.IntN(60) == 0 {
					b.WriteString(extras[rng.IntN(len(extras))])
				} else {
					b.WriteByte(alphabet[rng.IntN(len(alphabet))])
				}
			}
			b.WriteString("\r\n")
		}
		b.WriteString([]string{"", "=", "==", "QQ==", "QUI="}[rng.IntN(5)])
		body := b.String()
		if err := sizeAgainstDecoding(body); err != "" {
			t.Fatalf("%q: %s", body, err)
		}
	}
}
