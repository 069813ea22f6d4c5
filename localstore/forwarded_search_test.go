package localstore

import "testing"

// Search finds what the reader shows: the body of a forwarded message,
// and a text part shown inline that carries a file name.
func TestSearchFindsForwardedAndNamedInlineText(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Folders(acct.ID)
	raw := "From: lee@example.org\r\nSubject: Fwd: notes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhave a look\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: kim@example.org\r\nSubject: notes\r\n\r\nthe zanzibar figures are in\r\n--b\r\nContent-Type: text/plain; name=minutes.txt\r\nContent-Disposition: inline; filename=minutes.txt\r\n\r\nquokka sighting at the meeting\r\n--b--\r\n"
	if _, err := s.Add(fs[0].ID, []NewMessage{{Raw: []byte(raw)}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"zanzibar", "quokka", "look"} {
		if hits, err := s.Search(q, 0, 10); err != nil || len(hits) != 1 {
			t.Errorf("search %q: %d hits %v", q, len(hits), err)
		}
	}
}

// A message with two Subject lines shows the first in the list, as the
// reader does.
func TestTwoSubjectsTheFirstCounts(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, _ := s.EnsureLocalAccount(nil)
	fs, _ := s.Folders(acct.ID)
	if _, err := s.Add(fs[0].ID, []NewMessage{{Raw: []byte("From: a@b.c\r\nSubject: first\r\nSubject: second\r\n\r\nbody\r\n")}}); err != nil {
		t.Fatal(err)
	}
	page, _ := s.Messages(fs[0].ID, nil, 10)
	for _, m := range page {
		if m.Subject == "second" {
			t.Fatal("the list shows the second Subject")
		}
	}
}

// Search finds every word the reader shows, whichever view the person
// chose (#27): every version of a multipart/alternative, not only the
// plain one; text/enriched and other text parts; a picture's alt text;
// a message forwarded as an attachment, with its From and Subject lines;
// format=flowed text joined as shown;
// and still nothing of an attachment or a uuencoded file.
func TestSearchFindsEveryVersionAndEveryTextPart(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Folders(acct.ID)
	raw := "From: lee@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nplainonly words\r\n" +
		"--a\r\nContent-Type: text/html\r\n\r\n<p>htmlonly <b>größenwahn</b> <img src=\"cid:x\" alt=\"pictureword\"></p>\r\n--a--\r\n" +
		"--b\r\nContent-Type: text/enriched\r\n\r\n<bold>enrichedword</bold>\r\n" +
		"--b\r\nContent-Type: text/plain; format=flowed; delsp=yes\r\n\r\nflow \r\njoined\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nbefore\r\nbegin 644 f.bin\r\n#86)C\r\n`\r\nend\r\nafter\r\n" +
		"--b\r\nContent-Type: message/rfc822; name=forwarded.eml\r\nContent-Disposition: attachment; filename=forwarded.eml\r\n\r\n" +
		"From: Wendy Tangerine <wendy@example.org>\r\nSubject: ocelot census\r\n\r\nthe forwardedbody text\r\n" +
		"--b\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nattachedword\r\n--b--\r\n"
	added, err := s.Add(fs[0].ID, []NewMessage{{Raw: []byte(raw)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"plainonly", "htmlonly", "größenwahn", "pictureword", "enrichedword", "before", "after",
		"forwardedbody", "tangerine", "ocelot", `"forwarded message"`, "flowjoined"} {
		if hits, err := s.Search(q, 0, 10); err != nil || len(hits) != 1 {
			t.Errorf("search %s: %d hits %v", q, len(hits), err)
		}
	}
	for _, q := range []string{"attachedword", "M86"} {
		if hits, _ := s.Search(q, 0, 10); len(hits) != 0 {
			t.Errorf("search %s finds what the reader does not show as text", q)
		}
	}
	if m, err := s.Message(added[0].ID); err != nil || !m.HasAttachment || m.Preview == "" {
		t.Errorf("attachment %v, preview %q: %v", m.HasAttachment, m.Preview, err)
	}
}
