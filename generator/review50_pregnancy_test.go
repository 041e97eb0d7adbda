package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Session 50 (brief h50p, issue 9): pregnancy, first slice
// (datasets/pregnancy.yaml, generator/pregnancy.go). On main no woman had a
// pregnancy, a birth or a postnatal check, so each test below fails there.

// pregnancyModel is pregnancy.yaml, or the test stops.
func pregnancyModel(t *testing.T) *datasets.Pregnancy {
	t.Helper()
	c, err := datasets.PregnancyModel()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBirthsPerThousandWomenByAge: births (maternity stays typed by the
// delivery) per 1,000 woman-years in each age group of the mother are
// within 25% of ONS's published 2023 rate for England and Wales
// (pregnancy.yaml births_per_1000), counted from a year into the record (a
// pregnancy confirmed before the record opened is not in it). Groups with
// fewer than 40 births expected are too small to test on this population
// and are only logged.
func TestBirthsPerThousandWomenByAge(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	from, to := r.p.windowStart+365, r.p.Opts.AsOf
	bands := c.BirthsPer1000
	band := func(age int) int {
		k := -1
		for i, b := range bands {
			if age >= b.FromAge && age < c.UntilAge {
				k = i
			}
		}
		return k
	}
	years := make([]float64, len(bands))
	births := make([]int, len(bands))
	for _, pt := range r.patients {
		if pt.Sex != "female" {
			continue
		}
		end := to
		if pt.DeathDate != models.NoDate && pt.DeathDate < end {
			end = pt.DeathDate
		}
		for d := from; d < end; d += 7 { // woman-weeks, by her age that week
			if k := band(ageOnDay(pt, d)); k >= 0 {
				years[k] += 7 / 365.25
			}
		}
	}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != c.Delivery.Snomed || e.StartTime.Date() < from {
			continue
		}
		if k := band(ageOnDay(r.patients[e.PatientID], e.StartTime.Date())); k >= 0 {
			births[k]++
		}
	}
	tested := 0
	for k, b := range bands {
		want := b.Rate * years[k] / 1000
		got := 1000 * float64(births[k]) / years[k]
		t.Logf("from %d: %d births in %.0f woman-years, %.1f per 1,000 (published %.1f)", b.FromAge, births[k], years[k], got, b.Rate)
		if want < 40 {
			continue
		}
		tested++
		if got < 0.75*b.Rate || got > 1.25*b.Rate {
			t.Errorf("from %d: %.1f births per 1,000 woman-years, published %.1f (within 25%%)", b.FromAge, got, b.Rate)
		}
	}
	if tested < 3 {
		t.Fatalf("only %d age groups with enough births expected to test", tested)
	}
}

// TestNothingTeratogenicIssuedInPregnancy: no medicine of the classes
// prescribing.yaml keeps from pregnancy (ACE inhibitors, ARBs, statins,
// methotrexate, valproate, warfarin, the combined pill: BNF, MHRA, UKMEC)
// runs on any day of a recorded pregnancy, and no hormonal contraceptive
// is issued during one (the pill stops for it and restarts after the birth).
func TestNothingTeratogenicIssuedInPregnancy(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	kept := func(key string) bool { return keptFromPregnancy(rules, key) }
	pregnancies, bad := 0, 0
	for id, conds := range r.condsOf {
		for _, pg := range conds {
			if pg.ConditionKey != c.Problem.Key {
				continue
			}
			pregnancies++
			until := pg.ResolvedDate
			if until == models.NoDate {
				until = r.p.Opts.AsOf + 1
			}
			for _, rx := range r.rxOf[id] {
				key := medKey(rx)
				last := rx.EndDate
				if last == models.NoDate {
					last = r.p.Opts.AsOf
				}
				running := rx.StartDate < until && last >= pg.OnsetDate
				issued := rx.StartDate >= pg.OnsetDate && rx.StartDate < until
				if kept(key) && running || datasets.InClass(key, "hormonal_contraceptive") && issued {
					if bad++; bad <= 5 {
						t.Errorf("patient %d: %s %s to %s in a pregnancy %s to %s", r.patients[id].PatientIndex, rx.Medication, rx.StartDate, rx.EndDate, pg.OnsetDate, pg.ResolvedDate)
					}
				}
			}
		}
	}
	t.Logf("%d pregnancies, %d issues that break the rule", pregnancies, bad)
	if pregnancies < 200 {
		t.Fatalf("only %d pregnancies to test", pregnancies)
	}
	if bad > 0 {
		t.Errorf("%d issues of a medicine kept from pregnancy during one", bad)
	}
}

// TestEveryBirthFollowsItsPregnancy: every birth (a maternity stay typed by
// the delivery) is about a pregnancy coded before it and resolved on its
// day; a birth 8 weeks before the record's end is followed by the postnatal
// check 6-8 weeks later (GP contract; a day or two later when the practice
// is busy); about one in eight recorded pregnancies ends in a miscarriage
// (NHS: 12% of known pregnancies; 8-16% accepted on this population).
func TestEveryBirthFollowsItsPregnancy(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	conds := r.conditionByID()
	checks := map[string][]models.Date{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.TypeCode == c.PostnatalCheck.Snomed {
			checks[e.PatientID] = append(checks[e.PatientID], e.StartTime.Date())
		}
	}
	births, orphan, unchecked := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != c.Delivery.Snomed {
			continue
		}
		births++
		day := e.StartTime.Date()
		pg := conds[e.ReasonConditionID]
		if pg == nil || pg.ConditionKey != c.Problem.Key || pg.OnsetDate >= day || pg.ResolvedDate != day {
			if orphan++; orphan <= 5 {
				t.Errorf("patient %d: birth on %s without its pregnancy (%+v)", r.patients[e.PatientID].PatientIndex, day, pg)
			}
			continue
		}
		if day+models.Date(c.PostnatalDays[1]) > r.p.Opts.AsOf {
			continue
		}
		seen := false
		for _, d := range checks[e.PatientID] {
			seen = seen || d >= day+models.Date(c.PostnatalDays[0]) && d <= day+models.Date(c.PostnatalDays[1])+7
		}
		if !seen {
			if unchecked++; unchecked <= 5 {
				t.Errorf("patient %d: birth on %s with no postnatal check 6-8 weeks later", r.patients[e.PatientID].PatientIndex, day)
			}
		}
	}
	pregnancies, losses := 0, 0
	for i := range r.b.Conditions {
		switch r.b.Conditions[i].ConditionKey {
		case c.Problem.Key:
			pregnancies++
		case c.Miscarriage.Key:
			losses++
		}
	}
	t.Logf("%d births, %d without their pregnancy, %d without a postnatal check; %d pregnancies, %d miscarriages", births, orphan, unchecked, pregnancies, losses)
	if births < 200 {
		t.Fatalf("only %d births to test", births)
	}
	if orphan > 0 || unchecked > 0 {
		t.Errorf("%d births without their pregnancy, %d without a postnatal check", orphan, unchecked)
	}
	if share := 100 * float64(losses) / float64(pregnancies); share < 8 || share > 16 {
		t.Errorf("%.1f%% of pregnancies miscarried, want about 12%% (8-16)", share)
	}
}

// keptFromPregnancy reports whether medicine key is of a class
// prescribing.yaml keeps from pregnancy, other than the classes except
// names.
func keptFromPregnancy(rules *datasets.Prescribing, key string, except ...string) bool {
	for _, cls := range rules.Pregnancy.Classes {
		if datasets.InClass(key, cls) && !slices.Contains(except, cls) {
			return true
		}
	}
	return false
}
