package fhirload

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrServerGone marks a load stopped because the server stopped answering.
var ErrServerGone = errors.New("the server stopped answering")

type serverGoneError struct {
	window time.Duration
	cause  string
}

func (e *serverGoneError) Error() string {
	return fmt.Sprintf("the server has not answered for %v (last: %s)", e.window, e.cause)
}
func (e *serverGoneError) Is(target error) bool { return target == ErrServerGone }

// breaker is shared by all workers. Per-unit retries alone would keep a
// load against a stopped server going for minutes (ten retries each, up to
// 30 s apart, unit after unit). The breaker instead watches the server as a
// whole: once no request has had an answer for window since the first
// failure of a streak, it trips and the load stops with its checkpoint.
// Any HTTP answer other than a gateway error counts as the server being
// there, even a 500: that is the server speaking, and per-unit retries
// handle it.
type breaker struct {
	window time.Duration
	trip   func(error)

	mu     sync.Mutex
	since  time.Time // start of the current failure streak; zero when healthy
	gen    int       // which streak the pending timer belongs to
	timer  *time.Timer
	last   string
	closed bool
}

func newBreaker(window time.Duration, trip func(error)) *breaker {
	return &breaker{window: window, trip: trip}
}

// ok records an answer from the server: the streak, if any, is over.
func (b *breaker) ok() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.since.IsZero() {
		b.since = time.Time{}
		b.gen++
		b.timer.Stop()
	}
}

// fail records a request that got no answer (or a gateway's "no server
// behind me"). The first failure of a streak starts the window's timer.
func (b *breaker) fail(cause string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = cause
	if !b.since.IsZero() || b.closed {
		return
	}
	b.since = time.Now()
	b.gen++
	gen := b.gen
	b.timer = time.AfterFunc(b.window, func() {
		b.mu.Lock()
		fire := b.gen == gen && !b.since.IsZero() && !b.closed
		cause := b.last
		b.mu.Unlock()
		if fire {
			b.trip(&serverGoneError{window: b.window, cause: cause})
		}
	})
}

// stop ends the watch when the load is over.
func (b *breaker) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
	}
}
