package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h56g (issue 9): the tests the record codes as done give a result, and
// the result agrees with the person's state. Before, every culture, ECG,
// DXA scan, MMSE and falls risk assessment had neither a value nor a coded
// result (generate -n 20000 -s 83: 8,174 urine cultures, 8,588 ECGs), and
// no AF diagnosis rested on an ECG showing AF (0 of 407).

// testCodes maps the SNOMED CT code of each test test_results.yaml gives a
// result to its key.
func testCodes(t *testing.T) map[string]string {
	list, err := datasets.LoadTestResults()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tr := range list {
		c, _ := datasets.ObservationByKey(tr.Observation)
		out[c.Snomed] = tr.Observation
	}
	return out
}

// firstOnset is the earliest onset of a condition row of key per patient.
func firstOnset(r *realism, key string) map[string]models.Date {
	out := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == key {
			if d, ok := out[c.PatientID]; !ok || c.OnsetDate < d {
				out[c.PatientID] = c.OnsetDate
			}
		}
	}
	return out
}

// heldBy reports whether onsets has the patient's condition by day d.
func heldBy(onsets map[string]models.Date, patient string, d models.Date) bool {
	o, ok := onsets[patient]
	return ok && o <= d
}

func TestTestsCarryResults(t *testing.T) {
	r := review5Population(t)
	codes := testCodes(t)
	seen, missing := map[string]int{}, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		key, ok := codes[o.SnomedCode]
		if !ok {
			continue
		}
		seen[key]++
		if o.Value == nil && o.ValueCode == "" {
			missing++
			if missing <= 3 {
				t.Errorf("%s of %s on %s has no result", key, o.PatientID, o.EffectiveTime.Date())
			}
		}
		if o.Value != nil && o.Unit == "" {
			t.Errorf("%s of %s has a value with no unit", key, o.PatientID)
		}
	}
	for _, key := range []string{"urine_culture", "blood_culture", "ecg_12_lead", "dxa_scan", "mmse_assessment", "falls_risk_assessment"} {
		if seen[key] < 20 {
			t.Errorf("%s: %d tests in the population, want 20 or more to judge", key, seen[key])
		}
	}
	if missing > 0 {
		t.Errorf("%d tests with no result, want 0 (test_results.yaml gives every one)", missing)
	}
}

func TestTestResultsFollowState(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	af, ost, dem := firstOnset(r, "atrial_fibrillation"), firstOnset(r, "osteoporosis"), firstOnset(r, "dementia")
	const (
		ecg, urine, blood = "268400002", "117010004", "30088009"
		dxa, mmse         = "241686001", "446971008"
		sinus, afib       = "426783006", "164889003"
		noGrowth          = "264868006"
	)
	var utiN, utiGrowth, otherN, otherGrowth, bloodN, bloodGrowth, demN, demLow int
	afOnECG := map[string]models.Date{} // patient -> the first day an ECG showed AF
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		d := o.EffectiveTime.Date()
		switch o.SnomedCode {
		case ecg:
			if has := heldBy(af, o.PatientID, d); (o.ValueCode == afib) != has {
				t.Errorf("ECG of %s on %s reads %q with AF by then %v", o.PatientID, d, o.ValueDisplay, has)
			}
			if first, ok := afOnECG[o.PatientID]; o.ValueCode == afib && (!ok || d < first) {
				afOnECG[o.PatientID] = d
			}
		case urine:
			grew := o.ValueCode != "" && o.ValueCode != noGrowth
			if e := r.encs[o.EncounterID]; e != nil && keys[e.ReasonConditionID] == "uti" {
				utiN++
				if grew {
					utiGrowth++
				}
			} else {
				otherN++
				if grew {
					otherGrowth++
				}
			}
		case blood:
			bloodN++
			if o.ValueCode != "" && o.ValueCode != noGrowth {
				bloodGrowth++
			}
		case dxa:
			if o.Value == nil {
				continue
			}
			if low, has := *o.Value <= -2.5, heldBy(ost, o.PatientID, d+60); low != has {
				t.Errorf("DXA of %s on %s: T-score %.1f with osteoporosis by 60 days after %v", o.PatientID, d, *o.Value, has)
			}
		case mmse:
			if o.Value == nil {
				continue
			}
			if *o.Value < 0 || *o.Value > 30 {
				t.Errorf("MMSE of %s on %s is %g, outside 0-30", o.PatientID, d, *o.Value)
			}
			if heldBy(dem, o.PatientID, d+365) {
				demN++
				if *o.Value < 24 {
					demLow++
				}
			} else if *o.Value < 24 {
				t.Errorf("MMSE of %s on %s is %g with no dementia diagnosed within the year", o.PatientID, d, *o.Value)
			}
		}
	}
	// Every AF diagnosis in the window rests on an ECG showing AF (NICE NG196 1.2.2).
	diagnoses, unseen := 0, 0
	for p, on := range af {
		if on < r.p.windowStart {
			continue
		}
		diagnoses++
		if d, ok := afOnECG[p]; !ok || d > on+30 {
			unseen++
		}
	}
	if diagnoses < 50 || unseen > 0 {
		t.Errorf("AF diagnoses in the window: %d, %d with no ECG showing AF; want 50 or more and none", diagnoses, unseen)
	}
	share := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
	// test_results.yaml: about two thirds of urines in UTI grow an organism,
	// a tenth of the rest; about a third of blood cultures in sepsis.
	if utiN < 100 || share(utiGrowth, utiN) < 0.5 || share(utiGrowth, utiN) > 0.8 {
		t.Errorf("urine cultures at a UTI: %d of %d grew an organism, want 50-80%% of 100 or more", utiGrowth, utiN)
	}
	if otherN < 100 || share(otherGrowth, otherN) > 0.2 {
		t.Errorf("urine cultures with no UTI: %d of %d grew an organism, want 20%% or less", otherGrowth, otherN)
	}
	if bloodN < 100 || share(bloodGrowth, bloodN) > 0.45 {
		t.Errorf("blood cultures: %d of %d grew an organism, want mostly no growth (45%% or less)", bloodGrowth, bloodN)
	}
	// NICE TA217: most people are diagnosed at a mild to moderate stage,
	// below 24; mild dementia may score 24-26.
	if demN < 50 || share(demLow, demN) < 0.75 {
		t.Errorf("MMSE at or in the year before a dementia diagnosis: %d of %d below 24, want 75%% or more of 50 or more", demLow, demN)
	}
}
