package httpload

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sort"
	"syscall"
)

// NetCause names a transport failure in a few words ("connection
// refused"), without the request URL that net/http puts in front.
func NetCause(err error) string {
	var te *TokenEndpointError
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

// WriteCauses writes the summary's "retries by cause" block: each cause
// with its count, most frequent first. It writes nothing when there were
// no retries.
func WriteCauses(w io.Writer, causes map[string]int) {
	if len(causes) == 0 {
		return
	}
	type causeCount struct {
		cause string
		n     int
	}
	out := make([]causeCount, 0, len(causes))
	for k, n := range causes {
		out = append(out, causeCount{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].cause < out[j].cause
	})
	fmt.Fprintln(w, "retries by cause:")
	for _, c := range out {
		fmt.Fprintf(w, "%8d  %s\n", c.n, c.cause)
	}
}
