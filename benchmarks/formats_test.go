package benchmarks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/openehr"
	"github.com/code4health/cohortgen/generator"
)

// BenchmarkFormats writes the same population in each format on its own,
// end to end with 2 workers, and reports bytes written per second, so that
// the formats compare per byte (issue 11: the openEHR sink must not be the
// slowest by more than 2x). For openEHR it also reports compositions/s.
// COHORTGEN_BENCH_PATIENTS sets the size (the default 100,000 writes about
// 17 GB of openEHR: use 5,000 or so).
func BenchmarkFormats(b *testing.B) {
	for _, format := range []string{"parquet", "arrow", "fhir-ndjson", "fhir-bundle", openehr.Format} {
		b.Run("format="+format, func(b *testing.B) {
			n := benchPatients()
			var bytes, comps int64
			for i := 0; i < b.N; i++ {
				cfg := cohortgen.Config{Out: filepath.Join(b.TempDir(), "out"), Formats: []string{format}}
				cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 1, n, generator.DefaultAsOf, 10, 2
				m, err := cohortgen.Generate(context.Background(), cfg)
				if err != nil {
					b.Fatal(err)
				}
				bytes, comps = m.TotalBytes(), 0
				for _, f := range m.Files {
					if f.Table == openehr.TableCompositions {
						comps += f.Rows
					}
				}
			}
			secs := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(n)/secs, "patients/s")
			b.ReportMetric(float64(bytes)/1e6/secs, "MB/s")
			b.ReportMetric(float64(bytes)/1e6, "MB")
			if comps > 0 {
				b.ReportMetric(float64(comps)/secs, "compositions/s")
			}
		})
	}
}
