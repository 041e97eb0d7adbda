// Checks for brief h75h: an adult's A&E admission reads the triage
// readings.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// news2Band is one NEWS2 parameter (RCP 2017, Chart 1): a reading at or
// above an edge is in the next band.
type news2Band struct {
	key    string
	edges  []float64
	scores []int
}

// news2Chart is RCP NEWS2 2017 Chart 1 for the readings A&E records
// (scale 1 saturation; alert, on air), written out here so the test does
// not read the model's own copy.
var news2Chart = []news2Band{
	{"respiratory_rate", []float64{9, 12, 21, 25}, []int{3, 1, 0, 2, 3}},
	{"oxygen_saturation", []float64{92, 94, 96}, []int{3, 2, 1, 0}},
	{"systolic_bp", []float64{91, 101, 111, 220}, []int{3, 2, 1, 0, 3}},
	{"heart_rate", []float64{41, 51, 91, 111, 131}, []int{3, 1, 0, 1, 2, 3}},
	{"temperature", []float64{35.05, 36.05, 38.05, 39.05}, []int{3, 1, 0, 1, 2}},
}

// news2Urgent reports whether the readings of an encounter reach NEWS2's
// urgent response: an aggregate of 5 or more or a single score of 3.
func news2Urgent(obs []*models.Observation, codes map[string]string) (urgent, any bool) {
	total := 0
	for _, b := range news2Chart {
		for _, o := range obs {
			if o.SnomedCode != codes[b.key] || o.Value == nil {
				continue
			}
			any = true
			k := 0
			for k < len(b.edges) && *o.Value >= b.edges[k] {
				k++
			}
			if b.scores[k] == 3 {
				urgent = true
			}
			total += b.scores[k]
			break
		}
	}
	return urgent || total >= 5, any
}

// TestAEAdmissionReadsTheReadings: an adult seen at A&E with syncope,
// cellulitis or a UTI whose triage readings reach NEWS2's urgent response
// (5 or more, or a single red score: RCP 2017) is admitted
// (ae_admission.yaml triage). Before, the decision was drawn apart from the
// readings: 40 adults at or over the threshold went home (27 syncope, 13
// cellulitis; generate -n 20000 -s 83). Now at most 2% of them do (a stay
// that cannot be placed before the next contact on the record).
func TestAEAdmissionReadsTheReadings(t *testing.T) {
	r := review5Population(t)
	codes := map[string]string{}
	for _, b := range news2Chart {
		oc, ok := datasets.ObservationByKey(b.key)
		if !ok {
			t.Fatalf("observation_codes.csv: no %s", b.key)
		}
		codes[b.key] = oc.Snomed
	}
	keys := r.conditionKeys()
	admittedAt := map[string][]models.Timestamp{} // condition id: its emergency admissions' starts
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if emergencyAdmission(e) && e.ReasonConditionID != "" {
			admittedAt[e.ReasonConditionID] = append(admittedAt[e.ReasonConditionID], e.StartTime)
		}
	}
	urgent, home := map[string]int{}, map[string]int{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		k := keys[e.ReasonConditionID]
		if e.Setting != settingAE || (k != "syncope" && k != "cellulitis" && k != "uti") || ageOn(r.patients[e.PatientID], e.StartTime.Date()) < 16 {
			continue
		}
		u, read := news2Urgent(r.obsByEnc[e.EncounterID], codes)
		if !read || !u {
			continue
		}
		urgent[k]++
		admitted := false
		for _, a := range admittedAt[e.ReasonConditionID] {
			admitted = admitted || (a >= e.StartTime && a < e.StartTime.AddMinutes(24*60))
		}
		if !admitted {
			home[k]++
			t.Logf("%s: %s at A&E on %s at NEWS2's urgent threshold, sent home", e.PatientID, k, e.StartTime.Date())
		}
	}
	total, sent := 0, 0
	for k, n := range urgent {
		total, sent = total+n, sent+home[k]
		t.Logf("%s: %d adults at NEWS2's urgent threshold, %d sent home", k, n, home[k])
	}
	enough(t, total, 20, "adult A&E attendances with syncope, cellulitis or a UTI at NEWS2's urgent threshold")
	if float64(sent) > 0.02*float64(total) {
		t.Errorf("%d of %d adults at NEWS2's urgent threshold (5 or more, or a red score) sent home from A&E (want 2%% or fewer)", sent, total)
	}
}
