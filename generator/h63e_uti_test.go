package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A urine culture's result changes the antibiotic (uticulture.yaml; brief
// h63e). Of the cultures sent at a GP contact about a UTI that grew an
// organism and started one of the listed antibiotics there, a share at
// least half of the expected (the resistance shares summed over them; a
// switch ruled out by the prescribing rules, or with no free day within a
// week of the report, or after the record's end, leaves some out) and at
// most half as many again is followed by a course of another medicine for
// the episode, each 1 to report_days+act_within_days days after the
// sample and at a contact that gives the result. Before there was none
// (of 3,195 grown cultures with a course at generate -n 20000 -s 83).
func TestResistantCultureChangesTheAntibiotic(t *testing.T) {
	r := pathwayPopulation(t)
	cr, err := datasets.LoadCultureResult()
	if err != nil {
		t.Fatal(err)
	}
	culture, informed := codeOf(t, cr.Observation), codeOf(t, cr.ResultCode)
	share := map[string]float64{}
	for _, x := range cr.Resistance {
		share[x.Drug] = x.Share
	}
	grown := map[string]bool{}
	for _, g := range cr.Grown {
		grown[g] = true
	}
	keys := r.conditionKeys()
	latest := models.Date(cr.ReportDays[1] + cr.ActWithin)
	expected, switched, late := 0.0, 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			e := r.encs[o.EncounterID]
			if o.SnomedCode != culture || !grown[o.ValueCode] || e == nil || e.Setting != settingGP || keys[e.ReasonConditionID] != cr.Problem {
				continue
			}
			day, first := r.sampleOf(t, o).Date(), "" // the sample's day (brief h75c: the growth is recorded at the report)
			if int(day-r.patients[id].BirthDate) < cr.MinAge*36525/100 {
				continue
			}
			for _, rx := range r.rxOf[id] {
				if rx.EncounterID == o.EncounterID && rx.ConditionID == e.ReasonConditionID {
					if _, ok := share[medKey(rx)]; ok {
						first = medKey(rx)
					}
				}
			}
			if first == "" {
				continue
			}
			expected += share[first]
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID != e.ReasonConditionID || rx.StartDate <= day || medKey(rx) == first {
					continue
				}
				if rx.StartDate > day+latest || !codedAtEnc(r, rx.EncounterID, informed) {
					late++
					t.Logf("%s: %s for the culture of %s on %s (no result given there, or late)", id, rx.Medication, day, rx.StartDate)
					continue
				}
				switched++
				break
			}
		}
	}
	t.Logf("%d switches after a grown culture, %.1f expected from the resistance shares", switched, expected)
	if expected < 10 {
		t.Fatalf("only %.1f switches expected: too few cultures to judge", expected)
	}
	if float64(switched) < expected/2 || float64(switched) > expected*1.5+5 {
		t.Errorf("%d switches after a grown culture, want between %.0f and %.0f", switched, expected/2, expected*1.5+5)
	}
	if late > 0 {
		t.Errorf("%d later courses of another antibiotic not at a call giving the result within %d days", late, latest)
	}
}

// codedAtEnc reports whether encounter id codes snomed.
func codedAtEnc(r *realism, id, snomed string) bool {
	for _, o := range r.obsByEnc[id] {
		if o.SnomedCode == snomed {
			return true
		}
	}
	return false
}

// A child under 16 admitted with a UTI has a renal ultrasound in the stay
// (catalogue stay_tests; NICE NG224/CG54 imaging: an atypical UTI is
// scanned during the acute infection; brief h63e). Before, only babies
// under 6 months had one: none of 99 admitted children of 6 months to 15
// years (generate -n 20000 -s 83).
func TestAdmittedChildUTIHasRenalUltrasound(t *testing.T) {
	r := pathwayPopulation(t)
	scan := codeOf(t, "renal_ultrasound")
	keys := r.conditionKeys()
	admitted, scanned := 0, 0
	for _, e := range r.encs {
		if e.Setting != "inpatient" || keys[e.ReasonConditionID] != "uti" {
			continue
		}
		if int(e.StartTime.Date()-r.patients[e.PatientID].BirthDate) >= 16*36525/100 {
			continue
		}
		admitted++
		if codedAtEnc(r, e.EncounterID, scan) {
			scanned++
		} else if admitted-scanned <= 3 {
			t.Logf("%s: admitted with a UTI on %s, no renal ultrasound", e.PatientID, e.StartTime.Date())
		}
	}
	t.Logf("%d of %d children admitted with a UTI scanned in the stay", scanned, admitted)
	if admitted < 5 {
		t.Fatalf("only %d children admitted with a UTI: too few to judge", admitted)
	}
	if scanned < admitted*95/100 {
		t.Errorf("%d of %d children admitted with a UTI had a renal ultrasound in the stay, want 95%% or more", scanned, admitted)
	}
}
