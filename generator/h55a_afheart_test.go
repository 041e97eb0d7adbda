package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// anticoagulationReasons are the AF pathway's coded reasons for no
// anticoagulant (catalogue atrial_fibrillation untreated).
var anticoagulationReasons = map[string]bool{"413559006": true, "413558003": true}

// TestAFStrokeRiskReassessedWhenItRises (issue 9, session 55): people with
// AF whose CHA2DS2-VASc reached 2 between AF reviews (a 65th or 75th
// birthday, a new hypertension, diabetes, stroke, heart failure or vascular
// disease) waited for the next AF review: a median of 222 days from the rise
// to a decision on generate -n 20000 -s 83, 38 of 42 more than 60 days.
// NICE NG196 1.6: reassess stroke risk when someone reaches 65 or develops a
// risk factor. Of the people whose score rose to 2 or more after a coded
// score below 2, with no anticoagulant and no reason coded, alive and off
// the palliative care register for 60 days after, nine in ten have the
// decision (an anticoagulant started, or a reason coded) within 60 days,
// with a coded score of 2 or more by then.
func TestAFStrokeRiskReassessedWhenItRises(t *testing.T) {
	r := review5Population(t) // the shared 20,000: the events read (a stroke risk rising between AF reviews, heart failure on the palliative register) are rare
	code, ok := datasets.ObservationByKey("cha2ds2_vasc")
	if !ok {
		t.Fatal("observation_codes.csv: no cha2ds2_vasc")
	}
	sc, err := datasets.ScoreByName("cha2ds2_vasc")
	if err != nil {
		t.Fatal(err)
	}
	end := r.p.Opts.Population()
	const window = 60
	rises, decided, scored := 0, 0, 0
	for id, p := range r.patients {
		af := r.has(id, "atrial_fibrillation")
		if af == nil {
			continue
		}
		coded := r.values(id, code.Snomed)
		if len(coded) == 0 {
			continue
		}
		// the days the score can rise: a risk condition's onset, a birthday of an age item
		var days []models.Date
		for _, it := range sc.Items {
			for _, k := range it.Conditions {
				if c := r.has(id, k); c != nil {
					days = append(days, c.OnsetDate)
				}
			}
			if it.AgeAtLeast > 0 {
				y, m, dd := p.BirthDate.YMD()
				days = append(days, models.CivilDate(y+it.AgeAtLeast, m, dd))
			}
		}
		rise := models.NoDate
		for _, d := range days {
			if d <= af.OnsetDate || d > end || (rise != models.NoDate && d >= rise) || r.chadsVascOn(t, id, d) < 2 {
				continue
			}
			latest := -1.0 // the latest score coded before the day
			var at models.Timestamp
			for _, o := range coded {
				if o.EffectiveTime.Date() < d && o.EffectiveTime > at {
					latest, at = *o.Value, o.EffectiveTime
				}
			}
			if latest >= 0 && latest < 2 {
				rise = d
			}
		}
		if rise == models.NoDate || rise+window > end || p.DeathDate != models.NoDate && p.DeathDate <= rise+window {
			continue
		}
		if pc := r.has(id, "palliative_care"); pc != nil && pc.OnsetDate <= rise+window {
			continue
		}
		open := true // nothing decided before the rise
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "anticoagulant") && rx.StartDate < rise && (rx.EndDate == models.NoDate || rx.EndDate >= rise) {
				open = false
			}
		}
		for _, o := range r.obsOf[id] {
			if anticoagulationReasons[o.ValueCode] && o.EffectiveTime.Date() < rise {
				open = false
			}
		}
		if !open {
			continue
		}
		rises++
		ok := false
		for _, rx := range r.rxOf[id] {
			ok = ok || datasets.InClass(medKey(rx), "anticoagulant") && rx.StartDate >= rise && rx.StartDate <= rise+window
		}
		for _, o := range r.obsOf[id] {
			ok = ok || anticoagulationReasons[o.ValueCode] && o.EffectiveTime.Date() >= rise && o.EffectiveTime.Date() <= rise+window
		}
		if !ok {
			t.Logf("%s (%s, born %s): CHA2DS2-VASc %d from %s, nothing decided by %d days", id, p.Sex, p.BirthDate, r.chadsVascOn(t, id, rise), rise, window)
			continue
		}
		decided++
		for _, o := range coded {
			if d := o.EffectiveTime.Date(); d >= rise && d <= rise+window && *o.Value >= 2 {
				scored++
				break
			}
		}
	}
	t.Logf("AF stroke risk risen to 2+ with nothing decided: %d; decided within %d days: %d, a score of 2+ coded by then: %d", rises, window, decided, scored)
	enough(t, rises, 15, "rises of the stroke risk between AF reviews")
	if decided*10 < rises*9 {
		t.Errorf("%d of %d rises of CHA2DS2-VASc to 2+ decided within %d days (want nine in ten)", decided, rises, window)
	}
	if scored < decided {
		t.Errorf("%d of %d decisions without a coded score of 2+ by then", decided-scored, decided)
	}
}

// TestHeartFailurePrognosticLinesNotStartedOnPalliativeRegister (issue 9,
// session 55): a heart failure diagnosed on the day someone went on the
// palliative care register started ramipril and bisoprolol at the home
// visit, and another dapagliflozin: 3 such starts on generate -n 20000 -s
// 83. The lines that change the prognosis over years (catalogue
// not_in_end_of_life) are not begun in end-of-life care; a course running
// before goes on, and the loop diuretic (for congestion) is not held. No
// issue for heart failure that starts one of those lines' medicines falls
// on or after the register entry, while people enter it taking them.
func TestHeartFailurePrognosticLinesNotStartedOnPalliativeRegister(t *testing.T) {
	r := review5Population(t)
	hf := r.condPlan(t, "heart_failure")
	held := map[string]bool{} // medicine keys of the held lines
	for _, l := range hf.lines {
		if l.NotInEndOfLife == nil {
			continue
		}
		for _, o := range l.Options {
			held[o.Drug] = true
		}
	}
	if len(held) == 0 || held["furosemide"] {
		t.Fatalf("catalogue heart_failure: held medicines %v (want the prognostic lines, not the loop diuretic)", held)
	}
	byID := r.conditionByID()
	onRegister, running, starts := 0, 0, 0
	for id := range r.patients {
		pc := r.has(id, "palliative_care")
		if pc == nil || r.has(id, "heart_failure") == nil {
			continue
		}
		onRegister++
		for _, rx := range r.rxOf[id] {
			c := byID[rx.ConditionID]
			key := medKey(rx)
			if c == nil || c.ConditionKey != "heart_failure" || !held[key] {
				continue
			}
			if rx.StartDate < pc.OnsetDate {
				if rx.EndDate == models.NoDate || rx.EndDate >= pc.OnsetDate {
					running++ // taken into end-of-life care: goes on
				}
				continue
			}
			continues := false // an issue of the same medicine ending within 28 days before
			for _, o := range r.rxOf[id] {
				if o != rx && medKey(o) == key && o.StartDate < rx.StartDate && (o.EndDate == models.NoDate || o.EndDate+28 >= rx.StartDate) {
					continues = true
				}
			}
			if !continues {
				starts++
				t.Errorf("%s: %s started %s for heart failure, on the palliative care register from %s", id, rx.Medication, rx.StartDate, pc.OnsetDate)
			}
		}
	}
	t.Logf("heart failure on the palliative care register: %d people, %d issues of the held lines running at the entry, %d started after it", onRegister, running, starts)
	enough(t, onRegister, 30, "people with heart failure on the palliative care register")
	enough(t, running, 10, "issues of the held lines running into the register")
}
