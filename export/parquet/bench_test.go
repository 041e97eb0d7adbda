package parquet

import (
	"testing"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// BenchmarkSink writes one part of 10,000 synthetic patients (synth's shape:
// ids, codes and values like the generator's) through the sink, on one
// goroutine, to a temporary folder (set TMPDIR=/dev/shm to leave the disk
// out). It measures the writer alone; benchmarks/ measures the pipeline.
func BenchmarkSink(b *testing.B) {
	const patients, batch = 10000, 100
	var batches []*models.Batch
	rows := 0
	for first := 0; first < patients; first += batch {
		bt := synth.Batch(int64(first), batch, synth.DefaultShape, 42)
		rows += len(bt.Patients) + len(bt.Conditions) + len(bt.Encounters) + len(bt.Prescriptions) + len(bt.Observations)
		batches = append(batches, bt)
	}
	dir := b.TempDir()
	b.ResetTimer()
	var written int64
	for range b.N {
		s := NewSink(outfile.NewRegistry(dir), Options{})
		pw, err := s.OpenPart(generator.Part{First: 0, End: patients})
		if err != nil {
			b.Fatal(err)
		}
		for _, bt := range batches {
			if err := pw.Write(bt); err != nil {
				b.Fatal(err)
			}
		}
		if err := pw.Close(); err != nil {
			b.Fatal(err)
		}
		written = 0
		for _, r := range s.reg.Records() {
			written += r.Bytes
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(rows)*float64(b.N)/sec, "rows/s")
	b.ReportMetric(float64(patients)*float64(b.N)/sec, "patients/s")
	b.ReportMetric(float64(written)/float64(rows), "bytes/row")
}
