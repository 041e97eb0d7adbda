package httpload

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestGetUntilNotBusy: a busy answer is asked again (and only a busy one),
// at most PreflightTries times; a network error is returned at once.
func TestGetUntilNotBusy(t *testing.T) {
	noWait := func(int) time.Duration { return 0 }
	cases := []struct {
		name    string
		answers []int // status per call; 0: a network error
		want    int   // the status returned
		calls   int
	}{
		{"busy then ready", []int{503, 429, 200}, 200, 3},
		{"ready", []int{200}, 200, 1},
		{"wrong URL is not asked again", []int{404, 200}, 404, 1},
		{"not implemented is an answer", []int{501, 200}, 501, 1},
		{"busy throughout", []int{503, 503, 503, 200}, 503, PreflightTries},
		{"unreachable", []int{0, 200}, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			status, _, _, err := GetUntilNotBusy(context.Background(), noWait, func() (int, string, []byte, error) {
				s := c.answers[calls]
				calls++
				if s == 0 {
					return 0, "", nil, errors.New("connection refused")
				}
				return s, "application/json", nil, nil
			})
			if status != c.want || calls != c.calls || (c.want == 0) != (err != nil) {
				t.Fatalf("status %d after %d calls (err %v), want %d after %d", status, calls, err, c.want, c.calls)
			}
		})
	}
	if !Busy(http.StatusServiceUnavailable) || Busy(http.StatusConflict) || Busy(http.StatusOK) {
		t.Fatal("Busy: 503 is busy; 409 and 200 are answers")
	}
}
