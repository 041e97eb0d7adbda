package parquet

import (
	"strings"

	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/models"
)

// Column classes. The string columns fall in three classes:
//
//   - ids: the generator's ids, the rows' own and the references to them
//     (patient_id, encounter_id, ...). A patient's row ids share the
//     patient id's first 24 characters and end in a table tag and a
//     sequence number (generator/ids.go), and a patient's rows are
//     consecutive, so the codec finds long matches between neighbours.
//   - unique: other per-row strings (NHS number, address, phone, email).
//   - everything else (codes, descriptions, classes, units, names, practice
//     ids): low-cardinality, dictionary-encoded, a few bits per row.
//
// ids and unique strings are written DELTA_LENGTH_BYTE_ARRAY (all the
// lengths, then all the bytes) and compressed; dictionary columns are not
// compressed (the codec saves under 1% on them and costs time).
const (
	classID = iota + 1
	classUnique
	classDict
)

// uniqueColumns lists the unique columns that are not ids, per table.
var uniqueColumns = map[string]map[string]bool{
	models.TablePatients:      {"nhs_number": true, "address_line": true, "postcode": true, "phone": true, "email": true},
	models.TablePractices:     {"ods_code": true, "name": true, "address_line": true, "postcode": true, "phone": true},
	models.TablePractitioners: {"professional_number": true},
}

// classOf returns the class of string column c of table.
func classOf(table string, c *tabular.Column) int {
	switch {
	case c.Kind != tabular.String:
		return 0
	case uniqueColumns[table][c.Name]:
		return classUnique
	case c.Name == "practice_id" && table != models.TablePractices:
		return classDict // a few thousand practices
	case (c.Name == "practitioner_id" || c.Name == "prescriber_id") && table != models.TablePractitioners:
		return classDict // a few GPs per practice
	case strings.HasSuffix(c.Name, "_id"):
		return classID
	}
	return classDict
}

// dictMaxBytes bounds a column's dictionary in one row group. A column that
// outgrows it (a column we wrongly guessed to be low-cardinality) is written
// without the dictionary for the rest of the row group, so memory stays
// bounded.
var dictMaxBytes = 4 << 20 // a variable so a test can exercise the fallback
