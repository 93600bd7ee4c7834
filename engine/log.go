package engine

import (
	"context"
	"log/slog"
	"time"
)

// startExecution prepares the hook record of a statement; it costs nothing
// when no hooks or echo are configured.
func (e *Engine) startExecution(ctx context.Context, sql string, args []any, cached, raw bool) *Execution {
	if e.cfg.hooks.BeforeExecute == nil && e.cfg.hooks.AfterExecute == nil && e.cfg.echo == nil {
		return nil
	}
	ex := &Execution{SQL: sql, Cached: cached, Start: time.Now(), raw: raw}
	if !e.cfg.hideParams {
		ex.Args = shownArgs(args)
	}
	if h := e.cfg.hooks.BeforeExecute; h != nil {
		h(ctx, ex)
	}
	return ex
}

func (e *Engine) endExecution(ctx context.Context, ex *Execution, err error) {
	if ex == nil {
		return
	}
	ex.Duration = time.Since(ex.Start)
	ex.Err = err
	if h := e.cfg.hooks.AfterExecute; h != nil {
		h(ctx, ex)
	}
	if e.cfg.echo != nil {
		cache := "generated"
		switch {
		case ex.raw:
			cache = "raw"
		case ex.Cached:
			cache = "cached"
		}
		e.logStatement(ctx, ex.SQL, ex.Args, cache, ex.Duration, err)
	}
}

func (e *Engine) logStatement(ctx context.Context, sql string, args []any, cache string, d time.Duration, err error) {
	attrs := []slog.Attr{slog.String("cache", cache), slog.Duration("duration", d)}
	if len(args) > 0 && !e.cfg.hideParams {
		attrs = append(attrs, slog.String("args", formatArgs(args)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	e.cfg.echo.LogAttrs(ctx, slog.LevelInfo, sql, attrs...)
}

// echoControl logs transaction control the engine did on its own.
func (e *Engine) echoControl(ctx context.Context, what string) {
	if e.cfg.echo != nil {
		e.cfg.echo.LogAttrs(ctx, slog.LevelInfo, what)
	}
}
