package httpload

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// SMART Backend Services (the client credentials grant with a private-key
// JWT client assertion, RFC 7523 §2.2): instead of a shared secret the
// client proves itself by signing a short-lived JWT with a key whose public
// half the server has registered.

// AssertionType is the client_assertion_type of a JWT client assertion.
const AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// signingMethod picks the JWS algorithm SMART names for the key: RS384 for
// RSA, ES384 for ECDSA P-384.
func signingMethod(key crypto.Signer) (jwt.SigningMethod, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return jwt.SigningMethodRS384, nil
	case *ecdsa.PrivateKey:
		if k.Curve == elliptic.P384() {
			return jwt.SigningMethodES384, nil
		}
		return nil, fmt.Errorf("an ECDSA key on %s: SMART Backend Services uses P-384 (ES384)", k.Curve.Params().Name)
	}
	return nil, fmt.Errorf("a %T key: SMART Backend Services uses RSA (RS384) or ECDSA P-384 (ES384)", key)
}

// assertion is a fresh signed JWT: issuer and subject the client id,
// audience the token endpoint, a unique id, valid for five minutes (the
// most SMART allows).
func assertion(o *OAuth, now time.Time) (string, error) {
	method, err := signingMethod(o.PrivateKey)
	if err != nil {
		return "", err
	}
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(method, jwt.RegisteredClaims{
		Issuer: o.ClientID, Subject: o.ClientID, Audience: jwt.ClaimStrings{o.TokenURL},
		ExpiresAt: jwt.NewNumericDate(now.Add(5 * time.Minute)), ID: hex.EncodeToString(jti),
	})
	if o.KeyID != "" {
		t.Header["kid"] = o.KeyID
	}
	return t.SignedString(o.PrivateKey)
}

// fetchWithAssertion asks the token endpoint for a token with a new
// assertion: each request needs its own, as the endpoint may refuse a
// reused jti.
func fetchWithAssertion(ctx context.Context, o *OAuth, now time.Time) (*oauth2.Token, error) {
	a, err := assertion(o, now)
	if err != nil {
		return nil, err
	}
	cfg := clientcredentials.Config{ClientID: o.ClientID, TokenURL: o.TokenURL, Scopes: o.Scopes,
		AuthStyle:      oauth2.AuthStyleInParams,
		EndpointParams: url.Values{"client_assertion_type": {AssertionType}, "client_assertion": {a}}}
	return cfg.Token(ctx)
}

// LoadPrivateKey reads a PEM private key (PKCS#8, PKCS#1 RSA or SEC 1 EC)
// for SMART Backend Services. Its errors never quote the file's content.
func LoadPrivateKey(path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block in the file")
	}
	var key any
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("a PEM %q block, not a private key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("the %s block does not parse", block.Type)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T key cannot sign", key)
	}
	if _, err := signingMethod(signer); err != nil {
		return nil, err
	}
	return signer, nil
}
