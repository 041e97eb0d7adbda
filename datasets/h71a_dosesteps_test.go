package datasets

import (
	"strings"
	"testing"
)

// TestDoseStepsChecks: level_steps (lithium, NICE CG185 1.10) and response
// (a statin, NICE NG238 1.6) move a dose at the start tests, so both need
// start_days and a source besides their own figures (checkDoseSteps, the
// one check both use). Each rule as prescribing.yaml writes it passes;
// without start_days, without a source or with its figures out of order it
// is refused, naming the rule.
func TestDoseStepsChecks(t *testing.T) {
	if _, err := LoadPrescribing(); err != nil {
		t.Fatalf("prescribing.yaml: %v", err)
	}
	m := &Monitoring{Medicine: "lithium", StartDays: []int{7, 14}}
	bare := &Monitoring{Medicine: "lithium"}
	level := LevelSteps{RaiseBelow: 0.6, RaiseWithinDays: 42, LowerAbove: 1.0, Source: "NICE CG185 1.10"}
	response := DoseResponse{Observation: "non_hdl_cholesterol", FallAtLeast: 0.4, BeforeDays: 365, Probability: 0.7, Source: "NICE NG238 1.6"}
	inverted, unsourced := level, response
	inverted.LowerAbove = 0.5
	unsourced.Source = ""
	for _, c := range []struct {
		name, field string
		err         error
	}{
		{"no level steps", "", (*LevelSteps)(nil).check(bare)},
		{"no response", "", (*DoseResponse)(nil).check(bare)},
		{"level steps", "", level.check(m)},
		{"response", "", response.check(m)},
		{"level steps without start_days", "level_steps needs", level.check(bare)},
		{"response without start_days", "response needs", response.check(bare)},
		{"lower_above under raise_below", "level_steps needs", inverted.check(m)},
		{"response without a source", "response needs", unsourced.check(m)},
	} {
		switch {
		case c.field == "" && c.err != nil:
			t.Errorf("%s: %v, want no error", c.name, c.err)
		case c.field != "" && (c.err == nil || !strings.Contains(c.err.Error(), c.field)):
			t.Errorf("%s: %v, want an error naming %q", c.name, c.err, c.field)
		}
	}
}
