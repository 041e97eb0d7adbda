package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestFrailVeryOldHaveAnAntihypertensiveStopped: from 80, a person living
// with moderate or severe frailty on two antihypertensives or more whose
// review reads below 150 has one stopped (catalogue hypertension
// care_target step_down; OPTiMISE, Sheppard et al., JAMA 2020: people of 80
// and over below 150 on two drugs or more had one removed with no loss of
// control). The record shows it: of the reviews of frail people of 80+ on
// two drugs or more reading below 150, a share end a drug there with
// nothing started in its place, more than for the others of 80+ (who keep
// NICE NG136's target and their drugs). Without the step down: 0 of 1,026
// and 0 of 1,768; with it 7 of 612 and 3 of 1,708 (the others' stops: a
// drug ruled out by a result, model).
func TestFrailVeryOldHaveAnAntihypertensiveStopped(t *testing.T) {
	r := review5Population(t)
	sbp := r.snomed("systolic_bp")
	sd := r.p.conds[r.p.condIndex["hypertension"]].CareTarget.StepDown
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	htn, _ := cat.Condition("hypertension")
	lowers := map[string]bool{} // the antihypertensives of its lines (a statin is linked to it too)
	for _, l := range htn.Treatment {
		for _, o := range l.Options {
			lowers[o.Drug] = true
		}
	}
	end := r.p.Opts.Population()
	rows := r.conditionByID()
	var reviews, stops [2]int // [not frail, frail]
	for id, pt := range r.patients {
		h := r.has(id, "hypertension")
		if h == nil {
			continue
		}
		var rx []*models.Prescription
		for _, x := range r.rxOf[id] {
			if x.ConditionID == h.ConditionID && lowers[medKey(x)] {
				rx = append(rx, x)
			}
		}
		for _, o := range r.values(id, sbp) {
			d := o.EffectiveTime.Date()
			if *o.Value >= 150 || ageOnDay(pt, d) < 80 || d > end-90 || pt.DeathDate != models.NoDate && pt.DeathDate < d+90 {
				continue
			}
			// (fix72f: not a reading taken in an acute kidney injury, whose
			// sick-day rule holds an ACE inhibitor, ARB or diuretic until the
			// kidneys recover, NICE NG148, whatever the frailty: a hold, not
			// a step down. After the stop 72 merge moved when acute
			// illnesses fall, such holds were 22 of the others' 36 stops and
			// 17 of the frail's 43, and hid the step down: 26 of 1,700 frail
			// against 14 of 2,700 without them)
			if e := r.encs[o.EncounterID]; e != nil {
				if c := rows[e.ReasonConditionID]; c != nil && c.ConditionKey == "aki" {
					continue
				}
			}
			running := map[string]bool{} // drugs issued over the day before
			stopped, started := false, false
			for _, x := range rx {
				if x.StartDate < d && (x.EndDate == models.NoDate || x.EndDate >= d-1) {
					running[medKey(x)] = true
				}
				if x.StartDate == d {
					started = true
				}
			}
			if len(running) < 2 {
				continue
			}
			for k := range running { // a drug with no issue running on from the day
				on := false
				for _, x := range rx {
					if medKey(x) == k && (x.EndDate == models.NoDate || x.EndDate > d) && x.StartDate <= d+1 {
						on = true
					}
				}
				stopped = stopped || !on
			}
			frail := 0
			if r.frailFor(id, sd, d) {
				frail = 1
			}
			reviews[frail]++
			if stopped && !started {
				stops[frail]++
			}
		}
	}
	enough(t, reviews[1], 50, "readings below 150 of frail people of 80+ on two antihypertensives or more")
	t.Logf("readings below 150 at 80+ on two antihypertensives or more with one stopped that day: frail %d of %d, others %d of %d", stops[1], reviews[1], stops[0], reviews[0])
	if stops[1] == 0 || float64(stops[1])/float64(reviews[1]) < 2*float64(stops[0])/float64(max(reviews[0], 1)) {
		t.Errorf("frail people of 80+ below 150 on two drugs or more had one stopped no more often than others: %d of %d against %d of %d", stops[1], reviews[1], stops[0], reviews[0])
	}
}
