package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// BenchmarkGenerate measures generation alone (no encoding), one goroutine,
// in the batch size the pipeline uses.
func BenchmarkGenerate(b *testing.B) {
	p := testPlan(b, 800_000, nil)
	var batch models.Batch
	w := newWorker(p)
	var i int64
	rows := 0
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if i+batchSize > p.Opts.Patients {
			i = 0
		}
		if err := w.generate(i, i+batchSize, &batch); err != nil {
			b.Fatal(err)
		}
		for _, r := range batch.Rows() {
			rows += r
		}
		i += batchSize
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*batchSize)/secs, "patients/s")
	b.ReportMetric(float64(rows)/secs, "rows/s")
}
