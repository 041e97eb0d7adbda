package fhirload

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Errors in what Run is asked to do, found before any request is sent. The
// command line exits 2 on them.
var (
	// ErrBadServer: the server URL does not parse or is not http(s).
	ErrBadServer = errors.New("bad server URL")
	// ErrNoFHIR: the folder is a cohortgen dataset without the FHIR
	// output asked for.
	ErrNoFHIR = errors.New("no FHIR output")
)

// CheckServer checks that raw is an http:// or https:// URL with a host.
// A URL that does not parse would otherwise fail each request as a network
// error would, and be retried for minutes.
func CheckServer(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &checkError{ErrBadServer, fmt.Sprintf("server URL %q is not a URL: %v", raw, err)}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &checkError{ErrBadServer, fmt.Sprintf("server URL %q: give the server's FHIR base URL, starting http:// or https:// (such as http://localhost:8080/fhir)", raw)}
	}
	if u.Host == "" {
		return &checkError{ErrBadServer, fmt.Sprintf("server URL %q has no host", raw)}
	}
	if _, has := u.User.Password(); has {
		// A password here would land in shell history, logs and the
		// checkpoint.
		return &checkError{ErrBadServer, fmt.Sprintf("server URL %s carries a password: give credentials with --token-env, --token-file or --oauth-token-url instead", u.Redacted())}
	}
	return nil
}

// checkError is a one-line message that matches its kind.
type checkError struct {
	kind error
	msg  string
}

func (e *checkError) Error() string        { return e.msg }
func (e *checkError) Is(target error) bool { return target == e.kind }

// datasetFormats returns the formats a cohortgen dataset's manifest.json
// lists, and whether dir holds one.
func datasetFormats(dir string) ([]string, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, false
	}
	var m struct {
		Generator string   `json:"generator"`
		Formats   []string `json:"formats"`
	}
	if json.Unmarshal(b, &m) != nil || m.Generator != "cohortgen" {
		return nil, false
	}
	return m.Formats, true
}

// noFHIR is the error for a dataset without the FHIR output asked for
// (want is "bundle", "ndjson" or "" for either), saying how to make it.
func noFHIR(dir string, formats []string, want string) error {
	has := "no FHIR output"
	how := "-f fhir-ndjson or -f fhir-bundle"
	switch want {
	case "bundle":
		has, how = "no FHIR Bundles (bundles/)", "-f fhir-bundle (or load its NDJSON with --format ndjson, if it has fhir/)"
	case "ndjson":
		has, how = "no FHIR NDJSON (fhir/)", "-f fhir-ndjson (or load its Bundles with --format bundle, if it has bundles/)"
	}
	return &checkError{ErrNoFHIR, fmt.Sprintf("%s has %s, only %s: generate the FHIR output with %s, e.g. cohortgen generate -f fhir-bundle -o %s-fhir",
		dir, has, strings.Join(formats, ", "), how, filepath.Clean(dir))}
}
