package app

import (
	"net/mail"
	"strings"
	"time"
)

// listDate is how the message list shows a date: the time for today, day
// and month for this year, the full date before that.
func listDate(t, now time.Time) string {
	t = t.In(now.Location())
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("2 Jan")
	default:
		return t.Format("2 Jan 2006")
	}
}

// fullDate is how the reader shows a date.
func fullDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("Monday 2 January 2006, 15:04")
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
		return "(no sender)"
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
			return "(no recipient yet)"
		}
		return "To " + list
	}
	names := make([]string, len(addrs))
	for i, a := range addrs {
		names[i] = a.Name
		if names[i] == "" {
			names[i] = a.Address
		}
	}
	return "To " + strings.Join(names, ", ")
}
