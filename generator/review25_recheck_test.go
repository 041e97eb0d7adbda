package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRAASStopIsRecheckedWithinWeeks: an ACE inhibitor or ARB stopped at a
// potassium of 6.0 or more (prescribing.yaml result_stops) has the potassium
// tested again 2-4 weeks later (rechallenge recheck_days), and when that
// repeat is below 5.0 the medicine is restarted within 45 days of the stop,
// or the reason is on the record by then (the follow-up review_after_days after the test), not
// at the condition's next routine review, a year on for hypertension alone;
// a restart never shares its day with a spironolactone start (one change
// at a time). Stops the condition's next review reaches as soon, or the
// last weeks of life, book no follow-up: a fifth may miss either check. On
// main (generate -n 20000 -s 5) the repeat test came 1-3 days after and the
// decision at the next review: a median of 176 days to a restart, 2 of 50
// within 5 weeks; on its 6,000 people 9 of 12 stops had no potassium 14-28
// days after.
func TestRAASStopIsRecheckedWithinWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	potassium, end := r.snomed("potassium"), r.p.Opts.AsOf
	reason := r.p.stopOf[r.p.obsIndex["potassium"]].NotRestarted.Reason.Snomed
	stops, untested, normal, undecided := 0, 0, 0, 0
	for id, pt := range r.patients {
		st, ok := r.firstRAASStop(id)
		if !ok || lastDay(pt, end) < st.day+60 {
			continue
		}
		stops++
		repeat, at := 0.0, models.NoDate
		for _, o := range r.values(id, potassium) {
			if d := o.EffectiveTime.Date(); d >= st.day+14 && d <= st.day+28 && (at == models.NoDate || d < at) {
				repeat, at = *o.Value, d
			}
		}
		if at == models.NoDate {
			untested++
			t.Logf("patient %s: %s stopped on %s, no potassium 14-28 days after", id, st.stopped.Medication, st.day)
			continue
		}
		if repeat >= 5 {
			continue // still high: a later review decides
		}
		normal++
		decided := false
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "raas_blocker") && rx.StartDate > st.day && rx.StartDate <= st.day+45 {
				decided = true
				for _, sp := range r.rxOf[id] {
					if medKey(sp) == "spironolactone" && sp.StartDate == rx.StartDate && !r.issuedBetween(id, "spironolactone", rx.StartDate-60, rx.StartDate-1) {
						t.Errorf("patient %s: %s restarted on %s beside a spironolactone start", id, rx.Medication, rx.StartDate)
					}
				}
			}
		}
		for _, o := range r.obsOf[id] {
			if d := o.EffectiveTime.Date(); o.ValueCode == reason && d >= st.day && d <= st.day+45 { // coded once: at the stop while still high, or at the follow-up
				decided = true
			}
		}
		if !decided {
			undecided++
			t.Logf("patient %s: %s stopped on %s, potassium %.1f on %s, no restart or reason within 45 days of the stop", id, st.stopped.Medication, st.day, repeat, at)
		}
	}
	t.Logf("%d stops: %d with no potassium 14-28 days after; %d with a repeat below 5.0, %d of them undecided at 45 days", stops, untested, normal, undecided)
	if stops < 5 {
		t.Fatalf("only %d stops: too few to judge", stops)
	}
	if untested*5 > stops {
		t.Errorf("%d of %d stops had no potassium 14-28 days after: want at most a fifth", untested, stops)
	}
	if undecided*5 > normal {
		t.Errorf("%d of %d with a repeat below 5.0 were neither restarted nor explained within 45 days: want at most a fifth", undecided, normal)
	}
}
