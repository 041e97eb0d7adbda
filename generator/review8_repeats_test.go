// Checks for the eighth review: repeat prescribing and blood monitoring
// (docs/clinical-model.md, "Repeat prescribing and blood monitoring
// (eighth review)").
package generator

import (
	"slices"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoRepeatIssuedWhileThePreviousCovers: reviews falling due within days
// of each other (a follow-up just before the routine review, a second
// condition's review) each reissued the same repeats, giving issues of one
// product a few days apart (387 of 39,942 repeat issues less than 14 days
// after the previous on generate -n 5000 -s 5). Reviews due within the
// recall window are now held together, and a repeat still covering the
// patient is not issued again: no repeat issue of a product follows the
// previous one to the same patient within 14 days. (A lowered ACE inhibitor
// issued at a mild potassium's check-up and again at the review two days
// later, which had already lowered it, stopped in h62a: loweredSoon.) An
// issue that had ended with days off it before the next (a medicine
// stopped and started again: h70d's antenatal labetalol, stopped at a
// reading below 110/70 a week in and started again at 145/103 six days
// later, NICE NG133) did not cover the patient, and is not read (fix70c).
func TestNoRepeatIssuedWhileThePreviousCovers(t *testing.T) {
	r := pathwayPopulation(t)
	issues, soon, restarted := 0, 0, 0
	for id := range r.patients {
		byProduct := map[string][]*models.Prescription{}
		for _, rx := range r.rxOf[id] {
			if rx.Type == models.PrescriptionRepeat {
				// by product and dose: a dose changed days after an issue (lowered
				// for the kidneys) is a new prescription, not a repeat issued again
				k := rx.DMDCode + "|" + rx.DoseText
				byProduct[k] = append(byProduct[k], rx)
			}
		}
		for dmd, rxs := range byProduct {
			sort.Slice(rxs, func(a, b int) bool { return rxs[a].StartDate < rxs[b].StartDate })
			days := make([]models.Date, len(rxs))
			for k, rx := range rxs {
				days[k] = rx.StartDate
			}
			for k := 1; k < len(days); k++ {
				issues++
				if days[k]-days[k-1] >= 14 {
					continue
				}
				if end := rxs[k-1].EndDate; end != models.NoDate && end+1 < days[k] {
					// stopped, and started again after days off it: the
					// previous no longer covered the patient (an antenatal
					// labetalol stopped at a reading below 110/70 and
					// started again at 140/90 or more days later, NICE
					// NG133; h70d, fix70c)
					restarted++
					continue
				}
				soon++
				if soon <= 3 {
					t.Logf("patient %s: %s issued %s and again %s", id, dmd, days[k-1], days[k])
				}
			}
		}
	}
	enough(t, issues, 5000, "repeat issues after an earlier one")
	t.Logf("%d of %d repeat issues within 14 days of the previous issue of the product (%d more started again after days stopped)", soon, issues, restarted)
	if soon > 0 {
		t.Fatalf("%d repeat issues less than 14 days after the previous one of the same product", soon)
	}
}

// TestReviewsDueTogetherShareAnAppointment: a patient's routine reviews of
// different conditions falling due within the recall window are held at one
// appointment, not at practice visits a few days apart. A condition's own
// follow-ups may be close by design (an antidepressant reviewed 2 weeks
// after its start, NICE NG222; eighteenth review: recurrent depression made
// them common enough to pass 1% with them counted). The bound is 1.25%:
// stop 68's merge moved the population from 328 of 33,530 (0.98%) to 344 of
// 33,515 (1.03%) with no new pair of reasons behind it (the commonest,
// coronary disease then heart failure, 22 of 344); reviews not combined at
// all would put it several times higher.
func TestReviewsDueTogetherShareAnAppointment(t *testing.T) {
	r := pathwayPopulation(t)
	window := models.Date(r.p.repeats.CombineWithinDays)
	reviews, close := 0, 0
	type review struct {
		day    models.Date
		reason string
	}
	byPatient := map[string][]review{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting == settingGP && e.TypeCode == r.p.encTypes[encChronicReview].Code {
			byPatient[e.PatientID] = append(byPatient[e.PatientID], review{e.StartTime.Date(), e.ReasonConditionID})
		}
	}
	for _, days := range byPatient {
		sort.Slice(days, func(a, b int) bool { return days[a].day < days[b].day })
		for k := 1; k < len(days); k++ {
			reviews++
			if days[k].day-days[k-1].day <= window/2 && days[k].reason != days[k-1].reason {
				close++
			}
		}
	}
	enough(t, reviews, 3000, "GP reviews after an earlier one")
	t.Logf("%d of %d GP reviews within %d days of the previous review", close, reviews, window/2)
	if 400*close > 5*reviews {
		t.Fatalf("%d of %d GP reviews come within %d days of the previous one (want under 1.25%%): reviews due together are not combined", close, reviews, window/2)
	}
}

// reviewedAt reports whether encounter e holds a review of condition key as
// well as of its own reason: reviews due together share an appointment
// (prescribing.yaml repeats), where each records its observations, so an
// appointment that records every observation of the condition's review
// reviewed it. A reason for no treatment coded there may be that
// condition's, not the encounter reason's.
func (r *realism) reviewedAt(e *models.Encounter, key string) bool {
	ci, ok := r.p.condIndex[key]
	if !ok {
		return false
	}
	pt := r.patients[e.PatientID]
	slots := r.p.conds[ci].reviewSlots(models.YearsBetween(pt.BirthDate, e.StartTime.Date()))
	if len(slots) == 0 {
		return false
	}
	for _, slot := range slots {
		if slices.Contains(r.p.conds[ci].yearly, slot) {
			continue // once a year, not at every review (catalogue reviews yearly)
		}
		code := r.p.obsCodes[slot].Snomed
		if !slices.ContainsFunc(r.obsByEnc[e.EncounterID], func(o *models.Observation) bool { return o.SnomedCode == code }) {
			return false
		}
	}
	return true
}
