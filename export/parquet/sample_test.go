package parquet

import (
	"os"
	"testing"

	arrowsink "github.com/code4health/cohortgen/export/arrow"
	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
)

// TestWriteSample writes a small dataset in both formats to
// $COHORTGEN_SAMPLE_DIR, for checking with outside readers (DuckDB's
// parquet-check, Arrow JS, pyarrow), with the Parquet compression
// $COHORTGEN_SAMPLE_COMPRESSION. Skipped when the directory is unset.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("COHORTGEN_SAMPLE_DIR")
	if dir == "" {
		t.Skip("COHORTGEN_SAMPLE_DIR not set")
	}
	reg := outfile.NewRegistry(dir)
	practices := synth.Practices(20, 42)
	sinks := []generator.Sink{NewSink(reg, Options{RowGroupRows: 4096, Compression: os.Getenv("COHORTGEN_SAMPLE_COMPRESSION")}), arrowsink.NewSink(reg, arrowsink.Options{BatchRows: 4096})}
	for _, s := range sinks {
		if err := s.WritePractices(practices); err != nil {
			t.Fatal(err)
		}
		for _, p := range []generator.Part{{First: 0, End: 200}, {First: 200, End: 300}} {
			pw, err := s.OpenPart(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range synth.Split(p.First, int(p.Patients()), 50, 42) {
				if err := pw.Write(b); err != nil {
					t.Fatal(err)
				}
			}
			if err := pw.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range reg.Records() {
		t.Logf("%s %s rows=%d bytes=%d", r.Path, r.Table, r.Rows, r.Bytes)
	}
}
