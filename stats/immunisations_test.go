package stats

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

var immAsOf = models.DateFromYMD(2025, 3, 31)

func figureNamed(t *testing.T, rep *Report, prefix string) Figure {
	t.Helper()
	for _, f := range rep.Figures {
		if strings.HasPrefix(f.Name, prefix) {
			return f
		}
	}
	t.Fatalf("no figure %q in %d figures", prefix, len(rep.Figures))
	return Figure{}
}

// TestChildhoodCoverageCountsEveryDueDoseByTheBirthday: a child counts at
// 12 months only with every 6-in-1 dose of the schedule in force given by
// the first birthday; a child not yet one is not in the denominator.
func TestChildhoodCoverageCountsEveryDueDoseByTheBirthday(t *testing.T) {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	birth := models.DateFromYMD(2024, 1, 10)
	doses := func(days ...int) *vaccineHistory {
		h := &vaccineHistory{first: map[doseKey]models.Date{}}
		for i, d := range days {
			h.first[doseKey{"dtap_ipv_hib_hepb", int64(i + 1)}] = birth + models.Date(d)
		}
		return h
	}
	alive := []*person{{birth: birth}, {birth: birth}, {birth: birth}, {birth: models.DateFromYMD(2024, 6, 1)}}
	ids := []string{"on-time", "late", "missing", "not-yet-one"}
	hist := map[string]*vaccineHistory{
		"on-time":     doses(60, 90, 120),
		"late":        doses(60, 90, 400), // third dose after the first birthday
		"missing":     doses(60),
		"not-yet-one": doses(60, 90, 120),
	}
	rep := &Report{}
	childhoodFigures(rep, im, alive, ids, hist, immAsOf)
	f := figureNamed(t, rep, "6-in-1 / 5-in-1, 3 doses by 12 months, at 12 months")
	if f.N != 3 || f.Value < 33.3 || f.Value > 33.4 {
		t.Errorf("6-in-1 at 12 months: %.1f%% of %d, want 33.3%% of 3", f.Value, f.N)
	}
	if !f.Advisory || f.Status != "verified" || !f.Points {
		t.Errorf("a figure on 3 children is shown, not checked: %+v", f)
	}
}

// TestInfluenzaUptakeCountsTheLastSeasonOnly: a dose in the season before
// does not count, and 2 and 3 year olds are taken on 31 August.
func TestInfluenzaUptakeCountsTheLastSeasonOnly(t *testing.T) {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	old := models.DateFromYMD(1950, 5, 1)
	alive := []*person{{birth: old}, {birth: old}, {birth: models.DateFromYMD(2021, 8, 31)}, {birth: models.DateFromYMD(2020, 8, 31)}}
	ids := []string{"this-season", "last-season", "three-on-31-aug", "four-on-31-aug"}
	hist := map[string]*vaccineHistory{"this-season": {flu: true}, "three-on-31-aug": {flu: true}, "four-on-31-aug": {flu: true}}
	rep := &Report{}
	adultFigures(rep, im, alive, ids, hist, nil, 2024, immAsOf)
	if f := figureNamed(t, rep, "influenza, aged 65 and over, 2024-25"); f.N != 2 || f.Value != 50 {
		t.Errorf("65+: %.1f%% of %d, want 50%% of 2", f.Value, f.N)
	}
	if f := figureNamed(t, rep, "influenza, aged 2 and 3"); f.N != 1 || f.Value != 100 {
		t.Errorf("2 and 3: %.1f%% of %d, want 100%% of 1 (the child who was 4 on 31 August is not in it)", f.Value, f.N)
	}
}
