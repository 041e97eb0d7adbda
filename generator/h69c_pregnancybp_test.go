// Checks for brief h69c: hypertension in pregnancy treated, continued and
// reviewed after the birth; gestational diabetes followed up. A GP review of
// generate -n 20000 -s 83 found gestational hypertension left untreated
// (asthma ruled labetalol out and nothing took its place), labetalol ending
// 14 days after the birth with no review, and no HbA1c in the years after
// gestational diabetes.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h69cAntihypertensives are the medicines that treat hypertension in and
// after pregnancy (NICE NG133: labetalol, nifedipine, methyldopa; after the
// birth enalapril or amlodipine too).
var h69cAntihypertensives = map[string]bool{"labetalol": true, "nifedipine": true, "methyldopa": true, "enalapril": true, "amlodipine": true}

// h69cTreatedNear reports whether the patient takes an antihypertensive on
// day d or starts one within 7 days.
func h69cTreatedNear(r *realism, patient string, d models.Date) bool {
	for _, rx := range r.rxOf[patient] {
		if h69cAntihypertensives[medKey(rx)] && rx.StartDate <= d+7 && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// h69cBirths are the births of the population (pregnancy problems resolved
// without a miscarriage), by patient: the day of each.
func h69cBirths(r *realism) map[string][]models.Date {
	pm := r.p.pregnancy.p
	out := map[string][]models.Date{}
	for id, conds := range r.condsOf {
		lost := map[models.Date]bool{} // the days miscarriages were seen (the pregnancy closes then)
		for _, c := range conds {
			if c.ConditionKey == pm.Miscarriage.Key {
				lost[c.OnsetDate] = true
			}
		}
		for _, c := range conds {
			if c.ConditionKey == pm.Problem.Key && c.ResolvedDate != models.NoDate && !lost[c.ResolvedDate] {
				out[id] = append(out[id], c.ResolvedDate)
			}
		}
	}
	return out
}

// h69cBPReadings are the patient's blood pressure pairs (taken at the same
// time), by time.
func h69cBPReadings(r *realism, patient string) map[models.Timestamp][2]float64 {
	sys, dia := r.snomed("systolic_bp"), r.snomed("diastolic_bp")
	out := map[models.Timestamp][2]float64{}
	for _, o := range r.obsOf[patient] {
		if o.Value == nil || (o.SnomedCode != sys && o.SnomedCode != dia) {
			continue
		}
		v := out[o.EffectiveTime]
		if o.SnomedCode == sys {
			v[0] = *o.Value
		} else {
			v[1] = *o.Value
		}
		out[o.EffectiveTime] = v
	}
	return out
}

// encAt is the encounter of the patient's observation at time at ("" none).
func encAt(r *realism, patient string, at models.Timestamp) string {
	for _, o := range r.obsOf[patient] {
		if o.EffectiveTime == at {
			return o.EncounterID
		}
	}
	return ""
}

// TestGestationalHypertensionTreatedWhileRaised: NICE NG133 1.3 offers
// labetalol for gestational hypertension (and pre-eclampsia), nifedipine
// if labetalol is not suitable, methyldopa if neither is; the target is
// 135/85. Every reading of 140/90 or more from the problem's coding to the
// birth has an antihypertensive running or begun within 7 days. Before: 4
// problems, 43 readings, all four women with asthma (generate -n 20000
// -s 83).
func TestGestationalHypertensionTreatedWhileRaised(t *testing.T) {
	r := review5Population(t)
	rb := r.p.pregnancy.raisedBP.r
	held := map[string]bool{rb.Problem.Key: true, rb.PreEclampsia.Problem.Key: true}
	births := h69cBirths(r)
	problems, untreated := 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if !held[c.ConditionKey] {
				continue
			}
			birth := models.NoDate
			for _, b := range births[id] {
				if b >= c.OnsetDate && (birth == models.NoDate || b < birth) {
					birth = b
				}
			}
			if birth == models.NoDate {
				continue
			}
			problems++
			for at, v := range h69cBPReadings(r, id) {
				d := at.Date()
				if d < c.OnsetDate || d >= birth || (v[0] < rb.Systolic && v[1] < rb.Diastolic) || h69cTreatedNear(r, id, d) {
					continue
				}
				if e := r.encs[encAt(r, id, at)]; e != nil && e.Setting == settingAE {
					continue // an A&E reading about something else, the antihypertensive stopped at a low one (h70d)
				}
				untreated++
				t.Logf("%s: %s on %s (%v/%v), no antihypertensive within 7 days", id, c.ConditionKey, d, v[0], v[1])
			}
		}
	}
	enough(t, problems, 40, "hypertensive problems of pregnancy ending in a birth")
	t.Logf("%d problems, %d raised readings untreated", problems, untreated)
	if untreated > 0 {
		t.Errorf("%d readings of 140/90 or more in a gestational hypertension or pre-eclampsia untreated (NICE NG133 1.3)", untreated)
	}
}

// TestPostnatalAntihypertensiveReviewedAtTwoWeeks: NICE NG133 postnatal
// care (verified in a published summary): a woman still on antihypertensive
// treatment after the birth has a medical review with her GP 2 weeks after
// transfer, and the treatment is reduced when the blood pressure is below
// 130/80. Every birth with the pregnancy's treatment (an antihypertensive
// about gestational hypertension or pre-eclampsia) running on the day of
// the birth, whose record runs 3 weeks on, has a visit about the problem
// with a blood pressure 10-21 days after the birth (all but 5%: a review
// the record could not book); at most one has the treatment running on
// more than 2 days past a first such reading below 130/80. Before: 3 of 109 births on an antihypertensive
// had a blood pressure 10-21 days after, and 87 none running after 2 weeks
// (generate -n 20000 -s 83).
func TestPostnatalAntihypertensiveReviewedAtTwoWeeks(t *testing.T) {
	r := review5Population(t)
	rb := r.p.pregnancy.raisedBP.r
	tr := rb.Postnatal.Treatment
	keys := r.conditionKeys()
	held := map[string]bool{rb.Problem.Key: true, rb.PreEclampsia.Problem.Key: true}
	births := h69cBirths(r)
	var last models.Date
	for i := range r.b.Encounters {
		last = max(last, r.b.Encounters[i].StartTime.Date())
	}
	treated, unreviewed, kept := 0, 0, 0
	for id, bs := range births {
		p := r.patients[id]
		end := last
		if p.DeathDate != models.NoDate {
			end = min(end, p.DeathDate)
		}
		for _, birth := range bs {
			var rx *models.Prescription
			for _, x := range r.rxOf[id] {
				if h69cAntihypertensives[medKey(x)] && held[keys[x.ConditionID]] && x.StartDate <= birth && (x.EndDate == models.NoDate || x.EndDate >= birth) {
					rx = x
				}
			}
			if rx == nil || birth+21 > end {
				continue
			}
			treated++
			var first models.Timestamp // the review: the first visit about the problem 10-21 days on with a blood pressure
			var v [2]float64
			bps := h69cBPReadings(r, id)
			for at, bp := range bps {
				e := r.encs[encAt(r, id, at)]
				if d := at.Date(); d >= birth+10 && d <= birth+21 && bp[0] > 0 && bp[1] > 0 && e != nil && e.ReasonConditionID == rx.ConditionID && (first == 0 || at < first) {
					first, v = at, bp
				}
			}
			if first == 0 {
				unreviewed++
				t.Logf("%s: birth %s on %s, no blood pressure review 10-21 days after", id, birth, medKey(rx))
				continue
			}
			if v[0] < tr.StopSystolic && v[1] < tr.StopDiastolic && (rx.EndDate == models.NoDate || rx.EndDate > first.Date()+2) {
				kept++
				t.Logf("%s: birth %s, %v/%v on %s, %s runs to %s", id, birth, v[0], v[1], first.Date(), medKey(rx), rx.EndDate)
			}
		}
	}
	enough(t, treated, 40, "births on the pregnancy's antihypertensive")
	t.Logf("%d births treated: %d with no review, %d kept on below 130/80", treated, unreviewed, kept)
	if unreviewed > treated/20 || kept > 1 {
		t.Errorf("%d of %d births on an antihypertensive had no blood pressure 10-21 days after, %d kept it below 130/80 (NICE NG133)", unreviewed, treated, kept)
	}
}

// TestGestationalDiabetesHasAYearlyHbA1c: NICE NG3 1.6 (verified in
// published copies): after a postnatal fasting glucose below 6.0 mmol/L a
// woman who had gestational diabetes has an annual test (HbA1c: NICE QS109
// statement 4). Of the women with gestational diabetes and a postnatal
// glucose whose record runs 480 days past the birth, with no diabetes or
// non-diabetic hyperglycaemia coded and no new pregnancy by then, at least
// 90% have an HbA1c 300-480 days after the birth. Before: 2 of 72 (every
// woman followed 15 months, generate -n 20000 -s 83).
func TestGestationalDiabetesHasAYearlyHbA1c(t *testing.T) {
	r := review5Population(t)
	g := r.p.pregnancy.gdm.g
	hba1c := r.snomed("hba1c")
	births := h69cBirths(r)
	var last models.Date
	for i := range r.b.Encounters {
		last = max(last, r.b.Encounters[i].StartTime.Date())
	}
	followed, tested := 0, 0
	for id, conds := range r.condsOf {
		p := r.patients[id]
		end := last
		if p.DeathDate != models.NoDate {
			end = min(end, p.DeathDate)
		}
		for _, c := range conds {
			if c.ConditionKey != g.Problem.Key {
				continue
			}
			birth := models.NoDate
			for _, b := range births[id] {
				if b >= c.OnsetDate && (birth == models.NoDate || b < birth) {
					birth = b
				}
			}
			if birth == models.NoDate || birth+480 > end {
				continue
			}
			excluded := false
			for _, o := range conds {
				excluded = excluded || (o.OnsetDate <= birth+480 && (o.ConditionKey == "type2_diabetes" || o.ConditionKey == "type1_diabetes" || o.ConditionKey == "non_diabetic_hyperglycaemia")) ||
					(o.ConditionKey == r.p.pregnancy.p.Problem.Key && o.OnsetDate > birth && o.OnsetDate <= birth+480)
			}
			if excluded {
				continue
			}
			followed++
			found := false
			for _, o := range r.obsOf[id] {
				d := o.EffectiveTime.Date()
				found = found || (o.SnomedCode == hba1c && d >= birth+300 && d <= birth+480)
			}
			if found {
				tested++
			} else {
				t.Logf("%s: gestational diabetes, birth %s, no HbA1c 300-480 days after", id, birth)
			}
		}
	}
	enough(t, followed, 20, "women followed 480 days after gestational diabetes")
	t.Logf("%d of %d women with an HbA1c a year after gestational diabetes", tested, followed)
	if tested*10 < followed*9 {
		t.Errorf("%d of %d women had an HbA1c 300-480 days after gestational diabetes (NICE NG3 1.6: annual)", tested, followed)
	}
}
