package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A GP home visit is made in the practice's hours: no out-of-hours service
// is modelled, so the GP verifies a death in the night the next morning
// (catalogue end_of_life verification hours). Before (h60f), 175 GP home
// visits at generate -n 20000 -s 83 began between 19:00 and 07:59, most of
// them verifying an expected death at the hour it happened.
func TestNoGPHomeVisitAtNight(t *testing.T) {
	r := pathwayPopulation(t)
	visits, night := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if !r.p.atHome(e) {
			continue
		}
		visits++
		if m := localMinute(e.StartTime); m < 8*60 || m >= 19*60 {
			night++
			t.Errorf("%s: a GP home visit (%s) at %s, local minute %d", e.PatientID, e.TypeDisplay, e.StartTime.Date(), m)
		}
	}
	enough(t, visits, 100, "GP home visits")
	t.Logf("%d GP home visits, %d at night", visits, night)
}

// A care home resident or housebound person is vaccinated where they live
// (class HH, the type kept), as their reviews are. Before (h60f), 1,050 flu
// vaccinations of people whose care home or housebound status was coded
// were practice visits (generate -n 20000 -s 83).
func TestResidentsAreVaccinatedAtHome(t *testing.T) {
	r := pathwayPopulation(t)
	since := residenceSince(t, r)
	doses, surgery := 0, 0
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		from, ok := since[im.PatientID]
		if !ok || im.EncounterID == "" || im.OccurrenceTime.Date() < from {
			continue
		}
		doses++
		if e := r.encs[im.EncounterID]; e != nil && !r.p.atHome(e) {
			surgery++
			t.Errorf("%s: %s on %s at a practice visit, living at home since %s", im.PatientID, im.VaccineKey, im.OccurrenceTime.Date(), from)
		}
	}
	enough(t, doses, 10, "vaccinations after a care home or housebound status")
	t.Logf("%d doses after a residence status, %d at the practice", doses, surgery)
}

// A vaccine is not given to someone acutely unwell: not in an open episode
// of a febrile or systemic illness (immunisations.yaml postpone_while), nor
// on the day of an A&E attendance or an admission (Green Book chapters 6
// and 19). Before (h60f), at generate -n 20000 -s 83, 601 flu vaccinations
// were given in such an episode, 44 on the day of an A&E attendance (one
// for gastroenteritis: da68176b, -n 3000 -s 31) and 10 on an admission's.
func TestVaccinesWaitForAnAcuteIllness(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.p.imm.postpone
	hospital := map[string][]models.Date{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingAE || e.Setting == settingInpatient {
			hospital[e.PatientID] = append(hospital[e.PatientID], e.StartTime.Date())
		}
	}
	doses, unwell := 0, 0
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		if im.EncounterID == "" {
			continue // given away from the practice, or before the record
		}
		doses++
		d := im.OccurrenceTime.Date()
		why := ""
		if slices.Contains(hospital[im.PatientID], d) {
			why = "an A&E attendance or admission that day"
		}
		for _, c := range r.condsOf[im.PatientID] {
			if c.OnsetDate <= d && c.ResolvedDate != models.NoDate && d <= c.ResolvedDate && slices.Contains(keys, c.ConditionKey) {
				why = c.ConditionKey + " from " + c.OnsetDate.String()
			}
		}
		if why != "" {
			unwell++
			t.Errorf("%s: %s on %s with %s", im.PatientID, im.VaccineKey, d, why)
		}
	}
	enough(t, doses, 1000, "vaccinations at the practice")
	t.Logf("%d doses at the practice, %d while acutely unwell", doses, unwell)
}

// A repeat stopped at a review to step treatment down in the very old
// (catalogue care_target step_down and dual) is coded there as drug therapy
// discontinued: a repeat that ends at a review, the condition still held
// and nothing issued in its place, reads as a lapse otherwise. Before
// (h60f), bd79a095's bendroflumethiazide (generate -n 6000 -s 11) ran to the
// day before the hypertension review of 2024-01-12 that stopped it, and was
// never issued again with nothing coded; no stop was ever coded. Each code
// stands beside a repeat of the condition that ended by its day and was not
// issued again in the weeks after. The code also stands where an acute
// course ends on its own day (h73f: a urine that grew nothing stops the UTI
// antibiotic at the result call, nogrowthstop.go, and the antibiotic is
// then discontinued as much as a stepped-down repeat is); that course too
// must not be issued again in the weeks after.
func TestSteppedDownRepeatIsCoded(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("drug_therapy_discontinued")
	if !ok {
		t.Fatal("no drug_therapy_discontinued in observation_codes.csv")
	}
	stopped := code.Snomed
	coded, honest := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != stopped {
			continue
		}
		coded++
		d := o.EffectiveTime.Date()
		ended := map[string]bool{}                          // medicines whose last issue ended in the month before
		stoppedThen := func(rx *models.Prescription) bool { // an acute course stopped that day (h73f)
			return rx.Type == models.PrescriptionAcute && rx.EndDate == d
		}
		for _, rx := range r.rxOf[o.PatientID] {
			if rx.Type == models.PrescriptionRepeat && rx.EndDate != models.NoDate && rx.EndDate < d && d-rx.EndDate <= 31 || stoppedThen(rx) {
				ended[medKey(rx)] = true
			}
		}
		for _, rx := range r.rxOf[o.PatientID] {
			if stoppedThen(rx) {
				continue // the course stopped, not an issue after it
			}
			if rx.StartDate >= d-31 && rx.StartDate <= d+28 && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
				delete(ended, medKey(rx)) // issued again: not what was stopped
			}
		}
		if len(ended) == 0 {
			t.Errorf("%s: drug therapy discontinued on %s with no repeat ended then", o.PatientID, d)
			continue
		}
		honest++
	}
	enough(t, coded, 3, "step-down stops coded")
	t.Logf("%d stops coded, %d beside a repeat or course that ended", coded, honest)
}
