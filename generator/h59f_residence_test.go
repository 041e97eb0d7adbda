package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// residenceSince maps each person with a care home or housebound status to
// the day it was first coded.
func residenceSince(t *testing.T, r *realism) map[string]models.Date {
	res := r.p.Cat.Residence
	status := map[string]bool{}
	for _, k := range []string{res.CareHome.Observation, res.Housebound.Observation} {
		c, ok := datasets.ObservationByKey(k)
		if !ok {
			t.Fatalf("no observation %q", k)
		}
		status[c.Snomed] = true
	}
	since := map[string]models.Date{}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if d := o.EffectiveTime.Date(); status[o.SnomedCode] {
			if s, ok := since[o.PatientID]; !ok || d < s {
				since[o.PatientID] = d
			}
		}
	}
	return since
}

// TestSeverelyFrailComeToLiveAtHomeOrInACareHome: dementia or severe
// frailty from 65 brings a care home or housebound status (catalogue
// residence frail: about a third of people with dementia live in a care
// home). Before, residence was drawn by age and sex alone: 104 of the 590
// people with dementia or coded severe frailty had a status (generate -n
// 20000 -s 83). Of those whose onset at 65 or over is 3 years or more
// before their record ends, want at least 40% with one.
func TestSeverelyFrailComeToLiveAtHomeOrInACareHome(t *testing.T) {
	r := review5Population(t)
	f := r.p.Cat.Residence.Frail
	if f == nil {
		t.Fatal("catalogue residence frail is missing")
	}
	since := residenceSince(t, r)
	frail := map[string]bool{}
	for _, k := range f.Conditions {
		frail[k] = true
	}
	onset := map[string]models.Date{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if d, ok := onset[c.PatientID]; frail[c.ConditionKey] && (!ok || c.OnsetDate < d) {
			onset[c.PatientID] = c.OnsetDate
		}
	}
	n, with := 0, 0
	for id, d := range onset {
		pt := r.patients[id]
		end := r.p.Opts.Population()
		if pt.DeathDate != models.NoDate {
			end = pt.DeathDate
		}
		if d-pt.BirthDate < models.Date(float64(f.FromAge)*365.25) || end-d < 3*365 {
			continue
		}
		n++
		if _, ok := since[id]; ok {
			with++
		}
	}
	enough(t, n, 100, "people with dementia or severe frailty from 65, 3 years on")
	t.Logf("%d of %d people with dementia or severe frailty from 65 have a care home or housebound status", with, n)
	if with*100 < 40*n {
		t.Errorf("%d of %d people with dementia or severe frailty from 65 (3 years on) have a care home or housebound status, want at least 40%%", with, n)
	}
}

// TestReviewsOfPeopleSeenAtHomeAreHomeVisits: a care home resident's or a
// housebound person's chronic disease review is done where they live.
// Before, 1,714 reviews after the status were surgery follow-ups against
// 5,984 home visits (generate -n 20000 -s 83). A review at home keeps its
// type and has the home visit's class (Plan.atHome). Want at most 1% of
// their GP reviews and consultations after the status at the surgery.
func TestReviewsOfPeopleSeenAtHomeAreHomeVisits(t *testing.T) {
	r := review5Population(t)
	since := residenceSince(t, r)
	surgery := map[string]bool{r.p.encTypes[encGPConsultation].Code: true, r.p.encTypes[encGPProblem].Code: true, r.p.encTypes[encChronicReview].Code: true}
	atSurgery, atHome := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if d, ok := since[e.PatientID]; !ok || e.StartTime.Date() <= d {
			continue
		}
		switch {
		case r.p.atHome(e):
			atHome++
		case surgery[e.TypeCode]:
			atSurgery++
		}
	}
	enough(t, atHome, 500, "home visits after a care home or housebound status")
	t.Logf("after a care home or housebound status: %d surgery reviews and consultations, %d home visits", atSurgery, atHome)
	if atSurgery*100 > atSurgery+atHome {
		t.Errorf("%d of %d reviews and consultations after a care home or housebound status were at the surgery, want at most 1%%", atSurgery, atSurgery+atHome)
	}
}

// TestHomeVisitsInVisitingHours: a GP home visit is made in the visiting
// hours between the surgery's sessions (catalogue residence visit_hours).
// Before, home visits were timed as surgery appointments, 08:00-17:50. The
// day of death is left out: an expected death is verified when it happens.
// Want at least 99% of the others in the hours.
func TestHomeVisitsInVisitingHours(t *testing.T) {
	r := review5Population(t)
	h := r.p.Cat.Residence.VisitHours
	if h == nil {
		t.Fatal("catalogue residence visit_hours is missing")
	}
	n, in := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		d := e.StartTime.Date()
		if !r.p.atHome(e) || d == r.patients[e.PatientID].DeathDate { // home visits and reviews at home
			continue
		}
		n++
		m := int((e.StartTime-d.Start())/models.Timestamp(models.MicrosPerMinute)) + ukClock.offsetMinutes(d)
		if m >= h.From*60 && m < h.To*60 {
			in++
		}
	}
	enough(t, n, 1000, "GP home visits")
	t.Logf("%d of %d home visits in %02d:00-%02d:00", in, n, h.From, h.To)
	if in*100 < 99*n {
		t.Errorf("%d of %d home visits began in the visiting hours %02d:00-%02d:00, want at least 99%%", in, n, h.From, h.To)
	}
}
