package cohortgen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen/fhirload"
)

// TestDeltaLoadedOverItsBaseIsTheLaterServer loads a dataset and then its
// delta into a real FHIR server (COHORTGEN_FHIR_URL: CI starts one on
// loopback where its checker tools are installed; skipped without it) and
// reads back every resource of the later dataset: each must be on the
// server with the later dataset's content.
func TestDeltaLoadedOverItsBaseIsTheLaterServer(t *testing.T) {
	server := os.Getenv("COHORTGEN_FHIR_URL")
	if server == "" {
		t.Skip("COHORTGEN_FHIR_URL not set: no FHIR server to load into")
	}
	base, full, delta := livingRuns(t, 80, "fhir-ndjson")
	ctx := context.Background()
	for _, dir := range []string{base, delta} {
		var out, errb bytes.Buffer
		opt := fhirload.Options{Server: server, Dir: dir, Format: "ndjson", Concurrency: 4, MinBackoff: 10 * time.Millisecond, Retries: 20}
		if _, err := fhirload.Run(ctx, opt, &out, &errb); err != nil {
			t.Fatalf("loading %s: %v\n%s%s", dir, err, out.String(), errb.String())
		}
	}
	want := ndjsonResources(t, full)
	keys := make(chan string)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(keys)
		for k := range want {
			select {
			case keys <- k:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range 8 {
		g.Go(func() error {
			for k := range keys {
				got, err := fetchResource(ctx, server+"/"+k)
				if err != nil {
					t.Errorf("%s: %v", k, err)
					return err
				}
				if w := decodeResource(t, []byte(want[k])); !reflect.DeepEqual(got, w) {
					t.Errorf("%s on the server after base + delta:\n %v\n want %v", k, got, w)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d resources of the later dataset read back from %s", len(want), server)
}

func fetchResource(ctx context.Context, url string) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, &httpError{resp.StatusCode, string(body)}
	}
	var r map[string]any
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, err
	}
	return stripServerMeta(r), nil
}

type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return http.StatusText(e.status) + ": " + e.body }

func decodeResource(t *testing.T, b []byte) map[string]any {
	var r map[string]any
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return stripServerMeta(r)
}

// stripServerMeta removes what the server adds (version, time, author).
func stripServerMeta(r map[string]any) map[string]any {
	if m, ok := r["meta"].(map[string]any); ok {
		for k := range m {
			if k != "profile" && k != "tag" && k != "security" {
				delete(m, k)
			}
		}
	}
	return r
}
