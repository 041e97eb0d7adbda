package cohortgen_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/internal/readback"
)

// seven2000 generates `cohortgen generate -n 2000 -s 7` in the given formats:
// the run whose Parquet files held 124 reason_condition_id and 742
// admission_method values that were empty strings where Arrow held NULL.
func seven2000(t *testing.T, formats ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	generate(t, config(t, out, 2000, func(c *cohortgen.Config) {
		c.Seed = 7
		c.Formats = formats
	}))
	return out
}

func readFormat(t *testing.T, dir, format string) map[string]*readback.Table {
	t.Helper()
	tb, err := readback.ReadDataset(dir, format, cohortgen.TableOrder)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestParquetEqualsArrow: the Parquet and Arrow files of one run hold the
// same columns, the same values and the same nulls, in every table.
func TestParquetEqualsArrow(t *testing.T) {
	out := seven2000(t, "parquet", "arrow")
	pq := readFormat(t, out, "parquet")
	ar := readFormat(t, out, "arrow")
	for _, name := range cohortgen.TableOrder {
		if pq[name].Rows == 0 {
			t.Errorf("%s: no rows", name)
		}
		if d := readback.Diff(pq[name], ar[name]); d != "" {
			t.Errorf("parquet vs arrow: %s", d)
		}
	}
}

// TestNullableStringsAreNeverEmpty: a nullable string column holds NULL
// or a non-empty string. The columns come from the files' schema, so a new
// optional column is checked without changing this test.
func TestNullableStringsAreNeverEmpty(t *testing.T) {
	tables := readFormat(t, seven2000(t, "parquet"), "parquet")
	var checked []string
	for _, name := range cohortgen.TableOrder {
		for _, c := range tables[name].Columns {
			if !c.Nullable || c.Kind != readback.String {
				continue
			}
			checked = append(checked, name+"."+c.Name)
			empty, nulls := 0, 0
			for r := range c.Str {
				if c.Null[r] {
					nulls++
				} else if c.Str[r] == "" {
					empty++
				}
			}
			if empty > 0 {
				t.Errorf("%s.%s: %d empty strings (and %d nulls)", name, c.Name, empty, nulls)
			}
		}
	}
	// A guard: the schema still marks the columns the bug was seen in.
	for _, want := range []string{"encounters.reason_condition_id", "encounters.admission_method", "observations.value_code"} {
		if !strings.Contains(strings.Join(checked, " ")+" ", want+" ") {
			t.Errorf("%s is not a nullable string column any more (checked %v)", want, checked)
		}
	}
}

// TestForeignKeysResolve: every non-null foreign key names a row of the
// table it points at, for the same patient. A column is a foreign key when
// its name ends in another table's key (its first column, such as
// condition_id), so reason_condition_id and diagnosis_encounter_id are
// found by the rule, and so is any new one; aliases lists the foreign keys
// the rule cannot see.
func TestForeignKeysResolve(t *testing.T) {
	tables := readFormat(t, seven2000(t, "parquet"), "parquet")
	aliases := map[string]string{"prescriptions.prescriber_id": "practitioner_id"}
	type target struct {
		table    string
		patients map[string]string // key -> patient_id ("" for practices)
	}
	targets := map[string]target{} // key column name -> table
	for _, name := range cohortgen.TableOrder {
		tb := tables[name]
		key := tb.Columns[0]
		pid := tb.Column("patient_id")
		rows := map[string]string{}
		for r, id := range key.Str {
			if pid != nil {
				rows[id] = pid.Str[r]
			} else {
				rows[id] = ""
			}
		}
		targets[key.Name] = target{name, rows}
	}
	var found []string
	for _, name := range cohortgen.TableOrder {
		tb := tables[name]
		pid := tb.Column("patient_id")
		for ci, c := range tb.Columns {
			if ci == 0 || c.Kind != readback.String {
				continue
			}
			for key, tg := range targets {
				if c.Name != key && !strings.HasSuffix(c.Name, "_"+key) && aliases[name+"."+c.Name] != key {
					continue
				}
				found = append(found, name+"."+c.Name)
				for r := range c.Str {
					if c.Null[r] {
						continue
					}
					owner, ok := tg.patients[c.Str[r]]
					if !ok {
						t.Errorf("%s.%s row %d: %q is not a %s key", name, c.Name, r, c.Str[r], tg.table)
						break
					}
					if owner != "" && pid != nil && owner != pid.Str[r] {
						t.Errorf("%s.%s row %d: %s belongs to another patient", name, c.Name, r, c.Str[r])
						break
					}
				}
			}
		}
	}
	all := strings.Join(found, " ") + " "
	if len(found) < 14 || !strings.Contains(all, "encounters.reason_condition_id ") ||
		!strings.Contains(all, "conditions.diagnosis_encounter_id ") || !strings.Contains(all, "encounters.practitioner_id ") ||
		!strings.Contains(all, "prescriptions.prescriber_id ") || !strings.Contains(all, "practitioners.practice_id ") {
		t.Errorf("the naming rule found only %v", found)
	}
}
