package parquet

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// writeEncounters writes rows as one part's encounters table, in batches of
// batch rows, and returns the file's path.
func writeEncounters(t *testing.T, rows []models.Encounter, batch int) string {
	t.Helper()
	var batches []*models.Batch
	for i := 0; i < len(rows); i += batch {
		batches = append(batches, &models.Batch{Encounters: rows[i:min(i+batch, len(rows))]})
	}
	dir := t.TempDir()
	writeDataset(t, dir, Options{RowGroupRows: 1024}, nil, generator.Part{First: 0, End: 1}, batches)
	return filepath.Join(dir, "parquet", "encounters", "part-0000000000.parquet")
}

// encounters returns n encounter rows with every optional column set.
func encounters(t *testing.T, n int) []models.Encounter {
	t.Helper()
	var rows []models.Encounter
	for seed := uint64(1); len(rows) < n; seed++ {
		rows = append(rows, synth.Batch(0, 50, synth.DefaultShape, seed).Encounters...)
	}
	rows = rows[:n]
	for i := range rows {
		rows[i].ReasonConditionID = "c" + rows[i].EncounterID
		rows[i].AdmissionMethod = "21"
	}
	return rows
}

// TestNullRunsInAChunkStayNull writes the pattern that parquet-go v0.32.0
// turns into empty strings on its own: in a 64-row chunk, y nulls, y values,
// then nulls to the end of the chunk. Every null must read back as a null
// (checkRows compares definition levels, not just values).
func TestNullRunsInAChunkStayNull(t *testing.T) {
	for y := 1; y < 32; y++ {
		rows := encounters(t, 64)
		for i := range rows {
			if i < y || i >= 2*y {
				rows[i].ReasonConditionID = ""
			}
		}
		path := writeEncounters(t, rows, 64)
		checkRows(t, openParquet(t, path), rows)
	}
}

// TestNullDatesInAChunkStayNull is the same for an optional date column:
// parquet-go would write 1970-01-01.
func TestNullDatesInAChunkStayNull(t *testing.T) {
	var rows []models.Prescription
	for seed := uint64(1); len(rows) < 64; seed++ {
		rows = append(rows, synth.Batch(0, 50, synth.DefaultShape, seed).Prescriptions...)
	}
	rows = rows[:64]
	for y := 1; y < 32; y++ {
		for i := range rows {
			rows[i].EndDate = 0
			if i >= y && i < 2*y {
				rows[i].EndDate = rows[i].StartDate + 28
			}
		}
		dir := t.TempDir()
		writeDataset(t, dir, Options{}, nil, generator.Part{First: 0, End: 1}, []*models.Batch{{Prescriptions: rows}})
		checkRows(t, openParquet(t, filepath.Join(dir, "parquet", "prescriptions", "part-0000000000.parquet")), rows)
	}
}

// TestRandomNullPatternsRoundTrip writes random null patterns, dense and
// sparse, in two optional string columns, cut into batches of odd sizes so
// the carried chunk is exercised, and reads every null and value back.
func TestRandomNullPatternsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, density := range []float64{0.03, 0.2, 0.5, 0.8, 0.97} {
		rows := encounters(t, 64*150)
		for i := range rows {
			if r.Float64() > density {
				rows[i].ReasonConditionID = ""
			}
			if r.Float64() > density {
				rows[i].AdmissionMethod = ""
			}
		}
		// Some chunks hold the misread pattern in one column or both, so
		// that cutting for one column can give the other the pattern.
		for c := 0; c < len(rows); c += 64 * 3 {
			y, z := 1+r.IntN(31), 1+r.IntN(31)
			for i := c; i < c+64; i++ {
				rows[i].AdmissionMethod, rows[i].ReasonConditionID = "", ""
				if k := i - c; k >= y && k < 2*y {
					rows[i].AdmissionMethod = "11"
				}
				if k := i - c; c%2 == 0 && k >= z && k < 2*z {
					rows[i].ReasonConditionID = "r"
				}
			}
		}
		path := writeEncounters(t, rows, 37+r.IntN(60))
		checkRows(t, openParquet(t, path), rows)
	}
}
