package fhirload

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"syscall"
)

// netCause names a transport failure in a few words ("connection
// refused"), without the request URL that net/http puts in front.
func netCause(err error) string {
	var te *tokenEndpointError
	if errors.As(err, &te) {
		return te.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "DNS lookup of " + dns.Name + ": no such host"
		}
		return "DNS lookup of " + dns.Name + " failed: " + dns.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.EPIPE):
		return "the server closed the connection"
	case errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	}
	return err.Error()
}

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
	return netCause(err)
}

// causeCount is one line of the summary's retry causes.
type causeCount struct {
	Cause string
	N     int
}

func sortedCauses(m map[string]int) []causeCount {
	out := make([]causeCount, 0, len(m))
	for k, n := range m {
		out = append(out, causeCount{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Cause < out[j].Cause
	})
	return out
}
