// Checks for cervical screening (docs/clinical-model.md, "Cervical
// screening and contraception (eighth review)").
package generator

import (
	"slices"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// cervicalTest is one screening appointment and the results read from it.
type cervicalTest struct {
	enc                  *models.Encounter
	hpvNeg, hpvPos, cyto bool // results recorded
	abnormal             bool // an abnormal cytology read
}

// cervicalTests are each patient's screening appointments in date order.
func (r *realism) cervicalTests(t *testing.T) (map[string][]cervicalTest, *datasets.CervicalScreening) {
	t.Helper()
	sc, err := datasets.ScreeningProgrammes()
	if err != nil {
		t.Fatal(err)
	}
	c := &sc.Cervical
	hpv, _ := datasets.ObservationByKey(c.Observation)
	cyto, _ := datasets.ObservationByKey(c.CytologyObservation)
	typ := r.p.Cat.EncounterTypes["cervical_screening"].Code
	abnormal := map[string]bool{}
	for _, a := range c.Abnormal {
		abnormal[a.Code] = true
	}
	out := map[string][]cervicalTest{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != typ {
			continue
		}
		ct := cervicalTest{enc: e}
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode != hpv.Snomed && o.SnomedCode != cyto.Snomed {
				continue
			}
			isHPV := o.SnomedCode == hpv.Snomed
			switch v := o.ValueCode; {
			case isHPV && v == c.Results.HPVNegative.Code:
				ct.hpvNeg = true
			case isHPV && v == c.Results.HPVPositive.Code:
				ct.hpvPos = true
			case !isHPV && v == c.Results.CytologyNegative.Code:
				ct.cyto = true
			case !isHPV && abnormal[v]:
				ct.cyto, ct.abnormal = true, true
			default:
				t.Fatalf("screening result %s %q is not one of screening.yaml's", v, o.ValueDisplay)
			}
		}
		if ct.hpvNeg == ct.hpvPos && (ct.hpvNeg || !ct.cyto) {
			t.Fatalf("screening appointment %s has no single result (HPV negative %v, positive %v, cytology %v)", e.EncounterID, ct.hpvNeg, ct.hpvPos, ct.cyto)
		}
		out[e.PatientID] = append(out[e.PatientID], ct)
	}
	for _, ts := range out {
		sort.Slice(ts, func(i, j int) bool { return ts[i].enc.StartTime < ts[j].enc.StartTime })
	}
	return out, c
}

// TestCervicalScreeningAgesAndIntervals: only women are screened, from 25
// to 64; after a negative result the next test is at least the routine
// interval later (3 years under 50, 5 from 50 or after an HPV-negative test
// from 1 July 2025), after HPV without a referral at least 12 months later.
// Before this branch nobody was screened.
func TestCervicalScreeningAgesAndIntervals(t *testing.T) {
	r := pathwayPopulation(t)
	tests, c := r.cervicalTests(t)
	n := 0
	for id, ts := range tests {
		pt := r.patients[id]
		if pt.Sex != "female" {
			t.Fatalf("patient %s (%s) has a cervical screening test", id, pt.Sex)
		}
		for i, x := range ts {
			n++
			day := x.enc.StartTime.Date()
			if age := models.YearsBetween(pt.BirthDate, day); age < c.FromAge || age >= c.UntilAge {
				t.Fatalf("patient %s screened on %s aged %d (want %d to %d)", id, day, age, c.FromAge, c.UntilAge-1)
			}
			if i == 0 {
				continue
			}
			prev := ts[i-1]
			pd := prev.enc.StartTime.Date()
			routine := !prev.hpvPos && !prev.abnormal
			want := addMonths(pd, c.EarlyRecallMonths)
			if routine {
				years := c.IntervalAt(models.YearsBetween(pt.BirthDate, pd))
				if prev.hpvNeg && pd >= c.FiveYearlyFrom.Date() {
					years = c.FiveYearlyYears
				}
				want = models.DateOf(pd.Time().AddDate(years, 0, 0))
			}
			if day < want {
				t.Fatalf("patient %s: test on %s only %d days after the one on %s (routine %v; want on or after %s)", id, day, day-pd, pd, routine, want)
			}
		}
	}
	enough(t, n, 1000, "cervical screening tests")
	t.Logf("%d screening tests in %d women", n, len(tests))
}

// TestCervicalScreeningCoverage: the share of women screened within 3.5
// years (25-49) and 5.5 years (50-64) on the as-of date is near the
// published coverage (catalogue care_quality, NHS England 2023-24).
func TestCervicalScreeningCoverage(t *testing.T) {
	r := pathwayPopulation(t)
	tests, _ := r.cervicalTests(t)
	asOf := r.p.Opts.AsOf
	for _, band := range []struct {
		key            string
		lo, hi, months int
	}{{"cervical_25_49", 25, 49, 42}, {"cervical_50_64", 50, 64, 66}} {
		i := slices.IndexFunc(r.p.Cat.CareQuality, func(q datasets.CareQualityTarget) bool { return q.Key == band.key })
		if i < 0 {
			t.Fatalf("no care_quality target %s", band.key)
		}
		ref := r.p.Cat.CareQuality[i].Percent
		since := addMonths(asOf, -band.months)
		women, screened := 0, 0
		for id, pt := range r.patients {
			age := models.YearsBetween(pt.BirthDate, asOf)
			if pt.Sex != "female" || pt.DeathDate != models.NoDate || age < band.lo || age > band.hi {
				continue
			}
			women++
			if slices.ContainsFunc(tests[id], func(x cervicalTest) bool {
				d := x.enc.StartTime.Date()
				return d > since && d <= asOf
			}) {
				screened++
			}
		}
		enough(t, women, 300, "women aged "+band.key)
		got := 100 * float64(screened) / float64(women)
		t.Logf("%s: %d of %d women screened (%.1f%%; published %.1f%%)", band.key, screened, women, got, ref)
		if got < ref-6 || got > ref+6 {
			t.Errorf("%s: coverage %.1f%%, want within 6 points of %.1f%%", band.key, got, ref)
		}
	}
}

// TestAbnormalScreenGoesToColposcopy: HPV with abnormal cytology, or a third
// HPV-positive test in a row, is referred: the problem is coded at the
// screening appointment and a colposcopy clinic sees the woman for it
// within the referral window; no referral after a negative result.
func TestAbnormalScreenGoesToColposcopy(t *testing.T) {
	r := pathwayPopulation(t)
	tests, c := r.cervicalTests(t)
	referred := 0
	for id, ts := range tests {
		for _, x := range ts {
			var problem *models.Condition
			for _, cd := range r.condsOf[id] {
				if cd.ConditionKey == c.ReferralReason.Key && cd.DiagnosisEncounterID == x.enc.EncounterID {
					problem = cd
				}
			}
			if x.abnormal && problem == nil {
				t.Fatalf("patient %s: abnormal cytology on %s with no referral", id, x.enc.StartTime.Date())
			}
			if problem == nil {
				continue
			}
			if !x.abnormal && !x.hpvPos {
				t.Fatalf("patient %s: referred for colposcopy after a negative test on %s", id, x.enc.StartTime.Date())
			}
			referred++
			seen := false
			for j := range r.b.Encounters {
				e := &r.b.Encounters[j]
				if e.PatientID == id && e.ReasonConditionID == problem.ConditionID && e.Setting == settingOutpatient {
					gap := int(e.StartTime.Date() - x.enc.StartTime.Date())
					seen = gap >= c.ColposcopyDays[0] && gap <= c.ColposcopyDays[1]+14 && e.StartTime.Date() == problem.ResolvedDate
				}
			}
			if !seen && problem.ResolvedDate != models.NoDate {
				t.Fatalf("patient %s: referred on %s, no colposcopy clinic in the window", id, x.enc.StartTime.Date())
			}
		}
	}
	enough(t, referred, 20, "colposcopy referrals")
}
