// Package mailtext holds what both the store (localstore) and the reader
// (mailview) need to read mail, so neither copies the other: a walk over a
// message's MIME parts whose work is bounded, whatever the message.
//
// Invariants: nothing here fails or panics on any input; the work done for
// one message is linear in its size (nesting and part counts are capped,
// and what lies past a cap is handed over as one opaque part).
package mailtext

import (
	"github.com/emersion/go-message"
)

// Nesting and part limits. go-message reads a part nested d levels deep
// through d boundary scanners, so unbounded nesting makes reading
// quadratic (a 1.2 MB message of 20,000 nested parts took minutes). Real
// mail nests a handful of levels; mature parsers stop at a few dozen.
const (
	MaxDepth = 16   // multipart levels read as structure
	MaxParts = 2000 // parts read as structure in one message
	// MaxForwarded bounds forwarded-inside-forwarded messages
	// (message/rfc822 parts) shown, and indexed, as messages; one
	// deeper is only listed to save.
	MaxForwarded = 5
)

// Part is one part the walk hands out.
type Part struct {
	Entity *message.Entity
	Path   []int // indexes from the top: [1 0] is the first part of the second part
	// Opaque: a multipart past MaxDepth, handed out whole (its Body is
	// the rest of that multipart, unparsed).
	Opaque bool
	// Damage says, once Entity.Body has been read, whether part of it
	// could not be decoded (and was skipped).
	Damage *Damage
	// Alternative: one version of several (its multipart is
	// multipart/alternative).
	Alternative bool
}

// Walk calls fn for every part of e that is not itself a multipart, in
// order. A multipart nested past MaxDepth is handed out whole (Opaque)
// and ends the walk: skipping past it would read the rest through every
// level's boundary scanner. The walk also ends after MaxParts parts. fn
// returning false stops the walk. Broken parts end their multipart
// quietly: what was read before them is still handed out. Walk reports
// whether it got to the end without hitting a limit.
func Walk(e *message.Entity, fn func(Part) bool) (complete bool) {
	w := walker{fn: fn}
	w.walk(e, nil, 0, nil, false)
	return !w.limited
}

type walker struct {
	fn      func(Part) bool
	n       int  // parts seen
	limited bool // stopped at a limit
}

func (w *walker) walk(e *message.Entity, path []int, depth int, damaged *Damage, alt bool) bool {
	w.n++
	if w.n > MaxParts {
		w.limited = true
		return false
	}
	pr := NewPartReader(e)
	if pr == nil {
		return w.fn(Part{Entity: e, Path: path, Damage: damaged, Alternative: alt})
	}
	if depth >= MaxDepth {
		w.limited = true
		w.fn(Part{Entity: e, Path: path, Opaque: true})
		return false
	}
	ct, _, _ := e.Header.ContentType()
	for i := 0; ; i++ {
		p, damaged, err := pr.Next()
		if p == nil || err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return true
		}
		sub := append(append(make([]int, 0, len(path)+1), path...), i)
		if !w.walk(p, sub, depth+1, damaged, ct == "multipart/alternative") {
			return false
		}
	}
}

// ReportTypes are the parts of delivery and read reports (RFC 3464,
// RFC 8098, RFC 5965) a person reads as text: the reader shows them and
// the search index holds their words.
var ReportTypes = map[string]bool{"message/delivery-status": true, "message/disposition-notification": true,
	"message/feedback-report": true, "text/rfc822-headers": true, "message/global-delivery-status": true}
