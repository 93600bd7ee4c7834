package pool_test

import (
	"context"
	"testing"

	"github.com/retort-go/retort/pool"
)

func BenchmarkAcquireReleaseOfAnIdleConnection(b *testing.B) {
	var srv fakeServer
	p, err := pool.New(srv.config())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		l, err := p.Acquire(ctx)
		if err != nil {
			b.Fatal(err)
		}
		l.Release()
	}
}

func BenchmarkAcquireReleaseUnderContention(b *testing.B) {
	var srv fakeServer
	cfg := srv.config()
	cfg.MaxSize = 4
	p, err := pool.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			l, err := p.Acquire(ctx)
			if err != nil {
				b.Error(err)
				return
			}
			l.Release()
		}
	})
}
