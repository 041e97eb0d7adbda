package openehrload_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/code4health/cohortgen/openehrload"
)

// assertNoSecret fails if any secret appears in the texts or in the
// checkpoint under dir.
func assertNoSecret(t *testing.T, dir string, secrets []string, texts ...string) {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, openehrload.StateFile)); err == nil {
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

// With a token, every request carries it and the load completes; the
// token and the extra header appear in no output and not in the
// checkpoint.
func TestTokenSent(t *testing.T) {
	dir, nEHR, nComp := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	const token, key = "tok-Zq81xPLm-openehr", "key-8HqvW2-openehr"
	srv.token = token
	o := opts(url, dir)
	o.Token = token
	o.Header = http.Header{"X-Api-Key": {key}}
	var out, errb bytes.Buffer
	if _, err := openehrload.Run(context.Background(), o, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if ehrs, comps, _ := srv.counts(); ehrs != nEHR || comps != nComp {
		t.Fatalf("server has %d EHRs, %d compositions; want %d, %d", ehrs, comps, nEHR, nComp)
	}
	if int(srv.seen.Load()) != srv.requests {
		t.Errorf("%d of %d requests went without the token", srv.seen.Load()-int64(srv.requests), srv.seen.Load())
	}
	assertNoSecret(t, dir, []string{token, key}, out.String(), errb.String())
}

// Without a token, or with a wrong one, the preflight stops the load with
// an auth error and a hint; nothing is written, and the refused token,
// though the server echoes it, is in no output.
func TestNoOrWrongTokenIsAuthError(t *testing.T) {
	dir, _, _ := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	srv.token = "right-token-1a2b3c"
	for _, sent := range []string{"", "wrong-token-7f3a9c"} {
		o := opts(url, dir)
		o.Token = sent
		var out, errb bytes.Buffer
		_, err := openehrload.Run(context.Background(), o, &out, &errb)
		if !errors.Is(err, openehrload.ErrAuth) || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "/definition/template/adl1.4") {
			t.Fatalf("token %q: err = %v", sent, err)
		}
		hint := "--token-env"
		if sent != "" {
			hint = "refused the bearer token"
		}
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("token %q: no hint %q in %v", sent, hint, err)
		}
		if n := srv.writes(); n != 0 {
			t.Errorf("token %q: %d writes", sent, n)
		}
		assertNoSecret(t, dir, []string{"right-token-1a2b3c", "wrong-token-7f3a9c"}, err.Error(), out.String(), errb.String())
	}
}

// A token refused mid-load (revoked) stops the load at once: no EHR after
// the refusal is tried by any worker.
func TestTokenRevokedMidLoadStops(t *testing.T) {
	dir, nEHR, _ := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	const token = "tok-revoked-5Kp2"
	srv.token = token
	o := opts(url, dir)
	o.Token = token
	o.Retries = 1000
	go func() {
		for {
			if e, _, _ := srv.counts(); e >= nEHR/4 {
				srv.mu.Lock()
				srv.token = "rotated-elsewhere"
				srv.mu.Unlock()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var out, errb bytes.Buffer
	_, err := openehrload.Run(context.Background(), o, &out, &errb)
	if !errors.Is(err, openehrload.ErrAuth) || !strings.Contains(errb.String(), "fix the credentials") {
		t.Fatalf("err = %v\n%s", err, errb.String())
	}
	if e, _, _ := srv.counts(); e >= nEHR {
		t.Errorf("all %d EHRs loaded despite the refusal", e)
	}
	assertNoSecret(t, dir, []string{token}, err.Error(), out.String(), errb.String())
}
