package httpload

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuth configures the OAuth 2.0 client credentials grant (RFC 6749 §4.4):
// the loader asks TokenURL for an access token with the client id and
// secret, sends it as a bearer token, replaces it before it expires, and
// fetches a new one once when the server answers 401.
type OAuth struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
	// RefreshBefore is how long before its expiry a token is replaced
	// (default one minute, at most half the token's lifetime), so that no
	// request leaves with a token about to lapse.
	RefreshBefore time.Duration
	// PrivateKey, if set, replaces ClientSecret: the client signs a JWT
	// assertion with it (SMART Backend Services; RSA for RS384, ECDSA
	// P-384 for ES384). KeyID is the "kid" the server knows the key by.
	PrivateKey crypto.Signer
	KeyID      string
}

// oauthSource caches one token for all workers. Its mutex is held while a
// token is fetched, so that workers wanting a token at the same moment
// cause one request to the token endpoint, not one each.
type oauthSource struct {
	cfg    *clientcredentials.Config
	smart  *OAuth       // set for a private-key JWT client (SMART Backend Services)
	client *http.Client // for the token endpoint: without the server's headers
	early  time.Duration
	now    func() time.Time
	red    *Redactor

	mu        sync.Mutex
	tok       *oauth2.Token
	refreshAt time.Time // zero: the token does not expire
	fetches   int
}

func newOAuthSource(o *OAuth, client *http.Client, red *Redactor) *oauthSource {
	early := o.RefreshBefore
	if early <= 0 {
		early = time.Minute
	}
	red.Add(o.ClientSecret)
	s := &oauthSource{
		cfg: &clientcredentials.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			TokenURL: o.TokenURL, Scopes: o.Scopes},
		client: client, early: early, now: time.Now, red: red,
	}
	if o.PrivateKey != nil {
		s.smart = o
	}
	return s
}

func (s *oauthSource) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && (s.refreshAt.IsZero() || s.now().Before(s.refreshAt)) {
		return s.tok.AccessToken, nil
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.client)
	var t *oauth2.Token
	var err error
	if s.smart != nil {
		t, err = fetchWithAssertion(ctx, s.smart, time.Now())
	} else {
		t, err = s.cfg.Token(ctx)
	}
	if err != nil {
		return "", s.tokenError(err)
	}
	s.fetches++
	s.red.Add(t.AccessToken)
	s.tok = t
	s.refreshAt = time.Time{}
	if !t.Expiry.IsZero() {
		early := min(s.early, t.Expiry.Sub(s.now())/2)
		s.refreshAt = t.Expiry.Add(-early)
	}
	return t.AccessToken, nil
}

// invalidate drops tok if it is still the cached token. If another worker
// has already replaced it, the retry uses the replacement.
func (s *oauthSource) invalidate(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken == tok {
		s.tok = nil
	}
	return true
}

// tokenError explains a failed token request without the endpoint's raw
// answer, which could echo what was sent.
func (s *oauthSource) tokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return &TokenEndpointError{url: s.cfg.TokenURL, err: err}
	}
	code := re.Response.StatusCode
	what := fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
	if re.ErrorCode != "" {
		what += ", " + re.ErrorCode
		if re.ErrorDescription != "" {
			what += ": " + re.ErrorDescription
		}
	}
	if code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden {
		check := "the client id, secret and scopes"
		if s.smart != nil {
			check = "the client id, the key (and its kid) registered for it, and the scopes"
		}
		return &AuthError{fmt.Sprintf("the OAuth token endpoint %s refused the client (%s): check %s", s.cfg.TokenURL, what, check)}
	}
	return &TokenEndpointError{url: s.cfg.TokenURL, err: errors.New("answered " + what)}
}

// TokenEndpointError is a token request that failed for a reason other
// than the credentials: the endpoint is down or answered 5xx. It is retried
// like any network error.
type TokenEndpointError struct {
	url string
	err error
}

func (e *TokenEndpointError) Error() string {
	return fmt.Sprintf("the OAuth token endpoint %s: %s", e.url, NetCause(e.err))
}
func (e *TokenEndpointError) Unwrap() error { return e.err }
