package httpload

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry is a load's retry policy for one request: up to Retries more
// attempts after the first, Backoff apart, or as long as the server's
// Retry-After asks (up to MaxRetryAfter).
type Retry struct {
	Retries       int
	Backoff       func(attempt int) time.Duration
	MaxRetryAfter time.Duration
	// Final reports whether an error is not worth retrying (a status the
	// protocol treats as an answer). A refused credential (ErrAuth) is
	// always final.
	Final func(err error) bool
	// OnRetry, if set, is called before each retry with the error that
	// caused it: the place to count retries by cause.
	OnRetry func(err error)
}

// Do calls attempt until it succeeds, fails for good, or the retries are
// spent ("giving up after N attempts: ..."). When ctx ends it returns
// ctx.Err().
func (r *Retry) Do(ctx context.Context, attempt func() error) error {
	var last error
	for n := 0; ; n++ {
		if n > 0 {
			wait := r.Backoff(n)
			var ra *RetryAfterError
			if errors.As(last, &ra) {
				wait = min(ra.After, r.MaxRetryAfter)
			}
			if r.OnRetry != nil {
				r.OnRetry(last)
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		err := attempt()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		last = err
		if errors.Is(err, ErrAuth) || (r.Final != nil && r.Final(err)) {
			return err
		}
		if n >= r.Retries {
			return fmt.Errorf("giving up after %d attempts: %w", n+1, err)
		}
	}
}

// RetryAfterError is an answer that asked, with Retry-After, to be
// repeated after a while.
type RetryAfterError struct {
	Err   error
	After time.Duration
}

func (e *RetryAfterError) Error() string { return e.Err.Error() }
func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func RetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(h); err == nil {
		return time.Duration(max(n, 0)) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Backoff returns the wait before retry attempt (1-based): exponential from
// lo, capped at hi, with "equal jitter" (half fixed, half random, from
// random(n) in [0, n)) so that concurrent workers do not retry in
// lockstep.
func Backoff(lo, hi time.Duration, attempt int, random func(n int64) int64) time.Duration {
	d := lo << min(attempt-1, 30)
	if d > hi || d <= 0 {
		d = hi
	}
	return d/2 + time.Duration(random(int64(d/2)+1))
}
