package mailtext

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Go's net/mail takes a zone name it does not know (EST, PDT, UT, the
// military letters, CEST) as UTC, hours off without a word, and refuses
// "-600", no zone at all and "00:01+0000". ParseDate reads dates as
// RFC 5322 §3.3 and its obsolete syntax (§4.3) define them, leniently,
// and ParseDateZone says when the zone could not be read.

var dateRE = regexp.MustCompile(`^(?:[A-Za-z]+\.?,?\s*)?(\d{1,2})\s*[-\s]?\s*([A-Za-z]{3})[A-Za-z]*\.?\s*[-\s,]?\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?\s*(.*)$`)

var months = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// obsZones are the zone names of RFC 5322 §4.3, in minutes from UTC,
// with UTC itself.
var obsZones = map[string]int{"ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5 * 60, "edt": -4 * 60, "cst": -6 * 60, "cdt": -5 * 60,
	"mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60, "pdt": -7 * 60}

// otherZones are zone names no RFC defines that mail programs write
// anyway, each meaning one zone only (IST, AST, BST… name several and
// are not read). In minutes from UTC.
var otherZones = map[string]int{
	"wet": 0, "west": 60, "cet": 60, "cest": 120, "met": 60, "mest": 120, "mez": 60, "mesz": 120, "eet": 120, "eest": 180,
	"msk": 180, "hst": -10 * 60, "akst": -9 * 60, "akdt": -8 * 60, "nst": -3*60 - 30, "ndt": -2*60 - 30,
	"jst": 9 * 60, "kst": 9 * 60, "hkt": 8 * 60, "sgt": 8 * 60, "awst": 8 * 60, "acst": 9*60 + 30, "acdt": 10*60 + 30,
	"aest": 10 * 60, "aedt": 11 * 60, "nzst": 12 * 60, "nzdt": 13 * 60,
}

// ParseDate reads a Date header's value; ok is false when no date can
// be read from it. A zone that cannot be read makes the time UTC: see
// ParseDateZone to tell.
func ParseDate(s string) (t time.Time, ok bool) {
	t, _, ok = ParseDateZone(s)
	return t, ok
}

// ParseDateZone is ParseDate that also says whether the zone was known.
// A zone is read from "+hhmm" (also "+hh:mm", "+hmm" and "+hh", as
// sent), from the names of RFC 5322 §4.3 (UT, GMT, EST…PDT) and from
// unambiguous names mail programs write (CET, CEST, JST…), also
// "GMT+0200" ("-0000" is UTC: RFC 5322 §3.3; so is "Z", the one
// military letter whose meaning never varied). Otherwise — no zone, any
// other military letter (RFC 5322 §4.3: their meaning is unpredictable,
// to be taken as "-0000"), a name that means several zones (IST) or none
// (H0500) — the time is read as UTC and zoneKnown is false, so the
// reader can say the time zone is unknown rather than show a time that
// may be hours off as if it were sure.
func ParseDateZone(s string) (t time.Time, zoneKnown, ok bool) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(stripComments(s)))
	if m == nil {
		return time.Time{}, false, false
	}
	day, _ := strconv.Atoi(m[1])
	mon, known := months[strings.ToLower(m[2])]
	year, _ := strconv.Atoi(m[3])
	hour, _ := strconv.Atoi(m[4])
	min, _ := strconv.Atoi(m[5])
	sec, _ := strconv.Atoi(m[6])
	switch { // RFC 5322 §4.3: two-digit and three-digit years
	case len(m[3]) == 2 && year < 50:
		year += 2000
	case len(m[3]) <= 3:
		year += 1900
	}
	if sec == 60 {
		sec = 59 // a leap second
	}
	if !known || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, false, false
	}
	off, zoneKnown := zoneOffset(m[7])
	t = time.Date(year, mon, day, hour, min, sec, 0, time.FixedZone("", off))
	if t.Day() != day {
		return time.Time{}, false, false // 31 April
	}
	return t, zoneKnown, true
}

// zoneOffset reads a zone, in seconds east of UTC; known is false when
// there is none or it cannot be read (then 0).
func zoneOffset(z string) (off int, known bool) {
	f := strings.Fields(z)
	if len(f) == 0 {
		return 0, false
	}
	z = strings.ToLower(f[0])
	if len(f) > 1 && (strings.HasPrefix(f[1], "+") || strings.HasPrefix(f[1], "-")) && (z == "gmt" || z == "utc" || z == "ut") {
		z += f[1] // "GMT +0200"
	}
	for _, utc := range []string{"gmt", "utc", "ut"} {
		if rest, ok := strings.CutPrefix(z, utc); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			z = rest // "GMT+0200", "UTC-5"
			break
		}
	}
	if z[0] == '+' || z[0] == '-' {
		digits := strings.Replace(z[1:], ":", "", 1)
		n, err := strconv.Atoi(digits)
		if err != nil || len(digits) < 1 || len(digits) > 4 || strings.ContainsAny(digits, "+-") {
			return 0, false
		}
		h, mm := n/100, n%100
		if len(digits) <= 2 {
			h, mm = n, 0
		}
		if h > 23 || mm > 59 {
			return 0, false
		}
		off = h*3600 + mm*60
		if z[0] == '-' {
			off = -off
		}
		return off, true
	}
	if m, ok := obsZones[z]; ok {
		return m * 60, true
	}
	if m, ok := otherZones[z]; ok {
		return m * 60, true
	}
	return 0, false
}
