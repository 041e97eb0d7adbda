package fhirload

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/code4health/cohortgen/internal/httpload"
)

// outcomeFirstLine is the first line of an OperationOutcome's first issue
// (its diagnostics, else its details text), or of the body, shortened: a
// key to count retry causes by.
func outcomeFirstLine(data []byte) string {
	var oo outcome
	s := ""
	if json.Unmarshal(data, &oo) == nil && oo.ResourceType == "OperationOutcome" && len(oo.Issue) > 0 {
		s = oo.Issue[0].Diagnostics
		if s == "" {
			s = oo.Issue[0].Details.Text
		}
	} else if !json.Valid(data) || len(data) < 200 {
		s = string(data)
	}
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}

// retryCause is the key a retry is counted under: the HTTP status and the
// first line of the OperationOutcome, or the network failure.
func retryCause(err error) string {
	var st *statusError
	if errors.As(err, &st) {
		s := fmt.Sprintf("HTTP %d %s", st.status, http.StatusText(st.status))
		if st.first != "" {
			s += ": " + st.first
		}
		return s
	}
	return httpload.NetCause(err)
}
