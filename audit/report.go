package audit

import (
	"fmt"
	"io"
	"strings"
)

// Report is an audit's findings, hard rules first.
type Report struct {
	Dataset  string   `json:"dataset,omitempty"`
	Patients int64    `json:"patients"`
	AsOf     string   `json:"as_of"`
	Warnings []string `json:"warnings,omitempty"`
	Results  []Result `json:"results"`
}

// HardFailures returns the hard rules that were broken.
func (r *Report) HardFailures() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Failed() {
			out = append(out, res)
		}
	}
	return out
}

// Print writes the report as two tables: hard rules (OK, or FAIL with the
// count and example patients) and audit rates beside their published
// reference. Examples of audit rules are printed when showExamples is set
// (the user asked for those rules by id).
func (r *Report) Print(w io.Writer, showExamples bool) error {
	name := r.Dataset
	if name == "" {
		name = "records"
	}
	fmt.Fprintf(w, "audit of %s: %s patients, as of %s\n", name, thousands(r.Patients), r.AsOf)
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "note: %s\n", warn)
	}
	var hard, rates table
	hard.header = []string{"RESULT", "RULE", "VIOLATIONS", "PATIENTS", "TITLE"}
	rates.header = []string{"RATE", "REFERENCE", "RULE", "COUNT", "TITLE"}
	for _, res := range r.Results {
		count := fmt.Sprintf("%s of %s %s", thousands(res.Violations), thousands(res.Denominator), res.Unit)
		var row []string
		switch {
		case res.NotApplicable != "" && res.Severity == "hard":
			row = []string{"n/a", res.ID, "-", "-", res.Title + " (not applicable: " + res.NotApplicable + ")"}
		case res.NotApplicable != "":
			row = []string{"n/a", "", res.ID, "-", res.Title + " (not applicable: " + res.NotApplicable + ")"}
		case res.Severity == "hard":
			result := "OK"
			if res.Violations > 0 {
				result = "FAIL " + thousands(res.Violations)
			}
			row = []string{result, res.ID, count, thousands(res.Patients), res.Title}
		default:
			ref := ""
			if res.Ref != nil {
				ref = fmt.Sprintf("%.1f%%", res.Ref.Percent)
				if res.Ref.Status != "verified" {
					ref = "~" + ref
				}
			}
			row = []string{percent(res), ref, res.ID, count, res.Title}
		}
		var examples []string
		if res.Failed() || showExamples {
			for _, e := range res.Examples {
				examples = append(examples, fmt.Sprintf("e.g. %s [%d]: %s", e.PatientID, e.PatientIndex, e.Detail))
			}
		}
		t := &rates
		if res.Severity == "hard" {
			t = &hard
		}
		t.rows = append(t.rows, row)
		t.notes = append(t.notes, examples)
	}
	if len(hard.rows) > 0 {
		fmt.Fprint(w, "\nHARD RULES (must never happen)\n")
		hard.print(w)
	}
	if len(rates.rows) > 0 {
		fmt.Fprint(w, "\nAUDIT RATES (compare with published figures; ~ marks a recalled reference)\n")
		rates.print(w)
	}
	if n := len(r.HardFailures()); n > 0 {
		_, err := fmt.Fprintf(w, "\n%d hard rule(s) broken.\n", n)
		return err
	}
	_, err := fmt.Fprint(w, "\nNo hard rule broken.\n")
	return err
}

// table aligns its columns; each row may carry note lines printed under it.
type table struct {
	header []string
	rows   [][]string
	notes  [][]string
}

func (t *table) print(w io.Writer) {
	width := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, cell := range row {
			width[i] = max(width[i], len(cell))
		}
	}
	line := func(row []string) {
		var b strings.Builder
		for i, cell := range row {
			if i == len(row)-1 {
				b.WriteString(cell) // the last column is not padded
				break
			}
			fmt.Fprintf(&b, "%-*s  ", width[i], cell)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.header)
	for i, row := range t.rows {
		line(row)
		for _, n := range t.notes[i] {
			fmt.Fprintf(w, "%*s%s\n", width[0]+2, "", n)
		}
	}
}

func percent(r Result) string {
	if r.Denominator == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", r.Percent)
}

// thousands writes n with comma separators, as the other commands do.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
