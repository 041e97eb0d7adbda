package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestSelfHarmIsAClinicalCourse: self-poisoning was a one-off A&E event
// (forty-seventh review): on generate -n 20000 -s 5, of 604 episodes 97 had
// a GP contact about them within a week, 3 a mental health referral within
// 90 days, 51 followed a recorded depression or severe mental illness, none
// a psychiatric assessment, and 39 an opioid issued within a year. NICE
// NG225: a psychosocial assessment at the hospital presentation, the GP
// told and following the person up, some referred to mental health
// services; most people who self-harm have a mental disorder (Haw et al.
// 2001); limit what is prescribed to someone who has self-poisoned.
func TestSelfHarmIsAClinicalCourse(t *testing.T) {
	r := review5Population(t)
	home := map[string]models.Date{}     // episode: the day the person left A&E or the ward
	assessed := map[string]bool{}        // episode: assessed at A&E
	gpDays := map[string][]models.Date{} // episode: its GP contacts
	referral := mustObservationCode(t, "cmht_referral")
	assessment := mustObservationCode(t, "psychiatric_assessment")
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		switch e.Setting {
		case settingAE, settingInpatient:
			if d := e.EndTime.Date(); d > home[e.ReasonConditionID] {
				home[e.ReasonConditionID] = d
			}
			if e.Setting == settingAE {
				for _, o := range r.obsByEnc[e.EncounterID] {
					assessed[e.ReasonConditionID] = assessed[e.ReasonConditionID] || o.SnomedCode == assessment
				}
			}
		case settingGP:
			gpDays[e.ReasonConditionID] = append(gpDays[e.ReasonConditionID], e.StartTime.Date())
		}
	}
	episodes, wasAssessed, inWeek, inMonth, adults, referred, afterIllness, opioids := 0, 0, 0, 0, 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "self_poisoning" {
			continue
		}
		episodes++
		if assessed[c.ConditionID] {
			wasAssessed++
		}
		h := max(home[c.ConditionID], c.OnsetDate)
		first := models.NoDate
		for _, d := range gpDays[c.ConditionID] {
			if d >= c.OnsetDate && (first == models.NoDate || d < first) {
				first = d
			}
		}
		if first != models.NoDate && first <= h+7 {
			inWeek++
		}
		if first != models.NoDate && first <= h+30 {
			inMonth++
		}
		pt := r.patients[c.PatientID]
		if ageOnDay(pt, c.OnsetDate) >= 18 && h+90 <= r.p.Opts.Population() && (pt.DeathDate == models.NoDate || pt.DeathDate > h+90) {
			adults++
			if r.readBetween(c.PatientID, referral, c.OnsetDate, h+90) {
				referred++
			}
		}
		for _, o := range r.condsOf[c.PatientID] {
			if (o.ConditionKey == "depression" || o.ConditionKey == "smi") && o.OnsetDate < c.OnsetDate {
				afterIllness++
				break
			}
		}
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.StartDate >= c.OnsetDate && inClass(rx, "weak_opioid") {
				opioids++
				t.Errorf("%s: %s issued %v after self-poisoning on %v", c.PatientID, rx.Medication, rx.StartDate, c.OnsetDate)
				break
			}
		}
	}
	enough(t, episodes, 200, "episodes of self-poisoning")
	enough(t, adults, 100, "adults' episodes followed for 90 days")
	t.Logf("%d episodes: %d assessed, GP contact about it %d within 7 days and %d within 30; %d of %d adults referred within 90 days; %d after a depression or SMI; %d with a weak opioid after",
		episodes, wasAssessed, inWeek, inMonth, referred, adults, afterIllness, opioids)
	if wasAssessed < episodes*9/10 {
		t.Errorf("%d of %d episodes had a psychiatric assessment at A&E; NICE NG225: everyone", wasAssessed, episodes)
	}
	if inWeek < episodes*6/10 || inMonth < episodes*8/10 {
		t.Errorf("a GP contact about %d of %d episodes within 7 days of going home, %d within 30; NICE NG225: the GP follows most up", inWeek, episodes, inMonth)
	}
	if referred < adults/5 {
		t.Errorf("%d of %d adults' episodes referred to mental health services within 90 days; about a third are", referred, adults)
	}
	if afterIllness < episodes/4 {
		t.Errorf("%d of %d episodes followed a recorded depression or severe mental illness; most who self-harm have a mental disorder", afterIllness, episodes)
	}
}

// mustObservationCode is the SNOMED CT code of an observation_codes.csv key;
// a missing key is an error, and the rest of the test still measures.
func mustObservationCode(t *testing.T, key string) string {
	t.Helper()
	c, ok := datasets.ObservationByKey(key)
	if !ok {
		t.Errorf("observation code %q not found", key)
		return "(none)"
	}
	return c.Snomed
}
