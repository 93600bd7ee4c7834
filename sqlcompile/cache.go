package sqlcompile

import (
	"sync"
	"sync/atomic"

	"github.com/retort-go/retort/core"
)

// Cache compiles statements for one dialect and remembers the result by the
// statement's structure (its cache key), so two statements that differ only
// in their values compile once. It is safe for concurrent use; an Engine
// owns one. Eviction is approximately least-recently-used (a clock sweep).
type Cache struct {
	d    *Dialect
	size int

	mu sync.RWMutex
	m  map[string]*cacheEntry

	hits, misses atomic.Int64
}

type cacheEntry struct {
	cs   *Compiled
	used atomic.Bool
}

var keyBuilders = sync.Pool{New: func() any { return new(core.KeyBuilder) }}

func releaseKeyBuilder(kb *core.KeyBuilder) {
	kb.Reset()
	keyBuilders.Put(kb)
}

// NewCache returns a cache of up to size compiled statements (500 if size <= 0).
func NewCache(d *Dialect, size int) *Cache {
	if size <= 0 {
		size = 500
	}
	return &Cache{d: d, size: size, m: make(map[string]*cacheEntry, size)}
}

// Dialect returns the cache's dialect.
func (c *Cache) Dialect() *Dialect { return c.d }

// Compile returns the compiled form of s and the arguments of this
// execution; hit reports whether the compiled form came from the cache.
// Statements that must not be cached (DDL) are compiled every time.
func (c *Cache) Compile(s core.Statement) (cs *Compiled, args []any, hit bool, err error) {
	return c.CompileAppend(s, nil)
}

// CompileAppend is Compile with the arguments appended to dst (so a caller
// can give an array it reuses); args is dst with them.
func (c *Cache) CompileAppend(s core.Statement, dst []any) (cs *Compiled, args []any, hit bool, err error) {
	kb := keyBuilders.Get().(*core.KeyBuilder)
	defer releaseKeyBuilder(kb)
	if err := kb.Build(s); err != nil {
		return nil, nil, false, err
	}
	if !kb.Cacheable() {
		cs, err := compileTree(c.d, s, len(kb.Values()))
		if err != nil {
			return nil, nil, false, err
		}
		return cs, argsInto(cs, dst, kb.Values()), false, nil
	}
	c.mu.RLock()
	e := c.m[string(kb.Key())]
	c.mu.RUnlock()
	if e != nil {
		if !e.used.Load() {
			e.used.Store(true)
		}
		c.hits.Add(1)
		return e.cs, argsInto(e.cs, dst, kb.Values()), true, nil
	}
	c.misses.Add(1)
	cs, err = compileTree(c.d, s, len(kb.Values()))
	if err != nil {
		return nil, nil, false, err
	}
	c.store(string(kb.Key()), cs)
	return cs, argsInto(cs, dst, kb.Values()), false, nil
}

// argsInto is cs's arguments appended to dst, or in a new slice (never
// nil) when dst is nil.
func argsInto(cs *Compiled, dst, values []any) []any {
	if dst == nil {
		return cs.Args(values)
	}
	return cs.AppendArgs(dst, values)
}

func (c *Cache) store(key string, cs *Compiled) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return // another goroutine compiled it meanwhile
	}
	if len(c.m) >= c.size {
		c.evict()
	}
	c.m[key] = &cacheEntry{cs: cs}
}

// evict removes entries not used since the last sweep and clears the mark
// on the others; if every entry was used, it removes half of them.
func (c *Cache) evict() {
	removed := 0
	for k, e := range c.m {
		if !e.used.Load() {
			delete(c.m, k)
			removed++
		} else {
			e.used.Store(false)
		}
	}
	if removed > 0 {
		return
	}
	for k := range c.m {
		if len(c.m) <= c.size/2 {
			break
		}
		delete(c.m, k)
	}
}

// CacheStats reports a cache's activity.
type CacheStats struct {
	Size         int
	Hits, Misses int64
}

// Stats returns the number of cached statements, hits and misses.
func (c *Cache) Stats() CacheStats {
	c.mu.RLock()
	n := len(c.m)
	c.mu.RUnlock()
	return CacheStats{Size: n, Hits: c.hits.Load(), Misses: c.misses.Load()}
}
