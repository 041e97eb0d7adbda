// Checks for brief h54c (issue 9, primary-care contacts): administrative
// telephone contacts answer something on the record, and the liver
// function tests of alcohol dependence.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAdministrativeCallsAnswerTheRecord: 41% of telephone contacts held
// nothing but "Telephone consultation" (125,348 of 304,032, generate -n
// 20000 -s 83), about nothing on the record. Now none does: each gives the
// result of a practice test taken result_days before, or issues a fit note
// to a person of working age during an episode of a fit_note_for problem or
// after a stay, about it.
func TestAdministrativeCallsAnswerTheRecord(t *testing.T) {
	r := pathwayPopulation(t)
	ac := r.p.adminCalls
	if ac == nil {
		t.Fatal("catalogue: no admin_calls")
	}
	a := ac.a
	// The tests whose results a call gives: the admin list, and the urine
	// culture whose result call changes the antibiotic (uticulture.yaml,
	// h63e: 41 such calls at this population, which the list alone missed).
	cr, err := datasets.LoadCultureResult()
	if err != nil {
		t.Fatal(err)
	}
	culture := codeOf(t, cr.Observation)
	phone := r.p.encTypes[encGPTelephone].Code
	stays := map[string][]*models.Encounter{} // patient: inpatient stays
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient {
			stays[e.PatientID] = append(stays[e.PatientID], e)
		}
	}
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		conds[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	bare, results, fitNotes, badResult, badFit := 0, 0, 0, 0, 0
	for enc, obs := range r.obsByEnc {
		e := r.encs[enc]
		if e == nil || e.Setting != settingGP || e.TypeCode != phone {
			continue
		}
		if len(obs) == 1 && obs[0].SnomedCode == r.p.phoneConsult.Snomed && e.ReasonConditionID == "" {
			bare++
			continue
		}
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			switch o.SnomedCode {
			case ac.result.Snomed:
				results++
				found := false // a practice test of the list taken result_days before
				for _, x := range r.obsOf[e.PatientID] {
					xd := x.EffectiveTime.Date()
					if x.SnomedCode == culture {
						xd = r.sampleOf(t, x).Date() // its growth is recorded at the report (brief h75c)
					}
					if (ac.results[x.SnomedCode] || x.SnomedCode == culture) && xd >= d-models.Date(a.ResultDays[1]) && xd <= d-models.Date(a.ResultDays[0]) {
						if te := r.encs[x.EncounterID]; te != nil && te.Setting == settingGP {
							found = true
							break
						}
					}
				}
				if !found {
					badResult++
				}
			case ac.fitNote.Snomed:
				fitNotes++
				p := r.patients[e.PatientID]
				age := ageOnDay(p, d)
				ok := age >= a.FitNoteAges[0] && age <= a.FitNoteAges[1] && e.ReasonConditionID != ""
				if c := conds[e.ReasonConditionID]; ok && c != nil {
					inEpisode := d >= c.OnsetDate+models.Date(a.FitNoteMinDays) && d <= c.OnsetDate+models.Date(a.FitNoteNewDays) &&
						(c.ResolvedDate == models.NoDate || d <= c.ResolvedDate)
					afterStay := false
					for _, s := range stays[e.PatientID] {
						end := s.EndTime.Date()
						afterStay = afterStay || (s.ReasonConditionID == e.ReasonConditionID && d > end && d <= end+models.Date(a.FitNoteAfterDays))
					}
					ok = inEpisode || afterStay
				}
				if !ok {
					badFit++
					if badFit <= 5 {
						t.Logf("%s: fit note on %s at %d with reason %q and nothing to certify", e.PatientID, d, age, e.ReasonConditionID)
					}
				}
			}
		}
	}
	enough(t, results, 200, "results calls")
	enough(t, fitNotes, 100, "fit notes")
	t.Logf("%d results calls (%d with no test before), %d fit notes (%d with nothing to certify), %d bare administrative calls", results, badResult, fitNotes, badFit, bare)
	if bare > 0 || badResult > 0 || badFit > 0 {
		t.Errorf("%d bare administrative calls, %d results calls with no practice test %v days before, %d fit notes with nothing to certify; want none", bare, badResult, a.ResultDays, badFit)
	}
}

// TestAlcoholDependenceHasLiverTests: 32 of 37 people coded with alcohol
// dependence had no ALT and none a GGT (generate -n 20000 -s 83). Now
// each whose dependence began before the record's end with a GP
// consultation after it has an ALT and a GGT from its onset, and their
// results are raised: the median GGT above the upper reference limit
// (about 40-60 U/L) and the median ALT above everyone else's.
func TestAlcoholDependenceHasLiverTests(t *testing.T) {
	r := pathwayPopulation(t)
	alt, ggt := r.snomed("alt"), r.snomed("ggt")
	phone := r.p.encTypes[encGPTelephone].Code
	onset := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == r.p.Cat.Alcohol.Dependence {
			onset[c.PatientID] = c.OnsetDate
		}
	}
	seen := map[string]bool{} // a GP consultation on or after the onset
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if d, ok := onset[e.PatientID]; ok && e.Setting == settingGP && e.TypeCode != phone && e.StartTime.Date() >= d {
			seen[e.PatientID] = true
		}
	}
	due, tested := 0, 0
	var depALT, depGGT, otherALT []float64
	for id, d := range onset {
		if !seen[id] {
			continue
		}
		due++
		hasALT, hasGGT := false, false
		for _, o := range r.obsOf[id] {
			if o.Value == nil || o.EffectiveTime.Date() < d {
				continue
			}
			switch o.SnomedCode {
			case alt:
				hasALT = true
				depALT = append(depALT, *o.Value)
			case ggt:
				hasGGT = true
				depGGT = append(depGGT, *o.Value)
			}
		}
		if hasALT && hasGGT {
			tested++
		}
	}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == alt && o.Value != nil {
			if _, dep := onset[o.PatientID]; !dep {
				otherALT = append(otherALT, *o.Value)
			}
		}
	}
	enough(t, due, 5, "people with alcohol dependence seen after its onset")
	if len(depALT) == 0 || len(depGGT) == 0 || len(otherALT) == 0 {
		t.Fatalf("no ALT or GGT after the onset of alcohol dependence (%d ALT, %d GGT), or no other ALT", len(depALT), len(depGGT))
	}
	mALT, mGGT, mOther := medianOf(depALT), medianOf(depGGT), medianOf(otherALT)
	t.Logf("%d of %d people with alcohol dependence have an ALT and a GGT; median ALT %.0f (others %.0f), GGT %.0f", tested, due, mALT, mOther, mGGT)
	if tested < due {
		t.Errorf("%d of %d people with alcohol dependence have no ALT and GGT after its onset; want none", due-tested, due)
	}
	if mGGT <= 40 || mALT <= mOther {
		t.Errorf("median GGT %.0f and ALT %.0f (others %.0f) in alcohol dependence; want GGT above 40 and ALT above others'", mGGT, mALT, mOther)
	}
}
