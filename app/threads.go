package app

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/localstore"
)

// maxThreaded bounds how many of a folder's newest messages are grouped.
const maxThreaded = 2000

var replyPrefix = regexp.MustCompile(`(?i)^\s*((re|fwd?|aw|wg|sv|vs|antw|tr|rv)\s*(\[\d+\])?\s*:\s*)+`)

// baseSubject is a subject without "Re:", "Fwd:" and the like.
func baseSubject(s string) (string, bool) {
	base := replyPrefix.ReplaceAllString(s, "")
	return strings.ToLower(strings.Join(strings.Fields(base), " ")), base != s
}

func msgIDs(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if id := strings.Trim(f, "<>,"); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// threads orders messages conversation by conversation: messages linked by
// References or In-Reply-To belong together, and so do replies without
// those headers and the message whose subject they answer. Conversations
// come in order o (see conversationKey), their messages oldest first.
// reply marks the messages that are not the first of their
// conversation; size counts the messages of each conversation, keyed by
// its first message.
func threads(msgs []localstore.Summary, o localstore.Order) (ordered []localstore.Summary, reply map[int64]bool, size map[int64]int) {
	parent := map[string]string{}
	find := func(x string) string {
		for {
			p, ok := parent[x]
			if !ok || p == x {
				return x
			}
			x = p
		}
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[ra] = rb
		}
	}
	node := func(m localstore.Summary) string {
		if m.MessageID != "" {
			return "id:" + m.MessageID
		}
		return "local:" + strconv.FormatInt(m.ID, 10)
	}
	repliedSubjects := map[string]bool{}
	for _, m := range msgs {
		if base, isReply := baseSubject(m.Subject); isReply && base != "" {
			repliedSubjects[base] = true
		}
	}
	for _, m := range msgs {
		n := node(m)
		linked := false
		for _, id := range append(msgIDs(m.References), msgIDs(m.InReplyTo)...) {
			union(n, "id:"+id)
			linked = true
		}
		if base, _ := baseSubject(m.Subject); !linked && base != "" && repliedSubjects[base] {
			union(n, "subject:"+base)
		}
	}
	groups := map[string][]localstore.Summary{}
	var keys []string
	for _, m := range msgs {
		k := find(node(m))
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], m)
	}
	reply = map[int64]bool{}
	size = map[int64]int{}
	at := map[string]*localstore.Cursor{}
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool {
			return g[i].Date.Before(g[j].Date) || g[i].Date.Equal(g[j].Date) && g[i].ID < g[j].ID
		})
		at[k] = conversationKey(g, o)
	}
	sort.SliceStable(keys, func(i, j int) bool { return o.CompareCursors(at[keys[i]], at[keys[j]]) < 0 })
	for _, k := range keys {
		g := groups[k]
		size[g[0].ID] = len(g)
		for i, m := range g {
			reply[m.ID] = i > 0
			ordered = append(ordered, m)
		}
	}
	return ordered, reply, size
}

// conversationKey places a conversation (its messages oldest first) in
// order o: by its newest message's date (the last activity), by the
// sender, recipients or subject of its first message (the row that
// heads it), by the size of all its messages, by whether any is unread
// or flagged; conversations alike by their last activity.
func conversationKey(g []localstore.Summary, o localstore.Order) *localstore.Cursor {
	newest := g[len(g)-1]
	c := o.Cursor(g[0])
	last := o.Cursor(newest)
	c.Date, c.ID = last.Date, last.ID
	switch o.By {
	case localstore.BySize, localstore.ByUnread, localstore.ByFlagged:
		c.Num = 0
		for _, m := range g {
			switch v := o.Cursor(m).Num; o.By {
			case localstore.BySize:
				c.Num += v
			default:
				c.Num = max(c.Num, v)
			}
		}
	}
	return c
}
