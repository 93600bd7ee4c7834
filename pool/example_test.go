package pool_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/retort-go/retort/pool"
)

// conn stands in for a network connection.
type conn struct{ id int32 }

func Example() {
	var opened atomic.Int32
	p, err := pool.New(pool.Config[*conn]{
		Connect: func(context.Context) (*conn, error) {
			return &conn{id: opened.Add(1)}, nil
		},
		Close:   func(c *conn) { fmt.Println("closed connection", c.id) },
		MaxSize: 2,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	for range 2 {
		lease, err := p.Acquire(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("using connection", lease.Value().id)
		lease.Release() // back to the pool for the next Acquire
	}

	p.Close()
	_, err = p.Acquire(ctx)
	fmt.Println(err)
	s := p.Stats()
	fmt.Println("opened", s.Created, "closed", s.Closed)
	// Output:
	// using connection 1
	// using connection 1
	// closed connection 1
	// pool: closed
	// opened 1 closed 1
}
