package fhir

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// sample describes a synthetic run: practices, and patients split into parts.
type sample struct {
	seed      uint64
	practices []models.Practice
	parts     []generator.Part
	batch     int // patients per batch
	shape     fhirsample.Shape
}

func newSample(seed uint64, patients, partSize, batch int, shape fhirsample.Shape) *sample {
	s := &sample{seed: seed, practices: fhirsample.Practices(seed, 25), batch: batch, shape: shape}
	for first := 0; first < patients; first += partSize {
		end := min(first+partSize, patients)
		s.parts = append(s.parts, generator.Part{First: int64(first), End: int64(end)})
	}
	return s
}

// run writes the sample through the sinks the way the generator does:
// practices first, then every part concurrently, batch by batch, then Close.
func (s *sample) run(t testing.TB, sinks ...generator.Sink) {
	t.Helper()
	for _, sk := range sinks {
		if err := sk.WritePractices(s.practices); err != nil {
			t.Fatal(err)
		}
		if err := sk.WritePractitioners(fhirsample.Practitioners(s.practices)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(s.parts)*len(sinks))
	for _, p := range s.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := make([]generator.PartWriter, len(sinks))
			for i, sk := range sinks {
				w, err := sk.OpenPart(p)
				if err != nil {
					errs <- err
					return
				}
				ws[i] = w
			}
			for first := p.First; first < p.End; first += int64(s.batch) {
				n := min(int64(s.batch), p.End-first)
				b := fhirsample.Batch(s.seed, s.practices, first, int(n), s.shape)
				for _, w := range ws {
					if err := w.Write(b); err != nil {
						errs <- err
						return
					}
				}
			}
			for _, w := range ws {
				if err := w.Close(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, sk := range sinks {
		if err := sk.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// sampleDir returns where to write a test sample: a temporary folder, or
// $COHORTGEN_FHIR_SAMPLE_DIR (emptied first) to keep it for the external
// validators.
func sampleDir(t testing.TB) string {
	if d := os.Getenv("COHORTGEN_FHIR_SAMPLE_DIR"); d != "" {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// samplePatients is the size of the validation sample:
// $COHORTGEN_FHIR_SAMPLE_PATIENTS, default 150.
func samplePatients(t testing.TB) int {
	if v := os.Getenv("COHORTGEN_FHIR_SAMPLE_PATIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("COHORTGEN_FHIR_SAMPLE_PATIENTS=%q", v)
		}
		return n
	}
	return 150
}

func newRegistry(dir string) *outfile.Registry { return outfile.NewRegistry(dir) }

type outfileRecord = outfile.Record

func itoa(i int) string { return strconv.Itoa(i) }
