package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen/internal/httpload"
)

// loadAuthFlags are the credentials flags of load. None takes a secret
// itself: a secret typed on the command line lands in shell history and
// in the process list, so the flags name an environment variable or a file.
type loadAuthFlags struct {
	tokenEnv, tokenFile string
	headers             []string
	oauthURL            string
	clientIDEnv         string
	clientSecretEnv     string
	scopes              string
	smartKey, smartKID  string
}

func (f *loadAuthFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.tokenEnv, "token-env", "", "send the bearer token held in this environment variable")
	fl.StringVar(&f.tokenFile, "token-file", "", "send the bearer token held in this file")
	fl.StringArrayVar(&f.headers, "header", nil, "extra header 'Name: value' for every request (repeatable; ${VAR} in the value is read from the environment)")
	fl.StringVar(&f.oauthURL, "oauth-token-url", "", "get bearer tokens from this OAuth 2.0 token endpoint (client credentials grant)")
	fl.StringVar(&f.clientIDEnv, "oauth-client-id-env", "COHORTGEN_OAUTH_CLIENT_ID", "environment variable holding the OAuth client id")
	fl.StringVar(&f.clientSecretEnv, "oauth-client-secret-env", "COHORTGEN_OAUTH_CLIENT_SECRET", "environment variable holding the OAuth client secret")
	fl.StringVar(&f.scopes, "oauth-scope", "", "OAuth scopes to ask for, space-separated (e.g. 'system/*.write')")
	fl.StringVar(&f.smartKey, "smart-key-file", "", "with --oauth-token-url: authenticate with a signed JWT from this PEM private key (SMART Backend Services) instead of a client secret")
	fl.StringVar(&f.smartKID, "smart-key-id", "", "the key id (kid) the token endpoint knows --smart-key-file's key by")
}

// apply reads the secrets the flags point at into opt (the FHIR or the
// openEHR loader's credentials). Its errors are usage errors and never quote
// a secret.
func (f *loadAuthFlags) apply(opt *httpload.Credentials) error {
	n := 0
	for _, set := range []bool{f.tokenEnv != "", f.tokenFile != "", f.oauthURL != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return usagef("give one of --token-env, --token-file and --oauth-token-url")
	}
	switch {
	case f.tokenEnv != "":
		v, err := fromEnv("--token-env", f.tokenEnv)
		if err != nil {
			return err
		}
		opt.Token = v
	case f.tokenFile != "":
		data, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return usagef("--token-file %s: %v", f.tokenFile, pathErr(err))
		}
		tok := strings.TrimSpace(string(data))
		if tok == "" {
			return usagef("--token-file %s is empty", f.tokenFile)
		}
		if strings.ContainsAny(tok, " \t\r\n") {
			return usagef("--token-file %s holds more than one word: it should hold the token alone", f.tokenFile)
		}
		opt.Token = tok
	case f.oauthURL != "":
		u, err := url.Parse(f.oauthURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--oauth-token-url %q: give the token endpoint's http:// or https:// URL", f.oauthURL)
		}
		id, err := fromEnv("--oauth-client-id-env", f.clientIDEnv)
		if err != nil {
			return err
		}
		opt.OAuth = &httpload.OAuth{TokenURL: f.oauthURL, ClientID: id, Scopes: strings.Fields(f.scopes), KeyID: f.smartKID}
		if f.smartKey != "" {
			key, err := httpload.LoadPrivateKey(f.smartKey)
			if err != nil {
				return usagef("--smart-key-file %s: %v", f.smartKey, pathErr(err))
			}
			opt.OAuth.PrivateKey = key
		} else if opt.OAuth.ClientSecret, err = fromEnv("--oauth-client-secret-env", f.clientSecretEnv); err != nil {
			return err
		}
	}
	if (f.smartKey != "" || f.smartKID != "") && f.oauthURL == "" {
		return usagef("--smart-key-file and --smart-key-id need --oauth-token-url")
	}
	if len(f.headers) > 0 {
		opt.Header = http.Header{}
	}
	for i, h := range f.headers {
		name, value, ok := strings.Cut(h, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || !validHeaderName(name) || value == "" {
			// The value may be a secret: name the flag by position only.
			return usagef("--header number %d: want 'Name: value' with a header name of letters, digits and '-'", i+1)
		}
		var missing string
		value = os.Expand(value, func(k string) string {
			v := os.Getenv(k)
			if v == "" && missing == "" {
				missing = k
			}
			return v
		})
		if missing != "" {
			return usagef("--header %s: $%s is not set", name, missing)
		}
		if (opt.Token != "" || opt.OAuth != nil) && http.CanonicalHeaderKey(name) == "Authorization" {
			return usagef("--header Authorization and a token flag both set the Authorization header: give one")
		}
		opt.Header.Add(name, value)
	}
	return nil
}

func fromEnv(flag, name string) (string, error) {
	if name == "" {
		return "", usagef("%s: give the name of an environment variable", flag)
	}
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return "", usagef("%s %s: $%s is not set or empty", flag, name, name)
	}
	return v, nil
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// pathErr drops the path that os errors repeat.
func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s", pe.Err)
	}
	return err
}
