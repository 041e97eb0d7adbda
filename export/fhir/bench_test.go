package fhir

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// benchBatches is the benchmark's data: 1,000 patients of the default shape
// (about 60 encounters, 35 observations, 8 prescriptions and 3 conditions
// each), as two parts of 500 patients, in batches of 100.
type benchData struct {
	practices []models.Practice
	parts     []generator.Part
	batches   [][]*models.Batch // per part
}

var benchOnce = sync.OnceValue(func() *benchData {
	d := &benchData{practices: fhirsample.Practices(7, 200)}
	for _, p := range []generator.Part{{First: 0, End: 500}, {First: 500, End: 1000}} {
		d.parts = append(d.parts, p)
		var bs []*models.Batch
		for first := p.First; first < p.End; first += 100 {
			bs = append(bs, fhirsample.Batch(7, d.practices, first, 100, fhirsample.Default))
		}
		d.batches = append(d.batches, bs)
	}
	return d
})

// BenchmarkEncode measures the encoder alone, on one goroutine, into memory.
func BenchmarkEncode(b *testing.B) {
	d := benchOnce()
	var enc encoder
	buf := make([]byte, 0, 1<<26)
	var n int64
	for b.Loop() {
		n = 0
		for _, bs := range d.batches {
			for _, batch := range bs {
				forEachPatient(batch, func(pr *patientRecords) error {
					buf = buf[:0]
					buf = enc.Patient(buf, pr.P)
					for i := range pr.Conds {
						buf = enc.Condition(buf, &pr.Conds[i])
					}
					for i := range pr.Encs {
						buf = enc.Encounter(buf, &pr.Encs[i], pr.Conds)
					}
					for i := range pr.Rxs {
						buf = enc.MedicationRequest(buf, &pr.Rxs[i])
					}
					for i := range pr.Obs {
						buf = enc.Observation(buf, &pr.Obs[i])
					}
					n += int64(len(buf))
					return nil
				})
			}
		}
		b.SetBytes(n)
	}
}

// runSink writes the benchmark data through a sink with one goroutine per
// part (two, as on the two-core target machine) and closes it.
func runSink(b *testing.B, d *benchData, sk generator.Sink) {
	if err := sk.WritePractitioners(fhirsample.Practitioners(d.practices)); err != nil {
		b.Fatal(err)
	}
	if err := sk.WritePractices(d.practices); err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, p := range d.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := sk.OpenPart(p)
			if err != nil {
				b.Error(err)
				return
			}
			for _, batch := range d.batches[i] {
				if err := w.Write(batch); err != nil {
					b.Error(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := sk.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNDJSON measures the whole NDJSON sink: two parts encoded
// concurrently to their temporary files, then Close concatenating them into
// the final files through the Registry (which hashes them). MB/s is NDJSON
// bytes written per second.
func BenchmarkNDJSON(b *testing.B) {
	d := benchOnce()
	root := b.TempDir()
	var total int64
	for b.Loop() {
		dir := filepath.Join(root, "run")
		b.StopTimer()
		os.RemoveAll(dir)
		reg := newRegistry(dir)
		b.StartTimer()
		runSink(b, d, NewNDJSON(reg, Options{}))
		total = 0
		for _, r := range reg.Records() {
			total += r.Bytes
		}
		b.SetBytes(total)
	}
	b.ReportMetric(float64(total)/1e6, "kB/patient") // 1,000 patients
}

// BenchmarkBundles measures the per-patient Bundle sink the same way.
func BenchmarkBundles(b *testing.B) {
	d := benchOnce()
	root := b.TempDir()
	for b.Loop() {
		dir := filepath.Join(root, "run")
		b.StopTimer()
		os.RemoveAll(dir)
		reg := newRegistry(dir)
		b.StartTimer()
		runSink(b, d, NewBundles(reg, Options{}))
		var total int64
		for _, r := range reg.Records() {
			total += r.Bytes
		}
		b.SetBytes(total)
	}
}
