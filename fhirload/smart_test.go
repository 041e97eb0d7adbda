package fhirload

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
	"github.com/golang-jwt/jwt/v5"
)

// smartEndpoint is a token endpoint for SMART Backend Services: it accepts
// a client whose assertion is signed by the registered public key, names
// the client as issuer and subject and the endpoint as audience, expires
// within five minutes, and has a jti not seen before.
func smartEndpoint(t *testing.T, clientID, kid string, pub crypto.PublicKey) (*httptest.Server, *[]string) {
	var mu sync.Mutex
	var issued []string
	seen := map[string]bool{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		refuse := func(why string) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":"invalid_client","error_description":%q}`, why)
		}
		if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_assertion_type") != httpload.AssertionType {
			refuse("want client_credentials with a jwt-bearer assertion")
			return
		}
		var claims jwt.RegisteredClaims
		tok, err := jwt.ParseWithClaims(r.PostForm.Get("client_assertion"), &claims,
			func(*jwt.Token) (any, error) { return pub, nil },
			jwt.WithValidMethods([]string{"RS384", "ES384"}), jwt.WithAudience(srv.URL+"/token"),
			jwt.WithIssuer(clientID), jwt.WithSubject(clientID), jwt.WithExpirationRequired())
		if err != nil {
			refuse(err.Error())
			return
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case tok.Header["kid"] != kid:
			refuse("unknown kid")
		case time.Until(claims.ExpiresAt.Time) > 5*time.Minute+time.Second:
			refuse("exp more than five minutes ahead")
		case claims.ID == "" || seen[claims.ID]:
			refuse("jti missing or reused")
		default:
			seen[claims.ID] = true
			access := fmt.Sprintf("smart-token-%d", len(issued)+1)
			issued = append(issued, access)
			json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 300})
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &issued
}

func writeKey(t *testing.T, key crypto.Signer, pkcs8 bool) string {
	var block *pem.Block
	switch k := key.(type) {
	case *rsa.PrivateKey:
		block = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
	case *ecdsa.PrivateKey:
		der, _ := x509.MarshalECPrivateKey(k)
		block = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
	}
	if pkcs8 {
		der, _ := x509.MarshalPKCS8PrivateKey(key)
		block = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	}
	p := filepath.Join(t.TempDir(), "key.pem")
	os.WriteFile(p, pem.EncodeToMemory(block), 0o600)
	return p
}

func TestSMARTBackendServices(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for _, c := range []struct {
		name  string
		key   crypto.Signer
		pkcs8 bool
	}{{"RS384, PKCS#1", rsaKey, false}, {"ES384, PKCS#8", ecKey, true}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			counts := bundleCounts(t, dir, writeSample(t, dir, 51, 8))
			key, err := LoadPrivateKey(writeKey(t, c.key, c.pkcs8))
			if err != nil {
				t.Fatal(err)
			}
			te, issued := smartEndpoint(t, "backend-client", "key-1", c.key.Public())
			f := newFakeServer(t)
			f.auth = func(r *http.Request) bool {
				return strings.HasPrefix(r.Header.Get("Authorization"), "Bearer smart-token-")
			}
			opt := quietOpts(f.url(), dir)
			opt.OAuth = &OAuth{TokenURL: te.URL + "/token", ClientID: "backend-client", PrivateKey: key, KeyID: "key-1"}
			var errb bytes.Buffer
			if _, err := Run(context.Background(), opt, &bytes.Buffer{}, &errb); err != nil {
				t.Fatalf("%v\n%s", err, errb.String())
			}
			checkStore(t, f, counts)
			if len(*issued) != 1 {
				t.Errorf("%d tokens issued, want 1", len(*issued))
			}
			// A key the endpoint does not know is refused at preflight.
			other, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
			opt.OAuth.PrivateKey = other
			before := f.posts.Load()
			_, err = Run(context.Background(), opt, &bytes.Buffer{}, &bytes.Buffer{})
			if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "the key") {
				t.Errorf("unknown key: err = %v", err)
			}
			if f.posts.Load() != before {
				t.Error("posted with a refused key")
			}
		})
	}
}

func TestLoadPrivateKeyRefusals(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	notPEM := filepath.Join(t.TempDir(), "key")
	os.WriteFile(notPEM, []byte("secret-material-not-pem"), 0o600)
	for path, want := range map[string]string{
		writeKey(t, p256, true): "P-384",
		notPEM:                  "no PEM block",
	} {
		_, err := LoadPrivateKey(path)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secret-material") {
			t.Errorf("%s: err = %v, want one saying %q", path, err, want)
		}
	}
}
