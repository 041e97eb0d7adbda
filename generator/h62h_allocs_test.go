package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Allocations per patient (stop 62, h62h). A worker reuses its batch and its
// scratch from batch to batch, so once they have grown what a patient still
// allocates is what outlives the batch (row ids in their arenas, the values
// of numeric readings in theirs, the demographic strings) and a few
// per-person plans. Every other heap allocation is malloc and collector work
// repeated a million times a run; stop 62 removed the largest: the own
// reading streams of lipid panels and spirometry (a pointer to a new stream,
// escaping, at each reading), the result-stop start groups ("class:" + c,
// boxed in an any, at each issue), the slow-heart rules' copies of the pulse
// readings, the home-visit weights made for everyone, and the iron deficiency
// check's bound method value and closure (at each haemoglobin or ferritin).
//
// The bound is a count of allocations, not a time: it does not depend on the
// machine's load.
func TestGenerationAllocatesLittlePerPatient(t *testing.T) {
	p := testPlan(t, 800_000, nil) // BenchmarkGenerate's plan
	w := newWorker(p)
	var b models.Batch
	next := int64(0)
	batch := func() {
		if err := w.generate(next, next+batchSize, &b); err != nil {
			t.Fatal(err)
		}
		next += batchSize
	}
	for range 4 { // the batch's slices and the worker's scratch grow to their sizes
		batch()
	}
	perPatient := testing.AllocsPerRun(8, batch) / batchSize
	t.Logf("%.2f allocations a patient over %d patients", perPatient, 9*batchSize)
	// Stop 61 (72653126) allocated 28.8 objects a patient here, stop 62
	// 16.4: the bound sits between, with room for new clinical steps, so a
	// new escaping allocation in a per-reading or per-issue path shows.
	if perPatient > 22 {
		t.Errorf("%.2f allocations a patient, want at most 22", perPatient)
	}
}
