package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Brief h51b: secondary prevention after a heart attack, from discharge.
// NICE NG185 starts dual antiplatelet therapy, the ACE inhibitor, the
// beta-blocker and the statin in hospital and sends the plan to the GP; a GP
// read the first antiplatelet and statin 12-16 days after the infarction
// (the GP's follow-up 7-14 days after the event, whatever the stay).

const miSnomed = "22298006" // Myocardial infarction (catalogue chd onset_event)

// aspirinIn: the products that carry aspirin (aspirin alone, or with
// modified-release dipyridamole after a stroke).
func aspirinIn(k string) bool { return k == "aspirin" || k == "dipyridamole_aspirin" }

// TestSecondaryPreventionFromDischarge: the first aspirin, P2Y12 inhibitor
// and statin after a heart attack come at or within a day or two of the
// discharge (median 3 days or less; 90% within a week, leaving room for a
// visit moved past a weekend). On main the median was 7 days after discharge.
func TestSecondaryPreventionFromDischarge(t *testing.T) {
	r := review5Population(t)
	discharged := map[string]models.Date{} // MI row -> the day its admission ended
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient && e.ReasonConditionID != "" {
			discharged[e.ReasonConditionID] = e.EndTime.Date()
		}
	}
	groups := []struct {
		what string
		is   func(string) bool
		gaps []float64
	}{
		{"aspirin", aspirinIn, nil},
		{"P2Y12 inhibitor", func(k string) bool { return datasets.InClass(k, "p2y12_inhibitor") }, nil},
		{"statin", func(k string) bool { return datasets.InClass(k, "statin") }, nil},
	}
	for id, conds := range r.condsOf {
		for _, mi := range conds {
			dis, ok := discharged[mi.ConditionID]
			if mi.SnomedCode != miSnomed || !ok || mi.OnsetDate < r.p.windowStart {
				continue
			}
			for g := range groups {
				first := models.NoDate
				for _, rx := range r.rxOf[id] {
					if groups[g].is(medKey(rx)) && rx.StartDate >= mi.OnsetDate && rx.StartDate <= mi.OnsetDate+90 && (first == models.NoDate || rx.StartDate < first) {
						first = rx.StartDate
					}
				}
				if first != models.NoDate {
					groups[g].gaps = append(groups[g].gaps, float64(first-dis))
				}
			}
		}
	}
	for _, g := range groups {
		enough(t, len(g.gaps), 50, "heart attacks with a first "+g.what+" issued within 90 days")
		s := slices.Clone(g.gaps)
		slices.Sort(s)
		med, p90 := s[len(s)/2], s[len(s)*9/10]
		t.Logf("%s: %d first issues, days after discharge median %.0f, 90th centile %.0f", g.what, len(s), med, p90)
		if med > 3 || p90 > 7 {
			t.Errorf("first %s a median %.0f days (90th centile %.0f) after the heart attack's discharge (want 3 or less, 7 or less)", g.what, med, p90)
		}
	}
}

// TestAtorvastatin80AYearAfterAHeartAttack: NICE CG181 and NG238 treat CVD
// with atorvastatin 80 mg; someone on atorvastatin 20 mg for primary
// prevention when the heart attack comes has it raised. A year on, nobody
// alive is still issued 20 mg (the model has no interaction or intolerance
// that keeps the lower dose).
func TestAtorvastatin80AYearAfterAHeartAttack(t *testing.T) {
	r := review5Population(t)
	n, on20 := 0, 0
	for id, conds := range r.condsOf {
		for _, mi := range conds {
			d := mi.OnsetDate + 365
			if mi.SnomedCode != miSnomed || mi.OnsetDate < r.p.windowStart || d > r.p.Opts.AsOf {
				continue
			}
			if death := r.patients[id].DeathDate; death != models.NoDate && death <= d {
				continue
			}
			n++
			for _, rx := range r.rxOf[id] {
				if rx.DMDCode == "320030001" && running(rx, d) { // Atorvastatin 20mg tablets (regimens.csv step 0)
					on20++
					t.Errorf("%s: atorvastatin 20 mg still issued a year after the heart attack of %s", id, mi.OnsetDate)
					break
				}
			}
		}
	}
	enough(t, n, 50, "heart attacks followed for a year")
	t.Logf("%d heart attacks followed for a year, %d on atorvastatin 20 mg then", n, on20)
}

// TestTicagrelorOnlyWithAspirin: ticagrelor is given with aspirin (NICE
// TA236), never alone: every issue starts with an aspirin running, the
// end-of-life medicines review included (it stops both).
func TestTicagrelorOnlyWithAspirin(t *testing.T) {
	r := review5Population(t)
	n := 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if medKey(rx) != "ticagrelor" {
				continue
			}
			n++
			with := false
			for _, o := range rxs {
				with = with || aspirinIn(medKey(o)) && o.StartDate <= rx.StartDate && running(o, rx.StartDate)
			}
			if !with {
				t.Errorf("%s: ticagrelor issued %s with no aspirin running", id, rx.StartDate)
			}
		}
	}
	enough(t, n, 50, "ticagrelor issues")
}
