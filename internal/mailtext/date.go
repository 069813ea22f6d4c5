package mailtext

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Go's net/mail takes a zone name it does not know (EST, PDT, UT, the
// military letters) as UTC, 4 to 7 hours off, and refuses "-600", no
// zone at all and "00:01+0000". ParseDate reads dates as RFC 5322 §3.3
// and its obsolete syntax (§4.3) define them, leniently.

var dateRE = regexp.MustCompile(`^(?:[A-Za-z]+\.?,?\s*)?(\d{1,2})\s*[-\s]?\s*([A-Za-z]{3})[A-Za-z]*\.?\s*[-\s,]?\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?\s*(.*)$`)

var months = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// obsZones are the zone names of RFC 5322 §4.3, in hours from UTC.
var obsZones = map[string]int{"ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}

// ParseDate reads a Date header's value; ok is false when no date can
// be read from it. A zone it cannot read (a military letter, which
// RFC 5322 §4.3 says to take as unknown, or none at all) is UTC.
func ParseDate(s string) (t time.Time, ok bool) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(stripComments(s)))
	if m == nil {
		return time.Time{}, false
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
		return time.Time{}, false
	}
	t = time.Date(year, mon, day, hour, min, sec, 0, time.FixedZone("", zoneOffset(m[7])))
	if t.Day() != day {
		return time.Time{}, false // 31 April
	}
	return t, true
}

// zoneOffset reads a zone: +hhmm (also +hmm and +hh), or a name.
func zoneOffset(z string) int {
	f := strings.Fields(z)
	if len(f) == 0 {
		return 0
	}
	z = f[0]
	if z[0] == '+' || z[0] == '-' {
		digits := z[1:]
		if n, err := strconv.Atoi(digits); err == nil && len(digits) >= 1 && len(digits) <= 4 {
			h, mm := n/100, n%100
			if len(digits) <= 2 {
				h, mm = n, 0
			}
			if h > 23 || mm > 59 {
				return 0
			}
			off := h*3600 + mm*60
			if z[0] == '-' {
				off = -off
			}
			return off
		}
		return 0
	}
	return obsZones[strings.ToLower(z)] * 3600
}
