package fhirload

import (
	"crypto"

	"github.com/code4health/cohortgen/internal/httpload"
)

// The credentials, the breaker and the retries are the HTTP machinery
// shared with the openEHR loader (internal/httpload); these names keep
// this package's API as it was.

// OAuth configures the OAuth 2.0 client credentials grant (Options.OAuth).
type OAuth = httpload.OAuth

var (
	// ErrAuth marks a failure the server or the token endpoint blamed on
	// the credentials (401, 403, a refused client).
	ErrAuth = httpload.ErrAuth
	// ErrServerGone marks a load stopped because the server stopped
	// answering.
	ErrServerGone = httpload.ErrServerGone
)

// LoadPrivateKey reads a PEM private key for SMART Backend Services.
func LoadPrivateKey(path string) (crypto.Signer, error) { return httpload.LoadPrivateKey(path) }
