package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Forty-seventh stop: care after the event.

// TestOlderPeoplesInjuriesAreSeenAtThePractice: an older person seen at
// A&E with a broken wrist or a head injury, most often after a fall, is
// seen at the practice as after a fall at A&E and assessed for falls (NICE
// NG249; frailty.yaml injury_follow_up like the fall's follow_up, 6 in 10
// seen in 3-14 days, 8 in 10 of those assessed). Before, 37 of 510 broken
// wrists and 45 of 1,106 head injuries at 65+ had a falls assessment within
// 60 days (generate -n 20000 -s 5). Counted: injuries at 65+ in the window
// of people alive 60 days on; a GP contact within 28 days of the injury
// (the stay of an admitted head injury is short) by 4 in 10 or more, and a
// falls assessment within 60 days by 3 in 10 or more (6 x 8 = 48 in 100,
// less end-of-life care and days the practice cannot book).
func TestOlderPeoplesInjuriesAreSeenAtThePractice(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	falls := r.p.frailty.falls.Snomed
	first := firstClinicianContacts(r)
	n, seen, assessed := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		k := c.ConditionKey
		if k != "wrist_fracture" && k != "head_injury" {
			continue
		}
		pt := r.patients[c.PatientID]
		if c.OnsetDate < r.p.windowStart || ageOnDay(pt, c.OnsetDate) < 65 || c.OnsetDate+60 > lastDay(pt, end) {
			continue
		}
		n[k]++
		if e := first[c.ConditionID]; e != nil && e.StartTime.Date() <= c.OnsetDate+28 {
			seen[k]++
		}
		if r.readBetween(c.PatientID, falls, c.OnsetDate, c.OnsetDate+60) {
			assessed[k]++
		}
	}
	all, s, a := 0, 0, 0
	for k := range n {
		t.Logf("%s at 65+: %d, seen at the practice within 28 days %d, falls assessment within 60 days %d", k, n[k], seen[k], assessed[k])
		all, s, a = all+n[k], s+seen[k], a+assessed[k]
	}
	enough(t, all, 100, "broken wrists and head injuries at 65+")
	if s*10 < all*4 {
		t.Errorf("%d of %d broken wrists and head injuries at 65+ seen at the practice within 28 days, want 4 in 10 or more", s, all)
	}
	if a*10 < all*3 {
		t.Errorf("%d of %d broken wrists and head injuries at 65+ with a falls risk assessment within 60 days, want 3 in 10 or more", a, all)
	}
}

// TestCOPDAdmissionsEndWithARehabilitationReferral: after an emergency
// admission for an exacerbation of COPD pulmonary rehabilitation starts
// within 4 weeks of discharge (NICE QS10 statement 5); the hospital refers
// 2 in 10 (Jones et al., Thorax 2014: 90 of 448 discharges; catalogue copd
// discharge_referral). Before, 4 of 347 admissions had a referral coded
// within 28 days of discharge (generate -n 20000 -s 5). Counted: admissions
// in the window of people alive at discharge; 1 in 8 or more referred from
// the discharge to 28 days after (2 in 10 less end-of-life care).
func TestCOPDAdmissionsEndWithARehabilitationReferral(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	rehab := obsCode(t, "pulmonary_rehab_referral")
	n, referred := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if !emergencyAdmission(e) || keys[e.ReasonConditionID] != "copd_exacerbation" || e.StartTime.Date() < r.p.windowStart {
			continue
		}
		out := e.EndTime.Date()
		if pt := r.patients[e.PatientID]; pt.DeathDate != models.NoDate && pt.DeathDate <= out {
			continue
		}
		n++
		if r.readBetween(e.PatientID, rehab, out, out+28) {
			referred++
		}
	}
	enough(t, n, 40, "emergency admissions for an exacerbation of COPD")
	t.Logf("%d of %d admissions for an exacerbation of COPD referred to pulmonary rehabilitation by 28 days after discharge", referred, n)
	if referred*8 < n {
		t.Errorf("%d of %d admissions for an exacerbation of COPD referred to pulmonary rehabilitation by 28 days after discharge, want 1 in 8 or more", referred, n)
	}
}

// TestAromataseInhibitorStartsHaveABoneScan: a woman starting an aromatase
// inhibitor for breast cancer has a baseline bone density scan (NICE NG101;
// catalogue hormone_therapy baseline_scan, 9 in 10 in the 12 weeks after
// the start). Before, 0 of 107 starts in the record had one (generate -n
// 20000 -s 5). Counted: first issues after the window's first year (a
// course in force when the record opens is first issued at a review in
// it) of people whose record runs 90 days on; a DXA scan from the start to 90 days after by 7 in 10 or
// more (9 in 10 less end-of-life care and an illness at the time).
func TestAromataseInhibitorStartsHaveABoneScan(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	dxa := obsCode(t, "dxa_scan")
	starts, scanned := 0, 0
	for id, pt := range r.patients {
		first := r.firstIssue(id, func(key string) bool { return datasets.InClass(key, "aromatase_inhibitor") })
		if first == models.NoDate || first < r.p.windowStart+365 || first+90 > lastDay(pt, end) {
			continue // one first issued at the window's first reviews began before it
		}
		starts++
		if r.readBetween(id, dxa, first, first+90) {
			scanned++
		}
	}
	enough(t, starts, 12, "aromatase inhibitor starts")
	t.Logf("%d of %d aromatase inhibitor starts with a DXA scan within 90 days", scanned, starts)
	if scanned*10 < starts*7 {
		t.Errorf("%d of %d aromatase inhibitor starts with a DXA scan within 90 days, want 7 in 10 or more", scanned, starts)
	}
}
