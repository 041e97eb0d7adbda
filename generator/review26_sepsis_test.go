// Checks for the twenty-sixth review's sepsis: the vital signs at the A&E
// attendance and on admission, the NEWS2 score computed from them, and a
// child's stay (docs/clinical-model.md, "Sepsis looks like sepsis: readings
// at A&E and the length of stay (twenty-sixth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// The SNOMED CT codes of the readings (observation_codes.csv heart_rate,
// temperature, systolic_bp and news2), written out so that the checks
// measure a record that lacks them rather than stop at a missing key.
const (
	heartRateCode   = "364075005"
	temperatureCode = "386725007"
	systolicCode    = "271649006"
	news2Code       = "1104051000000101"
)

// sepsisKeys are the condition keys of sepsis: the presentation and the
// cause of death.
var sepsisKeys = []string{"sepsis", "cause_sepsis"}

// sepsisContact is an A&E attendance or an admission for sepsis with its
// readings by SNOMED code.
type sepsisContact struct {
	e     *models.Encounter
	c     *models.Condition
	age   int
	read  map[string]float64
	coded map[string]bool // every code recorded at it, valued or not
}

// sepsisContacts gathers every A&E attendance and admission for sepsis.
func sepsisContacts(r *realism) []sepsisContact {
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; slices.Contains(sepsisKeys, c.ConditionKey) {
			conds[c.ConditionID] = c
		}
	}
	var out []sepsisContact
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if c == nil || (e.Setting != settingAE && e.Setting != settingInpatient) {
			continue
		}
		x := sepsisContact{e: e, c: c, age: ageOnDay(r.patients[e.PatientID], e.StartTime.Date()), read: map[string]float64{}, coded: map[string]bool{}}
		for _, o := range r.obsByEnc[e.EncounterID] {
			x.coded[o.SnomedCode] = true
			if o.Value != nil {
				x.read[o.SnomedCode] = *o.Value
			}
		}
		out = append(out, x)
	}
	return out
}

// TestSepsisContactsRecordVitals: a GP read sepsis at A&E and on the ward
// with no vital sign at all (on main, 862 of 862 such contacts in this
// population lacked one; all 1,380 A&E attendances and 1,626 admissions
// for sepsis or a death from it on generate -n 20000 -s 5).
// Every one records a respiratory rate, heart rate, temperature and oxygen
// saturation (NICE NG51 1.3), and from 18 a systolic pressure and the NEWS2
// total.
func TestSepsisContactsRecordVitals(t *testing.T) {
	xs := sepsisContacts(pathwayPopulation(t))
	missing := 0
	for _, x := range xs {
		want := []string{respiratoryRateCode, heartRateCode, temperatureCode, oxygenSaturationCode}
		if x.age >= 18 {
			want = append(want, systolicCode, news2Code)
		}
		for _, code := range want {
			if _, ok := x.read[code]; !ok {
				missing++
				if missing <= 10 {
					t.Errorf("%s %s: %s for %s at %d lacks reading %s", x.e.PatientID, x.e.StartTime.Date(), x.e.Setting, x.c.ConditionKey, x.age, code)
				}
				break
			}
		}
	}
	t.Logf("%d of %d sepsis attendances and admissions lack a vital sign", missing, len(xs))
	if len(xs) < 200 || missing > 0 {
		t.Errorf("%d of %d sepsis contacts lack a vital sign (want none, of at least 200)", missing, len(xs))
	}
}

// TestChildSepsisStay: a child admitted with sepsis is given IV
// antibiotics while blood cultures are awaited, 36-48 hours (NICE NG143,
// NG51), and usually completes a course in hospital: the median stay is at
// least 2 days and at most 5, and fewer than one in ten stays is under 36
// hours (on main: a median of 1.6 days with 30 of 64 stays under 36 hours
// in this population; a median of 1.5 days, p10 0.7, on generate -n 20000
// -s 5).
func TestChildSepsisStay(t *testing.T) {
	var days []float64
	short := 0
	for _, x := range sepsisContacts(pathwayPopulation(t)) {
		if x.e.Setting != settingInpatient || x.age >= 16 || x.c.ConditionKey != "sepsis" {
			continue
		}
		d := float64(x.e.EndTime-x.e.StartTime) / float64(24*60*models.MicrosPerMinute)
		days = append(days, d)
		if d < 1.5 {
			short++
		}
	}
	if len(days) < 30 {
		t.Fatalf("%d children's sepsis admissions: too few (want 30)", len(days))
	}
	m := medianOf(days)
	t.Logf("children's sepsis stays: median %.1f days, %d of %d under 36 hours", m, short, len(days))
	if m < 2 || m > 5 || float64(short) >= 0.1*float64(len(days)) {
		t.Errorf("children's sepsis stays: median %.1f days and %d of %d under 36 hours (want a median of 2-5 days, under one in ten that short)", m, short, len(days))
	}
}
