package httpload

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// ErrServerGone marks a load stopped because the server stopped answering.
var ErrServerGone = errors.New("the server stopped answering")

// ServerGoneError is the error a Breaker trips with.
type ServerGoneError struct {
	Window time.Duration
	Cause  string // the last failure seen
}

func (e *ServerGoneError) Error() string {
	return fmt.Sprintf("the server has not answered for %v (last: %s)", e.Window, e.Cause)
}
func (e *ServerGoneError) Is(target error) bool { return target == ErrServerGone }

// Breaker is shared by all workers. Per-unit retries alone would keep a
// load against a stopped server going for minutes (ten retries each, up to
// 30 s apart, unit after unit). The breaker instead watches the server as a
// whole: once no request has had an answer for window since the first
// failure of a streak, it trips and the load stops with its checkpoint.
// Any HTTP answer other than a gateway error counts as the server being
// there, even a 500: that is the server speaking, and per-unit retries
// handle it.
type Breaker struct {
	window time.Duration
	trip   func(error)

	mu     sync.Mutex
	since  time.Time // start of the current failure streak; zero when healthy
	gen    int       // which streak the pending timer belongs to
	timer  *time.Timer
	last   string
	closed bool
}

// NewBreaker returns a breaker that calls trip once the server has not
// answered for window.
func NewBreaker(window time.Duration, trip func(error)) *Breaker {
	return &Breaker{window: window, trip: trip}
}

// OK records an answer from the server: the streak, if any, is over.
func (b *Breaker) OK() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.since.IsZero() {
		b.since = time.Time{}
		b.gen++
		b.timer.Stop()
	}
}

// Fail records a request that got no answer (or a gateway's "no server
// behind me"). The first failure of a streak starts the window's timer.
func (b *Breaker) Fail(cause string) {
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
			b.trip(&ServerGoneError{Window: b.window, Cause: cause})
		}
	})
}

// Stop ends the watch when the load is over.
func (b *Breaker) Stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
	}
}

// GatewayDown reports whether a status says that nothing answers behind a
// proxy: 502 and 504, and 503 without Retry-After (with it, the server is
// there and asking to wait, which is honoured, not counted as gone).
func GatewayDown(status int, hasRetryAfter bool) bool {
	return status == http.StatusBadGateway || status == http.StatusGatewayTimeout ||
		(status == http.StatusServiceUnavailable && !hasRetryAfter)
}
