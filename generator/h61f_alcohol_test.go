package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h61f (issue 9): a GP read 50 units of alcohol a week and an AUDIT-C
// of 8 every year for 8 years, a brief intervention each year and nothing
// more. On generate -n 20000 -s 83, of 397 people with an AUDIT-C of 8 or
// more at 3 or more readings over 2 years or more, none had an extended
// intervention and 70 had 3 or more brief interventions with neither a full
// AUDIT nor a referral; no one referred for dependence had an assisted
// withdrawal, and no one had disulfiram.

// TestDrinkingBriefAdviceDidNotChangeIsEscalated: an AUDIT-C of the
// catalogue's persistent at_least or more recorded after_days or more after
// a brief intervention is followed, by that reading, by an extended brief
// intervention (or the person was referred already); harmful drinking has
// it with the diagnosis; the extended interventions, referral offers and
// declines come in that order (NICE PH24). Before, no one had an extended intervention.
func TestDrinkingBriefAdviceDidNotChangeIsEscalated(t *testing.T) {
	r := pathwayPopulation(t)
	ap := r.p.alcohol
	pp, hp := ap.persistent.p, ap.harmful
	audc, brief := r.snomed(r.p.Cat.Alcohol.AuditCObservation), ap.brief.Snomed
	ext, decl, ref := ap.persistent.extended.Snomed, ap.persistent.declined.Snomed, hp.ref.Snomed
	due, escalated, offered := 0, 0, 0
	for id, os := range r.obsOf {
		sorted := slices.Clone(os)
		slices.SortFunc(sorted, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		firstBrief, firstExt, referred := models.NoDate, models.NoDate, false
		var dueAt models.Date = models.NoDate
		for _, o := range sorted {
			d := o.EffectiveTime.Date()
			switch o.SnomedCode {
			case brief:
				if firstBrief == models.NoDate {
					firstBrief = d
				}
			case audc:
				if *o.Value >= float64(pp.AtLeast) && firstBrief != models.NoDate && d >= firstBrief+models.Date(pp.AfterDays) && dueAt == models.NoDate {
					dueAt = d
				}
			case ext:
				if firstExt == models.NoDate {
					firstExt = d
				}
				if r.auditAt(o.EncounterID, hp.audit.Snomed) >= float64(hp.h.AuditHarmful[0]) {
					break // harmful drinking: with the diagnosis
				}
				if firstBrief == models.NoDate || d < firstBrief+models.Date(pp.AfterDays) {
					t.Errorf("patient %s: extended intervention %v with no brief intervention %d days before", id, d, pp.AfterDays)
				}
				if !r.hasAuditC(o.EncounterID, audc, pp.AtLeast) {
					t.Errorf("patient %s: extended intervention %v beside no AUDIT-C of %d or more", id, d, pp.AtLeast)
				}
			case decl:
				offered++
				if referred && firstExt == models.NoDate {
					break // offered again after a referral for dependence (h62b)
				}
				if firstExt == models.NoDate || d < firstExt+models.Date(pp.AfterDays) {
					t.Errorf("patient %s: referral declined %v, not after an extended intervention %d days before", id, d, pp.AfterDays)
				}
			case ref:
				if firstExt != models.NoDate {
					offered++
				}
				referred = true
			}
		}
		if dueAt == models.NoDate || referred && firstExt == models.NoDate {
			continue // never due, or referred (for dependence) at the diagnosis
		}
		due++
		if firstExt != models.NoDate && firstExt <= dueAt {
			escalated++
		}
	}
	enough(t, due, 30, "people with an AUDIT-C of 8 or more a year after a brief intervention")
	t.Logf("%d people due an escalation: %d extended interventions at that reading; %d referral offers", due, escalated, offered)
	if escalated*10 < due*9 {
		t.Errorf("%d of %d people with an AUDIT-C of %d or more %d days after a brief intervention had an extended intervention at it (NICE PH24)", escalated, due, pp.AtLeast, pp.AfterDays)
	}
	if offered == 0 {
		t.Errorf("no referral offered after an extended intervention (NICE PH24)")
	}
}

// auditAt is the full AUDIT score recorded at encounter enc (-1 when none).
func (r *realism) auditAt(enc, audit string) float64 {
	for _, o := range r.obsByEnc[enc] {
		if o.SnomedCode == audit {
			return *o.Value
		}
	}
	return -1
}

// hasAuditC: encounter enc holds an AUDIT-C of at least the score.
func (r *realism) hasAuditC(enc, audc string, atLeast int) bool {
	for _, o := range r.obsByEnc[enc] {
		if o.SnomedCode == audc && *o.Value >= float64(atLeast) {
			return true
		}
	}
	return false
}

// TestAssistedWithdrawalIsAShortCourse: chlordiazepoxide is given only as
// an acute reducing course of 14 days or fewer for coded alcohol
// dependence, with thiamine running that day, never beside an opioid nor
// with alcoholic liver disease held (NICE CG115 1.3.5, CG100 1.1.2-1.1.3);
// a relapse medicine starts only after it ends; disulfiram is never started
// with heart failure, coronary heart disease, a stroke, hypertension or a
// psychotic illness held (BNF). Before, no one had an assisted withdrawal.
func TestAssistedWithdrawalIsAShortCourse(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	dep := r.p.Cat.Alcohol.Dependence
	withdrawals := 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			switch {
			case strings.HasPrefix(rx.Medication, "Chlordiazepoxide"):
				withdrawals++
				d := rx.StartDate
				if keys[rx.ConditionID] != dep {
					t.Errorf("patient %s: chlordiazepoxide %v for %q, not alcohol dependence", id, d, keys[rx.ConditionID])
				}
				if rx.Type != models.PrescriptionAcute || rx.EndDate == models.NoDate || rx.EndDate-d+1 > 14 {
					t.Errorf("patient %s: chlordiazepoxide %v to %v (%s): not a course of 14 days or fewer", id, d, rx.EndDate, rx.Type)
				}
				if !r.runsOn(id, "Thiamine", d) {
					t.Errorf("patient %s: chlordiazepoxide %v with no thiamine (NICE CG100 1.1.3)", id, d)
				}
				if r.classRunsOn(id, "opioid", d, rx) {
					t.Errorf("patient %s: chlordiazepoxide %v beside an opioid", id, d)
				}
				if c := r.has(id, "alcoholic_liver_disease"); c != nil && c.OnsetDate <= d {
					t.Errorf("patient %s: community withdrawal %v with alcoholic liver disease", id, d)
				}
				for _, o := range rxs {
					if r.p.medPlans[medKey(o)] != nil && r.p.medPlans[medKey(o)].inClass("alcohol_relapse_prevention") && o.StartDate >= d && o.StartDate <= rx.EndDate {
						t.Errorf("patient %s: %s started %v during the withdrawal %v-%v", id, o.Medication, o.StartDate, d, rx.EndDate)
					}
				}
			case strings.HasPrefix(rx.Medication, "Disulfiram"):
				for _, k := range []string{"heart_failure", "chd", "stroke_tia", "hypertension", "smi", "bipolar"} {
					if c := r.has(id, k); c != nil && c.OnsetDate <= rx.StartDate && (c.ResolvedDate == models.NoDate || c.ResolvedDate > rx.StartDate) {
						t.Errorf("patient %s: disulfiram started %v with %s (BNF contra-indication)", id, rx.StartDate, k)
					}
				}
			}
		}
	}
	enough(t, withdrawals, 3, "assisted alcohol withdrawals")
	t.Logf("%d assisted withdrawals", withdrawals)
}

// runsOn: a prescription whose medication starts with name runs on day d.
func (r *realism) runsOn(id, name string, d models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if strings.HasPrefix(rx.Medication, name) && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}
