package stats_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/stats"
)

// TestPracticeContactsByRole: stats shows the share of practice contacts
// seen by each staff role of workforce.yaml, beside the published share of
// appointments where there is one; practice nurses see some of them.
func TestPracticeContactsByRole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	cfg := cohortgen.Config{Out: out, Formats: []string{"parquet"}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears = 3, 1000, generator.DefaultAsOf, 10
	if _, err := cohortgen.Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	rep, err := stats.ComputeDataset(out)
	if err != nil {
		t.Fatal(err)
	}
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
