package parquet

import (
	"reflect"

	pq "github.com/parquet-go/parquet-go"

	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/models"
)

// uniqueColumns lists, per table, the string columns whose values are unique
// or nearly unique per row (random ids, personal details). They are written
// DELTA_LENGTH_BYTE_ARRAY (all the lengths, then all the bytes) and go
// through the codec. Every other string column (codes, descriptions,
// classes, units, and foreign keys that repeat across a patient's rows such
// as patient_id) is dictionary-encoded: a few bits per row instead of the
// whole string, and cheaper than compressing the repeats away.
var uniqueColumns = map[string]map[string]bool{
	models.TablePatients: {
		"patient_id": true, "nhs_number": true, "address_line": true,
		"postcode": true, "phone": true, "email": true,
	},
	models.TablePractices: {
		"practice_id": true, "ods_code": true, "name": true, "address_line": true,
		"postcode": true, "phone": true,
	},
	models.TableConditions:    {"condition_id": true, "diagnosis_encounter_id": true},
	models.TableEncounters:    {"encounter_id": true},
	models.TablePrescriptions: {"prescription_id": true, "encounter_id": true},
	models.TableObservations:  {"observation_id": true, "encounter_id": true},
}

// isDictColumn reports whether column c of table is dictionary-encoded.
func isDictColumn(table string, c *tabular.Column) bool {
	return c.Kind == tabular.String && !uniqueColumns[table][c.Name]
}

// dictMaxBytes bounds a column's dictionary in one row group. A column that
// outgrows it (a column we wrongly guessed to be low-cardinality) falls back
// to PLAIN for the rest of the row group, so memory stays bounded.
const dictMaxBytes = 4 << 20

// plan chooses each column's encoding and compression. The zero plan is the
// production choice; the other settings exist for the benchmarks that
// justify it (see SHOOTOUT.md).
type plan struct {
	compressDict    bool // also compress dictionary-encoded and delta-encoded columns
	plainTimestamps bool // PLAIN (compressed) timestamps instead of DELTA_BINARY_PACKED
	plainIDs        bool // PLAIN instead of DELTA_LENGTH_BYTE_ARRAY for unique strings
	noDict          bool // no dictionary encoding at all
	pageStatistics  bool // also write min/max in every data page header
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
			switch {
			case isDictColumn(table, c) && !p.noDict:
				extra, skipCodec = ",dict", true
			case p.plainIDs:
				extra = ",plain"
			default:
				extra = "" // DELTA_LENGTH_BYTE_ARRAY, parquet-go's default for strings
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
