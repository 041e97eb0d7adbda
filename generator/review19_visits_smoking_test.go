// Checks for the nineteenth review's home visits that record something,
// stop-smoking medicines and eczema that gathers in atopic people
// (docs/clinical-model.md, "Atopic eczema, stopping smoking and home visits
// that record nothing (nineteenth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHomeVisitsRecordSomething: before the nineteenth review 53.6% of home
// visits recorded no observation, prescription, diagnosis or vaccine (77% of
// those about dementia; generate -n 20000 -s 5). A home visit that would
// record nothing now records one thing that fits it for all but the
// catalogue's empty share (10%): under 20% may be empty. An advance care
// plan is coded only in end-of-life care (on the palliative care register),
// a dementia care plan review only at a visit about dementia.
func TestHomeVisitsRecordSomething(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	used := r.encountersWithRecords()
	diagnosed := map[string]bool{}
	for i := range r.b.Conditions {
		diagnosed[r.b.Conditions[i].DiagnosisEncounterID] = true
	}
	home := r.p.encTypes[encGPHomeVisit].Code
	acpCode, _ := datasets.ObservationByKey("advance_care_planning")
	demCode, _ := datasets.ObservationByKey("dementia_care_plan_review")
	acp, dem := acpCode.Snomed, demCode.Snomed
	register := r.p.Cat.EndOfLife.Register.Snomed
	onRegister := map[string]models.Date{} // the palliative care register's first day, by patient
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.SnomedCode == register {
			if d, ok := onRegister[c.PatientID]; !ok || c.OnsetDate < d {
				onRegister[c.PatientID] = c.OnsetDate
			}
		}
	}
	kept := keptHomeVisits(r) // a fatal pneumonia kept at home records its decisions off the register (h74d)
	visits, empty, acps, dems := 0, 0, 0, 0
	registerVisits, registerEmpty := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != home {
			continue
		}
		// Brief h57a: on the palliative care register the routine blood
		// pressure and pulse are no longer taken (nothing is adjusted by
		// them), and the weekly visits of the last months are written up
		// in free text the record does not hold: the share is measured off
		// the register, where the examination is still the usual record.
		if d, ok := onRegister[e.PatientID]; ok && d <= e.StartTime.Date() {
			registerVisits++
			if !used[e.EncounterID] && !diagnosed[e.EncounterID] {
				registerEmpty++
			}
		} else {
			visits++
			if !used[e.EncounterID] && !diagnosed[e.EncounterID] {
				empty++
			}
		}
		for _, o := range r.obsByEnc[e.EncounterID] {
			switch o.SnomedCode {
			case acp:
				acps++
				if d, ok := onRegister[e.PatientID]; (!ok || d > e.StartTime.Date()) && !kept[e.EncounterID] {
					t.Errorf("patient %s: advance care planning at a home visit on %s, not on the palliative care register", e.PatientID, e.StartTime.Date())
				}
			case dem:
				dems++
				if keys[e.ReasonConditionID] != "dementia" {
					t.Errorf("patient %s: dementia care plan review at a home visit about %q", e.PatientID, keys[e.ReasonConditionID])
				}
			}
		}
	}
	t.Logf("%d of %d home visits on the palliative care register record nothing coded", registerEmpty, registerVisits)
	enough(t, visits, 2000, "home visits off the register")
	enough(t, acps, 100, "advance care plans at home visits")
	enough(t, dems, 100, "dementia care plan reviews at home visits")
	// off the register most visits are about something other passes record
	// (1.6% empty on this population after brief h57a; the 2% floor was
	// set on every visit, the register's examination-only visits among them)
	if share := float64(empty) / float64(visits); share > 0.2 || share < 0.01 {
		t.Errorf("%d of %d home visits off the register (%.1f%%) record nothing: want 1-20%% (the catalogue's 10%% of those that would)", empty, visits, 100*share)
	}
}

// TestQuitAttempts: no smoker was ever prescribed a stop-smoking medicine.
// Each attempt now has its problem ("Wants to stop smoking") opened at a
// visit that records the status "Smoker"; the review two weeks on records
// "Ex-smoker" (since h75d: at the first issue 4 weeks or more after the
// quit date) and continues the medicine for those who stopped, or codes a
// failed attempt and issues nothing more; a successful course is 12 weeks.
// About one attempt in five succeeds (NICE NG209, Cochrane: 15-25% at a
// year; 12-28% allowed), every recorded status 28 days or more after a
// successful attempt's quit date is "Ex-smoker" and none before its first
// visit is, and varenicline is not
// started after its UK supply stopped (2021-09-30).
func TestQuitAttempts(t *testing.T) {
	r := review5Population(t)
	q := r.p.quit
	if q == nil {
		t.Fatal("no smoking quit_support in the catalogue")
	}
	sv := r.p.coded[r.p.slots.smoking].values
	smoker, ex := sv[r.p.smokingValue[currentSmoker]].Code, sv[r.p.smokingValue[exSmoker]].Code
	failed := q.failed.Snomed
	status := r.snomed("smoking_status")
	cutoff := q.until[0]
	attempts, succeeded := 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if c.ConditionKey != q.q.Indication.Key {
				continue
			}
			attempts++
			first := r.encs[c.DiagnosisEncounterID]
			if first == nil || first.ReasonConditionID != c.ConditionID {
				t.Fatalf("patient %s: quit attempt from %s without its visit", id, c.OnsetDate)
			}
			sawSmoker := false
			for _, o := range r.obsByEnc[first.EncounterID] {
				if o.SnomedCode == status {
					sawSmoker = o.ValueCode == smoker
				}
			}
			if !sawSmoker {
				t.Errorf("patient %s: quit attempt on %s begun without 'Smoker' recorded", id, c.OnsetDate)
			}
			var issues []*models.Prescription
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID == c.ConditionID {
					issues = append(issues, rx)
				}
			}
			slices.SortFunc(issues, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
			if len(issues) == 0 {
				t.Fatalf("patient %s: quit attempt on %s with no medicine", id, c.OnsetDate)
			}
			if issues[0].StartDate > cutoff && issues[0].Medication != "" && slices.Contains([]string{"10981111000001109", "10971511000001106"}, issues[0].DMDCode) {
				t.Errorf("patient %s: varenicline started on %s, after its supply stopped", id, issues[0].StartDate)
			}
			codedFailed := false
			for _, o := range r.obsOf[id] {
				if o.SnomedCode == failed && o.EffectiveTime.Date() >= c.OnsetDate && (c.ResolvedDate == models.NoDate || o.EffectiveTime.Date() <= c.ResolvedDate) {
					codedFailed = true
				}
			}
			// continued: an issue after the first day's (since h74f combination
			// NRT issues a short-acting product beside the patch the same day)
			next := slices.IndexFunc(issues, func(rx *models.Prescription) bool { return rx.StartDate > issues[0].StartDate })
			if next > 0 {
				succeeded++
				if codedFailed {
					t.Errorf("patient %s: quit attempt on %s coded failed and continued", id, c.OnsetDate)
				}
				if span := issues[len(issues)-1].EndDate - issues[0].StartDate + 1; issues[len(issues)-1].EndDate != models.NoDate && issues[len(issues)-1].EndDate < r.p.Opts.Population()-1 && span > 84 {
					t.Errorf("patient %s: stop-smoking course of %d days (12 weeks at most)", id, span)
				}
				for _, o := range r.obsOf[id] {
					if o.SnomedCode != status {
						continue
					}
					d := o.EffectiveTime.Date()
					// h75d: "Ex-smoker" from 28 days after the quit date (a 4-week
					// quit, NCSCT), "Smoker" before it
					quit := c.OnsetDate + models.Date(q.q.QuitAfterDays)
					if d >= quit+models.Date(r.p.Cat.Smoking.ExCodedAfterDays) && o.ValueCode != ex {
						t.Errorf("patient %s: %s recorded on %s after stopping smoking with help on %s", id, o.ValueDisplay, d, c.OnsetDate)
					}
					if d < c.OnsetDate && o.ValueCode == ex {
						t.Errorf("patient %s: 'Ex-smoker' on %s before the successful quit attempt of %s", id, d, c.OnsetDate)
					}
				}
			}
		}
	}
	enough(t, attempts, 300, "quit attempts")
	if share := float64(succeeded) / float64(attempts); share < 0.12 || share > 0.28 {
		t.Errorf("%d of %d supported quit attempts (%.1f%%) succeed: want 12-28%% (15-25%% at a year, NICE NG209)", succeeded, attempts, 100*share)
	}
}

// TestEczemaGathersInTheAtopic: eczema flares were spread thinly, a quarter
// of people with one in ten years and 1.9 each (generate -n 20000 -s 5).
// A tenth of people are prone to it (catalogue prone) and have most of the
// flares: people with three or more flares in the record have at least
// half of all flares, and fewer than 22% of people have any. Flares are
// counted by their treatment (eczemaFlares): since brief h49a a person's
// flares are consultations about one eczema row.
func TestEczemaGathersInTheAtopic(t *testing.T) {
	r := review5Population(t)
	perPerson := map[string]int{}
	total := 0
	for id, fs := range r.eczemaFlares() {
		for _, f := range fs {
			if f.day >= r.p.windowStart {
				perPerson[id]++
				total++
			}
		}
	}
	enough(t, total, 3000, "eczema flares")
	many := 0
	for _, n := range perPerson {
		if n >= 3 {
			many += n
		}
	}
	if share := float64(len(perPerson)) / float64(len(r.patients)); share > 0.22 {
		t.Errorf("%.1f%% of people have an eczema flare in the record: want under 22%% (flares gather in the atopic)", 100*share)
	}
	if share := float64(many) / float64(total); share < 0.5 {
		t.Errorf("people with 3 or more flares have %.1f%% of the flares: want at least half", 100*share)
	}
}
