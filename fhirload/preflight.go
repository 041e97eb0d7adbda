package fhirload

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// ErrPreflight marks a server that, by its /metadata, cannot take the load:
// not reachable, not a FHIR base URL, not R4, or without what the loader
// needs. Nothing was written.
var ErrPreflight = errors.New("preflight failed")

type preflightError struct{ msg string }

func (e *preflightError) Error() string        { return e.msg }
func (e *preflightError) Is(target error) bool { return target == ErrPreflight }

// capability is what the loader needs from a CapabilityStatement. A nil
// map means the statement did not say, which is not held against it.
type capability struct {
	fhirVersion  string
	software     string
	interactions map[string]bool            // system-level: transaction, batch
	resources    map[string]json.RawMessage // type -> its rest.resource entry
}

type capabilityJSON struct {
	ResourceType string `json:"resourceType"`
	FHIRVersion  string `json:"fhirVersion"`
	Software     struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"software"`
	Rest []struct {
		Mode        string `json:"mode"`
		Interaction []struct {
			Code string `json:"code"`
		} `json:"interaction"`
		Resource []json.RawMessage `json:"resource"`
	} `json:"rest"`
}

const baseHint = "the FHIR base URL is the one [base]/metadata answers under, and usually ends in /fhir, /fhir/r4, /baseR4 or /r4"

// preflight reads [base]/metadata before anything is written, so that a
// wrong URL, a missing token or a stopped server is one clear line within
// seconds instead of a failure per unit. A busy answer (503 while the server
// starts) is asked again after wait (httpload.GetUntilNotBusy).
func preflight(ctx context.Context, client *http.Client, server string, sentToken bool, timeout time.Duration,
	wait func(try int) time.Duration) (*capability, error) {
	base := strings.TrimRight(server, "/")
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	status, ctype, body, err := httpload.GetUntilNotBusy(ctx, wait, func() (int, string, []byte, error) {
		return getMetadata(ctx, client, base)
	})
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, &preflightError{fmt.Sprintf("%s did not answer GET /metadata within %v: is the server up, and is --server its FHIR base URL?", base, timeout)}
		}
		var ae *httpload.AuthError
		if errors.As(err, &ae) {
			return nil, ae
		}
		var te *httpload.TokenEndpointError
		if errors.As(err, &te) {
			return nil, &preflightError{"cannot get a token: " + te.Error()}
		}
		return nil, &preflightError{fmt.Sprintf("cannot reach %s: %s: is the server running, and is --server right?", base, httpload.NetCause(err))}
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return nil, httpload.StatusAuthError(base, " at /metadata", status, outcomeFirstLine(body), sentToken)
	case status != http.StatusOK:
		msg := fmt.Sprintf("%s answered %d at /metadata; %s", base, status, baseHint)
		return nil, &preflightError{msg + suggestBase(ctx, client, base)}
	}
	var cs capabilityJSON
	if err := json.Unmarshal(body, &cs); err != nil || cs.ResourceType != "CapabilityStatement" {
		what := "something that is not a FHIR CapabilityStatement"
		if ctype != "" {
			what += " (" + ctype + ")"
		}
		if cs.ResourceType != "" {
			what = "a " + cs.ResourceType + ", not a CapabilityStatement"
		}
		msg := fmt.Sprintf("%s answered /metadata with %s; %s", base, what, baseHint)
		return nil, &preflightError{msg + suggestBase(ctx, client, base)}
	}
	c := &capability{fhirVersion: cs.FHIRVersion, software: strings.TrimSpace(cs.Software.Name + " " + cs.Software.Version)}
	if c.fhirVersion != "" && !strings.HasPrefix(c.fhirVersion, "4.0.") {
		return nil, &preflightError{fmt.Sprintf("%s is a FHIR %s server (%s); cohortgen writes FHIR R4 (4.0.x): give the base URL of the server's R4 endpoint",
			base, c.fhirVersion, releaseName(c.fhirVersion))}
	}
	for _, r := range cs.Rest {
		if r.Mode != "" && r.Mode != "server" {
			continue
		}
		if len(r.Interaction) > 0 {
			c.interactions = map[string]bool{}
			for _, in := range r.Interaction {
				c.interactions[in.Code] = true
			}
		}
		if len(r.Resource) > 0 {
			c.resources = map[string]json.RawMessage{}
			for _, raw := range r.Resource {
				var head struct {
					Type string `json:"type"`
				}
				if json.Unmarshal(raw, &head) == nil && head.Type != "" {
					c.resources[head.Type] = raw
				}
			}
		}
	}
	return c, nil
}

func getMetadata(ctx context.Context, client *http.Client, base string) (int, string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metadata", nil)
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("Accept", "application/fhir+json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, "", nil, err
	}
	ctype, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return resp.StatusCode, ctype, body, nil
}

// suggestBase tries the usual FHIR base paths under the same host and
// names the first that answers /metadata with a CapabilityStatement. It is
// a hint only: a few quick GETs, bounded in time, with nothing written.
func suggestBase(ctx context.Context, client *http.Client, base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	root := *u
	root.Path, root.RawPath, root.RawQuery = "", "", ""
	p := strings.TrimRight(u.Path, "/")
	seen := map[string]bool{base: true}
	var candidates []string
	add := func(path string) {
		c := root.String() + path
		if !seen[c] {
			seen[c] = true
			candidates = append(candidates, c)
		}
	}
	for _, suffix := range []string{"/r4", "/R4", "/fhir", "/fhir/r4", "/baseR4"} {
		add(p + suffix)
	}
	for _, path := range []string{"/fhir/r4", "/fhir", "/baseR4", "/r4", ""} {
		add(path)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	for _, c := range candidates {
		status, _, body, err := getMetadata(ctx, client, c)
		if err != nil {
			return ""
		}
		var cs capabilityJSON
		if status == http.StatusOK && json.Unmarshal(body, &cs) == nil && cs.ResourceType == "CapabilityStatement" {
			return fmt.Sprintf(" (%s/metadata is a CapabilityStatement: try --server %s)", c, c)
		}
	}
	return ""
}

func releaseName(v string) string {
	switch {
	case strings.HasPrefix(v, "1.0."):
		return "DSTU2"
	case strings.HasPrefix(v, "3.0."):
		return "STU3"
	case strings.HasPrefix(v, "4.3."):
		return "R4B"
	case strings.HasPrefix(v, "5.0."):
		return "R5"
	}
	return "not R4"
}

// check holds the statement against what this load will send: transaction
// Bundles, and PUTs that create resources of the given types. Only what the
// server states is held against it.
func (c *capability) check(base string, types []string) error {
	if c.interactions != nil && !c.interactions["transaction"] {
		var has []string
		for k := range c.interactions {
			has = append(has, k)
		}
		sort.Strings(has)
		return &preflightError{fmt.Sprintf("%s does not support transaction Bundles (its CapabilityStatement lists only %s); cohortgen load posts every unit as a transaction",
			base, strings.Join(has, ", "))}
	}
	if c.resources == nil {
		return nil
	}
	var missing, noCreate []string
	for _, t := range types {
		raw, ok := c.resources[t]
		if !ok {
			missing = append(missing, t)
			continue
		}
		var r struct {
			UpdateCreate *bool `json:"updateCreate"`
			Interaction  []struct {
				Code string `json:"code"`
			} `json:"interaction"`
		}
		_ = json.Unmarshal(raw, &r)
		update := len(r.Interaction) == 0
		for _, in := range r.Interaction {
			update = update || in.Code == "update"
		}
		if !update || (r.UpdateCreate != nil && !*r.UpdateCreate) {
			noCreate = append(noCreate, t)
		}
	}
	switch {
	case len(missing) > 0:
		return &preflightError{fmt.Sprintf("%s does not support %s (not in its CapabilityStatement)", base, strings.Join(missing, ", "))}
	case len(noCreate) > 0:
		return &preflightError{fmt.Sprintf("%s does not allow PUT to create %s (update-as-create); cohortgen loads every resource by PUT to its stable id so that loading twice duplicates nothing",
			base, strings.Join(noCreate, ", "))}
	}
	return nil
}

// describe names the server for the log: its software and FHIR version.
func (c *capability) describe() string {
	s := c.software
	if s == "" {
		s = "software not named"
	}
	if c.fhirVersion != "" {
		return s + ", FHIR " + c.fhirVersion
	}
	return s + ", FHIR version not stated"
}
