package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The full blood count (twenty-seventh review). On main no record held a
// haemoglobin: 0 of 20,734 tiredness episodes had one and 19,659 had no
// blood test within 14 days, no woman with heavy periods had a full blood
// count and 2,925 of 4,825 episodes had no treatment, and methotrexate's
// monitoring was a white cell count, ALT and eGFR (generate -n 20000 -s 5).

// readFrom reports whether the patient has a reading of code from day d to
// d+days.
func (r *realism) readFrom(id, code string, d models.Date, days int) bool {
	for _, o := range r.obsOf[id] {
		if od := o.EffectiveTime.Date(); o.SnomedCode == code && od >= d && od <= d+models.Date(days) {
			return true
		}
	}
	return false
}

// recorded reports whether an episode begun on day d is one the record can
// answer within days: begun in the record, the person alive and recorded
// that long after.
func (r *realism) recorded(pt *models.Patient, d models.Date, days int) bool {
	end := r.p.Opts.Population()
	return d >= r.p.Opts.HistoryStart() && d+models.Date(days) <= end && (pt.DeathDate == models.NoDate || pt.DeathDate > d+models.Date(days))
}

// NICE CKS tiredness/fatigue in adults: a full blood count, kidney, liver
// and thyroid function. On main 0% of adults' episodes had a haemoglobin
// within 14 days; the catalogue takes the bloods in 8 of 10.
func TestTirednessIsInvestigatedWithBloods(t *testing.T) {
	r := pathwayPopulation(t)
	want := []string{obsCode(t, "haemoglobin"), obsCode(t, "wbc"), obsCode(t, "egfr"), obsCode(t, "alt"), obsCode(t, "tsh")}
	n, bled := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "fatigue" || ageOnDay(pt, c.OnsetDate) < 18 || !r.recorded(pt, c.OnsetDate, 14) {
			continue
		}
		n++
		all := true
		for _, code := range want {
			all = all && r.readFrom(c.PatientID, code, c.OnsetDate, 14)
		}
		if all {
			bled++
		}
	}
	enough(t, n, 300, "adults' tiredness episodes")
	t.Logf("%d of %d adults' tiredness episodes with FBC, U&E, LFT and TSH within 14 days", bled, n)
	if 10*bled < 7*n {
		t.Errorf("%d of %d tiredness episodes investigated with bloods within 14 days, want at least 70%%", bled, n)
	}
}

// NICE NG88: a full blood count for every woman with heavy menstrual
// bleeding, and a treatment (the LNG-IUS, tranexamic acid or an NSAID).
// On main 0% had a haemoglobin and 39% a medicine.
func TestHeavyPeriodsHaveABloodCountAndTreatment(t *testing.T) {
	r := pathwayPopulation(t)
	hb := obsCode(t, "haemoglobin")
	n, fbc, treated := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "menorrhagia" || !r.recorded(r.patients[c.PatientID], c.OnsetDate, 14) {
			continue
		}
		n++
		if r.readFrom(c.PatientID, hb, c.OnsetDate, 14) {
			fbc++
		}
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.ConditionID == c.ConditionID {
				treated++
				break
			}
		}
	}
	enough(t, n, 150, "heavy menstrual bleeding episodes")
	t.Logf("%d of %d episodes with a haemoglobin within 14 days, %d treated", fbc, n, treated)
	if 20*fbc < 19*n {
		t.Errorf("%d of %d heavy-period episodes with a full blood count within 14 days, want at least 95%%", fbc, n)
	}
	if 4*treated < 3*n {
		t.Errorf("%d of %d heavy-period episodes treated, want at least 75%%", treated, n)
	}
}

// BSR 2017 / BNF: methotrexate is monitored with FBC, LFT and U&E from one
// sample (white cells and ALT mark one). On main the white cell count stood
// alone for the blood count.
func TestMethotrexateMonitoringIsAFullPanel(t *testing.T) {
	r := pathwayPopulation(t)
	wbc, alt := obsCode(t, "wbc"), obsCode(t, "alt")
	want := []string{obsCode(t, "haemoglobin"), obsCode(t, "platelets"), obsCode(t, "egfr")}
	n, short := 0, 0
	for enc, obs := range r.obsByEnc {
		got := map[string]bool{}
		for _, o := range obs {
			got[o.SnomedCode] = true
		}
		if !got[wbc] || !got[alt] { // a monitoring sample (a repeat blood count after iron has no ALT)
			continue
		}
		methotrexate := false
		for _, rx := range r.rxOf[obs[0].PatientID] {
			methotrexate = methotrexate || medKey(rx) == "methotrexate"
		}
		if !methotrexate {
			continue
		}
		n++
		for _, code := range want {
			if !got[code] {
				short++
				t.Logf("encounter %s: no %s beside the white cell count", enc, code)
				break
			}
		}
	}
	enough(t, n, 20, "methotrexate monitoring samples")
	if short > 0 {
		t.Errorf("%d of %d methotrexate monitoring samples without FBC, LFT and U&E together", short, n)
	}
}

// A haemoglobin below the anaemia threshold is answered: anaemia coded on
// or before it (within the episode's days) or iron running, and a started
// iron course has the blood count repeated within 5 weeks. On main no
// haemoglobin was recorded.
func TestLowHaemoglobinIsAnswered(t *testing.T) {
	r := pathwayPopulation(t)
	hb := obsCode(t, "haemoglobin")
	a, err := datasets.LoadAnaemia()
	if err != nil {
		t.Fatal(err)
	}
	l := a.LowHaemoglobin
	iron := map[string][]*models.Prescription{}
	for i := range r.b.Prescriptions {
		if rx := &r.b.Prescriptions[i]; medKey(rx) == l.Treatment.Drug {
			iron[rx.PatientID] = append(iron[rx.PatientID], rx)
		}
	}
	low, unanswered := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != hb || o.Value == nil {
			continue
		}
		pt := r.patients[o.PatientID]
		below := l.Below.Female
		if pt.Sex == "male" {
			below = l.Below.Male
		}
		if *o.Value >= below {
			continue
		}
		low++
		d := o.EffectiveTime.Date()
		answered := false
		for _, c := range r.condsOf[o.PatientID] {
			answered = answered || c.SnomedCode == l.Problem.Snomed && c.OnsetDate <= d && d < c.OnsetDate+models.Date(l.Problem.Days)
		}
		for _, rx := range iron[o.PatientID] {
			answered = answered || rx.StartDate <= d && d <= rx.EndDate
		}
		if !answered {
			unanswered++
			if unanswered <= 5 {
				t.Logf("patient %s: haemoglobin %.0f on %s unanswered", o.PatientID, *o.Value, d)
			}
		}
	}
	enough(t, low, 50, "haemoglobins below the anaemia threshold")
	if unanswered > 0 {
		t.Errorf("%d of %d low haemoglobins with no anaemia coded and no iron", unanswered, low)
	}
	started, repeated := 0, 0
	for id, rxs := range iron {
		for _, rx := range rxs {
			if rx.StartDate+35 > r.p.Opts.Population() || (r.patients[id].DeathDate != models.NoDate && r.patients[id].DeathDate <= rx.StartDate+35) {
				continue
			}
			started++
			if r.readFrom(id, hb, rx.StartDate+7, 28) {
				repeated++
			}
		}
	}
	enough(t, started, 30, "iron courses started")
	t.Logf("%d low haemoglobins, %d iron courses, %d repeated within 5 weeks", low, started, repeated)
	if 10*repeated < 9*started {
		t.Errorf("%d of %d iron courses with the blood count repeated 1-5 weeks after, want at least 90%%", repeated, started)
	}
}
