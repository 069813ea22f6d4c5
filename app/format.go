package app

import (
	"net/mail"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/tr"
)

// listDate is how the message list shows a date, in the person's
// locale: the time for today, day and month for this year, the date
// with the month's short name before that.
func listDate(t, now time.Time) string {
	t = t.In(now.Location())
	loc := tr.Current()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return loc.Time(t)
	case t.Year() == now.Year():
		return dayMonth(t)
	default:
		return loc.DateMedium(t)
	}
}

// dayMonth is a day and month without the year: 2 Dec, 2. Dez., 12月2日.
func dayMonth(t time.Time) string {
	return tr.X("date.day-month", "{{.Day}} {{.Month}}", tr.M{"Day": t.Day(), "Month": tr.Current().MonthShort(t.Month())})
}

// spokenDate is a date as a screen reader says it in a message's
// description: "today 16:30", "yesterday 09:12", "24 November 2026".
func spokenDate(t, now time.Time) string {
	if t.IsZero() {
		return tr.L("no date")
	}
	t = t.In(now.Location())
	loc := tr.Current()
	y := now.AddDate(0, 0, -1)
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return tr.L("today {{.Time}}", tr.M{"Time": loc.Time(t)})
	case t.Year() == y.Year() && t.YearDay() == y.YearDay():
		return tr.L("yesterday {{.Time}}", tr.M{"Time": loc.Time(t)})
	}
	return loc.DateLong(t)
}

// fullDate is how the reader (and the printout) shows a date: the date
// with its weekday, and the time.
func fullDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	loc := tr.Current()
	return tr.L("{{.Date}}, {{.Time}}", tr.M{"Date": loc.DateFull(t), "Time": loc.Time(t)})
}

// senderName shows a person's name where there is one, else the address.
func senderName(list string) string {
	first := list
	if i := strings.Index(list, ">,"); i >= 0 {
		first = list[:i+1]
	}
	if a, err := mail.ParseAddress(first); err == nil {
		if a.Name != "" {
			return a.Name
		}
		return a.Address
	}
	if first == "" {
		return tr.L("(no sender)")
	}
	return first
}

// oneLine keeps list rows to one line whatever the subject holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// recipientNames is "To Ann, Bo" for the list of a sent message or draft.
func recipientNames(list string) string {
	addrs, err := mail.ParseAddressList(list)
	if err != nil || len(addrs) == 0 {
		if strings.TrimSpace(list) == "" {
			return tr.L("(no recipient yet)")
		}
		return tr.L("To {{.Names}}", tr.M{"Names": list})
	}
	names := make([]string, len(addrs))
	for i, a := range addrs {
		names[i] = a.Name
		if names[i] == "" {
			names[i] = a.Address
		}
	}
	return tr.L("To {{.Names}}", tr.M{"Names": strings.Join(names, ", ")})
}
