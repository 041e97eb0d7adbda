package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHealthVisitorMakesTheHealthVisitingReviews: a GP read every new birth
// visit as a GP's home visit, and the 1 year and 2 year reviews as the GP's.
// The health visiting service makes them (child_health.yaml contact
// health_visiting): the visit that records the birth weight is a home visit
// by a health visitor, the reviews that measure a toddler's height are the
// health visitor's, and the 6-8 week check that measures the head is the
// GP's examination.
func TestHealthVisitorMakesTheHealthVisitingReviews(t *testing.T) {
	r := pathwayPopulation(t)
	role := roleOf(r.p)
	birthWeight, _ := datasets.ObservationByKey("birth_weight")
	height, _ := datasets.ObservationByKey("height")
	head, _ := datasets.ObservationByKey("head_circumference")
	homeVisit := r.p.encTypes[encGPHomeVisit].Code
	var nbv, toddler, check int
	for id, obs := range r.obsByEnc {
		e := r.encs[id]
		if e == nil || e.Setting != settingGP {
			continue
		}
		days := e.StartTime.Date() - r.patients[e.PatientID].BirthDate
		for _, o := range obs {
			switch {
			case o.SnomedCode == birthWeight.Snomed:
				nbv++
				if role[e.PractitionerID] != "health_visitor" || e.TypeCode != homeVisit {
					t.Fatalf("new birth visit %s at %d days: %s by %q, want a home visit by a health visitor", id, days, e.TypeDisplay, role[e.PractitionerID])
				}
			case o.SnomedCode == height.Snomed && days >= 274 && days <= 790 && e.ReasonConditionID == "":
				toddler++
				if role[e.PractitionerID] != "health_visitor" {
					t.Fatalf("review %s at %d days measuring height: by %q, want a health visitor", id, days, role[e.PractitionerID])
				}
			case o.SnomedCode == head.Snomed && days < 70:
				check++
				if role[e.PractitionerID] != RoleGP {
					t.Fatalf("6-8 week check %s at %d days: by %q, want the GP", id, days, role[e.PractitionerID])
				}
			}
		}
	}
	t.Logf("%d new birth visits and %d toddler reviews by a health visitor, %d 6-8 week checks by a GP", nbv, toddler, check)
	if nbv < 100 || toddler < 100 || check < 100 {
		t.Fatalf("too few reviews to test: %d, %d, %d", nbv, toddler, check)
	}
}

// TestNoGPConsultationForAColdInTheFirstWeeks: a GP read a neonate seen at
// the surgery for a cough at 3 days old, and colds on the day of birth. A
// problem first seen at a GP contact is not seen there before its
// gp_min_age_days (catalogue presentations; a cold's min_age_days): an
// unwell neonate goes to hospital, a well one is seen by the midwife or
// health visitor.
func TestNoGPConsultationForAColdInTheFirstWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	minDays := map[string]int{}
	for i := range r.p.presentations {
		if pr := &r.p.presentations[i]; pr.GPMinAgeDays > 0 {
			minDays[pr.Key] = pr.GPMinAgeDays
		}
	}
	for i := range r.p.acute {
		if a := &r.p.acute[i]; a.Setting == settingGP && a.MinAgeDays > 0 {
			minDays[a.Key] = a.MinAgeDays
		}
	}
	for _, k := range []string{"cough", "uri", "gastroenteritis", "rash"} {
		if minDays[k] == 0 {
			t.Fatalf("%s has no least age in days at the GP", k)
		}
	}
	neonates := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil || e.Setting != settingGP {
			continue
		}
		days := int(c.OnsetDate - r.patients[c.PatientID].BirthDate)
		if days < 28 {
			neonates++
		}
		if days < minDays[c.ConditionKey] {
			t.Fatalf("%s first seen at the GP at %d days old (not before %d)", c.Description, days, minDays[c.ConditionKey])
		}
	}
	t.Logf("%d problems first seen at the GP under 28 days old, none before its least age", neonates)
	if neonates < 10 {
		t.Fatalf("only %d problems of neonates seen at the GP: the test tests too little", neonates)
	}
}

// TestAFeverIsFollowedUpForAWeek: a GP read a toddler's fever kept open for
// three weeks by the contacts that followed it (41% of fever episodes
// lasted over a week, to 29 days: generate -n 20000 -s 5). A GP contact
// follows a fever up only within its reconsult_days (catalogue), so no
// episode outlasts its own duration or the day after the last follow-up
// (keepOpenUntil).
func TestAFeverIsFollowedUpForAWeek(t *testing.T) {
	r := pathwayPopulation(t)
	var fever *presPlan
	for i := range r.p.presentations {
		if r.p.presentations[i].Key == "fever" {
			fever = &r.p.presentations[i]
		}
	}
	if fever == nil || fever.ReconsultDays == 0 {
		t.Fatal("fever has no reconsult_days")
	}
	longest := max(fever.DurationDays, fever.ReconsultDays+1)
	n := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "fever" || c.ResolvedDate == models.NoDate {
			continue
		}
		n++
		if days := int(c.ResolvedDate - c.OnsetDate); days > longest {
			t.Fatalf("a fever from %s lasted %d days (at most %d)", c.OnsetDate, days, longest)
		}
	}
	if n < 1000 {
		t.Fatalf("only %d fever episodes: the test tests too little", n)
	}
}
