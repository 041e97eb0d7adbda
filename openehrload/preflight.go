package openehrload

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// ErrPreflight marks a server that, by its answer to the first request,
// cannot take the load: not reachable, not an openEHR REST base URL, or
// not answering as one. Nothing was written.
var ErrPreflight = errors.New("preflight failed")

type preflightError struct{ msg string }

func (e *preflightError) Error() string        { return e.msg }
func (e *preflightError) Is(target error) bool { return target == ErrPreflight }

const (
	templatesPath = "/definition/template/adl1.4"
	ehrbasePath   = "/ehrbase/rest/openehr/v1"
	baseHint      = "the openEHR base URL usually ends in " + ehrbasePath + " (EHRbase's default is http://localhost:8080" + ehrbasePath + ")"
)

// preflight GETs the template list before anything is written, asking again
// only after a busy answer (httpload.GetUntilNotBusy): a wrong URL, missing credentials or a stopped server
// is one clear line within seconds instead of a failure per EHR. It returns
// the ids of the templates the server has.
func (l *loader) preflight(ctx context.Context) (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(ctx, l.opt.PreflightTimeout)
	defer cancel()
	status, ctype, body, err := httpload.GetUntilNotBusy(ctx, l.backoff, func() (int, string, []byte, error) {
		return l.get(ctx, l.base+templatesPath)
	})
	if err != nil {
		var ae *httpload.AuthError
		var te *httpload.TokenEndpointError
		switch {
		case ctx.Err() == context.DeadlineExceeded:
			return nil, &preflightError{fmt.Sprintf("%s did not answer GET %s within %v: is the server up, and is --openehr its openEHR REST base URL?", l.base, templatesPath, l.opt.PreflightTimeout)}
		case errors.As(err, &ae):
			return nil, ae
		case errors.As(err, &te):
			return nil, &preflightError{"cannot get a token: " + te.Error()}
		}
		return nil, &preflightError{fmt.Sprintf("cannot reach %s: %s: is the server running, and is --openehr right?", l.base, httpload.NetCause(err))}
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return nil, httpload.StatusAuthError(l.base, " at "+templatesPath, status, explanation(body), l.sendsAuth)
	case status != http.StatusOK:
		return nil, &preflightError{fmt.Sprintf("%s answered HTTP %d %s at %s; %s%s", l.base, status, http.StatusText(status), templatesPath, baseHint, l.suggestBase(ctx))}
	}
	var list []struct {
		TemplateID string `json:"template_id"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		what := "something that is not a JSON template list"
		if ctype != "" {
			what += " (" + ctype + ")"
		}
		return nil, &preflightError{fmt.Sprintf("%s answered %s with %s; %s%s", l.base, templatesPath, what, baseHint, l.suggestBase(ctx))}
	}
	have := map[string]bool{}
	for _, t := range list {
		have[t.TemplateID] = true
	}
	return have, nil
}

// get makes one GET through the load's client (with its credentials).
func (l *loader) get(ctx context.Context, u string) (int, string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("Accept", "application/json")
	l.add(func(s *Summary) { s.Requests++ })
	resp, err := l.opt.Client.Do(req)
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

// suggestBase tries EHRbase's default path on the same host and names it if
// it answers the template list: a hint only, one quick GET, nothing written.
func (l *loader) suggestBase(ctx context.Context) string {
	u, err := url.Parse(l.base)
	if err != nil || strings.HasSuffix(u.Path, ehrbasePath) {
		return ""
	}
	u.Path, u.RawPath, u.RawQuery = ehrbasePath, "", ""
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	status, _, body, err := l.get(ctx, u.String()+templatesPath)
	if err != nil || status != http.StatusOK || !json.Valid(body) || !strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		return ""
	}
	return fmt.Sprintf(" (%s%s answers: try --openehr %s)", u.String(), templatesPath, u.String())
}
