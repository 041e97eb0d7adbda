package arrow

import (
	"fmt"
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/models"
)

// countingWriter discards what it is given and counts it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkArrowIPC measures the record batch size and compression:
// 1,000 patients' observations and encounters (60,000 rows), in generator
// batches of 100 patients, written to memory, repeated b.N times into one
// file per table.
func BenchmarkArrowIPC(b *testing.B) {
	batches := synth.Split(0, 1000, 100, 42)
	var rows int64
	for _, bt := range batches {
		rows += int64(len(bt.Observations) + len(bt.Encounters))
	}
	for _, comp := range []string{CompressionNone, CompressionLZ4, CompressionZstd} {
		for _, n := range []int{4096, 16384, 32768, 65536, 262144} {
			b.Run(fmt.Sprintf("%s/batch=%d", comp, n), func(b *testing.B) {
				s := NewSink(nil, Options{BatchRows: n, Compression: comp})
				var obs, enc countingWriter
				ow, err := newTableWriter[models.Observation](s, &obs)
				if err != nil {
					b.Fatal(err)
				}
				ew, err := newTableWriter[models.Encounter](s, &enc)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				runtime.GC()
				cpu0 := cpuTime()
				// One long file per table: the steady state of a part,
				// with the builders' buffers grown.
				for b.Loop() {
					for _, bt := range batches {
						if err := ow.Write(bt.Observations); err != nil {
							b.Fatal(err)
						}
						if err := ew.Write(bt.Encounters); err != nil {
							b.Fatal(err)
						}
					}
				}
				if err := ow.finish(); err != nil {
					b.Fatal(err)
				}
				if err := ew.finish(); err != nil {
					b.Fatal(err)
				}
				cpu := cpuTime() - cpu0
				size := obs.n + enc.n
				rows := rows * int64(b.N)
				b.ReportMetric(float64(rows)/cpu.Seconds(), "rows/cpu-s")
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(size)/float64(rows), "B/row")
			})
		}
	}
}

// cpuTime returns the process's user+system CPU time: rows per CPU second
// is steadier than rows per second on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
