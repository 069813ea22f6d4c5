package mailtext

import (
	"testing"
	"time"
)

// Dates as RFC 5322 §3.3 and its obsolete syntax (§4.3) write them, and
// as mail programs get them wrong: the instant, and whether the zone was
// known. A zone that cannot be read is never taken for UTC silently.
func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		want  string // the instant in UTC, RFC 3339; "" when no date is read
		known bool   // the zone was read
	}{
		{"Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", true},
		{"1 Jul 2003 10:52:37 -0700", "2003-07-01T17:52:37Z", true},
		{"Tue, 21 Apr 2020 15:40:22 +0200 (CEST)", "2020-04-21T13:40:22Z", true},
		{"Fri, 21 Nov 1997 09:55:06 -0600 (MDT)", "1997-11-21T15:55:06Z", true},
		{"Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time)", "1969-02-14T03:02:00Z", true},
		{"Thu, 13 Feb 1969 23:32:54 -0000", "1969-02-13T23:32:54Z", true}, // §3.3: UTC, local zone not said
		// RFC 5322 §4.3: the obsolete zone names.
		{"Tue, 6 Jun 2000 03:20:11 UT", "2000-06-06T03:20:11Z", true},
		{"Fri, 10 Jul 2016 15:29:52 GMT", "2016-07-10T15:29:52Z", true},
		{"Thu, 30 Apr 1998 11:28:50 EDT", "1998-04-30T15:28:50Z", true},
		{"Thu, 30 Apr 1998 11:28:50 EST", "1998-04-30T16:28:50Z", true},
		{"Wed, 11 Feb 98 11:51 CST", "1998-02-11T17:51:00Z", true},
		{"Wed, 11 Feb 98 11:51 CDT", "1998-02-11T16:51:00Z", true},
		{"Wed, 9 Jan 2002 19:47:50 MST", "2002-01-10T02:47:50Z", true},
		{"Wed, 9 Jan 2002 19:47:50 MDT", "2002-01-10T01:47:50Z", true},
		{"Wed, 9 Jan 2002 19:47:50 pst", "2002-01-10T03:47:50Z", true},
		{"Wed, 9 Jan 2002 19:47:50 PDT", "2002-01-10T02:47:50Z", true},
		// Military letters: unpredictable (§4.3), so "-0000" and not known;
		// Z alone never varied.
		{"Wed, 9 Jan 2002 19:47:50 Z", "2002-01-09T19:47:50Z", true},
		{"Wed, 9 Jan 2002 19:47:50 A", "2002-01-09T19:47:50Z", false},
		{"Wed, 9 Jan 2002 19:47:50 M", "2002-01-09T19:47:50Z", false},
		{"Wed, 9 Jan 2002 19:47:50 N", "2002-01-09T19:47:50Z", false},
		{"Wed, 9 Jan 2002 19:47:50 Y", "2002-01-09T19:47:50Z", false},
		// Offsets written otherwise.
		{"Mon, 21 Aug 95 13:30:57 -600", "1995-08-21T19:30:57Z", true},
		{"Mon, 21 Aug 95 13:30:57 +5", "1995-08-21T08:30:57Z", true},
		{"1 Jan 2024 00:01+0000", "2024-01-01T00:01:00Z", true},
		{"Mon, 1 Jan 2024 10:00:00 +05:30", "2024-01-01T04:30:00Z", true},
		{"Mon, 1 Jan 2024 10:00:00 GMT+0200", "2024-01-01T08:00:00Z", true},
		{"Mon, 1 Jan 2024 10:00:00 UTC-5", "2024-01-01T15:00:00Z", true},
		{"Mon, 1 Jan 2024 10:00:00 GMT +0100", "2024-01-01T09:00:00Z", true},
		// Names no RFC defines: read when they mean one zone.
		{"Tue, 21 Apr 2020 15:40:22 CEST", "2020-04-21T13:40:22Z", true},
		{"Tue, 21 Jan 2020 15:40:22 CET", "2020-01-21T14:40:22Z", true},
		{"Tue, 21 Jan 2020 15:40:22 JST", "2020-01-21T06:40:22Z", true},
		{"Tue, 21 Jan 2020 15:40:22 AEDT", "2020-01-21T04:40:22Z", true},
		// Not known: the time as UTC, said to be unsure.
		{"Tue, 21 Jan 2020 15:40:22 IST", "2020-01-21T15:40:22Z", false}, // India, Ireland or Israel
		{"Tue, 21 Jan 2020 15:40:22 BST", "2020-01-21T15:40:22Z", false}, // British or Bangladesh
		{"Tue, 12 Oct 2010 16:21:05 H0500", "2010-10-12T16:21:05Z", false},
		{"Tue, 12 Oct 2010 16:21:05 +2400", "2010-10-12T16:21:05Z", false},
		{"Tue, 12 Oct 2010 16:21:05 +0575", "2010-10-12T16:21:05Z", false},
		{"Wed, 15 Feb 1995 09:38:18", "1995-02-15T09:38:18Z", false},
		// Years (§4.3), seconds, spacing.
		{"1 Jan 49 10:00:00 +0000", "2049-01-01T10:00:00Z", true},
		{"1 Jan 50 10:00:00 +0000", "1950-01-01T10:00:00Z", true},
		{"1 Jan 102 10:00:00 +0000", "2002-01-01T10:00:00Z", true},
		{"Sat, 31 Dec 2016 23:59:60 +0000", "2016-12-31T23:59:59Z", true},
		{"Mon,21 Aug 1995 13 : 30 : 57 +0000", "1995-08-21T13:30:57Z", true},
		{"Monday, 21-Aug-1995 13:30:57 +0000", "1995-08-21T13:30:57Z", true},
		// No date at all.
		{"", "", false},
		{"Thu,", "", false},
		{"31 Apr 2020 10:00:00 +0000", "", false},
		{"32 Jan 2020 10:00:00 +0000", "", false},
		{"1 Foo 2020 10:00:00 +0000", "", false},
		{"1 Jan 2020 25:00:00 +0000", "", false},
		{"May 8, 2005 1:17 PM", "", false}, // month first: no RFC 5322 date
	} {
		got, known, ok := ParseDateZone(c.in)
		s := ""
		if ok {
			s = got.UTC().Format(time.RFC3339)
		}
		if s != c.want || ok && known != c.known {
			t.Errorf("%q: %q known %v, want %q known %v", c.in, s, known, c.want, c.known)
		}
		if t2, ok2 := ParseDate(c.in); ok2 != ok || !t2.Equal(got) {
			t.Errorf("%q: ParseDate differs from ParseDateZone", c.in)
		}
	}
}
