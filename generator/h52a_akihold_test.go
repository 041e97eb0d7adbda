package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestMedicinesHeldThroughAcuteKidneyInjury: an ACE inhibitor, ARB,
// diuretic, metformin or SGLT2 inhibitor is not issued, nor runs on, from
// the first day of an acute kidney injury until the episode ends at its
// recovery bloods (NICE NG148; NHS sick day guidance), and most are
// restarted soon after, since most injuries recover (prescribing.yaml
// contraindications until_recovered, episode_restart; session 52). On main
// (generate -n 20000 -s 5) 747 issues in 307 people ran into or began
// inside an injury. The injury's own sample carries a
// potassium, raised as the eGFR falls (catalogue aki result_fall with):
// before, none.
func TestMedicinesHeldThroughAcuteKidneyInjury(t *testing.T) {
	r := review5Population(t)
	heldMed := func(rx *models.Prescription) bool {
		m := r.p.medPlans[medKey(rx)]
		return m != nil && len(m.heldIn) > 0
	}
	potassium, egfr := r.snomed("potassium"), r.snomed("egfr")
	episodes, inside, held, restarted, withK, withEGFR := 0, 0, 0, 0, 0, 0
	var kInjury, kAll float64
	nAll := 0
	for id, conds := range r.condsOf {
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == potassium && o.Value != nil {
				kAll += *o.Value
				nAll++
			}
		}
		for _, c := range conds {
			if c.ConditionKey != "aki" {
				continue
			}
			episodes++
			until := c.ResolvedDate
			if until == models.NoDate {
				until = models.Date(1 << 30)
			}
			hasK, hasE := false, false
			for _, o := range r.obsOf[id] {
				if o.EffectiveTime.Date() != c.OnsetDate || o.Value == nil || r.encs[o.EncounterID] == nil || r.encs[o.EncounterID].ReasonConditionID != c.ConditionID {
					continue
				}
				if o.SnomedCode == potassium && !hasK {
					hasK = true
					kInjury += *o.Value
				}
				hasE = hasE || o.SnomedCode == egfr
			}
			if hasE {
				withEGFR++
				if hasK {
					withK++
				}
			}
			for _, rx := range r.rxOf[id] {
				if !heldMed(rx) {
					continue
				}
				end := rx.EndDate
				if end == models.NoDate {
					end = models.Date(1 << 30)
				}
				if rx.StartDate < until && end >= c.OnsetDate {
					inside++
					if inside <= 5 {
						t.Errorf("%s: %s issued %s to %s, inside an acute kidney injury %s to %s", id, medKey(rx), rx.StartDate, rx.EndDate, c.OnsetDate, c.ResolvedDate)
					}
				}
				if rx.EndDate != c.OnsetDate-1 || c.ResolvedDate == models.NoDate || r.patients[id].DeathDate != models.NoDate && r.patients[id].DeathDate < c.ResolvedDate+60 {
					continue // not held at its onset, or no 60 days after it to restart in
				}
				held++
				for _, later := range r.rxOf[id] {
					if medKey(later) == medKey(rx) && later.StartDate >= c.ResolvedDate && later.StartDate <= c.ResolvedDate+60 {
						restarted++
						break
					}
				}
			}
		}
	}
	t.Logf("%d acute kidney injuries; held-class issues inside one %d; %d medicines held at onset in people alive 60 days after, %d restarted within 60 days of the episode's end; a potassium at %d of %d injuries with their eGFR, mean %.2f (all potassium results %.2f)",
		episodes, inside, held, restarted, withK, withEGFR, kInjury/float64(max(withK, 1)), kAll/float64(max(nAll, 1)))
	if episodes < 300 || held < 100 {
		t.Fatalf("only %d injuries and %d medicines held", episodes, held)
	}
	// most injuries recover by the bloods 1-3 weeks after (the eGFR back to
	// 60 or near its usual): fewer than 4 in 5 restarted would leave people
	// with hypertension, heart failure or diabetes untreated after a recovered injury
	if float64(restarted) < 0.8*float64(held) {
		t.Errorf("%d of %d held medicines restarted within 60 days of the injury's end; want at least 80%%", restarted, held)
	}
	// the injury's sample holds its potassium beside its eGFR
	if float64(withK) < 0.98*float64(withEGFR) {
		t.Errorf("a potassium at %d of %d injuries with their eGFR; want all but 2%%", withK, withEGFR)
	}
	// raised as the kidneys fail (catalogue potassium rises_below)
	if kInjury/float64(max(withK, 1)) < kAll/float64(max(nAll, 1))+0.1 {
		t.Errorf("mean potassium at injuries %.2f, all results %.2f: want the injury's at least 0.1 higher", kInjury/float64(max(withK, 1)), kAll/float64(max(nAll, 1)))
	}
}

// injurySample reports whether result o is an acute kidney injury's own
// sample (catalogue aki result_fall with): taken at the contact about the
// injury on its first day, in hospital or on the way there, where the
// hospital acts on it; the practice's response to a result (a repeat
// within days, a same-day A&E attendance, a stopped ACE inhibitor's
// rechallenge) is for the results it takes.
func (r *realism) injurySample(o *models.Observation) bool {
	e := r.encs[o.EncounterID]
	if e == nil || e.ReasonConditionID == "" {
		return false
	}
	for _, c := range r.condsOf[o.PatientID] {
		if c.ConditionID == e.ReasonConditionID {
			return c.ConditionKey == "aki" && c.OnsetDate == o.EffectiveTime.Date()
		}
	}
	return false
}
