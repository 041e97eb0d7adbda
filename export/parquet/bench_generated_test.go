package parquet

import (
	"context"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// BenchmarkSinkGenerated is BenchmarkSink with the generator's own rows
// (4,000 patients with 10-year histories, generated once before the timer
// starts): the ids, codes and repeats the encoder meets in a real run, which
// synth only imitates.
func BenchmarkSinkGenerated(b *testing.B) {
	const patients = 4000
	batches := generatedBatches(b, patients)
	rows := 0
	for _, bt := range batches {
		for _, n := range bt.Rows() {
			rows += n
		}
	}
	benchWrite(b, batches, patients, rows)
}

// generatedBatches runs the generator (seed 1, one worker) and keeps a copy
// of every batch it writes.
func generatedBatches(b *testing.B, patients int64) []*models.Batch {
	b.Helper()
	opts := generator.Options{Seed: 1, Patients: patients, AsOf: generator.DefaultAsOf, HistoryYears: 10, Workers: 1}
	plan, err := generator.NewPlan(opts)
	if err != nil {
		b.Fatal(err)
	}
	c := &collector{}
	if _, err := generator.Run(context.Background(), plan, []generator.Sink{c}, nil); err != nil {
		b.Fatal(err)
	}
	return c.batches
}

// collector is a sink that keeps the batches. The generator reuses a
// batch's slices after Write, so the rows are copied; the strings and values
// they point to are never reused (generator.PartWriter).
type collector struct{ batches []*models.Batch }

func (*collector) WritePractices([]models.Practice) error         { return nil }
func (*collector) WritePractitioners([]models.Practitioner) error { return nil }
func (c *collector) OpenPart(generator.Part) (generator.PartWriter, error) {
	return c, nil
}
func (c *collector) Write(b *models.Batch) error {
	c.batches = append(c.batches, &models.Batch{
		FirstPatient:  b.FirstPatient,
		Patients:      slices.Clone(b.Patients),
		Conditions:    slices.Clone(b.Conditions),
		Encounters:    slices.Clone(b.Encounters),
		Prescriptions: slices.Clone(b.Prescriptions),
		Observations:  slices.Clone(b.Observations),
		Immunisations: slices.Clone(b.Immunisations),
		Allergies:     slices.Clone(b.Allergies),
		Registrations: slices.Clone(b.Registrations),
	})
	return nil
}
func (*collector) Close() error { return nil }
