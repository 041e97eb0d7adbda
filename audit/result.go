package audit

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
)

// Result is what one rule found.
type Result struct {
	ID       string                  `json:"id"`
	Title    string                  `json:"title"`
	Kind     string                  `json:"kind"`
	Severity string                  `json:"severity"`
	Source   datasets.RuleSource     `json:"source"`
	Ref      *datasets.RuleReference `json:"reference,omitempty"`
	Note     string                  `json:"note,omitempty"`
	// NotApplicable says why the rule could not be checked (a column the
	// dataset lacks); the counts are then zero.
	NotApplicable string `json:"not_applicable,omitempty"`
	// Unit is what Violations and Denominator count: prescriptions,
	// encounters, readings or patients.
	Unit        string `json:"unit"`
	Violations  int64  `json:"violations"`
	Denominator int64  `json:"denominator"`
	// Patients is the number of distinct patients with a violation.
	Patients int64 `json:"patients"`
	// Percent is 100 * Violations / Denominator (0 with no denominator).
	Percent  float64   `json:"percent"`
	Examples []Example `json:"examples"`
}

// Example is one patient who broke the rule, with what happened.
type Example struct {
	PatientID    string `json:"patient_id"`
	PatientIndex int64  `json:"patient_index"`
	Detail       string `json:"detail"`
}

// Failed reports whether a hard rule was broken.
func (r *Result) Failed() bool { return r.Severity == "hard" && r.Violations > 0 }

// tally collects one rule's result patient by patient. Examples are the
// first patients (by index) to break the rule; their detail is written only
// while there is room for it, so a rule costs nothing extra once full.
type tally struct {
	res    *Result
	max    int
	hits   int
	detail string
}

// count adds n to the rule's denominator.
func (t *tally) count(n int) { t.res.Denominator += int64(n) }

// fail records a violation by the current patient; detail is called only
// when an example is still wanted.
func (t *tally) fail(detail func() string) {
	t.res.Violations++
	if t.hits == 0 && len(t.res.Examples) < t.max {
		t.detail = detail()
	}
	t.hits++
}

// done closes the current patient.
func (t *tally) done(v *view) {
	if t.hits > 0 {
		t.res.Patients++
		if t.detail != "" {
			t.res.Examples = append(t.res.Examples, Example{PatientID: v.p.PatientID, PatientIndex: v.p.PatientIndex, Detail: t.detail})
		}
	}
	t.hits, t.detail = 0, ""
}

// merge adds another part's counts to r, keeping the examples of the lowest
// patient indexes, so that parallel audits report what a serial one would.
func (r *Result) merge(o *Result, maxExamples int) {
	r.Violations += o.Violations
	r.Denominator += o.Denominator
	r.Patients += o.Patients
	r.Examples = append(r.Examples, o.Examples...)
	slices.SortStableFunc(r.Examples, func(a, b Example) int {
		switch {
		case a.PatientIndex < b.PatientIndex:
			return -1
		case a.PatientIndex > b.PatientIndex:
			return 1
		}
		return 0
	})
	if len(r.Examples) > maxExamples {
		r.Examples = r.Examples[:maxExamples]
	}
}
