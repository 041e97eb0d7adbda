package httpload

import (
	"context"
	"net/http"
	"time"
)

// PreflightTries is how many times a loader's preflight asks a server that
// answers busy: a server starting up or shedding load is not a wrong URL,
// and one 503 should not stop a load that a second look would let run.
const PreflightTries = 3

// Busy reports whether a status says "not now" rather than "no": 408, 425,
// 429 and the 5xx errors other than 501.
func Busy(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return true
	}
	return status >= 500 && status != http.StatusNotImplemented
}

// GetUntilNotBusy calls get, and again after wait(k) while it answers a busy
// status, PreflightTries times at most and while ctx lasts. Network errors
// are returned at once: the preflight reports an unreachable server without
// delay.
func GetUntilNotBusy(ctx context.Context, wait func(try int) time.Duration,
	get func() (int, string, []byte, error)) (int, string, []byte, error) {
	status, ctype, body, err := get()
	for try := 1; try < PreflightTries && err == nil && Busy(status); try++ {
		select {
		case <-ctx.Done():
			return status, ctype, body, err
		case <-time.After(wait(try)):
		}
		status, ctype, body, err = get()
	}
	return status, ctype, body, err
}
