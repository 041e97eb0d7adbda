package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// dischargeReferralPlan is a condition's discharge_referral resolved: the
// acute problems whose emergency admissions end with it, and its code.
type dischargeReferralPlan struct {
	*datasets.DischargeReferral
	after map[string]bool
	code  datasets.ObservationCode
}

// resolveDischargeReferrals collects the conditions' discharge referrals.
func (p *Plan) resolveDischargeReferrals() error {
	for ci := range p.conds {
		dr := p.conds[ci].DischargeReferral
		if dr == nil {
			continue
		}
		code, ok := datasets.ObservationByKey(dr.Recorded)
		if !ok {
			return fmt.Errorf("catalogue: %s discharge_referral recorded %q is not in observation_codes.csv", p.conds[ci].Key, dr.Recorded)
		}
		p.dischargeReferrals = append(p.dischargeReferrals, dischargeReferralPlan{DischargeReferral: dr, after: keySet(dr.After), code: code})
	}
	return nil
}

// dischargeReferrals codes, at the end of an emergency admission for an
// exacerbation of a condition, the referral the hospital
// makes at discharge (catalogue discharge_referral: pulmonary
// rehabilitation after an admission for an exacerbation of COPD, NICE QS10
// statement 5), by its share, on a stream of its own keyed by the day the
// admission began. Before, 4 of 347 such admissions had a referral within
// 28 days of discharge (generate -n 20000 -s 5; forty-seventh stop). None
// when the person dies in hospital or is in end-of-life care by then.
func (w *worker) dischargeReferrals(per *person) {
	if len(w.plan.dischargeReferrals) == 0 {
		return
	}
	b := w.b
	for k := per.encFrom; k < len(b.Encounters); k++ {
		adm := &b.Encounters[k]
		if !emergencyAdmission(adm) || adm.ReasonConditionID == "" || adm.StartTime.Date() < per.firstDay {
			continue
		}
		c := w.conditionRow(per, adm.ReasonConditionID)
		if c == nil {
			continue
		}
		out := adm.EndTime.Date()
		if per.death != models.NoDate && out >= per.death || per.inEndOfLifeCare(out) {
			continue
		}
		for i := range w.plan.dischargeReferrals {
			dr := &w.plan.dischargeReferrals[i]
			if !dr.after[c.ConditionKey] { // an exacerbation: the person has the condition (requires)
				continue
			}
			s := per.stream(w.plan.Opts.Seed, purposeRehabAtDischarge, uint64(adm.StartTime.Date()), uint64(i))
			if s.Bernoulli(dr.Share) {
				at := max(adm.StartTime, adm.EndTime.AddMinutes(-30)) // with the discharge summary
				b.Observations = append(b.Observations, w.observation(per, adm.EncounterID, at, &dr.code))
			}
		}
	}
}
