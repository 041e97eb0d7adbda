package parquet

import (
	"fmt"
	"testing"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// TestReusedColumnsWriteTheSameBytes writes a part through a sink that has
// already written another, so its files take the columns the first part's
// files left (newFileEncoder), and checks they are byte for byte the files a
// new sink writes. The first part ends its encounters file while a column is
// past its dictionary (the fallback), with nulls and partial pages, so state
// left behind would show.
func TestReusedColumnsWriteTheSameBytes(t *testing.T) {
	old := dictMaxBytes
	dictMaxBytes = 2000
	defer func() { dictMaxBytes = old }()
	first := synth.Batch(0, 300, synth.DefaultShape, 9)
	for i := range first.Encounters {
		first.Encounters[i].TypeDisplay = fmt.Sprintf("display %d", i) // outgrows the dictionary
	}
	second := generator.Part{First: 300, End: 420}
	batches := synth.Split(second.First, int(second.Patients()), 25, 4)

	hashes := func(reg *outfile.Registry) map[string]string {
		out := map[string]string{}
		for _, r := range reg.Records() {
			out[r.Path] = r.SHA256
		}
		return out
	}
	opts := Options{RowGroupRows: 5000}
	fresh := outfile.NewRegistry(t.TempDir())
	writePart(t, NewSink(fresh, opts), second, batches)
	want := hashes(fresh)

	reused := outfile.NewRegistry(t.TempDir())
	s := NewSink(reused, opts)
	writePart(t, s, generator.Part{First: 0, End: 300}, []*models.Batch{first})
	writePart(t, s, second, batches)
	got := hashes(reused)
	for path, sum := range want {
		if got[path] != sum {
			t.Errorf("%s: written after another part %s, by a new sink %s", path, got[path], sum)
		}
	}
	if len(want) != 8 {
		t.Errorf("%d files in the part, want 8", len(want))
	}
}
