package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h62b (issue 9): a GP read 102 units a week and the same AUDIT-C for
// ten years whatever advice was given (65b27877, generate -n 3000 -s 31),
// and a referral to specialist alcohol services, once declined, was never
// offered again. On generate -n 20000 -s 83, of 1,084 people first read
// over 14 units a week with readings a year or more apart, none read lower
// later; of 186 people who declined the referral, none was offered it again.

// timeOrdered is os sorted by time.
func timeOrdered(os []*models.Observation) []*models.Observation {
	s := slices.Clone(os)
	slices.SortStableFunc(s, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
	return s
}

// TestDrinkingAnswersTheCare: among people first read drinking over 14
// units a week with readings a year or more apart, a share read lower later
// (brief advice helps a minority: Kaner et al., Cochrane 2007 and 2018;
// between 3% and 40%: catalogue alcohol change draws 12-50% per kind of
// care, once each, with relapse), never without care given before that
// reading (a brief or extended intervention or a referral), and never
// above their first reading (a relapse returns to the usual drinking).
// Before, every reading was the first.
func TestDrinkingAnswersTheCare(t *testing.T) {
	r := pathwayPopulation(t)
	ap := r.p.alcohol
	a := &r.p.Cat.Alcohol
	units := r.snomed(a.UnitsObservation)
	care := map[string]bool{ap.brief.Snomed: true, ap.persistent.extended.Snomed: true, ap.harmful.ref.Snomed: true}
	heavy, fell := 0, 0
	for id, os := range r.obsOf {
		var first *models.Observation
		var last *models.Observation
		cared := false
		for _, o := range timeOrdered(os) {
			if care[o.SnomedCode] {
				cared = true
			}
			if o.SnomedCode != units {
				continue
			}
			if first == nil {
				first = o
			}
			if *o.Value > *first.Value {
				t.Errorf("patient %s: %v units a week on %v, above the first reading's %v", id, *o.Value, o.EffectiveTime.Date(), *first.Value)
			}
			if *o.Value < *first.Value && !cared {
				t.Errorf("patient %s: %v units a week on %v, below the first reading's %v with no care given before", id, *o.Value, o.EffectiveTime.Date(), *first.Value)
			}
			last = o
		}
		if first == nil || *first.Value <= a.LowerLimit || last.EffectiveTime.Date()-first.EffectiveTime.Date() < 365 {
			continue
		}
		heavy++
		if *last.Value < *first.Value {
			fell++
		}
	}
	enough(t, heavy, 200, "people first read over 14 units a week with readings a year apart")
	t.Logf("%d of %d people first read over %v units a week read lower at their last reading", fell, heavy, a.LowerLimit)
	if fell*100 < heavy*3 || fell*100 > heavy*40 {
		t.Errorf("%d of %d heavy drinkers read lower at their last reading: want 3-40%% (brief interventions help a minority)", fell, heavy)
	}
}

// TestDeclinedReferralIsOfferedAgain: a person offered the referral to
// specialist alcohol services (declined, or taken up and still drinking)
// and read again at an AUDIT-C of the catalogue's persistent at_least or
// more reoffer_days or more after the last offer is offered it again at
// that reading (NICE PH24: referral for those who have not benefited; as
// anticoagulation declined in AF), and offers are never closer than
// reoffer_days. Before, a decline was final and a referral made once.
func TestDeclinedReferralIsOfferedAgain(t *testing.T) {
	r := pathwayPopulation(t)
	ap := r.p.alcohol
	pp := ap.persistent
	audc := r.snomed(r.p.Cat.Alcohol.AuditCObservation)
	decl, ref := pp.declined.Snomed, ap.harmful.ref.Snomed
	gap := models.Date(pp.p.ReofferDays)
	due, dueDeclined, again := 0, 0, 0
	for id, os := range r.obsOf {
		lastOffer, declined := models.NoDate, false
		for _, o := range timeOrdered(os) {
			d := o.EffectiveTime.Date()
			switch o.SnomedCode {
			case decl, ref:
				if lastOffer != models.NoDate {
					again++
					if d-lastOffer < gap {
						t.Errorf("patient %s: referral offered %v, %d days after the last (want %d or more)", id, d, d-lastOffer, gap)
					}
				}
				lastOffer, declined = d, o.SnomedCode == decl
			case audc:
				if lastOffer != models.NoDate && *o.Value >= float64(pp.p.AtLeast) && d-lastOffer >= gap {
					due++
					if declined {
						dueDeclined++
					}
					if !r.offeredAt(o.EncounterID, decl, ref) {
						t.Errorf("patient %s: AUDIT-C %v on %v, %d days after a referral offered (declined: %v), and no offer", id, *o.Value, d, d-lastOffer, declined)
					}
				}
			}
		}
	}
	enough(t, dueDeclined, 10, "readings due a re-offer of a declined referral")
	t.Logf("%d readings due a re-offer (%d after a decline); %d offers after an earlier one", due, dueDeclined, again)
}

// offeredAt: encounter enc holds a referral or a declined one.
func (r *realism) offeredAt(enc, decl, ref string) bool {
	for _, o := range r.obsByEnc[enc] {
		if o.SnomedCode == decl || o.SnomedCode == ref {
			return true
		}
	}
	return false
}
