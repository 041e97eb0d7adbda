package httpload

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestRetryDo(t *testing.T) {
	final := errors.New("final")
	r := &Retry{Retries: 3, Backoff: func(int) time.Duration { return time.Millisecond }, MaxRetryAfter: time.Millisecond,
		Final: func(err error) bool { return errors.Is(err, final) }}
	var causes []string
	r.OnRetry = func(err error) { causes = append(causes, err.Error()) }
	calls := 0
	// Succeeds on the third attempt; a Retry-After of an hour is capped.
	err := r.Do(context.Background(), func() error {
		calls++
		if calls < 3 {
			return &RetryAfterError{Err: errors.New("busy"), After: time.Hour}
		}
		return nil
	})
	if err != nil || calls != 3 || len(causes) != 2 {
		t.Errorf("err %v after %d calls, retry causes %v", err, calls, causes)
	}
	// Spent: four attempts, then "giving up".
	calls = 0
	err = r.Do(context.Background(), func() error { calls++; return errors.New("down") })
	if calls != 4 || err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts: down") {
		t.Errorf("%d calls, err %v", calls, err)
	}
	// Final and auth errors are not retried.
	for _, e := range []error{final, &AuthError{"no"}} {
		calls = 0
		if err := r.Do(context.Background(), func() error { calls++; return e }); err != e || calls != 1 {
			t.Errorf("%v: %d calls, err %v", e, calls, err)
		}
	}
	// A cancelled context ends the wait.
	ctx, cancel := context.WithCancel(context.Background())
	r.Backoff = func(int) time.Duration { cancel(); return time.Hour }
	if err := r.Do(ctx, func() error { return errors.New("down") }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestRetryAfterAndBackoff(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{"0": 0, "-3": 0, "3": 3 * time.Second, "Wed, 01 Jan 2025 00:00:10 GMT": 10 * time.Second} {
		if d, ok := RetryAfter(h, now); !ok || d != want {
			t.Errorf("RetryAfter(%q) = %v %v", h, d, ok)
		}
	}
	if _, ok := RetryAfter("soon", now); ok {
		t.Error("RetryAfter accepted garbage")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for a := 1; a < 40; a++ {
		d := Backoff(100*time.Millisecond, time.Second, a, rng.Int64N)
		full := min(100*time.Millisecond<<min(a-1, 30), time.Second)
		if d < full/2 || d > full {
			t.Errorf("Backoff(%d) = %v, want in [%v, %v]", a, d, full/2, full)
		}
	}
}
