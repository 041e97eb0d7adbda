package httpload

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestOAuthRefreshBeforeExpiry: a token is reused until shortly before it
// expires, then replaced, on a clock the test moves. (Moved here from
// fhirload with the code it tests.)
func TestOAuthRefreshBeforeExpiry(t *testing.T) {
	var issued atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		user, pass, ok := r.BasicAuth()
		if !ok {
			user, pass = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("grant_type") != "client_credentials" || user != "id" || pass != "secret-Ab12" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		n := issued.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("oauth-token-%d-xK3q", n),
			"token_type": "Bearer", "expires_in": 600})
	}))
	defer srv.Close()
	src := newOAuthSource(&OAuth{TokenURL: srv.URL, ClientID: "id", ClientSecret: "secret-Ab12", RefreshBefore: time.Minute},
		http.DefaultClient, &Redactor{})
	now := time.Now()
	src.now = func() time.Time { return now }
	ctx := context.Background()
	first, err := src.token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// oauth2 computes the expiry from the real clock; the test clock starts
	// there and moves forward.
	for _, step := range []struct {
		after time.Duration
		same  bool
	}{{time.Second, true}, {500 * time.Second, true}, {545 * time.Second, false}} {
		now = time.Now().Add(step.after)
		tok, err := src.token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if (tok == first) != step.same {
			t.Errorf("after %v: token %q (first %q), want same = %v", step.after, tok, first, step.same)
		}
	}
	if issued.Load() != 2 {
		t.Errorf("%d tokens fetched, want 2", issued.Load())
	}
}
