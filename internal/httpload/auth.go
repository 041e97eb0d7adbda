package httpload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrAuth marks a failure the server or the token endpoint blamed on the
// credentials (401, 403, a refused client). Retrying or resuming cannot help
// until the credentials change.
var ErrAuth = errors.New("authentication failed")

// Credentials are what a load sends with every request. Header values and
// the token are secrets: never printed, never checkpointed.
type Credentials struct {
	// Header is added to every request (an API key, a tenant, a Basic
	// Authorization).
	Header http.Header
	// Token, if set, is sent as "Authorization: Bearer Token".
	Token string
	// OAuth, if set (and Token is not), gets the bearer token with the
	// OAuth 2.0 client credentials grant.
	OAuth *OAuth
}

// Sent reports whether the credentials put anything in the Authorization
// header, for the hint on a 401.
func (c Credentials) Sent() bool {
	return c.Token != "" || c.OAuth != nil || c.Header.Get("Authorization") != ""
}

// Client returns a copy of client whose transport adds the header and the
// bearer token, and registers every secret with red. Without credentials it
// returns client itself. The token endpoint is asked through the plain
// client: the server's headers are not for it.
func (c Credentials) Client(client *http.Client, red *Redactor) *http.Client {
	for _, vs := range c.Header {
		for _, v := range vs {
			red.Add(v)
		}
	}
	var tokens tokenSource
	switch {
	case c.Token != "":
		red.Add(c.Token)
		tokens = staticToken(c.Token)
	case c.OAuth != nil:
		tokens = newOAuthSource(c.OAuth, client, red)
	}
	if tokens == nil && len(c.Header) == 0 {
		return client
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out := *client
	out.Transport = &authTransport{base: base, header: c.Header.Clone(), tokens: tokens}
	return &out
}

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

// AuthError is a refusal of the credentials; errors.Is(err, ErrAuth).
type AuthError struct{ Msg string }

func (e *AuthError) Error() string        { return e.Msg }
func (e *AuthError) Is(target error) bool { return target == ErrAuth }

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

// StatusAuthError explains a 401 or 403 from base (at names where, such as
// " at /metadata"; outcome is the server's own explanation, if any) and
// says what to do about it.
func StatusAuthError(base, at string, status int, outcome string, sentToken bool) error {
	msg := fmt.Sprintf("%s answered HTTP %d %s%s", base, status, http.StatusText(status), at)
	if outcome != "" {
		msg += " (" + outcome + ")"
	}
	return &AuthError{msg + ": " + authHint(status, sentToken)}
}
