package fhirload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// assertNoSecret fails if any secret appears in the texts or in the
// checkpoint file under dir.
func assertNoSecret(t *testing.T, dir string, secrets []string, texts ...string) {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, StateFile)); err == nil {
		texts = append(texts, string(data))
	}
	for _, s := range secrets {
		for i, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("secret %q appears in output %d:\n%s", s, i, text)
			}
		}
	}
}

func TestBearerTokenAndHeadersSent(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 11, 12))
	f := newFakeServer(t)
	const token, key = "tok-Zq81xPLm", "key-8HqvW2"
	var refused atomic.Int64
	f.auth = func(r *http.Request) bool {
		ok := r.Header.Get("Authorization") == "Bearer "+token && r.Header.Get("X-Api-Key") == key
		if !ok {
			refused.Add(1)
		}
		return ok
	}
	opt := quietOpts(f.url(), dir)
	opt.Token = token
	opt.Header = http.Header{"X-Api-Key": {key}}
	var out, errb bytes.Buffer
	if _, err := Run(context.Background(), opt, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	checkStore(t, f, counts)
	if refused.Load() != 0 {
		t.Errorf("%d requests went without the token or header", refused.Load())
	}
	assertNoSecret(t, dir, []string{token, key}, out.String(), errb.String())
}

func TestRefusedTokenAtPreflight(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 12, 5)
	f := newFakeServer(t)
	f.auth = func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer right-token-1a2b" }
	for _, sent := range []string{"", "wrong-token-7f3a9c"} {
		opt := quietOpts(f.url(), dir)
		opt.Token = sent
		var out, errb bytes.Buffer
		start := time.Now()
		_, err := Run(context.Background(), opt, &out, &errb)
		if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "/metadata") {
			t.Fatalf("token %q: err = %v", sent, err)
		}
		hint := "--token-env"
		if sent != "" {
			hint = "refused the bearer token"
		}
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("token %q: %v does not say %q", sent, err, hint)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("took %v", took)
		}
		if f.posts.Load() != 0 {
			t.Errorf("%d transactions posted after a refused preflight", f.posts.Load())
		}
		if _, err := os.Stat(filepath.Join(dir, StateFile)); err == nil {
			t.Error("a refused preflight wrote a checkpoint")
		}
		assertNoSecret(t, dir, []string{"wrong-token-7f3a9c"}, err.Error(), out.String(), errb.String())
	}
}

// TestRefusedTokenMidLoad: a token revoked during the load stops it at
// once, says why without the token, writes the checkpoint without it, and
// does not suggest --resume (which cannot help).
func TestRefusedTokenMidLoad(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 13, 40)
	f := newFakeServer(t)
	const token = "revoked-token-Qw9z"
	var accepted atomic.Int64
	f.auth = func(r *http.Request) bool {
		if r.Method == http.MethodGet {
			return true
		}
		return accepted.Add(1) <= 5
	}
	opt := quietOpts(f.url(), dir)
	opt.Token = token
	var out, errb bytes.Buffer
	sum, err := Run(context.Background(), opt, &out, &errb)
	if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(errb.String(), "--resume") || strings.Contains(err.Error(), "--resume") {
		t.Errorf("an auth failure suggests --resume:\n%s", errb.String())
	}
	if !strings.Contains(errb.String(), "credentials") {
		t.Errorf("stderr does not say what to fix:\n%s", errb.String())
	}
	// It stopped: the refused requests are one per worker at most, plus
	// the one that found out.
	if n := accepted.Load(); n > 5+int64(opt.Concurrency)+1 {
		t.Errorf("%d requests after the token was refused", n-5)
	}
	if sum.Done >= sum.Units {
		t.Errorf("summary %+v", sum)
	}
	if _, err := os.Stat(filepath.Join(dir, StateFile)); err != nil {
		t.Errorf("no checkpoint: %v", err)
	}
	assertNoSecret(t, dir, []string{token}, err.Error(), out.String(), errb.String(), strings.Join(sum.Errors, "\n"))
}

// tokenEndpoint is an OAuth 2.0 token endpoint for the client credentials
// grant: it checks the client's id and secret and issues numbered tokens.
type tokenEndpoint struct {
	srv     *httptest.Server
	issued  atomic.Int64
	expires int // expires_in, seconds
	id, sec string
}

func newTokenEndpoint(t *testing.T, id, secret string) *tokenEndpoint {
	te := &tokenEndpoint{expires: 3600, id: id, sec: secret}
	te.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		user, pass, ok := r.BasicAuth()
		if !ok {
			user, pass = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("grant_type") != "client_credentials" || user != te.id || pass != te.sec {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"unknown client or wrong secret"}`)
			return
		}
		n := te.issued.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("oauth-token-%d-xK3q", n),
			"token_type": "Bearer", "expires_in": te.expires})
	}))
	t.Cleanup(te.srv.Close)
	return te
}

// TestOAuthClientCredentials: the token is fetched once for all workers,
// and when the server revokes it mid-load the loader fetches a new one and
// repeats the refused request, so the load completes.
func TestOAuthClientCredentials(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 14, 30))
	te := newTokenEndpoint(t, "cohortgen-client", "client-secret-Vb71")
	f := newFakeServer(t)
	var mu sync.Mutex
	revoked := map[string]bool{}
	var posts, refused atomic.Int64
	f.auth = func(r *http.Request) bool {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		mu.Lock()
		defer mu.Unlock()
		if !ok || !strings.HasPrefix(tok, "oauth-token-") || revoked[tok] {
			refused.Add(1)
			return false
		}
		if r.Method == http.MethodPost && posts.Add(1) == 10 {
			revoked[tok] = true // the server drops the token mid-load
			refused.Add(1)
			return false
		}
		return true
	}
	opt := quietOpts(f.url(), dir)
	opt.OAuth = &OAuth{TokenURL: te.srv.URL + "/token", ClientID: te.id, ClientSecret: te.sec}
	var out, errb bytes.Buffer
	sum, err := Run(context.Background(), opt, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	checkStore(t, f, counts)
	if te.issued.Load() != 2 {
		t.Errorf("%d tokens fetched, want 2 (the first, and one after the 401)", te.issued.Load())
	}
	if refused.Load() == 0 || sum.Failed != 0 {
		t.Errorf("the revocation was not exercised (%d refused) or failed a unit (%+v)", refused.Load(), sum)
	}
	assertNoSecret(t, dir, []string{te.sec, "oauth-token-1-xK3q", "oauth-token-2-xK3q"}, out.String(), errb.String())

	// A wrong secret is an auth error naming the endpoint, not the secret,
	// found at preflight.
	opt.OAuth = &OAuth{TokenURL: te.srv.URL + "/token", ClientID: te.id, ClientSecret: "not-the-secret-Jk2"}
	before := f.posts.Load()
	_, err = Run(context.Background(), opt, &out, &errb)
	if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "invalid_client") || !strings.Contains(err.Error(), te.srv.URL) {
		t.Errorf("wrong secret: err = %v", err)
	}
	if f.posts.Load() != before {
		t.Error("a load with a refused client posted transactions")
	}
	assertNoSecret(t, dir, []string{"not-the-secret-Jk2"}, err.Error(), out.String(), errb.String())
}
