// Checks for brief h69b: refusals that mean what they say. A GP review read
// "Hypertension treatment refused" beside the antihypertensives the person
// took, and "ACE inhibitor declined" beside a running ACE inhibitor.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAntihypertensiveRefusalsNotBesideTheDrug: a refusal is of something
// not given (QOF HYP exception: patient declined; NICE NG136 1.4.15-1.4.16:
// a step up not taken is the person's decision, discussed and recorded).
// Before, 1,683 of 1,901 "Hypertension treatment refused" codes stood beside
// a running antihypertensive (the step up declined by a person on
// treatment) and 5 of 86 "ACE inhibitor declined" beside an ACE inhibitor
// (generate -n 20000 -s 83). Now the declined step is coded as the next
// drug's class declined (prescribing.yaml declined_classes), and no class
// refusal stands on a day a medicine of its classes is issued, or issued
// before and supplied past it (rules.yaml hard rules).
func TestAntihypertensiveRefusalsNotBesideTheDrug(t *testing.T) {
	r := review5Population(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	classesOf := map[string][]string{}
	for _, dc := range rules.DeclinedClasses {
		classesOf[dc.Snomed] = dc.Classes
	}
	counts, beside := map[string]int{}, 0
	for id := range r.patients {
		for _, o := range r.obsOf[id] {
			code := o.ValueCode
			if classesOf[code] == nil {
				code = o.SnomedCode
			}
			classes := classesOf[code]
			if classes == nil {
				continue
			}
			counts[code]++
			d := o.EffectiveTime.Date()
			for _, rx := range r.rxOf[id] {
				key := medKey(rx)
				if !slices.ContainsFunc(classes, func(c string) bool { return datasets.InClass(key, c) }) {
					continue
				}
				if rx.StartDate == d || rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate > d) {
					beside++
					t.Errorf("patient %s: %s (%s) coded %s beside %s issued %s to %s", id, code, o.ValueDisplay, d, rx.Medication, rx.StartDate, rx.EndDate)
					break
				}
			}
		}
	}
	t.Logf("class refusals by code: %v; %d beside a medicine of their class", counts, beside)
	enough(t, counts["401047000"], 20, "Hypertension treatment refused codes (people declining treatment altogether)")
	enough(t, counts["135825007"]+counts["134397009"]+counts["135814003"], 100, "class refusals (a step declined on treatment)")
}

// TestFaintOnAntihypertensivesIsReviewed: a blackout in an older person on
// antihypertensives has the medicines reviewed (NICE CG109 1.1.2: the
// medication history at the assessment of a transient loss of
// consciousness; NICE NG136: review treatment with symptoms of postural
// hypotension; approx). Before, 28 of 343 syncope episodes at 75 or over
// on an antihypertensive had a medication review within 30 days (generate
// -n 20000 -s 83; a frail 95-year-old fainted on amlodipine with an ECG
// only). Each such episode at 65 or over with a GP contact about a problem
// within 30 days has a medication review in those days
// (medication_reviews.yaml after_faint).
func TestFaintOnAntihypertensivesIsReviewed(t *testing.T) {
	r := review5Population(t)
	done, smr := r.p.medReviews.done.Snomed, r.p.medReviews.structured.Snomed // the codes the reviews write
	onAntihypertensive := func(id string, d models.Date) bool {
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "antihypertensive") && (rx.StartDate == d || rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate > d)) {
				return true
			}
		}
		return false
	}
	gpContactBy := map[string][]models.Date{}
	for _, e := range r.encs {
		if e.Setting == settingGP && e.ReasonConditionID != "" {
			gpContactBy[e.PatientID] = append(gpContactBy[e.PatientID], e.StartTime.Date())
		}
	}
	faints, unreviewed := 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			d := c.OnsetDate
			if c.ConditionKey != "syncope" || d < r.p.windowStart || ageOn(r.patients[id], d) < 65 || !onAntihypertensive(id, d) {
				continue
			}
			if !slices.ContainsFunc(gpContactBy[id], func(g models.Date) bool { return g >= d && g <= d+30 }) {
				continue // no GP contact in the 30 days: nobody to review them
			}
			faints++
			reviewed := slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool {
				at := o.EffectiveTime.Date()
				return (o.SnomedCode == done || o.SnomedCode == smr) && at >= d && at <= d+30
			})
			if !reviewed {
				unreviewed++
				t.Errorf("patient %s: syncope on %s at %d on an antihypertensive, a GP contact within 30 days and no medication review", id, d, ageOn(r.patients[id], d))
			}
		}
	}
	enough(t, faints, 50, "syncope episodes at 65 or over on an antihypertensive with a GP contact within 30 days")
	t.Logf("%d syncope episodes at 65 or over on an antihypertensive with a GP contact within 30 days, %d with no medication review in them", faints, unreviewed)
}
