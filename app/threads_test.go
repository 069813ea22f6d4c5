package app

import (
	"testing"
	"time"

	"github.com/postie-mail/postie/localstore"
)

func TestThreadsGroupByReferencesThenSubject(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 1, h, 0, 0, 0, time.UTC) }
	msgs := []localstore.Summary{
		{ID: 1, MessageID: "a@x", Subject: "Picnic", Date: at(1)},
		{ID: 2, MessageID: "b@x", InReplyTo: "a@x", References: "<a@x>", Subject: "Re: Picnic", Date: at(2)},
		{ID: 3, MessageID: "c@x", Subject: "Invoice", Date: at(3)},
		{ID: 4, MessageID: "d@x", References: "<a@x> <b@x>", Subject: "Re: Re: Picnic", Date: at(5)},
		{ID: 5, MessageID: "e@x", Subject: "Lunch", Date: at(2)},
		{ID: 6, MessageID: "f@x", Subject: "AW: Lunch", Date: at(4)}, // a reply without headers
		{ID: 7, MessageID: "g@x", Subject: "Invoice", Date: at(0)},   // same subject, not a reply: separate
	}
	ordered, reply, size := threads(msgs, localstore.NewestFirst)
	var got []int64
	for _, m := range ordered {
		got = append(got, m.ID)
	}
	want := []int64{1, 2, 4, 5, 6, 3, 7}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
	if !reply[2] || !reply[4] || reply[1] || !reply[6] || reply[3] || reply[7] {
		t.Fatalf("replies %v", reply)
	}
	if size[1] != 3 || size[5] != 2 || size[3] != 1 {
		t.Fatalf("sizes %v", size)
	}
}

func TestGroupByConversationInTheWindow(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	reply := "From: You <you@example.org>\r\nTo: anna@example.com\r\nSubject: Re: Holiday plans for June\r\nIn-Reply-To: <s1@example.com>\r\nReferences: <s1@example.com>\r\nDate: " +
		fixedNow.Add(-time.Hour).Format(time.RFC1123Z) + "\r\n\r\nYes, 10 o'clock!\r\n"
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(reply)}})
	ui.setGrouped(true)
	if ui.list.rows[0].Subject != "Holiday plans for June" || ui.list.rows[1].Subject != "Re: Holiday plans for June" {
		t.Fatalf("first rows %q, %q", ui.list.rows[0].Subject, ui.list.rows[1].Subject)
	}
	if !ui.list.reply[ui.list.rows[1].ID] || ui.list.size[ui.list.rows[0].ID] != 2 {
		t.Fatal("reply marks / conversation size wrong")
	}
	capture(t, ui, "conversations")
	ui.setGrouped(false)
	if ui.list.rows[0].Subject != "Re: Holiday plans for June" {
		t.Fatalf("ungrouped, newest first: %q", ui.list.rows[0].Subject)
	}
}
