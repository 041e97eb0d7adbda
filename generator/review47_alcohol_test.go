package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Session 47 (issue 9, life-course risk factors): no record held an alcohol
// entry, though the NHS Health Check asks the AUDIT-C and hypertension and
// SMI reviews ask about drinking. Each adult's drinking is now drawn once
// (catalogue alcohol) and every weekly-units figure and AUDIT-C score is
// read from it.

// alcoholReadings are a patient's weekly units and AUDIT-C readings.
type alcoholReadings struct {
	units, auditC []*models.Observation
}

// alcoholOf gathers every patient's alcohol readings.
func (r *realism) alcoholOf() map[string]*alcoholReadings {
	units, audc := r.snomed(r.p.Cat.Alcohol.UnitsObservation), r.snomed(r.p.Cat.Alcohol.AuditCObservation)
	out := map[string]*alcoholReadings{}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != units && o.SnomedCode != audc {
			continue
		}
		a := out[o.PatientID]
		if a == nil {
			a = &alcoholReadings{}
			out[o.PatientID] = a
		}
		if o.SnomedCode == units {
			a.units = append(a.units, o)
		} else {
			a.auditC = append(a.auditC, o)
		}
	}
	return out
}

// TestHealthChecksAskTheAUDITC: the NHS Health Check's alcohol risk
// assessment is the AUDIT-C (NHS Health Check best practice guidance):
// every check that scores the cardiovascular risk (a QRISK3 at a contact
// with no problem as its reason) records an AUDIT-C and the weekly units.
func TestHealthChecksAskTheAUDITC(t *testing.T) {
	r := pathwayPopulation(t)
	qrisk := r.p.cvd.score.Snomed
	units, audc := r.snomed(r.p.Cat.Alcohol.UnitsObservation), r.snomed(r.p.Cat.Alcohol.AuditCObservation)
	checks, asked := 0, 0
	for enc, obs := range r.obsByEnc {
		if e := r.encs[enc]; e == nil || e.ReasonConditionID != "" {
			continue
		}
		hasScore, hasUnits, hasAudit := false, false, false
		for _, o := range obs {
			hasScore = hasScore || o.SnomedCode == qrisk
			hasUnits = hasUnits || o.SnomedCode == units
			hasAudit = hasAudit || o.SnomedCode == audc
		}
		if !hasScore {
			continue
		}
		checks++
		if hasUnits && hasAudit {
			asked++
		}
	}
	enough(t, checks, 200, "health checks")
	t.Logf("%d of %d health checks record an AUDIT-C and weekly units", asked, checks)
	if asked < checks {
		t.Fatalf("%d of %d health checks record no AUDIT-C or weekly units", checks-asked, checks)
	}
}

// TestAlcoholReadingsAgreeWithTheDrinking: a person's weekly units and
// AUDIT-C are asked together and agree at every reading (since h62b the
// drinking may change between readings), a non-drinker scores 0, a
// higher-risk drinker (over 35 units a week for women, 50 for men; UK CMO
// 2016) scores 8 or more and a lower-risk one (14 or fewer) under 8; nothing
// is recorded under 18 (catalogue adult_only); and the shares drinking over
// 14 units follow HSE 2019 (30% of men, 15% of women: within 10 points, as
// the people asked are older than all adults).
func TestAlcoholReadingsAgreeWithTheDrinking(t *testing.T) {
	r := pathwayPopulation(t)
	a := &r.p.Cat.Alcohol
	people, over, bySex := 0, map[string]int{}, map[string]int{}
	for id, al := range r.alcoholOf() {
		pt := r.patients[id]
		for _, o := range append(append([]*models.Observation{}, al.units...), al.auditC...) {
			if age := ageOnDay(pt, o.EffectiveTime.Date()); age < 18 {
				t.Fatalf("patient %s: %s recorded at %d", id, o.Description, age)
			}
		}
		if len(al.units) == 0 || len(al.units) != len(al.auditC) {
			t.Fatalf("patient %s: %d weekly units and %d AUDIT-C readings", id, len(al.units), len(al.auditC))
		}
		higher := a.HigherAbove.For(pt.Sex)
		for i := range al.units { // each pair read from the drinking of its day (h62b: it changes)
			u, s := *al.units[i].Value, *al.auditC[i].Value
			switch {
			case al.units[i].EncounterID != al.auditC[i].EncounterID:
				t.Fatalf("patient %s: weekly units and AUDIT-C asked apart (%v, %v)", id, al.units[i].EffectiveTime, al.auditC[i].EffectiveTime)
			case (u == 0) != (s == 0):
				t.Fatalf("patient %s: %v units a week with an AUDIT-C of %v", id, u, s)
			case u > higher && s < 8, u <= a.LowerLimit && s >= 8:
				t.Fatalf("patient %s (%s): %v units a week with an AUDIT-C of %v", id, pt.Sex, u, s)
			}
		}
		u := *al.units[0].Value // the usual drinking: no care has changed it yet
		people++
		bySex[pt.Sex]++
		if u > a.LowerLimit {
			over[pt.Sex]++
		}
	}
	enough(t, people, 1000, "people with alcohol readings")
	men, women := 100*float64(over["male"])/float64(bySex["male"]), 100*float64(over["female"])/float64(bySex["female"])
	t.Logf("%d people with readings; over 14 units a week: men %.1f%%, women %.1f%% (HSE 2019: 30%%, 15%%)", people, men, women)
	if men < 20 || men > 40 || women < 5 || women > 25 {
		t.Fatalf("over 14 units a week: men %.1f%%, women %.1f%% (HSE 2019: 30%%, 15%%)", men, women)
	}
}

// TestAlcoholDependenceIsHigherRiskDrinking: alcohol dependence (the
// history before a death from alcoholic liver disease, NICE CG100) comes
// with higher-risk drinking at the first reading (treatment may change it
// later, h62b); a brief intervention is coded only beside an AUDIT-C of the
// catalogue's at_least or more at the same encounter.
func TestAlcoholDependenceIsHigherRiskDrinking(t *testing.T) {
	r := pathwayPopulation(t)
	a := &r.p.Cat.Alcohol
	dependent := 0
	for id, al := range r.alcoholOf() {
		if r.has(id, a.Dependence) == nil {
			continue
		}
		dependent++
		higher := a.HigherAbove.For(r.patients[id].Sex)
		if o := al.units[0]; *o.Value <= higher { // at the first reading: treatment may change it later (h62b)
			t.Fatalf("patient %s with %s: %v units a week", id, a.Dependence, *o.Value)
		}
	}
	enough(t, dependent, 1, "people with alcohol dependence and a weekly-units reading")
	brief, audc := r.p.alcohol.brief.Snomed, r.snomed(a.AuditCObservation)
	coded := 0
	for enc, obs := range r.obsByEnc {
		score, has := -1.0, false
		for _, o := range obs {
			if o.SnomedCode == audc {
				score = *o.Value
			}
			has = has || o.SnomedCode == brief
		}
		if has {
			coded++
			if score < float64(a.Brief.AtLeast) {
				t.Fatalf("encounter %s: brief intervention beside an AUDIT-C of %v", enc, score)
			}
		}
	}
	enough(t, coded, 50, "brief interventions")
	t.Logf("%d people with alcohol dependence and readings; %d brief interventions", dependent, coded)
}
