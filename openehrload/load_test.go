package openehrload_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/openehr"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/openehrload"
)

type shared struct {
	dir string
	m   *cohortgen.Manifest
}

var datasetOnce = sync.OnceValues(func() (shared, error) {
	dir, err := os.MkdirTemp("", "openehrload-test-")
	if err != nil {
		return shared{}, err
	}
	cfg := cohortgen.Config{Out: filepath.Join(dir, "out"), Formats: []string{openehr.Format}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 9, 60, generator.DefaultAsOf, 10, 2
	m, err := cohortgen.Generate(context.Background(), cfg)
	return shared{cfg.Out, m}, err
})

func TestMain(m *testing.M) {
	code := m.Run()
	if s, err := datasetOnce(); err == nil {
		os.RemoveAll(filepath.Dir(s.dir))
	}
	os.Exit(code)
}

// dataset copies the shared 60-patient dataset into a fresh folder (each
// test has its own checkpoint file) and returns it with its EHR and
// composition counts.
func dataset(t *testing.T) (dir string, ehrs, comps int) {
	t.Helper()
	s, err := datasetOnce()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.m.Files {
		switch f.Table {
		case openehr.TableEHRs:
			ehrs += int(f.Rows)
		case openehr.TableCompositions:
			comps += int(f.Rows)
		}
	}
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(s.dir)); err != nil {
		t.Fatal(err)
	}
	return dir, ehrs, comps
}

func opts(server, dir string) openehrload.Options {
	return openehrload.Options{Server: server, Dir: dir, Concurrency: 3, SystemID: "local.test",
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

func TestLoadWithFailuresThenAgain(t *testing.T) {
	dir, nEHR, nComp := dataset(t)
	srv, url := newTestServer(t, "local.test", 7)
	sum, err := openehrload.Run(context.Background(), opts(url, dir), io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ehrs, comps, posts := srv.counts()
	if ehrs != nEHR || comps != nComp || posts != nComp {
		t.Fatalf("server has %d EHRs, %d compositions (%d posts); the dataset %d and %d", ehrs, comps, posts, nEHR, nComp)
	}
	if sum.Retries == 0 || srv.failed == 0 {
		t.Errorf("no retries (%d) or injected failures (%d): the test did not test retrying", sum.Retries, srv.failed)
	}
	if sum.TemplatesUploaded != len(openehr.TemplateIDs) || sum.EHRsCreated != nEHR || sum.CompositionsCreated != nComp {
		t.Errorf("summary %+v", sum)
	}
	// A second run finds everything and adds nothing.
	sum, err = openehrload.Run(context.Background(), opts(url, dir), io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, comps2, posts2 := srv.counts(); comps2 != nComp || posts2 != posts {
		t.Errorf("second run: %d compositions, %d posts (first run %d, %d)", comps2, posts2, comps, posts)
	}
	if sum.TemplatesPresent != len(openehr.TemplateIDs) || sum.EHRsPresent != nEHR || sum.CompositionsPresent != nComp || sum.CompositionsCreated != 0 {
		t.Errorf("second run summary %+v", sum)
	}
}

// Without the server's system id in the uids, EHRbase (and the test server)
// refuse every composition: the loader reports it and stops.
func TestForeignSystemIDIsRefused(t *testing.T) {
	dir, _, _ := dataset(t)
	_, url := newTestServer(t, "local.ehrbase.org", 0)
	o := opts(url, dir)
	o.SystemID = "" // keep cohortgen's
	o.MaxFailures = 2
	_, err := openehrload.Run(context.Background(), o, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("no error")
	}
}

// An interrupted load resumes from its checkpoint without duplicates.
func TestResume(t *testing.T) {
	dir, nEHR, nComp := dataset(t)
	srv, url := newTestServer(t, "local.test", 0)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if e, _, _ := srv.counts(); e >= nEHR/3 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := openehrload.Run(ctx, opts(url, dir), io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, openehrload.StateFile)); err != nil {
		t.Fatal("no checkpoint after an interrupted run")
	}
	o := opts(url, dir)
	o.Resume = true
	sum, err := openehrload.Run(context.Background(), o, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ehrs, comps, posts := srv.counts()
	if ehrs != nEHR || comps != nComp || posts != nComp {
		t.Fatalf("after resume: %d EHRs, %d compositions, %d posts; want %d, %d, %d", ehrs, comps, posts, nEHR, nComp, nComp)
	}
	if sum.EHRsSkipped == 0 {
		t.Error("resume skipped nothing")
	}
}

func TestBadInput(t *testing.T) {
	for _, u := range []string{"", "localhost:8080", "ftp://x/y", "http://"} {
		if err := openehrload.CheckServer(u); !errors.Is(err, openehrload.ErrBadServer) {
			t.Errorf("CheckServer(%q) = %v", u, err)
		}
	}
	_, err := openehrload.Run(context.Background(), openehrload.Options{Server: "http://localhost:1/x", Dir: t.TempDir()}, io.Discard, io.Discard)
	if !errors.Is(err, openehrload.ErrNoOpenEHR) {
		t.Errorf("empty folder: %v", err)
	}
}
