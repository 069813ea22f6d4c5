package localstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/postie-mail/postie/internal/tr"
)

// migration moves the schema from version i to i+1 (its index in migrations
// is i). A migration runs inside one transaction together with the update
// of PRAGMA user_version, so a store is always at exactly one version.
type migration func(ctx context.Context, tx *sql.Tx) error

// migrations are applied in order and never edited once released: a store
// written by an older Postie is brought forward one step at a time.
var migrations = []migration{
	// 0 → 1: accounts, folders, messages, raw bytes, pending operations.
	execAll(
		`CREATE TABLE accounts (
			id       INTEGER PRIMARY KEY,
			name     TEXT NOT NULL,
			email    TEXT NOT NULL DEFAULT '',
			kind     TEXT NOT NULL CHECK (kind IN ('local','imap','pop')),
			settings TEXT NOT NULL DEFAULT '{}',
			position INTEGER NOT NULL DEFAULT 0
		)`,
		`CREATE TABLE folders (
			id            INTEGER PRIMARY KEY,
			account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			name          TEXT NOT NULL,
			path          TEXT NOT NULL,
			role          TEXT NOT NULL DEFAULT '',
			uidvalidity   INTEGER NOT NULL DEFAULT 0,
			uidnext       INTEGER NOT NULL DEFAULT 0,
			highestmodseq INTEGER NOT NULL DEFAULT 0,
			sync_extra    TEXT NOT NULL DEFAULT '',
			UNIQUE (account_id, path)
		)`,
		`CREATE TABLE messages (
			id            INTEGER PRIMARY KEY,
			folder_id     INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
			server_key    TEXT,
			message_id    TEXT NOT NULL DEFAULT '',
			in_reply_to   TEXT NOT NULL DEFAULT '',
			refs          TEXT NOT NULL DEFAULT '',
			date          INTEGER NOT NULL,
			from_addr     TEXT NOT NULL DEFAULT '',
			to_addr       TEXT NOT NULL DEFAULT '',
			cc_addr       TEXT NOT NULL DEFAULT '',
			subject       TEXT NOT NULL DEFAULT '',
			flags         INTEGER NOT NULL DEFAULT 0,
			keywords      TEXT NOT NULL DEFAULT '',
			size          INTEGER NOT NULL,
			has_attach    INTEGER NOT NULL DEFAULT 0,
			preview       TEXT NOT NULL DEFAULT '',
			sha256        BLOB NOT NULL,
			UNIQUE (folder_id, server_key)
		)`,
		`CREATE INDEX messages_by_date ON messages (folder_id, date DESC, id DESC)`,
		`CREATE INDEX messages_by_flags ON messages (folder_id, flags)`,
		`CREATE INDEX messages_by_hash ON messages (folder_id, sha256)`,
		`CREATE INDEX messages_by_msgid ON messages (message_id)`,
		`CREATE TABLE raw (
			message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
			bytes      BLOB NOT NULL
		)`,
		`CREATE TABLE pending_ops (
			id         INTEGER PRIMARY KEY,
			account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			kind       TEXT NOT NULL,
			message_id INTEGER,
			folder     TEXT NOT NULL DEFAULT '',
			server_key TEXT NOT NULL DEFAULT '',
			arg        TEXT NOT NULL DEFAULT '',
			created    INTEGER NOT NULL,
			attempts   INTEGER NOT NULL DEFAULT 0,
			last_error TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE INDEX pending_by_account ON pending_ops (account_id, id)`,
	),
	// 1 → 2: the full-text index over subject, addresses and body text,
	// filled from the raw bytes of every message already stored.
	func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE VIRTUAL TABLE search USING fts5(
			subject, sender, recipients, body,
			content='', contentless_delete=1,
			tokenize='unicode61 remove_diacritics 2')`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT message_id, bytes FROM raw`)
		if err != nil {
			return err
		}
		type item struct {
			id  int64
			raw []byte
		}
		var items []item
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.id, &it.raw); err != nil {
				rows.Close()
				return err
			}
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range items {
			if err := indexText(ctx, tx, it.id, parseMessage(it.raw)); err != nil {
				return err
			}
		}
		return nil
	},
	// 2 → 3: every server key an account ever downloaded, with when: POP
	// decides "new" by UIDL and counts "N days after download" from here,
	// even for messages deleted here since.
	func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE server_seen (
			account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			server_key TEXT NOT NULL,
			first_seen INTEGER NOT NULL,
			removed    INTEGER NOT NULL DEFAULT 0,
			PRIMARY KEY (account_id, server_key)
		) WITHOUT ROWID`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO server_seen (account_id, server_key, first_seen)
			SELECT f.account_id, m.server_key, strftime('%s','now') FROM messages m
			JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id
			WHERE a.kind = 'pop' AND m.server_key IS NOT NULL`)
		return err
	},
	// 3 → 4: the Outbox. A message is recorded here before any attempt
	// to send it, and its state is committed before and after the
	// attempt, so a crash can never lead to sending it twice.
	execAll(
		`CREATE TABLE outbox (
			id         INTEGER PRIMARY KEY,
			account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			message_id TEXT NOT NULL,
			sender     TEXT NOT NULL,
			rcpt       TEXT NOT NULL,
			raw        BLOB NOT NULL,
			state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','unsure','sent')),
			attempts   INTEGER NOT NULL DEFAULT 0,
			last_error TEXT NOT NULL DEFAULT '',
			created    INTEGER NOT NULL
		)`,
		`CREATE INDEX outbox_by_account ON outbox (account_id, state, id)`,
	),
	// 4 → 5: an outgoing message can be "held": the server refused it
	// for good, so it waits for the person instead of being retried.
	execAll(
		`CREATE TABLE outbox5 (
			id         INTEGER PRIMARY KEY,
			account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			message_id TEXT NOT NULL,
			sender     TEXT NOT NULL,
			rcpt       TEXT NOT NULL,
			raw        BLOB NOT NULL,
			state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','unsure','held','sent')),
			attempts   INTEGER NOT NULL DEFAULT 0,
			last_error TEXT NOT NULL DEFAULT '',
			created    INTEGER NOT NULL
		)`,
		`INSERT INTO outbox5 SELECT id, account_id, message_id, sender, rcpt, raw, state, attempts, last_error, created FROM outbox`,
		`DROP TABLE outbox`,
		`ALTER TABLE outbox5 RENAME TO outbox`,
		`CREATE INDEX outbox_by_account ON outbox (account_id, state, id)`,
	),
	// 5 → 6: a message can be stored with its header only (partial): the
	// list shows it at once and its body follows, or stays on the server
	// when the account keeps only recent mail offline.
	execAll(
		`ALTER TABLE messages ADD COLUMN partial INTEGER NOT NULL DEFAULT 0`,
		`CREATE INDEX messages_partial ON messages (folder_id, date DESC) WHERE partial = 1`,
	),
	// 6 → 7: a message Postie could not read whole is still stored byte
	// for byte and marked damaged, so the reader can say so. Queued
	// changes remember the folder's UIDVALIDITY (and the message's
	// Message-ID and size), so a change is never sent to a UID that now
	// names another message.
	execAll(
		`ALTER TABLE messages ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE pending_ops ADD COLUMN uidvalidity INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE pending_ops ADD COLUMN msg_header_id TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE pending_ops ADD COLUMN msg_size INTEGER NOT NULL DEFAULT 0`,
		`UPDATE pending_ops SET uidvalidity = coalesce((SELECT f.uidvalidity FROM folders f
			WHERE f.account_id = pending_ops.account_id AND f.path = pending_ops.folder), 0)`,
		`UPDATE pending_ops SET msg_header_id = coalesce((SELECT m.message_id FROM messages m WHERE m.id = pending_ops.message_id), ''),
			msg_size = coalesce((SELECT m.size FROM messages m WHERE m.id = pending_ops.message_id), 0)`,
	),
	// 7 → 8: "Keep a permanent copy": a run per account (where the copy
	// goes, when it began) and the messages checked against the server
	// during it, so an interrupted run resumes without fetching again.
	execAll(
		`CREATE TABLE copy_runs (
			account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
			started    INTEGER NOT NULL,
			format     TEXT NOT NULL,
			dir        TEXT NOT NULL,
			finished   INTEGER NOT NULL DEFAULT 0
		)`,
		`CREATE TABLE copy_checked (
			message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
			run        INTEGER NOT NULL
		)`,
	),
	// 8 → 9: every folder's total and unread counts, kept by triggers on
	// each change of a message (counting 1,000,000 messages for the folder
	// list took 300 ms at every change, issue #17).
	execAll(
		`CREATE TABLE folder_counts (
			folder_id INTEGER PRIMARY KEY REFERENCES folders(id) ON DELETE CASCADE,
			total     INTEGER NOT NULL DEFAULT 0,
			unread    INTEGER NOT NULL DEFAULT 0
		)`,
		`INSERT INTO folder_counts (folder_id, total, unread)
			SELECT folder_id, count(*), sum(flags & 1 = 0) FROM messages GROUP BY folder_id`,
		`INSERT OR IGNORE INTO folder_counts (folder_id) SELECT id FROM folders`,
		`CREATE TRIGGER folder_counts_folder AFTER INSERT ON folders BEGIN
			INSERT INTO folder_counts (folder_id) VALUES (NEW.id);
		END`,
		`CREATE TRIGGER folder_counts_insert AFTER INSERT ON messages BEGIN
			UPDATE folder_counts SET total = total + 1, unread = unread + (NEW.flags & 1 = 0) WHERE folder_id = NEW.folder_id;
		END`,
		`CREATE TRIGGER folder_counts_delete AFTER DELETE ON messages BEGIN
			UPDATE folder_counts SET total = total - 1, unread = unread - (OLD.flags & 1 = 0) WHERE folder_id = OLD.folder_id;
		END`,
		`CREATE TRIGGER folder_counts_update AFTER UPDATE OF folder_id, flags ON messages
			WHEN OLD.folder_id != NEW.folder_id OR (OLD.flags & 1) != (NEW.flags & 1) BEGIN
			UPDATE folder_counts SET total = total - 1, unread = unread - (OLD.flags & 1 = 0) WHERE folder_id = OLD.folder_id;
			UPDATE folder_counts SET total = total + 1, unread = unread + (NEW.flags & 1 = 0) WHERE folder_id = NEW.folder_id;
		END`,
	),
	// 9 → 10 (layoutBeforePOPSizes), issue #25: POP messages the server could not send (pop_trouble), and
	// for each downloaded one the size of the bytes stored (a server copy
	// is removed only when they match the size the server lists) and how
	// often one that did not match was fetched again.
	execAll(
		`CREATE TABLE pop_trouble (
			account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
			server_key TEXT NOT NULL,
			failures   INTEGER NOT NULL DEFAULT 0,
			alone      INTEGER NOT NULL DEFAULT 0,
			reason     TEXT NOT NULL DEFAULT '',
			since      INTEGER NOT NULL,
			PRIMARY KEY (account_id, server_key)
		) WITHOUT ROWID`,
		`ALTER TABLE server_seen ADD COLUMN size INTEGER`,
		`ALTER TABLE server_seen ADD COLUMN refetches INTEGER NOT NULL DEFAULT 0`,
		`UPDATE server_seen SET size = (SELECT m.size FROM messages m JOIN folders f ON f.id = m.folder_id
			WHERE f.account_id = server_seen.account_id AND m.server_key = server_seen.server_key AND m.partial = 0 LIMIT 1)`,
	),
	// (#26) The profile's own identity, made once at random, so its
	// keyring entries are its own (two profiles used to share
	// "account-2/incoming"), and the highest account id ever given, so
	// an id — and the keyring entry named after it — is never reused.
	// keyring_migrated: the entries under the old names were moved;
	// legacy_last_id: only accounts up to it can have such entries.
	execAll(
		`CREATE TABLE profile_identity (
			one              INTEGER PRIMARY KEY CHECK (one = 1),
			profile          TEXT NOT NULL,
			last_account_id  INTEGER NOT NULL,
			keyring_migrated INTEGER NOT NULL DEFAULT 0,
			legacy_last_id   INTEGER NOT NULL
		)`,
		`INSERT INTO profile_identity (one, profile, last_account_id, legacy_last_id)
			VALUES (1, lower(hex(randomblob(16))), coalesce((SELECT max(id) FROM accounts), 0), coalesce((SELECT max(id) FROM accounts), 0))`,
		`CREATE TRIGGER accounts_last_id AFTER INSERT ON accounts BEGIN
			UPDATE profile_identity SET last_account_id = max(last_account_id, NEW.id);
		END`,
	),
	// Issue #25: a folder the person keeps off this computer (offline =
	// 0), a folder missing from the server's listings (missing: how many
	// in a row; gone = 1 once the server confirmed it is gone, its mail
	// kept here), and messages the server could not send (unfetched).
	execAll(
		`ALTER TABLE folders ADD COLUMN offline INTEGER NOT NULL DEFAULT 1`,
		`ALTER TABLE folders ADD COLUMN missing INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE folders ADD COLUMN gone INTEGER NOT NULL DEFAULT 0`,
		`CREATE TABLE unfetched (
			folder_id  INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
			server_key TEXT NOT NULL,
			tries      INTEGER NOT NULL DEFAULT 0,
			reason     TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (folder_id, server_key)
		)`,
	),
	// #29: sorting the message list by date, sender, recipients,
	// subject, size, unread and flagged. The text keys are folded in Go
	// (postie_sort_key, sort.go) and kept in columns, written with each
	// new message; for the messages already here they are NULL (all
	// three) until their folder is sorted by one (filling them here took 2 s per
	// 30,000 messages: a minute at a million, at start). A trigger
	// renews them when a message's header is read again, and fills them
	// when a message still without moves to another folder (which may
	// be sorted). Unread and flagged are generated from flags.
	// folder_order is each folder's order, kept with the profile. The
	// indexes the orders read are made per folder when it is sorted
	// (sort.go): six more indexes on every message made storing new mail
	// half as slow again.
	execAll(
		`ALTER TABLE messages ADD COLUMN sort_from TEXT`,
		`ALTER TABLE messages ADD COLUMN sort_to TEXT`,
		`ALTER TABLE messages ADD COLUMN sort_subject TEXT`,
		`ALTER TABLE messages ADD COLUMN unread INTEGER GENERATED ALWAYS AS ((flags & 1) = 0) VIRTUAL`,
		`ALTER TABLE messages ADD COLUMN flagged INTEGER GENERATED ALWAYS AS ((flags & 4) != 0) VIRTUAL`,
		`CREATE TRIGGER messages_sort_keys AFTER UPDATE OF from_addr, to_addr, subject, folder_id ON messages
			WHEN NEW.sort_from IS NULL OR NEW.from_addr IS NOT OLD.from_addr OR NEW.to_addr IS NOT OLD.to_addr OR NEW.subject IS NOT OLD.subject BEGIN
			UPDATE messages SET sort_from = postie_sort_key('sender', NEW.from_addr),
				sort_to = postie_sort_key('recipient', NEW.to_addr), sort_subject = postie_sort_key('subject', NEW.subject)
			WHERE id = NEW.id;
		END`,
		`CREATE TABLE folder_order (
			folder_id INTEGER PRIMARY KEY REFERENCES folders(id) ON DELETE CASCADE,
			sort_by   TEXT NOT NULL,
			ascending INTEGER NOT NULL DEFAULT 0
		)`,
	),
}

// layoutBeforeSorting is the layout just before the sort keys and
// indexes (#29); its migration test starts a store there.
const layoutBeforeSorting = 12

// layoutBeforePOPSizes is the layout just before the migration that
// records POP sizes (its test starts a store there).
const layoutBeforePOPSizes = 9

func execAll(stmts ...string) migration {
	return func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%w in %.40q", err, s)
			}
		}
		return nil
	}
}

// SchemaVersion is the version of the store's layout this Postie writes.
var SchemaVersion = len(migrations)

// migrate brings the database up to target, one transaction per step.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > len(migrations) {
		return errors.New(tr.L("this mail store was written by a newer Postie (layout {{.Layout}}; this Postie knows up to {{.Known}}): please update Postie",
			tr.M{"Layout": strconv.Itoa(v), "Known": strconv.Itoa(len(migrations))}))
	}
	for ; v < target; v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := migrations[v](ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("updating the mail store to layout %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
