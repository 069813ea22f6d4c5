package localstore

import (
	"net/mail"
	"sort"
	"strings"
)

// Correspondent is an address seen in the store, for suggestions when
// writing: people written to count more than people who wrote.
type Correspondent struct {
	Name, Address string
	Score         int
}

// String is `"Name" <address>` as a person reads it (no RFC 2047
// encoding; net/mail parses it back), or the bare address.
func (c Correspondent) String() string {
	if c.Name == "" {
		return c.Address
	}
	plain := c.Name + " <" + c.Address + ">"
	if a, err := mail.ParseAddress(plain); err == nil && a.Name == c.Name && !strings.ContainsAny(c.Name, `,."`) {
		return plain // quotes only where they are needed
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(c.Name) + `" <` + c.Address + `>`
}

// Correspondents lists the addresses in the store, most used first: the
// recipients of sent mail (weighted ×5) and the senders of everything
// else. Each address appears once, with the name most often seen for it.
func (s *Store) Correspondents() ([]Correspondent, error) {
	type entry struct {
		score int
		names map[string]int
		addr  string
	}
	book := map[string]*entry{}
	add := func(list string, weight int) {
		addrs, err := mail.ParseAddressList(list)
		if err != nil {
			if a, err := mail.ParseAddress(list); err == nil {
				addrs = []*mail.Address{a}
			}
		}
		for _, a := range addrs {
			key := strings.ToLower(a.Address)
			if !strings.Contains(key, "@") {
				continue
			}
			e := book[key]
			if e == nil {
				e = &entry{names: map[string]int{}, addr: a.Address}
				book[key] = e
			}
			e.score += weight
			if a.Name != "" {
				e.names[a.Name] += weight
			}
		}
	}
	rows, err := s.r.Query(`SELECT m.to_addr || ', ' || m.cc_addr FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.role = 'sent'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l string
		if rows.Scan(&l) == nil {
			add(strings.Trim(l, ", "), 5)
		}
	}
	rows.Close()
	rows, err = s.r.Query(`SELECT from_addr, count(*) FROM messages WHERE from_addr != '' GROUP BY from_addr`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l string
		var n int
		if rows.Scan(&l, &n) == nil {
			add(l, n)
		}
	}
	rows.Close()
	out := make([]Correspondent, 0, len(book))
	for _, e := range book {
		c := Correspondent{Address: e.addr, Score: e.score}
		best := 0
		for n, k := range e.names {
			if k > best || (k == best && n < c.Name) {
				c.Name, best = n, k
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Address < out[j].Address
	})
	return out, rows.Err()
}

// Suggest picks from list (as Correspondents returns it) up to limit
// entries whose name or address has a word starting with prefix,
// ignoring case.
func Suggest(list []Correspondent, prefix string, limit int) []Correspondent {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return nil
	}
	var out []Correspondent
	for _, c := range list {
		if matchesWordPrefix(strings.ToLower(c.Name), prefix) || matchesWordPrefix(strings.ToLower(c.Address), prefix) {
			out = append(out, c)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

func matchesWordPrefix(s, prefix string) bool {
	for i := 0; i < len(s); i++ {
		if (i == 0 || strings.ContainsRune(" .-_@<\"'", rune(s[i-1]))) && strings.HasPrefix(s[i:], prefix) {
			return true
		}
	}
	return false
}
