// Checks for the twenty-fourth review's acute chest illnesses: the
// respiratory rate and oxygen saturation at the contacts that diagnose and
// treat them (docs/clinical-model.md, "Breathing measured in an acute chest
// illness (twenty-fourth review)").
package generator

import (
	"maps"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// The SNOMED CT codes of the two readings (observation_codes.csv
// respiratory_rate and oxygen_saturation), written out so that the checks
// measure a record that lacks them rather than stop at a missing key.
const (
	respiratoryRateCode  = "86290005"
	oxygenSaturationCode = "431314004"
)

// chestIllnesses are the acute problems whose contacts measure breathing.
var chestIllnesses = []string{"pneumonia", "lrti", "copd_exacerbation", "asthma_attack", "bronchiolitis"}

// chestReading is a reading at a contact about an acute chest illness.
type chestReading struct {
	c        *models.Condition
	e        *models.Encounter
	age      int
	rr, sat  float64 // 0 when not recorded
	admitDay bool    // on the day of an emergency admission for the illness
}

// chestReadings gathers, for every face-to-face contact (at the practice
// but not by telephone, in A&E, on admission) about an acute chest illness,
// its respiratory rate and saturation.
func chestReadings(r *realism) []chestReading {
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; slices.Contains(chestIllnesses, c.ConditionKey) {
			conds[c.ConditionID] = c
		}
	}
	admitted := map[string]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if emergencyAdmission(e) && conds[e.ReasonConditionID] != nil {
			if d, ok := admitted[e.ReasonConditionID]; !ok || e.StartTime.Date() < d {
				admitted[e.ReasonConditionID] = e.StartTime.Date()
			}
		}
	}
	phone := r.p.encTypes[encGPTelephone].Code
	var out []chestReading
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if c == nil || e.TypeCode == phone || (e.Setting != settingGP && e.Setting != settingAE && e.Setting != settingInpatient) {
			continue
		}
		d := e.StartTime.Date()
		x := chestReading{c: c, e: e, age: ageOnDay(r.patients[e.PatientID], d)}
		if a, ok := admitted[c.ConditionID]; ok && a == d {
			x.admitDay = true
		}
		for _, o := range r.obsByEnc[e.EncounterID] {
			switch {
			case o.Value == nil:
			case o.SnomedCode == respiratoryRateCode:
				x.rr = *o.Value
			case o.SnomedCode == oxygenSaturationCode:
				x.sat = *o.Value
			}
		}
		out = append(out, x)
	}
	return out
}

// TestChestIllnessContactsRecordBreathing: a GP read pneumonia, chest
// infections, COPD exacerbations, asthma attacks and bronchiolitis
// diagnosed and treated with no respiratory rate and no oxygen saturation
// ever recorded (on main, 7,250 of 7,250 face-to-face contacts about them in
// this population lacked both). Every such contact, at the practice, in A&E and on
// admission, records both (NICE CG191 CRB65, NG115, NG9; BTS/SIGN 158).
func TestChestIllnessContactsRecordBreathing(t *testing.T) {
	readings := chestReadings(pathwayPopulation(t))
	missing := 0
	for _, x := range readings {
		if x.rr == 0 || x.sat == 0 {
			missing++
			if missing <= 10 {
				t.Errorf("%s %s: %s contact about %s: respiratory rate %g, saturation %g", x.e.PatientID, x.e.StartTime.Date(), x.e.Setting, x.c.ConditionKey, x.rr, x.sat)
			}
		}
	}
	t.Logf("%d of %d face-to-face contacts about an acute chest illness lack a respiratory rate or a saturation", missing, len(readings))
	if len(readings) < 200 || missing > 0 {
		t.Errorf("%d of %d contacts lack a reading (want none, of at least 200)", missing, len(readings))
	}
}

// TestAdmittedPneumoniaReadsSicker: the readings explain the admission. On
// the day a pneumonia is admitted the saturation is lower and the rate
// faster than at contacts about pneumonias treated at home (medians at
// least 2 points and 3 breaths apart), and nine in ten adults admitted have
// a CRB65 point or a reason to be sent in on the readings or their age (a
// rate of 30 or more, a saturation below 92%, 65 or over; NICE CG191).
func TestAdmittedPneumoniaReadsSicker(t *testing.T) {
	var admSat, homeSat, admRR, homeRR []float64
	adults, explained := 0, 0
	for _, x := range chestReadings(pathwayPopulation(t)) {
		if x.c.ConditionKey != "pneumonia" || x.rr == 0 || x.sat == 0 {
			continue
		}
		if !x.admitDay {
			homeSat, homeRR = append(homeSat, x.sat), append(homeRR, x.rr)
			continue
		}
		admSat, admRR = append(admSat, x.sat), append(admRR, x.rr)
		if x.age >= 18 {
			adults++
			if x.rr >= 30 || x.sat < 92 || x.age >= 65 {
				explained++
			}
		}
	}
	if len(admSat) < 30 || len(homeSat) < 30 {
		t.Fatalf("%d readings on an admission day and %d at home: too few to compare (want 30 of each)", len(admSat), len(homeSat))
	}
	ms, hs, mr, hr := medianOf(admSat), medianOf(homeSat), medianOf(admRR), medianOf(homeRR)
	t.Logf("pneumonia: saturation median %.0f admitted vs %.0f at home; rate %.0f vs %.0f; %d of %d admitted adults with a CRB65 point or a saturation below 92%%", ms, hs, mr, hr, explained, adults)
	if ms > hs-2 || mr < hr+3 {
		t.Errorf("admitted pneumonia reads saturation %.0f and rate %.0f; at home %.0f and %.0f (want 2 points lower and 3 breaths faster)", ms, mr, hs, hr)
	}
	if float64(explained) < 0.9*float64(adults) {
		t.Errorf("%d of %d admitted adults' readings or age explain the admission (want 9 in 10)", explained, adults)
	}
}

// TestBreathingReadingsFitTheAge: a baby breathes faster than an adult
// (Fleming et al., Lancet 2011: a median of 44 at birth, 26 at 2). Under a
// year the median rate at these contacts is at least 1.8 times the median
// of adults 18-64; no baby's rate is below 20 and no adult's above 60; no
// rate is below 10; and at a contact not on the day of an admission no
// reading is past the catalogue's home limit (a saturation below 92% in
// pneumonia is a reason to send the patient in).
func TestBreathingReadingsFitTheAge(t *testing.T) {
	r := pathwayPopulation(t)
	limits := map[string]map[string]float64{} // SNOMED code -> problem -> home limit
	lowers := map[string]bool{}
	for _, cr := range r.p.contactReadings { // an observation may have an entry for each of its problems
		code := r.p.obsCodes[cr.slot].Snomed
		if limits[code] == nil {
			limits[code] = map[string]float64{}
		}
		maps.Copy(limits[code], cr.HomeLimit)
		lowers[code] = lowers[code] || cr.Lowers
	}
	if len(limits[respiratoryRateCode]) == 0 || len(limits[oxygenSaturationCode]) == 0 {
		t.Errorf("the catalogue's contact_readings hold no home limit for the respiratory rate or the saturation")
	}
	var babies, adults []float64
	past := 0
	for _, x := range chestReadings(r) {
		if x.rr == 0 {
			continue
		}
		switch {
		case x.age < 1:
			babies = append(babies, x.rr)
			if x.rr < 20 {
				t.Errorf("%s %s: a baby's respiratory rate %g", x.e.PatientID, x.e.StartTime.Date(), x.rr)
			}
		case x.age >= 18:
			if x.rr > 60 {
				t.Errorf("%s %s: an adult's respiratory rate %g", x.e.PatientID, x.e.StartTime.Date(), x.rr)
			}
			if x.age < 65 {
				adults = append(adults, x.rr)
			}
		}
		if x.rr < 10 {
			t.Errorf("%s %s: respiratory rate %g", x.e.PatientID, x.e.StartTime.Date(), x.rr)
		}
		if x.admitDay {
			continue
		}
		for code, v := range map[string]float64{respiratoryRateCode: x.rr, oxygenSaturationCode: x.sat} {
			if lim, ok := limits[code][x.c.ConditionKey]; ok && (lowers[code] && v < lim || !lowers[code] && v > lim) {
				past++
				if past <= 10 {
					t.Errorf("%s %s: %s treated at home with %s %g (limit %g)", x.e.PatientID, x.e.StartTime.Date(), x.c.ConditionKey, code, v, lim)
				}
			}
		}
	}
	if len(babies) < 20 || len(adults) < 100 {
		t.Fatalf("%d babies' and %d adults' rates: too few (want 20 and 100)", len(babies), len(adults))
	}
	mb, ma := medianOf(babies), medianOf(adults)
	t.Logf("respiratory rate: median %.0f under a year, %.0f at 18-64; %d readings past a home limit", mb, ma, past)
	if mb < 1.8*ma {
		t.Errorf("median rate %.0f under a year against %.0f in adults (want 1.8 times at least)", mb, ma)
	}
}

// medianOf is the middle value of v (the upper of the two middle ones).
func medianOf(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
