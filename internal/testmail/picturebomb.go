package testmail

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"strings"
)

// PictureBomb is a PNG of a few hundred bytes that declares w×h grey
// pixels (1 byte each): its first rows are there (zeros), the rest is
// missing. Go's PNG decoder allocates the whole picture before it reads
// a row, so decoding 40000×40000 takes 1.6 GB (#26).
func PictureBomb(w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
		c := crc32.NewIEEE()
		c.Write([]byte(kind))
		c.Write(data)
		b.WriteString(kind)
		b.Write(data)
		b.Write(binary.BigEndian.AppendUint32(nil, c.Sum32()))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 0 // 8-bit greyscale
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(make([]byte, 4*(w+1))) // four rows of zeros; writing to memory cannot fail
	_ = zw.Flush()                         // no Close: the rows that follow are missing
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// WithInlinePicture is an HTML message from sender showing one picture
// sent inside it (cid:pic@test), of type image/png.
func WithInlinePicture(subject string, picture []byte) []byte {
	b64 := base64.StdEncoding.EncodeToString(picture)
	var lines []string
	for len(b64) > 76 {
		lines, b64 = append(lines, b64[:76]), b64[76:]
	}
	lines = append(lines, b64)
	return []byte("From: Club <club@example.org>\r\nTo: me@example.org\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/related; boundary=R\r\n\r\n" +
		"--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Before the picture.</p><img src=\"cid:pic@test\" alt=\"Our poster\"><p>After the picture.</p>\r\n" +
		"--R\r\nContent-Type: image/png\r\nContent-ID: <pic@test>\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		strings.Join(lines, "\r\n") + "\r\n--R--\r\n")
}
