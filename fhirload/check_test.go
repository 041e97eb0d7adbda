package fhirload

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckServer(t *testing.T) {
	for _, good := range []string{"http://localhost:8080/fhir", "https://fhir.example.org/r4/", "http://[::1]:8080/fhir"} {
		if err := CheckServer(good); err != nil {
			t.Errorf("%s: %v", good, err)
		}
	}
	for _, bad := range []string{"http://[::1/fhir", "not-a-url", "localhost:8080/fhir", "ftp://example.org/fhir", "http:///fhir", "http://exa mple.org/", ""} {
		err := CheckServer(bad)
		if !errors.Is(err, ErrBadServer) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want one-line ErrBadServer, got %v", bad, err)
		}
	}
}

// TestBadInputFailsBeforeAnyRequest: a URL that does not parse and a dataset
// without FHIR output are reported at once, with no request sent and no
// checkpoint written.
func TestBadInputFailsBeforeAnyRequest(t *testing.T) {
	srv := newFakeServer(t)
	dir := t.TempDir()
	parquetOnly := filepath.Join(dir, "parquet-only")
	os.MkdirAll(filepath.Join(parquetOnly, "parquet", "patients"), 0o755)
	os.WriteFile(filepath.Join(parquetOnly, "manifest.json"), []byte(`{"generator": "cohortgen", "formats": ["parquet"], "files": []}`), 0o644)
	ndjsonOnly := filepath.Join(dir, "ndjson-only")
	writeSample(t, ndjsonOnly, 1, 3)
	os.RemoveAll(filepath.Join(ndjsonOnly, "bundles"))
	os.WriteFile(filepath.Join(ndjsonOnly, "manifest.json"), []byte(`{"generator": "cohortgen", "formats": ["fhir-ndjson"], "files": []}`), 0o644)

	cases := []struct {
		server, dir, format string
		want                error
		mention             []string
	}{
		{"http://[::1/fhir", ndjsonOnly, "", ErrBadServer, []string{"missing ']'"}},
		{srv.url(), parquetOnly, "", ErrNoFHIR, []string{"no FHIR output", "-f fhir-ndjson", "-f fhir-bundle"}},
		{srv.url(), parquetOnly, "bundle", ErrNoFHIR, []string{"no FHIR output"}},
		{srv.url(), ndjsonOnly, "bundle", ErrNoFHIR, []string{"no FHIR Bundles", "-f fhir-bundle", "--format ndjson"}},
	}
	for _, c := range cases {
		opts := quietOpts(c.server, c.dir)
		opts.Format = c.format
		start := time.Now()
		_, err := Run(context.Background(), opts, io.Discard, io.Discard)
		if !errors.Is(err, c.want) {
			t.Errorf("%s %s: want %v, got %v", c.server, c.dir, c.want, err)
			continue
		}
		for _, m := range c.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: %q does not mention %q", c.dir, err, m)
			}
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: took %v", c.server, took)
		}
		if _, err := os.Stat(filepath.Join(c.dir, StateFile)); !os.IsNotExist(err) {
			t.Errorf("%s: a checkpoint was written", c.dir)
		}
	}
	if n := srv.posts.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	// The same folder with its Bundles loads (the check is not too eager).
	withBundles := filepath.Join(dir, "both")
	writeSample(t, withBundles, 1, 3)
	os.WriteFile(filepath.Join(withBundles, "manifest.json"), []byte(`{"generator": "cohortgen", "formats": ["fhir-ndjson", "fhir-bundle"], "files": []}`), 0o644)
	if _, err := Run(context.Background(), quietOpts(srv.url(), withBundles), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
}
