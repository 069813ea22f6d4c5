package localstore

import (
	"context"
	"database/sql"
)

// stmtCache prepares each statement once per transaction. The driver
// prepares raw SQL again on every call: in the first sync of a mailbox,
// with a handful of statements per message, preparing took a fifth of
// the store's time (pprof of BenchmarkIMAPSync10000).
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(q string) (*sql.Stmt, error) {
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	st, err := c.tx.Prepare(q)
	if err != nil {
		return nil, err
	}
	c.m[q] = st
	return st, nil
}

// ExecContext runs a prepared statement.
func (c *stmtCache) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// Exec runs a prepared statement.
func (c *stmtCache) Exec(q string, args ...any) (sql.Result, error) {
	return c.ExecContext(context.Background(), q, args...)
}

// QueryRow runs a prepared query for one row.
func (c *stmtCache) QueryRow(q string, args ...any) *sql.Row {
	st, err := c.stmt(q)
	if err != nil {
		return c.tx.QueryRow(q, args...) // carries the error
	}
	return st.QueryRow(args...)
}

// Close releases the statements (the transaction's end does too).
func (c *stmtCache) Close() {
	for _, st := range c.m {
		st.Close()
	}
}

// execer is a transaction, its statement cache or a connection.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}
