// Package datasets holds cohortgen's reference data: the published figures and
// code lists the generator samples from (population, mortality, regions, towns,
// ethnicity, names, medicines, observation codes), and the condition catalogue.
//
// Every reference table is a CSV file under data/, embedded in the binary
// (embed directives). Each file opens with '#' comment lines naming its source, year and
// status (verified or approx); see datasets/README.md for the full list and the
// rules used to derive weights. Nothing here reads the file system at run time.
//
// The loaders parse a table on first use and panic if an embedded file is
// malformed: that is a build defect, caught by the package tests, not a
// run-time condition. Every accessor returns a fresh copy, so callers may
// modify what they get back.
package datasets

import (
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.csv
var refData embed.FS

// refTable is one parsed reference CSV: its header and data rows.
type refTable struct {
	name string
	cols map[string]int
	rows [][]string
}

// loadRefTable parses data/<name>, skipping '#' comment lines, and checks that
// the header holds every column in want.
func loadRefTable(name string, want ...string) refTable {
	raw, err := refData.ReadFile("data/" + name)
	if err != nil {
		panic(fmt.Sprintf("datasets: %s: %v", name, err))
	}
	r := csv.NewReader(strings.NewReader(string(raw)))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("datasets: %s: %v", name, err))
	}
	if len(recs) < 2 {
		panic(fmt.Sprintf("datasets: %s: no data rows", name))
	}
	t := refTable{name: name, cols: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		t.cols[strings.TrimSpace(h)] = i
	}
	for _, w := range want {
		if _, ok := t.cols[w]; !ok {
			panic(fmt.Sprintf("datasets: %s: missing column %q", name, w))
		}
	}
	return t
}

// str returns the trimmed value of column col in row.
func (t refTable) str(row []string, col string) string {
	return strings.TrimSpace(row[t.cols[col]])
}

// integer parses column col in row as an int.
func (t refTable) integer(row []string, col string) int {
	v, err := strconv.Atoi(t.str(row, col))
	if err != nil {
		panic(fmt.Sprintf("datasets: %s: column %s: %v", t.name, col, err))
	}
	return v
}

// float parses column col in row as a float64; an empty cell is an error
// unless allowEmpty, in which case it returns (0, false).
func (t refTable) float(row []string, col string, allowEmpty bool) (float64, bool) {
	s := t.str(row, col)
	if s == "" && allowEmpty {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("datasets: %s: column %s: %v", t.name, col, err))
	}
	return v, true
}

// normSex maps the sex spellings the project uses to "female" or "male"; any
// other value gives "".
func normSex(sex string) string {
	switch strings.ToLower(strings.TrimSpace(sex)) {
	case "female", "f":
		return "female"
	case "male", "m":
		return "male"
	}
	return ""
}
