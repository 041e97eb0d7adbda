package parquet

import (
	"bufio"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	arrowsink "github.com/code4health/cohortgen/export/arrow"
	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// pipelineShape is the production row mix: a 25,000-patient part holds about
// 2M encounter and 2.5M observation rows.
var pipelineShape = synth.Shape{Encounters: 80, Observations: 100, Prescriptions: 8, Conditions: 3}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes.
func peakRSS(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

// TestPartScale writes two full 25,000-patient parts at once, as two
// workers do, and checks the peak RSS of the whole process stays under the
// program's 500 MB budget. It takes a few seconds and writes about 250 MB to
// a temporary folder; -short skips it. The environment picks the variant
// (SHOOTOUT.md has the figures):
//
//	COHORTGEN_PART_SCALE     parquet (default), arrow, or null (the harness alone)
//	COHORTGEN_RG_ROWS        row group rows (Parquet) or record batch rows (Arrow)
//	COHORTGEN_COMPRESSION    Parquet compression
//	COHORTGEN_HEAP_PROFILE   file for a heap profile three quarters through
//
// Run it alone for a clean peak: the peak is per process.
//
//	COHORTGEN_PART_SCALE=arrow go test ./export/parquet -run TestPartScale -v
func TestPartScale(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	format := os.Getenv("COHORTGEN_PART_SCALE")
	if format == "" {
		format = "parquet"
	}
	rgRows, _ := strconv.Atoi(os.Getenv("COHORTGEN_RG_ROWS"))
	const workers, patients, batchPatients = 2, generator.PartSize, 250
	reg := outfile.NewRegistry(t.TempDir())
	var sink generator.Sink
	switch format {
	case "parquet":
		sink = NewSink(reg, Options{RowGroupRows: int64(rgRows), Compression: os.Getenv("COHORTGEN_COMPRESSION")})
	case "arrow":
		sink = arrowsink.NewSink(reg, arrowsink.Options{BatchRows: rgRows})
	case "null":
		sink = nullSink{} // the harness alone: generation and the runtime
	default:
		t.Fatalf("COHORTGEN_PART_SCALE=%q, want parquet, arrow or null", format)
	}
	var wg sync.WaitGroup
	writeTime := make([]time.Duration, workers)
	rows := make([]int64, workers)
	errs := make([]error, workers)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			part := generator.Part{First: int64(w * patients), End: int64((w + 1) * patients)}
			pw, err := sink.OpenPart(part)
			if err != nil {
				errs[w] = err
				return
			}
			var b models.Batch
			for first := part.First; first < part.End; first += batchPatients {
				synth.Fill(&b, first, batchPatients, pipelineShape, 1)
				for _, n := range b.Rows() {
					rows[w] += int64(n)
				}
				t0 := time.Now()
				if err := pw.Write(&b); err != nil {
					errs[w] = err
					return
				}
				writeTime[w] += time.Since(t0)
				if prof := os.Getenv("COHORTGEN_HEAP_PROFILE"); prof != "" && w == 0 && first == part.First+patients*3/4 {
					writeHeapProfile(t, prof)
				}
			}
			t0 := time.Now()
			errs[w] = pw.Close()
			writeTime[w] += time.Since(t0)
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	peak := peakRSS(t)
	var total, bytes int64
	for _, r := range reg.Records() {
		total += r.Rows
		bytes += r.Bytes
		if strings.Contains(r.Path, "observations") || strings.Contains(r.Path, "encounters") {
			t.Logf("%s: %d rows, %.1f MB", r.Path, r.Rows, float64(r.Bytes)/1e6)
		}
	}
	if _, ok := sink.(nullSink); ok {
		total = rows[0] + rows[1]
	}
	if total != rows[0]+rows[1] {
		t.Errorf("registry has %d rows, wrote %d", total, rows[0]+rows[1])
	}
	var wt time.Duration
	for _, d := range writeTime {
		wt += d
	}
	t.Logf("%s rows/group=%d: %d rows, %.1f MB on disk (%.1f B/row), %v elapsed, writer time %v (%.2fM rows/s per worker), peak RSS %.0f MB",
		format, rgRows, total, float64(bytes)/1e6, float64(bytes)/float64(total), elapsed.Round(time.Millisecond),
		wt.Round(time.Millisecond), float64(total)/wt.Seconds()/1e6, float64(peak)/1e6)
	if peak > 500e6 {
		t.Errorf("peak RSS %.0f MB, budget 500 MB", float64(peak)/1e6)
	}
}

// writeHeapProfile writes the live heap (COHORTGEN_HEAP_PROFILE) three
// quarters through the first part.
func writeHeapProfile(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		t.Error(err)
	}
}

type nullSink struct{}

func (nullSink) WritePractices([]models.Practice) error                { return nil }
func (nullSink) WritePractitioners([]models.Practitioner) error        { return nil }
func (nullSink) OpenPart(generator.Part) (generator.PartWriter, error) { return nullSink{}, nil }
func (nullSink) Write(*models.Batch) error                             { return nil }
func (nullSink) Close() error                                          { return nil }
