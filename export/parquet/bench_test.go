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

// benchWrite writes the batches as a part of the given patients, b.N parts
// through one sink, and reports rows per CPU-second and per second. The
// files are removed only at the end: on tmpfs, b.N parts must fit in memory.
func benchWrite(b *testing.B, batches []*models.Batch, patients, rows int) {
	reg := outfile.NewRegistry(b.TempDir())
	s := NewSink(reg, Options{})
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		// One sink, a part after another, as in a run of many parts.
		first := int64(i) * int64(patients)
		writePart(b, s, generator.Part{First: first, End: first + int64(patients)}, batches)
	}
	var written int64
	for _, r := range reg.Records() {
		written += r.Bytes
	}
	written /= int64(b.N)
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
