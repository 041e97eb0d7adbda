package parquet

import (
	"syscall"
	"testing"
	"time"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// BenchmarkSink writes one part of 10,000 synthetic patients (synth's shape:
// ids, codes and values like the generator's) through the sink, on one
// goroutine, to a temporary folder (set TMPDIR=/dev/shm to leave the disk
// out). It measures the writer alone; benchmarks/ measures the pipeline.
// rows/cpu-s divides by the process's CPU time, the figure to compare on a
// busy machine.
func BenchmarkSink(b *testing.B) {
	const patients, batch = 10000, 100
	var batches []*models.Batch
	rows := 0
	for first := 0; first < patients; first += batch {
		bt := synth.Batch(int64(first), batch, synth.DefaultShape, 42)
		rows += len(bt.Patients) + len(bt.Conditions) + len(bt.Encounters) + len(bt.Prescriptions) + len(bt.Observations)
		batches = append(batches, bt)
	}
	benchWrite(b, batches, patients, rows)
}

// benchWrite writes the batches, one part of the given patients, through
// the sink b.N times and reports rows per CPU-second and per second.
func benchWrite(b *testing.B, batches []*models.Batch, patients, rows int) {
	dir := b.TempDir()
	b.ResetTimer()
	cpu0 := cpuTime()
	var written int64
	for range b.N {
		s := NewSink(outfile.NewRegistry(dir), Options{})
		pw, err := s.OpenPart(generator.Part{First: 0, End: int64(patients)})
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
	cpu := (cpuTime() - cpu0).Seconds()
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(rows)*float64(b.N)/cpu, "rows/cpu-s")
	b.ReportMetric(float64(rows)*float64(b.N)/sec, "rows/s")
	b.ReportMetric(float64(patients)*float64(b.N)/sec, "patients/s")
	b.ReportMetric(float64(written)/float64(rows), "bytes/row")
}

// cpuTime is the process's user and system CPU time: on a shared machine it
// moves far less than wall time when other jobs run.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
