package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// Overlapping subgroups hold exactly their counts, share members (about as
// chance would), and every member meets the constraints of every subgroup
// they are in, by the independent checker.
func TestOverlappingSubgroups(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte(`
cohorts:
  - name: clinic
    count: 40
    age: 65+
    has: [type2_diabetes]
    overlap: true
    subgroups:
      - name: poorly controlled
        count: 20
        observations:
          - hba1c: {above: 75, within: 12 months}
      - name: recent A&E
        count: 10
        encounters:
          - ae: {within: 30 days}
      - name: smokers
        count: 8
        smoking: current
population: {size: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, _, got := generateChecked(t, sc)
	in := map[string]int64{}
	var shared int64
	for name, n := range got {
		sub, ok := strings.CutPrefix(name, "clinic/")
		if !ok {
			continue
		}
		parts := strings.Split(sub, "+")
		for _, s := range parts {
			in[s] += n
		}
		if len(parts) > 1 {
			shared += n
		}
	}
	if in["poorly controlled"] != 20 || in["recent A&E"] != 10 || in["smokers"] != 8 || shared == 0 {
		t.Fatalf("subgroup sizes %v, %d in several: %v", in, shared, got)
	}
	var total int64
	for name, n := range got {
		if strings.HasPrefix(name, "clinic") {
			total += n
		}
	}
	if total != 40 {
		t.Fatalf("cohort has %d members, want 40", total)
	}
}
