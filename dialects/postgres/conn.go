package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// conn is a pgx connection as the engine drives it.
type conn struct {
	c *pgx.Conn
	// rows is reused by every query: the engine never has two Results open
	// on one connection (ErrConnBusy), so one wrapper per connection will do.
	rows rows
}

var _ engine.DriverConn = (*conn)(nil)

// check marks an error after which pgx has closed the connection, so the
// engine treats it as a disconnect whatever the error says.
func (c *conn) check(err error) error {
	if err != nil && c.c.IsClosed() {
		return errDisconnected{err}
	}
	return err
}

func (c *conn) Exec(ctx context.Context, sql string, args []any) (engine.ExecResult, error) {
	tag, err := c.c.Exec(ctx, sql, args...)
	if err != nil {
		return engine.ExecResult{}, c.check(err)
	}
	if sql == "COMMIT" && tag.String() == "ROLLBACK" {
		// A failed transaction answers COMMIT with ROLLBACK and no error.
		return engine.ExecResult{}, errCommitRolledBack
	}
	return engine.ExecResult{RowsAffected: tag.RowsAffected()}, nil
}

var errCommitRolledBack = fmt.Errorf("%w: PostgreSQL rolled the transaction back instead of committing it", engine.ErrTxAborted)

// InTransaction reports whether the server has a transaction open on the
// connection (idle in transaction, or failed).
func (c *conn) InTransaction() bool { return c.c.PgConn().TxStatus() != 'I' }

var _ engine.TxStatuser = (*conn)(nil)

func (c *conn) Query(ctx context.Context, sql string, args []any) (engine.DriverRows, error) {
	r, err := c.c.Query(ctx, sql, args...)
	if err != nil {
		return nil, c.check(err)
	}
	c.rows = rows{r: r, c: c}
	return &c.rows, nil
}

func (c *conn) Ping(ctx context.Context) error { return c.check(c.c.Ping(ctx)) }

// IsValid reports whether pgx still has the connection open.
func (c *conn) IsValid() bool { return !c.c.IsClosed() }

var _ engine.Validator = (*conn)(nil)

func (c *conn) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	return c.c.Close(ctx)
}

type rows struct {
	r    pgx.Rows
	c    *conn
	cols []string
}

func (r *rows) Columns() []string {
	if r.cols == nil {
		fds := r.r.FieldDescriptions()
		r.cols = make([]string, len(fds))
		for i, fd := range fds {
			r.cols[i] = fd.Name
		}
	}
	return r.cols
}

func (r *rows) Next() bool             { return r.r.Next() }
func (r *rows) Scan(dest ...any) error { return r.r.Scan(dest...) }
func (r *rows) Err() error             { return r.c.check(r.r.Err()) }
func (r *rows) Close() error {
	r.r.Close()
	return r.c.check(r.r.Err())
}

// Values returns the row with pgx's values turned into Retort's Go types.
func (r *rows) Values() ([]any, error) {
	vals, err := r.r.Values()
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		switch x := v.(type) {
		case int16:
			vals[i] = int64(x)
		case int32:
			vals[i] = int64(x)
		case float32:
			vals[i] = float64(x)
		case pgtype.Numeric:
			if x.Valid && !x.NaN && x.InfinityModifier == pgtype.Finite {
				vals[i] = core.NewDecimalBig(x.Int, int(-x.Exp))
			}
		case [16]byte:
			vals[i] = core.UUID(x)
		case pgtype.Time:
			if x.Valid {
				vals[i], _ = core.TimeOfDayFromDuration(durationMicros(x.Microseconds))
			}
		case map[string]any, []any:
			b, err := json.Marshal(x)
			if err != nil {
				return nil, err
			}
			vals[i] = json.RawMessage(b)
		}
	}
	return vals, nil
}
