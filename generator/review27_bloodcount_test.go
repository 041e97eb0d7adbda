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

// BSR 2017 / BNF: methotrexate is monitored with FBC, LFT and U&E from one
// sample (white cells and ALT mark one). On main the white cell count stood
// alone for the blood count.
func TestMethotrexateMonitoringIsAFullPanel(t *testing.T) {
	r := pathwayPopulation(t)
	wbc, alt := obsCode(t, "wbc"), obsCode(t, "alt")
	want := []string{obsCode(t, "haemoglobin"), obsCode(t, "platelets"), obsCode(t, "egfr")}
	firstContact := firstContactTested(r, "wbc") // a dementia diagnosis's own bloods (review47_bloods_test.go)
	n, short := 0, 0
	for enc, obs := range r.obsByEnc {
		if firstContact[enc] {
			continue
		}
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
	enough(t, low, 10, "haemoglobins below the anaemia threshold")
	if unanswered > 0 {
		t.Errorf("%d of %d low haemoglobins with no anaemia coded and no iron", unanswered, low)
	}
	started, repeated := 0, 0
	for id, rxs := range iron {
		anaemia := map[string]bool{} // the courses a low count started (iron for a low ferritin beside a normal count repeats none: ironstores.go)
		for _, c := range r.condsOf[id] {
			anaemia[c.ConditionID] = c.SnomedCode == l.Problem.Snomed
		}
		for _, rx := range rxs {
			if !anaemia[rx.ConditionID] || rx.StartDate+35 > r.p.Opts.Population() || (r.patients[id].DeathDate != models.NoDate && r.patients[id].DeathDate <= rx.StartDate+35) {
				continue
			}
			started++
			if r.readFrom(id, hb, rx.StartDate+7, 28) {
				repeated++
			}
		}
	}
	enough(t, started, 5, "iron courses started")
	t.Logf("%d low haemoglobins, %d iron courses, %d repeated within 5 weeks", low, started, repeated)
	if 10*repeated < 9*started {
		t.Errorf("%d of %d iron courses with the blood count repeated 1-5 weeks after, want at least 90%%", repeated, started)
	}
}
