package fhirload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// statusError is a non-2xx answer, with the server's OperationOutcome text.
type statusError struct {
	status  int
	outcome string
	first   string // the first line of the outcome, to count retries by
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.status, http.StatusText(e.status))
	if e.outcome != "" {
		msg += ": " + e.outcome
	}
	if e.status == http.StatusRequestEntityTooLarge {
		msg += " (the transaction is too big for the server: use a smaller --bundle-size)"
	}
	return msg
}

// retryable reports whether a status is worth retrying: rate limits,
// timeouts, conflicts between concurrent writes of the same resource (two
// Bundles updating their shared practice at once), and server errors.
func retryable(status int) bool { return status == http.StatusConflict || httpload.Busy(status) }

// backoff returns the wait before retry attempt (1-based): exponential from
// MinBackoff, capped at MaxBackoff, half of it random.
func (l *loader) backoff(attempt int) time.Duration {
	return httpload.Backoff(l.opt.MinBackoff, l.opt.MaxBackoff, attempt, func(n int64) int64 {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.jitter.Int64N(n)
	})
}

// post sends one transaction, retrying as needed, and adds the response's
// entry statuses to counts. A failed transaction counts all its entries as
// failed.
func (l *loader) post(ctx context.Context, r request, counts map[string]*TypeCounts) error {
	count := func(typ string) *TypeCounts {
		c := counts[typ]
		if c == nil {
			c = &TypeCounts{}
			counts[typ] = c
		}
		return c
	}
	failAll := func() {
		for _, t := range r.types {
			count(t).Failed++
		}
	}
	var body []byte
	err := l.retry.Do(ctx, func() error {
		var err error
		body, err = l.send(ctx, r.body)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failAll()
		return err
	}
	return l.tally(body, r, count)
}

// newRetry is the retry policy of the load's transactions: every error is
// retried but a refusal of the credentials and a status not worth retrying;
// each retry is counted by cause.
func (l *loader) newRetry() *httpload.Retry {
	return &httpload.Retry{
		Retries: l.opt.Retries, Backoff: l.backoff, MaxRetryAfter: l.opt.MaxRetryAfter,
		Final: func(err error) bool {
			var st *statusError
			return errors.As(err, &st) && !retryable(st.status)
		},
		OnRetry: func(err error) {
			l.mu.Lock()
			l.sum.Retries++
			l.sum.RetryCauses[l.red.Redact(retryCause(err))]++
			l.mu.Unlock()
		},
	}
}

// send makes one POST and returns the body of a 2xx answer.
func (l *loader) send(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(l.opt.Server, "/"), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, vs := range l.opt.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Content-Type", "application/fhir+json")
	req.Header.Set("Accept", "application/fhir+json")
	l.mu.Lock()
	l.sum.Requests++
	l.mu.Unlock()
	resp, err := l.opt.Client.Do(req)
	if err != nil {
		var ae *httpload.AuthError
		if errors.As(err, &ae) {
			return nil, ae // the token endpoint refused the client
		}
		if ctx.Err() == nil {
			l.brk.Fail(httpload.NetCause(err))
		}
		return nil, err // network error: retryable
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		if ctx.Err() == nil {
			l.brk.Fail(httpload.NetCause(err))
		}
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		l.brk.OK()
		return data, nil
	}
	se := &statusError{status: resp.StatusCode, outcome: outcomeText(data), first: outcomeFirstLine(data)}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		l.brk.OK()
		return nil, httpload.StatusAuthError(strings.TrimRight(l.opt.Server, "/"), "", resp.StatusCode, se.outcome, l.sendsToken)
	}
	d, hasRetryAfter := httpload.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if httpload.GatewayDown(resp.StatusCode, hasRetryAfter) {
		l.brk.Fail(retryCause(se))
	} else {
		l.brk.OK()
	}
	if hasRetryAfter && retryable(resp.StatusCode) {
		return nil, &httpload.RetryAfterError{Err: se, After: d}
	}
	return nil, se
}

type outcome struct {
	ResourceType string `json:"resourceType"`
	Issue        []struct {
		Severity    string   `json:"severity"`
		Code        string   `json:"code"`
		Diagnostics string   `json:"diagnostics"`
		Expression  []string `json:"expression"`
		Details     struct {
			Text string `json:"text"`
		} `json:"details"`
	} `json:"issue"`
}

// outcomeText renders an OperationOutcome (or, failing that, the start of
// the body) as one line.
func outcomeText(data []byte) string {
	var oo outcome
	if json.Unmarshal(data, &oo) == nil && oo.ResourceType == "OperationOutcome" && len(oo.Issue) > 0 {
		var parts []string
		for _, is := range oo.Issue {
			s := is.Severity + "/" + is.Code
			if is.Details.Text != "" {
				s += ": " + is.Details.Text
			}
			if is.Diagnostics != "" && is.Diagnostics != is.Details.Text {
				s += ": " + is.Diagnostics
			}
			if len(is.Expression) > 0 {
				s += " (at " + strings.Join(is.Expression, ", ") + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; ")
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

type txResponse struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		Response struct {
			Status   string          `json:"status"`
			Location string          `json:"location"`
			Outcome  json.RawMessage `json:"outcome"`
		} `json:"response"`
	} `json:"entry"`
}

// tally reads a transaction-response: entry i answers request entry i.
func (l *loader) tally(body []byte, r request, count func(string) *TypeCounts) error {
	var tr txResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.ResourceType != "Bundle" {
		for _, t := range r.types {
			count(t).Failed++
		}
		return fmt.Errorf("the server's answer is not a Bundle: %s", outcomeText(body))
	}
	var firstErr error
	for i, t := range r.types {
		if i >= len(tr.Entry) {
			count(t).Failed++
			if firstErr == nil {
				firstErr = fmt.Errorf("the transaction-response has %d entries for %d requests", len(tr.Entry), len(r.types))
			}
			continue
		}
		st := tr.Entry[i].Response.Status
		code, _ := strconv.Atoi(strings.Fields(st + " 0")[0])
		switch {
		case code == 201:
			count(t).Created++
		case code/100 == 2:
			count(t).Updated++
		default:
			count(t).Failed++
			if firstErr == nil {
				firstErr = fmt.Errorf("entry %d (%s): status %q: %s", i, t, st, outcomeText(tr.Entry[i].Response.Outcome))
			}
		}
	}
	return firstErr
}

// CountResources returns the number of resources of a type on the server,
// from GET [base]/Type?_summary=count. It retries 429, 5xx and network
// errors up to 10 times.
func CountResources(ctx context.Context, client *http.Client, server, typ string) (int, error) {
	if client == nil {
		client = http.DefaultClient
	}
	var err error
	for attempt := 0; attempt <= 10; attempt++ {
		var n int
		n, err = countOnce(ctx, client, server, typ)
		var st *statusError
		if err == nil || ctx.Err() != nil || (errors.As(err, &st) && !retryable(st.status)) {
			return n, err
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
		}
	}
	return 0, err
}

func countOnce(ctx context.Context, client *http.Client, server, typ string) (int, error) {
	u := strings.TrimRight(server, "/") + "/" + url.PathEscape(typ) + "?_summary=count"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, &statusError{status: resp.StatusCode, outcome: outcomeText(data)}
	}
	var b struct {
		Total *int `json:"total"`
	}
	if err := json.Unmarshal(data, &b); err != nil || b.Total == nil {
		return 0, fmt.Errorf("GET %s: no total in %s", u, outcomeText(data))
	}
	return *b.Total, nil
}
