// Checks for the twentieth review: frailty, falls and confusion in older
// people (datasets/frailty.yaml, generator/frailty.go).
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// frailtyCodes maps the SNOMED CT of each eFI category to its index.
func frailtyCodes(p *Plan) map[string]int {
	m := map[string]int{}
	for i, c := range p.frailty.cats {
		m[c.Snomed] = i
	}
	return m
}

// isOlderPeopleCode reports whether code is one the twentieth review
// records with no value: an eFI category (a finding), a falls risk
// assessment or a cognitive assessment (procedures).
func isOlderPeopleCode(p *Plan, code string) bool {
	_, cat := frailtyCodes(p)[code]
	return cat || code == p.frailty.falls.Snomed || code == p.frailty.cognition.Snomed
}

// severeFrailtyBefore reports whether severe frailty was coded for patient
// id in the days before day d.
func severeFrailtyBefore(r *realism, id string, d, days models.Date) bool {
	severe := r.p.frailty.cats[len(r.p.frailty.cats)-1].Snomed
	for _, o := range r.obsOf[id] {
		if od := o.EffectiveTime.Date(); o.SnomedCode == severe && od < d && d-od <= days {
			return true
		}
	}
	return false
}

// TestFrailtyCodedYearlyFrom65: a GP found no frailty coded in people over
// 65. Now the eFI category is coded from 65 (never younger), from the 2017
// contract, at a contact with a clinician, at most once in its interval;
// and among people living at 65+ the share coded moderate or severe in the
// last 15 months is near Clegg 2016's (about 15%), higher at 85+ than at
// 65-74.
func TestFrailtyCodedYearlyFrom65(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	cats := frailtyCodes(r.p)
	coded := 0
	last := map[string]models.Date{}
	latest := map[string]int{} // patient -> latest category in the 15 months to the population date
	latestOn := map[string]models.Date{}
	end := r.p.Opts.Population()
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		k, ok := cats[o.SnomedCode]
		if !ok {
			continue
		}
		coded++
		pt := r.patients[o.PatientID]
		d := o.EffectiveTime.Date()
		if a := ageOnDay(pt, d); a < fp.EFI.FromAge {
			t.Errorf("%s coded at %d (patient %s)", o.Description, a, o.PatientID)
		}
		if d < fp.since {
			t.Errorf("%s coded on %s, before the contract's %s", o.Description, d, fp.since)
		}
		if e := r.encs[o.EncounterID]; e == nil || !fp.clinicianContact(e) {
			t.Errorf("%s coded at an encounter that is not a contact with a clinician (patient %s)", o.Description, o.PatientID)
		}
		if l, ok := last[o.PatientID]; ok && d-l < models.Date(fp.EFI.EveryDays) {
			t.Errorf("frailty coded %d days after the last (patient %s on %s)", d-l, o.PatientID, d)
		}
		last[o.PatientID] = d
		if d <= end && d > end-456 && d >= latestOn[o.PatientID] {
			latest[o.PatientID], latestOn[o.PatientID] = k, d
		}
	}
	enough(t, coded, 500, "frailty categories coded")
	moderate := fp.Category("moderate")
	var n, frail [3]int
	for id, pt := range r.patients {
		if pt.DeathDate != models.NoDate {
			continue
		}
		a := ageOnDay(pt, end)
		if a < 65 {
			continue
		}
		band := 0
		switch {
		case a >= 85:
			band = 2
		case a >= 75:
			band = 1
		}
		n[band]++
		if _, ok := latestOn[id]; ok && latest[id] >= moderate {
			frail[band]++
		}
	}
	all, allFrail := n[0]+n[1]+n[2], frail[0]+frail[1]+frail[2]
	enough(t, all, 500, "people living at 65+")
	share := float64(allFrail) / float64(all)
	if share < 0.10 || share > 0.20 {
		t.Errorf("moderate or severe frailty in %.1f%% of people 65+ (%d of %d), want about 15%% (Clegg 2016)", 100*share, allFrail, all)
	}
	if s0, s2 := float64(frail[0])/float64(max(n[0], 1)), float64(frail[2])/float64(max(n[2], 1)); s2 <= 2*s0 {
		t.Errorf("moderate or severe frailty %.1f%% at 85+ against %.1f%% at 65-74: frailty should gather in the oldest", 100*s2, 100*s0)
	}
	t.Logf("%d categories coded; moderate or severe: %d of %d (65-74 %d/%d, 75-84 %d/%d, 85+ %d/%d)",
		coded, allFrail, all, frail[0], n[0], frail[1], n[1], frail[2], n[2])
}

// TestFrailtyCategoryFollowsDeficits: the category counts the deficits on
// the record (conditions and episodes the eFI names, from their first
// onset), so it is never below the category those alone give; a severe
// frailty problem row holds it at severe.
func TestFrailtyCategoryFollowsDeficits(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	e := &fp.EFI
	cats := frailtyCodes(r.p)
	checked, lifted := 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			k, ok := cats[o.SnomedCode]
			if !ok {
				continue
			}
			d := o.EffectiveTime.Date()
			have := map[int]bool{}
			severe := false
			for _, c := range r.condsOf[id] {
				if c.OnsetDate > d {
					continue
				}
				if i, ok := fp.deficitOf[c.ConditionKey]; ok {
					have[i] = true
				}
				severe = severe || fp.severeWith[c.ConditionKey]
			}
			floor := e.CategoryOf(float64(len(have)) / float64(e.Deficits))
			if severe {
				floor = len(fp.cats) - 1
			}
			checked++
			if k < floor {
				t.Errorf("patient %s: %s on %s with %d recorded deficits (category %d at least)", id, o.Description, d, len(have), floor)
			}
			if k > floor {
				lifted++
			}
		}
	}
	enough(t, checked, 500, "frailty categories coded")
	t.Logf("%d categories checked, %d above the floor the recorded conditions give (polypharmacy and the unrecorded deficits)", checked, lifted)
}

// TestSevereFrailtyHasAStructuredMedicationReview: the PCN DES prioritises
// severe frailty for a structured medication review; each severe frailty
// coded from the DES's start, with time left in the record, outside
// end-of-life care and with a repeat medicine running, has one by the clinical pharmacist within the review's
// interval either side of it (the one booked for it some weeks after, or
// one that covers the year). (TestRepeatMedicinesReviewedYearly checks
// that no routine medication review is coded within that interval of it.)
// No structured review is held for someone on no repeat medicine: a GP
// found one booked for a severely frail woman of 83 with none (merge of
// the twentieth review).
func TestSevereFrailtyHasAStructuredMedicationReview(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	mr := &r.p.medReviews
	severe := fp.cats[len(fp.cats)-1].Snomed
	after := models.Date(mr.Structured.DaysAfter[1])
	every := models.Date(mr.Structured.EveryDays)
	due, held := 0, 0
	for id, obs := range r.obsOf {
		pt := r.patients[id]
		lastDay := r.p.Opts.Population()
		if pt.DeathDate != models.NoDate {
			lastDay = pt.DeathDate
		}
		eol := models.NoDate
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "palliative_care" && (eol == models.NoDate || c.OnsetDate < eol) {
				eol = c.OnsetDate
			}
		}
		onRepeat := func(d models.Date) bool {
			for _, rx := range r.rxOf[id] {
				if rx.Type == models.PrescriptionRepeat && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
					return true
				}
			}
			return false
		}
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			if o.SnomedCode == mr.structured.Snomed && !onRepeat(d) {
				t.Errorf("patient %s: a structured medication review on %s with no repeat medicine running", id, d)
			}
			if o.SnomedCode != severe || d < mr.structuredFrom || d+after+eolReviewMargin > lastDay ||
				(eol != models.NoDate && eol <= d+after+eolReviewMargin) || !onRepeat(d) {
				continue
			}
			due++
			ok := false
			for _, x := range obs {
				if x.SnomedCode == mr.structured.Snomed {
					if xd := x.EffectiveTime.Date(); xd > d-every && xd < d+every+after+14 {
						ok = true
					}
				}
			}
			if ok {
				held++
			} else {
				t.Logf("patient %s: severe frailty on %s, no structured medication review near it", id, d)
			}
		}
	}
	enough(t, due, 30, "severe frailty codings due a structured medication review")
	if held < due*95/100 {
		t.Errorf("severe frailty with a structured medication review: %d of %d, want 95%% or more", held, due)
	}
	t.Logf("severe frailty with a structured medication review: %d of %d", held, due)
}

// firstClinicianContacts maps each condition id to the first contact with a
// practice clinician about it (frailty.go clinicianContact).
func firstClinicianContacts(r *realism) map[string]*models.Encounter {
	first := map[string]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.ReasonConditionID == "" || !r.p.frailty.clinicianContact(e) {
			continue
		}
		if f := first[e.ReasonConditionID]; f == nil || e.StartTime < f.StartTime {
			first[e.ReasonConditionID] = e
		}
	}
	return first
}

// TestFallsAssessedAtTheGPAfterAFall: no falls risk assessment was coded
// after any fall. Now the first GP contact about a fall at 65+ records one
// by the share frailty.yaml gives, always when it refers to the falls
// service; none is recorded for a younger person's fall.
func TestFallsAssessedAtTheGPAfterAFall(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	fa := &fp.FallsAssessment
	first := firstClinicianContacts(r)
	contacts, assessed, referred, referredAssessed := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if !fp.fallsAfter[c.ConditionKey] {
			continue
		}
		e := first[c.ConditionID]
		if e == nil {
			continue
		}
		has, refers := false, false
		for _, o := range r.obsByEnc[e.EncounterID] {
			has = has || o.SnomedCode == fp.falls.Snomed
			refers = refers || fp.referral[o.SnomedCode]
		}
		if ageOnDay(r.patients[c.PatientID], c.OnsetDate) < fa.MinAge {
			if has {
				t.Errorf("a fall at %d assessed (patient %s)", ageOnDay(r.patients[c.PatientID], c.OnsetDate), c.PatientID)
			}
			continue
		}
		contacts++
		if has {
			assessed++
		}
		if refers {
			referred++
			if has {
				referredAssessed++
			}
		}
	}
	enough(t, contacts, 100, "GP contacts after a fall at 65+")
	if referredAssessed != referred {
		t.Errorf("%d of %d contacts that refer to the falls service record no assessment", referred-referredAssessed, referred)
	}
	// the referred are always assessed; the others by the share
	want := float64(referred) + fa.Share*float64(contacts-referred)
	if se := math.Sqrt(float64(contacts-referred) * fa.Share * (1 - fa.Share)); math.Abs(float64(assessed)-want) > 4*se+1 {
		t.Errorf("falls risk assessed at %d of %d first contacts after a fall at 65+, want about %.0f", assessed, contacts, want)
	}
	t.Logf("%d first GP contacts after a fall at 65+: %d assessed, %d referred", contacts, assessed, referred)
}

// TestDeliriumFollowedByACognitiveAssessment: no cognitive assessment
// followed delirium. Now the practice assesses cognition some weeks after
// an episode at 65+ (NICE CG103) by the share frailty.yaml gives, never
// for a younger person, nor without an episode before it (or, since the
// forty-sixth stop, a dementia diagnosis at the same contact).
func TestDeliriumFollowedByACognitiveAssessment(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	dl := &fp.Delirium
	const moved = 30                // a visit moved to a free day, or a weekend
	diagnosing := map[string]bool{} // encounters that diagnose dementia (catalogue first_contact_tests)
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "dementia" || c.ConditionKey == "memory_impairment" { // the referring contact (brief h59g)
			diagnosing[c.DiagnosisEncounterID] = true
		}
	}
	for id, obs := range r.obsOf {
		for _, o := range obs {
			if o.SnomedCode != fp.cognition.Snomed || diagnosing[o.EncounterID] {
				continue
			}
			d := o.EffectiveTime.Date()
			ok := false
			for _, c := range r.condsOf[id] {
				if fp.delAfter[c.ConditionKey] && ageOnDay(r.patients[id], c.OnsetDate) >= dl.MinAge &&
					d >= c.OnsetDate+models.Date(dl.DaysAfter[0]) && d <= c.OnsetDate+models.Date(dl.DaysAfter[1]+moved) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("patient %s: %s on %s with no delirium at 65+ %d-%d days before", id, o.Description, d, dl.DaysAfter[0], dl.DaysAfter[1])
			}
		}
	}
	episodes, followed := 0, 0
	for id, conds := range r.condsOf {
		pt := r.patients[id]
		lastDay := r.p.Opts.Population()
		if pt.DeathDate != models.NoDate {
			lastDay = pt.DeathDate
		}
		for _, c := range conds {
			if !fp.delAfter[c.ConditionKey] || ageOnDay(pt, c.OnsetDate) < dl.MinAge {
				continue
			}
			end := c.OnsetDate + models.Date(dl.DaysAfter[1]+moved)
			excluded := end+eolReviewMargin > lastDay || c.OnsetDate < r.p.windowStart
			for _, x := range conds {
				excluded = excluded || (x.ConditionKey == "palliative_care" && x.OnsetDate <= end+eolReviewMargin) ||
					(fp.delUnless[x.ConditionKey] && x.OnsetDate <= end)
			}
			if excluded {
				continue
			}
			episodes++
			for _, o := range r.obsOf[id] {
				if d := o.EffectiveTime.Date(); o.SnomedCode == fp.cognition.Snomed && d > c.OnsetDate && d <= end {
					followed++
					break
				}
			}
		}
	}
	enough(t, episodes, 15, "episodes of delirium at 65+ due a follow-up")
	want := dl.Share * float64(episodes)
	if se := math.Sqrt(float64(episodes) * dl.Share * (1 - dl.Share)); math.Abs(float64(followed)-want) > 4*se+1 {
		t.Errorf("cognition assessed after %d of %d episodes of delirium at 65+, want about %.0f", followed, episodes, want)
	}
	t.Logf("cognition assessed after %d of %d episodes of delirium at 65+", followed, episodes)
}
