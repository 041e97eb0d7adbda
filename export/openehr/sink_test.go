package openehr

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// writeSample writes 90 sample patients in parts of 20 through a sink,
// every part on its own goroutine, batch patients at a time; reverse starts
// the parts last to first. It returns every file's bytes.
func writeSample(t *testing.T, batch int, reverse bool) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	practices := fhirsample.Practices(4, 25)
	sk := NewSink(outfile.NewRegistry(dir), Options{AsOf: models.Date(20000)})
	if err := sk.WritePractices(practices); err != nil {
		t.Fatal(err)
	}
	if err := sk.WritePractitioners(fhirsample.Practitioners(practices)); err != nil {
		t.Fatal(err)
	}
	var parts []generator.Part
	for first := int64(0); first < 90; first += 20 {
		parts = append(parts, generator.Part{First: first, End: min(first+20, 90)})
	}
	if reverse {
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(parts))
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := sk.OpenPart(p)
			if err != nil {
				errs <- err
				return
			}
			for first := p.First; first < p.End; first += int64(batch) {
				n := min(int64(batch), p.End-first)
				if err := w.Write(fhirsample.Batch(4, practices, first, int(n), fhirsample.Default)); err != nil {
					errs <- err
				}
			}
			if err := w.Close(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := sk.Close(); err != nil {
		t.Fatal(err)
	}
	tree := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		tree[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// The bytes do not depend on how parts are scheduled or batched (what the
// worker count changes), so a run is reproducible across worker counts.
func TestDeterministicAcrossSchedules(t *testing.T) {
	a := writeSample(t, 20, false)
	b := writeSample(t, 3, true)
	if len(a) < 90 {
		t.Fatalf("only %d files", len(a))
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(b[name], data) {
			t.Errorf("%s differs between schedules", name)
		}
	}
}

// A batch whose records are not grouped by patient is refused, and the part
// registers nothing.
func TestRefusesUngroupedBatch(t *testing.T) {
	dir := t.TempDir()
	reg := outfile.NewRegistry(dir)
	practices := fhirsample.Practices(4, 5)
	b := fhirsample.Batch(4, practices, 0, 2, fhirsample.Small)
	b.Conditions = append(b.Conditions, b.Conditions[0]) // patient 0's condition after patient 1's
	w, err := NewSink(reg, Options{}).OpenPart(generator.Part{First: 0, End: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(b); err == nil {
		t.Fatal("no error")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a failed write: no error")
	}
	for _, r := range reg.Records() {
		if r.Table == TableEHRs {
			t.Errorf("%s registered after a failed write", r.Path)
		}
	}
}
