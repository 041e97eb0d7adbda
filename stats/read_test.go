package stats

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// tinyDataset generates 5 patients: part files of 3 to 11 KB.
func tinyDataset(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	cfg := cohortgen.Config{Out: out, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 3, 5, generator.DefaultAsOf, 10, 1
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return out
}

// everyTruncation reads the table's part file cut to every length from 0
// to its size minus one: each must be an error, one line naming the file,
// found by the shape checks (not by recovering from a panic). The whole
// file must read.
func everyTruncation[T any](t *testing.T, dir, table string) {
	t.Helper()
	path := filepath.Join(dir, "parquet", table, "part-0000000000.parquet")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]T, 64)
	rows := 0
	if err := readParquet(path, bytes.NewReader(data), int64(len(data)), buf, func(*T) { rows++ }); err != nil || rows == 0 {
		t.Fatalf("the whole file: %d rows, %v", rows, err)
	}
	for n := 0; n < len(data); n++ {
		err := readParquet(path, bytes.NewReader(data[:n]), int64(n), buf, func(*T) {})
		if err == nil {
			t.Fatalf("%s cut to %d of %d bytes read without error", table, n, len(data))
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, path+": ") || strings.Contains(msg, "\n") || strings.Contains(msg, "parquet-go failed") {
			t.Fatalf("%s cut to %d bytes: %q", table, n, msg)
		}
	}
}

// TestEveryTruncationLengthIsAnError covers the three tables stats reads.
func TestEveryTruncationLengthIsAnError(t *testing.T) {
	dir := tinyDataset(t)
	everyTruncation[patientRow](t, dir, models.TablePatients)
	everyTruncation[conditionRow](t, dir, models.TableConditions)
	everyTruncation[encounterRow](t, dir, models.TableEncounters)
}

// TestDamagedBytesAreAnError flips bytes all through a part file: stats must
// never panic or loop, and what it reports is one line naming the file.
// (A flip in a value may go unnoticed; that is what the manifest's sha256
// check in ComputeDataset is for.)
func TestDamagedBytesAreAnError(t *testing.T) {
	dir := tinyDataset(t)
	path := filepath.Join(dir, "parquet", models.TablePatients, "part-0000000000.parquet")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]patientRow, 64)
	caught := 0
	// Every third byte keeps the test under a second; each flip inverts
	// the byte, so lengths, offsets and magic bytes all get mangled.
	for i := 0; i < len(data); i += 3 {
		bad := bytes.Clone(data)
		bad[i] ^= 0xff
		err := readParquet(path, bytes.NewReader(bad), int64(len(bad)), buf, func(*patientRow) {})
		if err == nil {
			continue
		}
		caught++
		if msg := err.Error(); !strings.HasPrefix(msg, path+": ") || strings.Contains(msg, "\n") {
			t.Fatalf("byte %d inverted: %q", i, msg)
		}
	}
	if caught == 0 {
		t.Fatal("no damage was noticed")
	}
}
