package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Brief h70c: a GP and a pharmacist reading the anticoagulation courses of
// generate -n 20000 -s 83 found a VTE's loading dose and usual dose issued
// for the same days, apixaban 2.5 mg (a clot's extended dose) in a person
// with atrial fibrillation with "Anticoagulation declined" coded beside it,
// and a clot on the extended dose left on it. The tests read the shared
// 20,000-patient population.

// isVTE reports whether condition row c is a DVT or PE.
func isVTE(c *models.Condition) bool {
	return c.ConditionKey == "dvt" || c.ConditionKey == "pulmonary_embolism"
}

// runsOnDay reports whether issue rx supplies day d.
func runsOnDay(rx *models.Prescription, d models.Date) bool {
	return rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
}

// isLoading reports whether issue rx is a VTE drug's loading dose: its
// loading_dose text, alone or going on to the usual dose (the attendance's
// starter supply of apixaban 5 mg, to the practice's contact).
func isLoading(r *realism, rx *models.Prescription) bool {
	for _, d := range r.p.vte.Drugs {
		if strings.HasPrefix(rx.DoseText, d.LoadingDose) {
			return true
		}
	}
	return false
}

// TestVTEUsualDoseStartsTheDayAfterLoading: BNF apixaban (VTE treatment):
// 10 mg twice daily for 7 days, then 5 mg twice daily; rivaroxaban 15 mg
// twice daily for 21 days, then 20 mg daily (approx, as the brief quotes
// them). The usual dose is not taken with the loading dose (10 mg + 5 mg
// twice daily reads as 15 mg) and follows it with no gap: its first issue
// starts the day after the loading ends, the attendance's supply running on
// at the usual dose to the practice's contact where the tablet is the same
// (apixaban 5 mg), and no issue starts before its contact. Before, 154 of 197 apixaban
// courses overlapped (3 of 3 rivaroxaban) and 6 left a gap of 4-7 days
// (generate -n 20000 -s 83).
func TestVTEUsualDoseStartsTheDayAfterLoading(t *testing.T) {
	r := review5Population(t)
	courses, overlap, gap, offContact := 0, 0, 0, 0
	for id, rxs := range r.rxOf {
		for _, l := range rxs {
			if !isLoading(r, l) {
				continue
			}
			var first *models.Prescription
			for _, rx := range rxs {
				if rx.ConditionID == l.ConditionID && medKey(rx) == medKey(l) && !isLoading(r, rx) && (first == nil || rx.StartDate < first.StartDate) {
					first = rx
				}
			}
			if first == nil {
				continue // the course ends with its loading (a death, the record's end)
			}
			courses++
			if e := r.encs[first.EncounterID]; e == nil || e.StartTime.Date() != first.StartDate {
				offContact++
				t.Errorf("patient %s: %s from %s, not on the day of the contact that issued it", id, first.Medication, first.StartDate)
			}
			switch {
			case first.StartDate <= l.EndDate:
				overlap++
				t.Errorf("patient %s: %s from %s while the loading dose runs %s to %s", id, first.Medication, first.StartDate, l.StartDate, l.EndDate)
			case first.StartDate > l.EndDate+1:
				gap++
				t.Errorf("patient %s: %s from %s, %d days after the loading ended %s", id, first.Medication, first.StartDate, first.StartDate-l.EndDate-1, l.EndDate)
			}
		}
	}
	t.Logf("VTE courses with a loading dose and a usual dose %d: overlapping %d, gap %d, not issued on its contact's day %d", courses, overlap, gap, offContact)
	enough(t, courses, 100, "VTE courses")
}

// TestAnticoagulantCourseWithAFTakesTheAFDose: with atrial fibrillation the
// AF dose applies (BNF apixaban, AF: 5 mg twice daily, 2.5 mg with two of
// 80 or over, 60 kg or less and a creatinine of 133 or more; as the brief
// quotes it), not a clot's extended 2.5 mg; and no "Anticoagulation
// declined" is coded on a day an anticoagulant is issued or runs (NICE
// NG196 1.6: a decline is of an anticoagulant not taken). An AF person's
// VTE issue of apixaban 2.5 mg under 80 with a latest eGFR of 60 or more
// (a creatinine below 133 for either sex: at most one criterion) is
// counted wrong. Before, 5 such issues (beb8a359) with the decline coded 4
// times beside them (generate -n 20000 -s 83).
func TestAnticoagulantCourseWithAFTakesTheAFDose(t *testing.T) {
	r := review5Population(t)
	ext := ""
	for i, d := range r.p.vte.Drugs {
		if d.ExtendedStep > 0 {
			if g := r.p.vte.meds[i].regimen(50, d.ExtendedStep); g != nil {
				ext = g.DMDCode
			}
		}
	}
	if ext == "" {
		t.Fatal("no extended dose in the catalogue's VTE drugs")
	}
	vteIssues, wrongDose := afVTEIssues(t, r, ext)
	// h73c grounded "Anticoagulation contraindicated" on a platelet count
	// below 50 (the rest are declined and offered again yearly): the 6 VTE
	// issues with AF held in this population were all one person's
	// (be51c658), coded contraindicated with platelets of 231; declined, they
	// took the anticoagulant at the next year's offer, and with AF
	// anticoagulated their later clot is not a VTE course. A clot in someone with
	// AF not anticoagulated is rare (none in these 20,000): the count goes on
	// into further patients of the same seed, 5,000 at a time, until it has
	// enough (or 60,000 more have been read).
	const chunk, most = 5000, 60000
	more := testPlan(t, 20000+most, nil)
	for first := int64(20000); vteIssues < 3 && first < 20000+most; first += chunk {
		v, w := afVTEIssues(t, realismOf(more, generateAll(t, more, first, first+chunk)), ext)
		vteIssues, wrongDose = vteIssues+v, wrongDose+w
	}
	declines, beside := 0, 0
	for id, os := range r.obsOf {
		for _, o := range os {
			if o.ValueCode != "413559006" && o.SnomedCode != "413559006" {
				continue
			}
			declines++
			d := o.EffectiveTime.Date()
			for _, rx := range r.rxOf[id] {
				if datasets.InClass(medKey(rx), "anticoagulant") && (rx.StartDate == d || rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate > d)) {
					beside++
					t.Errorf("patient %s: Anticoagulation declined coded %s beside %s %s to %s", id, d, rx.Medication, rx.StartDate, rx.EndDate)
					break
				}
			}
		}
	}
	t.Logf("VTE anticoagulant issues with AF held %d, extended dose with at most one AF criterion %d; Anticoagulation declined codes %d, beside an anticoagulant %d", vteIssues, wrongDose, declines, beside)
	enough(t, declines, 30, "Anticoagulation declined codes")
	enough(t, vteIssues, 3, "VTE issues with AF held")
}

// afVTEIssues counts the repeat issues for a DVT or PE in r started on or
// after the person's AF onset, and of them the clot's extended dose ext
// under 80 with a latest eGFR of 60 or more (reported as errors).
func afVTEIssues(t *testing.T, r *realism, ext string) (vteIssues, wrongDose int) {
	t.Helper()
	cond := r.conditionByID()
	afOnset := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "atrial_fibrillation" {
			afOnset[c.PatientID] = c.OnsetDate
		}
	}
	for id, on := range afOnset {
		for _, rx := range r.rxOf[id] {
			c := cond[rx.ConditionID]
			if c == nil || !isVTE(c) || rx.StartDate < on || rx.Type != models.PrescriptionRepeat {
				continue
			}
			vteIssues++
			if rx.DMDCode != ext || ageOn(r.patients[id], rx.StartDate) >= 80 {
				continue
			}
			if egfr, ok := r.latestReadingOn(id, "egfr", rx.StartDate, 365); ok && egfr >= 60 {
				wrongDose++
				t.Errorf("patient %s: %s issued %s for a %s with AF (from %s), under 80, eGFR %.0f", id, rx.Medication, rx.StartDate, c.ConditionKey, on, egfr)
			}
		}
	}
	return vteIssues, wrongDose
}

// TestClotOnTheExtendedDoseIsTreatedAgain: a DVT or PE that recurs on
// apixaban 2.5 mg twice daily (the extended dose after 6 months) is treated
// as a new clot (NICE NG158 1.3, approx): the 2.5 mg ends the day before,
// and the loading dose starts on its day (BNF apixaban: 10 mg twice daily
// for 7 days, then 5 mg). Before, the clot was coded and the 2.5 mg ran on
// (1 of 1 such recurrence, 752f7287, generate -n 20000 -s 83). Few clots
// recur on it: the test needs one.
func TestClotOnTheExtendedDoseIsTreatedAgain(t *testing.T) {
	r := review5Population(t)
	cond := r.conditionByID()
	const ext = "42206411000001101" // apixaban 2.5 mg (regimens.csv step 1)
	recur, untreated := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if !isVTE(c) {
			continue
		}
		var onExt, ranOn, loaded bool
		for _, rx := range r.rxOf[c.PatientID] {
			old := cond[rx.ConditionID]
			if old != nil && old.ConditionID != c.ConditionID && isVTE(old) && rx.DMDCode == ext && rx.StartDate < c.OnsetDate && runsOnDay(rx, c.OnsetDate-1) {
				onExt = true
				ranOn = ranOn || runsOnDay(rx, c.OnsetDate)
			}
			if rx.ConditionID == c.ConditionID && isLoading(r, rx) && rx.StartDate == c.OnsetDate {
				loaded = true
			}
		}
		if !onExt {
			continue
		}
		recur++
		if ranOn || !loaded {
			untreated++
			t.Errorf("patient %s: %s on %s on apixaban 2.5 mg: 2.5 mg runs on %v, loading dose started %v", c.PatientID, c.ConditionKey, c.OnsetDate, ranOn, loaded)
		}
	}
	t.Logf("clots on the extended dose %d, not treated again %d", recur, untreated)
	enough(t, recur, 1, "clots on the extended dose")
}
