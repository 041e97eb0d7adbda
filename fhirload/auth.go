package fhirload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// ErrAuth marks a failure the server or the token endpoint blamed on the
// credentials (401, 403, a refused client). Retrying or resuming cannot help
// until the credentials change.
var ErrAuth = errors.New("authentication failed")

// tokenSource hands out bearer tokens.
type tokenSource interface {
	// token returns the token to send now.
	token(ctx context.Context) (string, error)
	// invalidate is told that the server refused tok. It reports whether a
	// retry may get a different token (a static token never changes).
	invalidate(tok string) bool
}

// staticToken is a bearer token read from the environment or a file.
type staticToken string

func (s staticToken) token(context.Context) (string, error) { return string(s), nil }
func (staticToken) invalidate(string) bool                  { return false }

// authTransport adds the extra headers and the bearer token to every
// request. On a 401 it asks the token source for a new token and repeats
// the request once, so that a token revoked or expired early on the server
// side costs one request, not a failed unit.
type authTransport struct {
	base   http.RoundTripper
	header http.Header
	tokens tokenSource // nil: no bearer token
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.GetBody != nil && req.Body != nil {
		defer req.Body.Close() // each attempt sends a fresh copy from GetBody
	}
	resp, tok, err := t.once(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || t.tokens == nil {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, nil // the body cannot be sent twice
	}
	if !t.tokens.invalidate(tok) {
		return resp, nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp, _, err = t.once(req)
	return resp, err
}

// once sends a copy of req (a RoundTripper must not change its argument)
// with the headers and the current token.
func (t *authTransport) once(req *http.Request) (*http.Response, string, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, "", err
		}
		r.Body = body
	}
	for k, vs := range t.header {
		r.Header.Del(k)
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	var tok string
	if t.tokens != nil {
		var err error
		if tok, err = t.tokens.token(req.Context()); err != nil {
			if r.Body != nil {
				r.Body.Close()
			}
			return nil, "", err
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := t.base.RoundTrip(r)
	return resp, tok, err
}

// redactor replaces secrets (tokens, client secrets, header values) in
// anything the loader prints or returns. Tokens fetched during the load
// are added as they arrive.
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// add registers a secret. Very short values are ignored: hiding every "a"
// in the output would make it unreadable and protect nothing.
func (r *redactor) add(s string) {
	if r == nil || len(s) < 4 {
		return
	}
	r.mu.Lock()
	r.secrets = append(r.secrets, s)
	r.mu.Unlock()
}

func (r *redactor) redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "[redacted]")
	}
	return s
}

// writer wraps w so that everything written through it is redacted. Every
// message is written with one Fprintf, so a secret is never split across
// two writes.
func (r *redactor) writer(w io.Writer) io.Writer { return &redactWriter{r, w} }

type redactWriter struct {
	r *redactor
	w io.Writer
}

func (w *redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.w, w.r.redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// err returns err with its message redacted, keeping it unwrappable for
// errors.Is and errors.As.
func (r *redactor) err(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := r.redact(msg); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// authError is a refusal of the credentials.
type authError struct{ msg string }

func (e *authError) Error() string        { return e.msg }
func (e *authError) Is(target error) bool { return target == ErrAuth }

// authHint says what to do about a 401 or 403 from the server.
func authHint(status int, sentToken bool) string {
	switch {
	case status == http.StatusForbidden:
		return "the credentials were accepted but do not allow this (check the token's or client's scopes and the server's access rules)"
	case sentToken:
		return "the server refused the bearer token (wrong, expired or for another server?)"
	}
	return "the server wants credentials: pass a bearer token with --token-env NAME or --token-file PATH, or OAuth 2.0 client credentials with --oauth-token-url"
}

func statusAuthError(base, at string, status int, outcome string, sentToken bool) error {
	msg := fmt.Sprintf("%s answered HTTP %d %s%s", base, status, http.StatusText(status), at)
	if outcome != "" {
		msg += " (" + outcome + ")"
	}
	return &authError{msg + ": " + authHint(status, sentToken)}
}
