package compose

import (
	"errors"
	"net/url"
	"strings"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/internal/tr"
)

// FromMailto reads a mailto: link (RFC 6068) into a new draft: the
// addresses before '?' and in "to", "cc" and "bcc", and "subject" and
// "body" (percent-decoded, line breaks kept). Other header fields
// (In-Reply-To, anything that could make the message look like something
// else) are ignored, as RFC 6068 §3 advises. An address that does not
// parse is kept as typed, so the person sees it and can fix it.
func FromMailto(link string) (Draft, error) {
	if len(link) < 7 || !strings.EqualFold(link[:7], "mailto:") {
		return Draft{}, errors.New(tr.L("not a mailto: link"))
	}
	to, query, _ := strings.Cut(link[7:], "?")
	var d Draft
	lists := map[string][]string{}
	if to != "" {
		addr, err := url.PathUnescape(to)
		if err != nil {
			return Draft{}, errors.New(tr.L("the mailto: link's address is not well formed"))
		}
		lists["To"] = append(lists["To"], addr)
	}
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		// RFC 6068: '+' is not a space in mailto; decode %XX only.
		value, err := url.PathUnescape(v)
		if err != nil {
			return Draft{}, errors.New(tr.L("the mailto: link is not well formed (a bad %-escape)"))
		}
		switch strings.ToLower(k) {
		case "to":
			lists["To"] = append(lists["To"], value)
		case "cc":
			lists["Cc"] = append(lists["Cc"], value)
		case "bcc":
			lists["Bcc"] = append(lists["Bcc"], value)
		case "subject":
			d.Subject = strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
		case "body":
			d.Body = strings.ReplaceAll(value, "\r\n", "\n")
		}
	}
	for field, vals := range lists {
		text := strings.Join(vals, ", ")
		addrs, err := mail.ParseAddressList(text)
		if err != nil {
			if d.Typed == nil {
				d.Typed = map[string]string{}
			}
			d.Typed[field] = text
			continue
		}
		switch field {
		case "To":
			d.To = addrs
		case "Cc":
			d.Cc = addrs
		case "Bcc":
			d.Bcc = addrs
		}
	}
	return d, nil
}
