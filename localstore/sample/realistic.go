package sample

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"mime/quotedprintable"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Realistic returns message i of a mailbox shaped like a real one
// (issue #17): about 28 KB on average, so 10,000 messages make about
// 280 MB. The mix, decided by i alone (deterministic):
//   - 38% plain text, 1–8 KB
//   - 25% multipart/alternative, plain and HTML, 5–25 KB
//   - 15% HTML newsletters, 10–50 KB, quoted-printable
//   - 14% with an attachment: PDF, JPEG or ZIP of 20–90 KB (base64)
//   - 5% forwarding a message (message/rfc822)
//   - 3% in one of eight charsets (Latin-1, Windows-1252, KOI8-R,
//     Shift_JIS, GB2312, ISO-2022-JP, EUC-KR, UTF-8)
//   - 0.3% (one in 333) with a 1–5 MB attachment
func Realistic(i int, base time.Time) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 17))
	name := names[r.IntN(len(names))]
	addr := strings.ToLower(strings.Fields(name)[0]) + "@" + domains[r.IntN(len(domains))]
	subj := fmt.Sprintf("%s %d", subjects[r.IntN(len(subjects))], i)
	subj = strings.NewReplacer("%s", words[r.IntN(len(words))], "%d", fmt.Sprint(1000+r.IntN(9000))).Replace(subj)
	date := base.Add(-time.Duration(i) * 7 * time.Minute)
	var b strings.Builder
	fmt.Fprintf(&b, "Return-Path: <%s>\r\nReceived: from mx.%s by mail.example.org; %s\r\nFrom: %s <%s>\r\nTo: You <you@example.org>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <real%d@%s>\r\nMIME-Version: 1.0\r\n",
		addr, domains[0], date.Format(time.RFC1123Z), mimeWord(name), addr, mimeWord(subj), date.Format(time.RFC1123Z), i, domains[1])
	switch k := r.IntN(1000); {
	case i%333 == 332:
		attachment(&b, r, text(r, 2000), 3<<18+r.IntN(3<<20)) // 1–5 MB once encoded
	case k < 380:
		fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s", text(r, 1000+r.IntN(7000)))
	case k < 630:
		t := text(r, 2000+r.IntN(8000))
		fmt.Fprintf(&b, "Content-Type: multipart/alternative; boundary=\"alt%d\"\r\n\r\n--alt%d\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n--alt%d\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n--alt%d--\r\n",
			i, i, t, i, qp(htmlOf(r, t)), i)
	case k < 780:
		fmt.Fprintf(&b, "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s", qp(newsletter(r, 10000+r.IntN(40000))))
	case k < 920:
		attachment(&b, r, text(r, 500+r.IntN(3000)), 20000+r.IntN(70000))
	case k < 970:
		inner := Message(i+1_000_000, base)
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"fw%d\"\r\n\r\n--fw%d\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n--fw%d\r\nContent-Type: message/rfc822\r\n\r\n%s\r\n--fw%d--\r\n",
			i, i, text(r, 300), i, inner, i)
	default:
		cs := charsets[r.IntN(len(charsets))]
		body := charsetText[cs.name]
		if cs.enc != nil {
			body, _ = cs.enc.NewEncoder().String(body)
		}
		fmt.Fprintf(&b, "Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n", cs.name, strings.Repeat(body+"\r\n", 5+r.IntN(40)))
	}
	return []byte(b.String())
}

var charsets = []struct {
	name string
	enc  encoding.Encoding
}{
	{"iso-8859-1", charmap.ISO8859_1}, {"windows-1252", charmap.Windows1252}, {"koi8-r", charmap.KOI8R},
	{"shift_jis", japanese.ShiftJIS}, {"gb2312", simplifiedchinese.HZGB2312}, {"iso-2022-jp", japanese.ISO2022JP},
	{"euc-kr", korean.EUCKR}, {"utf-8", nil},
}

var charsetText = map[string]string{
	"iso-8859-1":   "Grüße aus Köln, die Tomaten im Garten sind reif. Ça va très bien.",
	"windows-1252": "“Quoted” – the café’s menu costs €12 … see you Saturday.",
	"koi8-r":       "Привет! Встреча в библиотеке в субботу, билеты уже куплены.",
	"shift_jis":    "こんにちは。土曜日の会議の資料を添付します。よろしくお願いします。",
	"gb2312":       "你好，周六的会议资料已经准备好了，请查收。",
	"iso-2022-jp":  "お世話になっております。請求書をお送りします。",
	"euc-kr":       "안녕하세요. 토요일 모임 장소를 알려 드립니다.",
	"utf-8":        "Zürich, Kraków, Ελλάδα, Türkiye, 東京 — one message, many scripts.",
}

func text(r *rand.Rand, size int) string {
	var b strings.Builder
	line := 0
	for b.Len() < size {
		b.WriteString(words[r.IntN(len(words))])
		line++
		if line%12 == 0 {
			b.WriteString("\r\n")
			if line%60 == 0 {
				b.WriteString("\r\n")
			}
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func htmlOf(r *rand.Rand, t string) string {
	var b strings.Builder
	b.WriteString("<html><body style=\"font-family:Arial\">")
	for _, p := range strings.Split(t, "\r\n\r\n") {
		fmt.Fprintf(&b, "<p>%s <a href=\"https://%s/x/%d\">link</a></p>\n", p, domains[r.IntN(len(domains))], r.IntN(1e6))
	}
	b.WriteString("</body></html>")
	return b.String()
}

func newsletter(r *rand.Rand, size int) string {
	var b strings.Builder
	b.WriteString("<html><head><style>td{padding:4px}</style></head><body><table width=\"600\">")
	for b.Len() < size {
		fmt.Fprintf(&b, "<tr><td><img src=\"https://img.%s/%d.png\" width=\"120\"></td><td><h3>%s</h3><p>%s</p><a href=\"https://%s/read/%d\">Read more</a></td></tr>\n",
			domains[r.IntN(len(domains))], r.IntN(1e6), words[r.IntN(len(words))], text(r, 300), domains[r.IntN(len(domains))], r.IntN(1e6))
	}
	b.WriteString("</table><img src=\"https://track.example.com/open.gif\" width=\"1\" height=\"1\"></body></html>")
	return b.String()
}

func attachment(b *strings.Builder, r *rand.Rand, body string, size int) {
	kinds := []struct{ ct, ext, magic string }{{"application/pdf", "pdf", "%PDF-1.7\n"}, {"image/jpeg", "jpg", "\xff\xd8\xff\xe0"}, {"application/zip", "zip", "PK\x03\x04"}}
	k := kinds[r.IntN(len(kinds))]
	data := make([]byte, size)
	for j := 0; j+8 <= len(data); j += 8 {
		v := r.Uint64()
		for n := 0; n < 8; n++ {
			data[j+n] = byte(v >> (8 * n))
		}
	}
	copy(data, k.magic)
	enc := base64.StdEncoding.EncodeToString(data)
	fmt.Fprintf(b, "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n--mix\r\nContent-Type: %s; name=\"file-%d.%s\"\r\nContent-Disposition: attachment; filename=\"file-%d.%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		body, k.ct, size, k.ext, size, k.ext)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteString("\r\n--mix--\r\n")
}

func qp(s string) string {
	var b strings.Builder
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(s)) // into a strings.Builder: cannot fail
	_ = w.Close()
	return strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\n", "\r\n")
}

// mimeWord encodes a header value with non-ASCII letters as RFC 2047.
func mimeWord(s string) string {
	for _, c := range s {
		if c > 127 {
			return "=?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
		}
	}
	return s
}
