package localstore

// MessagesByMessageID finds every stored message with this Message-ID
// (given without its angle brackets), in any account and folder — the
// same message may be in several (a copy in Sent and in the Inbox) —
// oldest stored first. For the command line's `postie show <id@host>`.
func (s *Store) MessagesByMessageID(messageID string) ([]Summary, error) {
	rows, err := s.r.Query(`SELECT `+summaryCols+` FROM messages m WHERE m.message_id = ? ORDER BY m.id`, messageID)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}
