package parquet

import (
	"reflect"
	"strings"

	pq "github.com/parquet-go/parquet-go"

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
	models.TablePatients:  {"nhs_number": true, "address_line": true, "postcode": true, "phone": true, "email": true},
	models.TablePractices: {"ods_code": true, "name": true, "address_line": true, "postcode": true, "phone": true},
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
	case strings.HasSuffix(c.Name, "_id"):
		return classID
	}
	return classDict
}

// dictMaxBytes bounds a column's dictionary in one row group. A column that
// outgrows it (a column we wrongly guessed to be low-cardinality) falls back
// to PLAIN for the rest of the row group, so memory stays bounded.
const dictMaxBytes = 4 << 20

// plan chooses each column's encoding and compression. The zero plan is the
// production choice; the other settings exist for the benchmarks that
// justify it (see SHOOTOUT.md).
type plan struct {
	ids             string // id columns: "" DELTA_LENGTH_BYTE_ARRAY, "delta" DELTA_BYTE_ARRAY, "dict", "plain"
	rawIDs          bool   // do not compress the id columns
	patientIDDict   bool   // dictionary-encode patient_id in the child tables
	compressDict    bool   // also compress dictionary-encoded and delta-encoded columns
	plainTimestamps bool   // PLAIN (compressed) timestamps instead of DELTA_BINARY_PACKED
	noDict          bool   // no dictionary encoding at all
	pageStatistics  bool   // also write min/max in every data page header
}

// options returns the parquet-go writer options that apply the plan to T's
// columns. The options replace struct tags at run time: the column names,
// types and nullability still come from the models' tags; only an encoding
// (dict, plain, delta) and, for columns the codec cannot shrink, the
// "uncompressed" override are appended.
func (p plan) options(table string, l *tabular.Layout) []pq.WriterOption {
	var opts []pq.WriterOption
	for i := range l.Columns {
		c := &l.Columns[i]
		var extra string
		skipCodec := false
		switch c.Kind {
		case tabular.String:
			class := classOf(table, c)
			if p.patientIDDict && c.Name == "patient_id" && table != models.TablePatients {
				class = classDict
			}
			switch class {
			case classID:
				switch p.ids {
				case "delta":
					extra = ",delta"
				case "dict":
					extra = ",dict"
				case "plain":
					extra = ",plain"
				}
				skipCodec = p.rawIDs
			case classUnique:
				// DELTA_LENGTH_BYTE_ARRAY, parquet-go's default for strings
			case classDict:
				if !p.noDict {
					extra, skipCodec = ",dict", true
				}
			}
		case tabular.Int64:
			extra, skipCodec = ",delta", true
		case tabular.Timestamp:
			if !p.plainTimestamps {
				extra, skipCodec = ",delta", true
			}
		case tabular.Bool:
			skipCodec = true // bit-packed already
		}
		if skipCodec && !p.compressDict {
			extra += ",uncompressed"
		}
		if extra != "" {
			tag := reflect.StructTag(`parquet:"` + c.Tag + extra + `"`)
			opts = append(opts, pq.StructTag(tag, c.Field))
		}
	}
	return opts
}
