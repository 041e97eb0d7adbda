package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// raasStop is an ACE inhibitor or ARB issue ended the day before a
// potassium of 6.0 or more: stopped for hyperkalaemia.
type raasStop struct {
	day     models.Date // the result's day
	stopped *models.Prescription
}

// firstRAASStop is the patient's first raasStop (ok false: none).
func (r *realism) firstRAASStop(id string) (raasStop, bool) {
	var first raasStop
	for _, o := range r.values(id, r.snomed("potassium")) {
		d := o.EffectiveTime.Date()
		if *o.Value < 6 || (first.stopped != nil && d >= first.day) {
			continue
		}
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "raas_blocker") && rx.StartDate < d && rx.EndDate == d-1 {
				first = raasStop{d, rx}
			}
		}
	}
	return first, first.stopped != nil
}

// TestRAASBlockerAfterHyperkalaemiaIsRechallengedOrExplained: an ACE
// inhibitor or ARB stopped at a potassium of 6.0 or more (prescribing.yaml
// result_stops) is, within 400 days of the first later potassium below 5.5
// (a year's review of the condition it was for, and some), either started
// again or has "ACE inhibitors contraindicated" coded after the stop. A
// restart is at no more than the stopped dose, with a potassium 7-21 days
// after it (monitoring start_days); a share of people are restarted
// (rechallenge share 0.6, model). On main (generate -n 20000 -s 5) 6 of 48
// were ever restarted and 13 had neither a restart nor a reason.
func TestRAASBlockerAfterHyperkalaemiaIsRechallengedOrExplained(t *testing.T) {
	r := review5Population(t) // twenty-sixth review: 6,000 people gave 2 such stops when the draws moved
	potassium, end := r.snomed("potassium"), r.p.Opts.AsOf
	rs := r.p.stopOf[r.p.obsIndex["potassium"]]
	if rs == nil || rs.NotRestarted == nil || rs.NotRestarted.Rechallenge == nil {
		t.Fatal("prescribing.yaml: potassium's result_stops needs not_restarted with a rechallenge")
	}
	reason := rs.NotRestarted.Reason.Snomed
	// the follow-up that decides comes at most recheck_days and
	// review_after_days after the stop; one that would fall in end-of-life
	// care is not booked (rechallenge.go recheckFollowUps), and nothing is
	// started again there (h58a: losartan stopped at a potassium of 6.0 read
	// at an AF review's DOAC bloods, the palliative care register 17 days on)
	rc := rs.NotRestarted.Rechallenge
	decided := models.Date(rc.RecheckDays[1] + rc.ReviewAfterDays[1])
	due, restarted, explained, palliative := 0, 0, 0, 0
	for id, pt := range r.patients {
		st, ok := r.firstRAASStop(id)
		if !ok {
			continue
		}
		normal := models.NoDate // the first potassium below 5.5 after the stop
		for _, o := range r.values(id, potassium) {
			if d := o.EffectiveTime.Date(); d > st.day && *o.Value < 5.5 && (normal == models.NoDate || d < normal) {
				normal = d
			}
		}
		if normal == models.NoDate || lastDay(pt, end) < normal+400 {
			continue
		}
		if r.palliativeBy(id, st.day+decided) {
			palliative++
			continue
		}
		due++
		var again *models.Prescription // the first ACE inhibitor or ARB issued after the stop
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "raas_blocker") && rx.StartDate > st.day && (again == nil || rx.StartDate < again.StartDate) {
				again = rx
			}
		}
		coded := false
		for _, o := range r.obsOf[id] {
			if d := o.EffectiveTime.Date(); o.ValueCode == reason && d >= st.day {
				coded = true
			}
		}
		switch {
		case again != nil && again.StartDate <= normal+400:
			restarted++
			if strengthMg(again.Medication) > strengthMg(st.stopped.Medication) && medKey(again) == medKey(st.stopped) {
				t.Errorf("patient %s: %s stopped on %s at a potassium of 6.0 or more, restarted on %s at %s: want no more than the stopped dose", id, st.stopped.Medication, st.day, again.StartDate, again.Medication)
			}
			if !r.readBetween(id, potassium, again.StartDate+7, again.StartDate+21) {
				t.Errorf("patient %s: %s restarted on %s after hyperkalaemia, no potassium 7-21 days after", id, again.Medication, again.StartDate)
			}
		case coded:
			explained++
		default:
			t.Errorf("patient %s: %s stopped on %s at a potassium of 6.0 or more, potassium below 5.5 on %s, neither restarted nor a reason in the 400 days after", id, st.stopped.Medication, st.day, normal)
		}
	}
	t.Logf("ACE inhibitor or ARB stopped for hyperkalaemia, potassium back below 5.5: %d; restarted %d, reason coded %d (%d left out: end-of-life care within %d days of the stop)", due, restarted, explained, palliative, decided)
	if due < 5 {
		t.Fatalf("only %d people stopped for hyperkalaemia with a year's record after: too few to judge", due)
	}
	if restarted*4 < due {
		t.Errorf("%d of %d restarted: want at least a quarter (rechallenge share 0.6)", restarted, due)
	}
}

// palliativeBy reports whether the patient entered end-of-life care
// (palliative_care) on or before day d.
func (r *realism) palliativeBy(id string, d models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "palliative_care" && c.OnsetDate <= d {
			return true
		}
	}
	return false
}
