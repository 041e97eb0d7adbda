package stats_test

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/stats"
)

// TestPracticeContactsByRole: stats shows the share of practice contacts
// seen by each staff role of workforce.yaml, beside the published share of
// appointments where there is one; practice nurses see some of them.
func TestPracticeContactsByRole(t *testing.T) {
	rep := reportOf(t, generateParquet(t, "out", 3, 1000, nil))
	wf, err := datasets.PracticeWorkforce()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]stats.Figure{}
	sum := 0.0
	for _, f := range rep.Figures {
		if f.Group == "practice contacts" {
			got[f.Name] = f
			sum += f.Value
		}
	}
	if len(got) != len(wf.Staff) || sum < 99.9 || sum > 100.1 {
		t.Fatalf("practice contact figures %v: want one per staff role, summing to 100%%", got)
	}
	for _, s := range wf.Staff {
		f := got["contacts seen by: "+s.Display]
		if ref, ok := wf.AppointmentsByRole.Shares[s.Role]; ok && (f.Reference != ref || f.Source == "") {
			t.Errorf("%s: reference %v (%q), want %v from workforce.yaml", s.Role, f.Reference, f.Source, ref)
		}
		if f.N == 0 || f.Value <= 0 {
			t.Errorf("%s: no contacts (%+v)", s.Role, f)
		}
	}
}
