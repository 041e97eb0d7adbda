package openehrload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// statusError is an answer the loader did not expect.
type statusError struct {
	method, path string
	status       int
	body         string
	after        time.Duration // Retry-After, when given
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d %s", e.method, e.path, e.status, http.StatusText(e.status))
	if e.body != "" {
		msg += ": " + e.body
	}
	return msg
}

// retryable: rate limits, timeouts and server errors. 409 is not: to this
// loader it means "already there".
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusRequestTimeout, http.StatusTooEarly:
		return true
	}
	return status >= 500 && status != http.StatusNotImplemented
}

// do sends one request, retrying network errors and retryable statuses,
// and returns the final status. ok lists the statuses that are answers
// (anything else is an error).
func (l *loader) do(ctx context.Context, method, path, contentType string, body []byte, ok ...int) (int, error) {
	var last error
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			wait := l.backoff(attempt)
			var se *statusError
			if errors.As(last, &se) && se.after >= 0 {
				wait = min(se.after, l.opt.MaxRetryAfter)
			}
			l.add(func(s *Summary) { s.Retries++ })
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return 0, ctx.Err()
			case <-t.C:
			}
		}
		status, err := l.once(ctx, method, path, contentType, body)
		if err == nil {
			for _, s := range ok {
				if s == status {
					return status, nil
				}
			}
			if status/100 == 2 && len(ok) == 0 {
				return status, nil
			}
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if err == nil {
			return status, &statusError{method: method, path: path, status: status}
		}
		var se *statusError
		if errors.As(err, &se) && !retryable(se.status) {
			return se.status, err
		}
		last = err
		if attempt >= l.opt.Retries {
			return 0, fmt.Errorf("giving up after %d attempts: %w", attempt+1, err)
		}
	}
}

const noRetryAfter = -1

// once makes one request. A status in the 2xx, 404 or 409 families comes
// back as a status; other statuses as a *statusError.
func (l *loader) once(ctx context.Context, method, path, contentType string, body []byte) (int, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, rd)
	if err != nil {
		return 0, err
	}
	for k, vs := range l.opt.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Prefer", "return=minimal")
	l.add(func(s *Summary) { s.Requests++ })
	resp, err := l.opt.Client.Do(req)
	if err != nil {
		return 0, err // network error: retried
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode/100 == 2, resp.StatusCode == http.StatusNotFound, resp.StatusCode == http.StatusConflict:
		return resp.StatusCode, nil
	}
	se := &statusError{method: method, path: path, status: resp.StatusCode, after: noRetryAfter}
	if s := strings.TrimSpace(string(data)); s != "" {
		se.body = s[:min(len(s), 300)]
	}
	if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		se.after = d
	}
	return resp.StatusCode, se
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
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

// backoff is exponential from MinBackoff, capped at MaxBackoff, half of it
// random so that concurrent workers do not retry in step.
func (l *loader) backoff(attempt int) time.Duration {
	d := l.opt.MinBackoff << min(attempt-1, 30)
	if d > l.opt.MaxBackoff || d <= 0 {
		d = l.opt.MaxBackoff
	}
	l.mu.Lock()
	j := time.Duration(l.jitter.Int64N(int64(d/2) + 1))
	l.mu.Unlock()
	return d/2 + j
}
