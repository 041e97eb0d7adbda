package benchmarks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
)

// benchPatients is the population size of one pipeline iteration
// (override with COHORTGEN_BENCH_PATIENTS).
func benchPatients() int64 {
	if v, err := strconv.ParseInt(os.Getenv("COHORTGEN_BENCH_PATIENTS"), 10, 64); err == nil && v > 0 {
		return v
	}
	return 100_000
}

// BenchmarkPipeline generates a population with 10-year histories and writes
// it end to end (plan, generation, encoding, hashing, manifest, rename), as
// Parquet, Parquet and Arrow, and FHIR NDJSON, with 1 and 2 workers.
func BenchmarkPipeline(b *testing.B) {
	for _, format := range []string{"parquet", "parquet,arrow", "fhir-ndjson"} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("format=%s/workers=%d", format, workers), func(b *testing.B) {
				benchPipeline(b, workers, format)
			})
		}
	}
}

func benchPipeline(b *testing.B, workers int, formats string) {
	n := benchPatients()
	var rows, bytes int64
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "out")
		cfg := cohortgen.Config{Out: out, Formats: splitComma(formats)}
		cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 1, n, generator.DefaultAsOf, 10, workers
		m, err := cohortgen.Generate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		rows, bytes = 0, m.TotalBytes()
		for _, r := range m.Tables {
			rows += r
		}
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/secs, "patients/s")
	b.ReportMetric(float64(rows)/secs, "rows/s")
	b.ReportMetric(float64(bytes)/1e6/secs, "MB/s")
	b.ReportMetric(float64(rows)/float64(n), "rows/patient")
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
