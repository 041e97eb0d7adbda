package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestMissedFirstEyeScreenIsCodedAndReoffered (brief h70e): the NHS
// Diabetic Eye Screening Programme offers a first screen within 89 days of
// the diagnosis, and someone who misses an appointment is offered another
// before the next yearly invitation, the missed one sent to the practice
// and coded (screening.yaml diabetic_eye did_not_attend, reoffer_days).
// Before, a missed first appointment waited a year, uncoded: of 643 people
// diagnosed in the record, 526 were screened within 6 months, 110 not for
// over 400 days and 7 never (generate -n 20000 -s 83). Of people diagnosed
// with diabetes in the record (at 12 or over) who live a year after,
// everyone now has a screen or a missed appointment coded within 183 days,
// and 80% or more a screen (the year's uptake is 82.7%, re-offers
// included). At least 100 must be read. Someone whose cancer was given
// best supportive care by then is left out (brief h75f, person.go
// screeningStopped): routine screening stops at that decision, so neither
// a screen nor a missed appointment is due (TestNoScreeningAfterBestSupportiveCare);
// the bar "everyone coded" predates that change.
func TestMissedFirstEyeScreenIsCodedAndReoffered(t *testing.T) {
	r := review5Population(t)
	eye, _ := datasets.ObservationByKey("diabetic_eye_screening")
	dna, ok := datasets.ObservationByKey("diabetic_eye_screening_dna")
	if !ok {
		t.Fatal("observation_codes.csv: no diabetic_eye_screening_dna")
	}
	last := r.lastContact()
	supportive := map[string]models.Date{} // patient -> the day best supportive care was decided (h75f)
	cancerDecisions(t, r, "cancer_supportive_care", func(rt *datasets.SiteRoute, _ int, o *models.Observation) {
		if d, seen := supportive[o.PatientID]; rt.Untreated == datasets.UntreatedSupportiveCare && (!seen || o.EffectiveTime.Date() < d) {
			supportive[o.PatientID] = o.EffectiveTime.Date()
		}
	})
	people, soon, silent, stopped := 0, 0, 0, 0
	for id, p := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil {
			dm = r.has(id, "type1_diabetes")
		}
		if dm == nil || dm.OnsetDate < r.p.windowStart+90 || last[id] < dm.OnsetDate+400 || dm.OnsetDate-p.BirthDate < 12*366 ||
			(p.DeathDate != models.NoDate && p.DeathDate < dm.OnsetDate+400) {
			continue
		}
		people++
		screened, coded := false, false
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			if d < dm.OnsetDate || d > dm.OnsetDate+183 {
				continue
			}
			screened = screened || o.SnomedCode == eye.Snomed
			coded = coded || o.SnomedCode == dna.Snomed
		}
		if d, ok := supportive[id]; ok && d <= dm.OnsetDate+183 && !screened && !coded {
			people--
			stopped++
			t.Logf("%s: diabetes from %s, best supportive care from %s: screening stopped (h75f)", id, dm.OnsetDate, d)
			continue
		}
		if screened {
			soon++
		} else if !coded {
			silent++
			t.Logf("%s: diabetes from %s, no eye screen nor missed appointment coded within 183 days", id, dm.OnsetDate)
		}
	}
	t.Logf("%d people diagnosed in the record: %d screened within 183 days, %d with nothing coded; %d left out, screening stopped by best supportive care", people, soon, silent, stopped)
	enough(t, people, 100, "people diagnosed with diabetes in the record")
	if soon*10 < people*8 || silent > 0 {
		t.Errorf("%d of %d screened within 183 days (want 80%%), %d with nothing coded (want none)", soon, people, silent)
	}
}
