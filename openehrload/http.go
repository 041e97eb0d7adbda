package openehrload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// statusError is an answer the loader did not expect.
type statusError struct {
	method, path string
	status       int
	body         string // the server's explanation, one line
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d %s", e.method, e.path, e.status, http.StatusText(e.status))
	if e.body != "" {
		msg += ": " + e.body
	}
	return msg
}

// retryable: rate limits, timeouts and server errors (httpload.Busy). 409
// is not: to this loader it means "already there".
func retryable(status int) bool { return httpload.Busy(status) }

// newRetry is the retry policy of every request after the preflight:
// network errors and retryable statuses are retried, each retry counted by
// cause.
func (l *loader) newRetry() *httpload.Retry {
	return &httpload.Retry{
		Retries: l.opt.Retries, Backoff: l.backoff, MaxRetryAfter: l.opt.MaxRetryAfter,
		Final: func(err error) bool {
			var se *statusError
			return errors.As(err, &se) && !retryable(se.status)
		},
		OnRetry: func(err error) {
			cause := l.red.Redact(retryCause(err))
			l.add(func(s *Summary) {
				s.Retries++
				s.RetryCauses[cause]++
			})
		},
	}
}

// retryCause is the key a retry is counted under: the HTTP status and the
// server's explanation, or the network failure.
func retryCause(err error) string {
	var se *statusError
	if errors.As(err, &se) {
		s := fmt.Sprintf("HTTP %d %s", se.status, http.StatusText(se.status))
		if se.body != "" {
			s += ": " + se.body
		}
		return s
	}
	return httpload.NetCause(err)
}

func (l *loader) backoff(attempt int) time.Duration {
	return httpload.Backoff(l.opt.MinBackoff, l.opt.MaxBackoff, attempt, func(n int64) int64 {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.jitter.Int64N(n)
	})
}

// do sends one request, retrying network errors and retryable statuses,
// and returns the final status. ok lists the statuses that are answers;
// with none, any 2xx is.
func (l *loader) do(ctx context.Context, method, path, contentType string, body []byte, ok ...int) (int, error) {
	var status int
	err := l.retry.Do(ctx, func() error {
		var err error
		status, err = l.once(ctx, method, path, contentType, body, ok)
		return err
	})
	return status, err
}

// once makes one request and tells the breaker whether the server
// answered. A 401 or 403 is an httpload.AuthError, which stops the load.
func (l *loader) once(ctx context.Context, method, path, contentType string, body []byte, ok []int) (int, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, rd)
	if err != nil {
		return 0, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Prefer", "return=minimal")
	l.add(func(s *Summary) { s.Requests++ })
	resp, err := l.opt.Client.Do(req)
	if err != nil {
		var ae *httpload.AuthError
		if errors.As(err, &ae) {
			return 0, ae // the token endpoint refused the client
		}
		if ctx.Err() == nil {
			l.brk.Fail(httpload.NetCause(err))
		}
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		if ctx.Err() == nil {
			l.brk.Fail(httpload.NetCause(err))
		}
		return 0, err
	}
	code := resp.StatusCode
	if slices.Contains(ok, code) || (len(ok) == 0 && code/100 == 2) {
		l.brk.OK()
		return code, nil
	}
	se := &statusError{method: method, path: path, status: code, body: explanation(data)}
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		l.brk.OK()
		return code, httpload.StatusAuthError(l.base, " at "+method+" "+path, code, se.body, l.sendsAuth)
	}
	d, hasRetryAfter := httpload.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if httpload.GatewayDown(code, hasRetryAfter) {
		l.brk.Fail(retryCause(se))
	} else {
		l.brk.OK()
	}
	if hasRetryAfter && retryable(code) {
		return code, &httpload.RetryAfterError{Err: se, After: d}
	}
	return code, se
}

// explanation is a server's error answer in one short line: the "message"
// (EHRbase) or "error" of a JSON body, or the body's first line.
func explanation(data []byte) string {
	var e struct {
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	s := string(data)
	if json.Unmarshal(data, &e) == nil && (e.Message != "" || e.Error != "") {
		s = e.Message
		if s == "" {
			s = e.Error
		}
	}
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}
