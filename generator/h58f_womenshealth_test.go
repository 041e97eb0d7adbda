// Checks for brief h58f (issue 9, GP review rev57; before-figures from
// generate -n 20000 -s 83): of 158 UTIs in a known pregnancy 26 had a urine
// culture, 115 of 141 courses were nitrofurantoin for 3 days and 17 had no
// antibiotic; every woman on HRT took continuous combined HRT from her first
// consultation, years before her menopause, and 161 heavy-period episodes
// began in 133 of 978 women on it; 296 GP contacts were about the learning
// disability of a child under 14, none recording anything.
package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestUTIInPregnancyCulturedAndTreatedSevenDays: a UTI in a pregnancy the
// practice knows of has a urine sent for culture at the contact that
// diagnoses it, an immediate antibiotic, and 7 days of it (NICE NG109:
// nitrofurantoin for 7 days, cefalexin near term). A course cut short by the
// end of the record, or an allergy with no alternative, may leave a few.
func TestUTIInPregnancyCulturedAndTreatedSevenDays(t *testing.T) {
	r := review5Population(t)
	code, ok := datasets.ObservationByKey("urine_sample") // the urine sent (brief h75c)
	if !ok {
		t.Fatal("no urine_sample observation code")
	}
	episodes, cultured, treated, week := 0, 0, 0, 0
	for id, conds := range r.condsOf {
		for _, u := range conds {
			if u.ConditionKey != "uti" || !inKnownPregnancy(conds, u.OnsetDate) {
				continue
			}
			episodes++
			if slices.ContainsFunc(r.obsByEnc[u.DiagnosisEncounterID], func(o *models.Observation) bool { return o.SnomedCode == code.Snomed }) {
				cultured++
			}
			got, long := false, false
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID == u.ConditionID {
					got = true
					long = long || (rx.EndDate != models.NoDate && rx.EndDate-rx.StartDate+1 >= 7 && strings.Contains(rx.DoseText, "7 days"))
				}
			}
			if got {
				treated++
			}
			if long {
				week++
			}
		}
	}
	enough(t, episodes, 40, "UTIs in a known pregnancy")
	if cultured*100 < episodes*97 {
		t.Errorf("%d of %d UTIs in pregnancy had a urine culture at the contact that diagnosed them, want 97%% or more (NICE NG109)", cultured, episodes)
	}
	if treated*100 < episodes*95 {
		t.Errorf("%d of %d UTIs in pregnancy had an antibiotic, want 95%% or more (NICE NG109 1.1.5: an immediate prescription)", treated, episodes)
	}
	if week*100 < treated*95 {
		t.Errorf("%d of %d treated UTIs in pregnancy had a 7-day course, want 95%% or more (NICE NG109: 7 days in pregnancy)", week, treated)
	}
}

// inKnownPregnancy reports whether day d falls in a pregnancy on the
// problem list (from the visit that confirmed it to its end).
func inKnownPregnancy(conds []*models.Condition, d models.Date) bool {
	return slices.ContainsFunc(conds, func(c *models.Condition) bool {
		return c.ConditionKey == "pregnancy" && d >= c.OnsetDate && (c.ResolvedDate == models.NoDate || d < c.ResolvedDate)
	})
}

// TestHRTSequentialUntilAYearAfterTheMenopause: a woman starting HRT at the
// consultation for her symptoms (the perimenopause, periods going on) is
// given sequential combined HRT; continuous combined HRT comes 12 months
// after the last period (NICE NG23, BMS), so heavy periods never begin while
// it runs.
func TestHRTSequentialUntilAYearAfterTheMenopause(t *testing.T) {
	r := review5Population(t)
	sequential := []string{"estradiol_norethisterone_sequential_oral", "estradiol_norethisterone_sequential_transdermal"}
	continuous := []string{"estradiol_norethisterone_oral", "estradiol_norethisterone_transdermal"}
	started, startedSeq, moved := 0, 0, 0
	for id, conds := range r.condsOf {
		var hrt []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if k := medKey(rx); slices.Contains(sequential, k) || slices.Contains(continuous, k) {
				hrt = append(hrt, rx)
			}
		}
		if len(hrt) == 0 {
			continue
		}
		first := hrt[0]
		for _, rx := range hrt {
			if rx.StartDate < first.StartDate {
				first = rx
			}
		}
		for _, c := range conds {
			if c.ConditionKey == "menopausal_symptoms" && c.DiagnosisEncounterID != "" && c.OnsetDate == first.StartDate {
				started++
				if slices.Contains(sequential, medKey(first)) {
					startedSeq++
				}
			}
		}
		seqSeen := false
		for _, rx := range hrt {
			seqSeen = seqSeen || slices.Contains(sequential, medKey(rx))
		}
		if seqSeen && slices.ContainsFunc(hrt, func(rx *models.Prescription) bool { return slices.Contains(continuous, medKey(rx)) }) {
			moved++
		}
		for _, c := range conds {
			if c.ConditionKey != "menorrhagia" {
				continue
			}
			for _, rx := range hrt {
				if slices.Contains(continuous, medKey(rx)) && c.OnsetDate >= rx.StartDate && (rx.EndDate == models.NoDate || c.OnsetDate <= rx.EndDate) {
					t.Errorf("patient %s: heavy periods from %s while %s runs (from %s)", id, c.OnsetDate, rx.Medication, rx.StartDate)
				}
			}
		}
	}
	enough(t, started, 100, "women starting HRT at the consultation for their symptoms")
	enough(t, moved, 20, "women moved from sequential to continuous combined HRT")
	if startedSeq*100 < started*95 {
		t.Errorf("%d of %d women starting HRT at their first consultation began on sequential HRT, want 95%% or more (NICE NG23: sequential while periods go on)", startedSeq, started)
	}
}

// TestNoGPContactAboutLearningDisabilityInYoungChildren: a child's learning
// disability is followed by paediatric, school and community services; the
// GP's annual health check begins at 14. Under 14 the GP sees it only to
// diagnose it (and vaccinates for it as a flu risk group): every other GP
// contact about it was an empty record.
func TestNoGPContactAboutLearningDisabilityInYoungChildren(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	diag := map[string]bool{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "learning_disability" && c.DiagnosisEncounterID != "" {
			diag[c.DiagnosisEncounterID] = true
		}
	}
	seen := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || keys[e.ReasonConditionID] != "learning_disability" || ageOn(r.patients[e.PatientID], e.StartTime.Date()) >= 14 {
			continue
		}
		seen++
		if !diag[e.EncounterID] && e.TypeDisplay != "Active immunization" {
			t.Errorf("patient %s: a %s on %s about learning disability under 14", e.PatientID, e.TypeDisplay, e.StartTime.Date())
		}
	}
	enough(t, seen, 5, "GP contacts about learning disability under 14 (diagnoses)")
}
