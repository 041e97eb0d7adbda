package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// groundedBy reports whether a reading of code above limit is recorded at
// or before observation o (the grounds the record shows for it).
func (r *realism) groundedBy(id, code string, limit float64, o *models.Observation) bool {
	for _, v := range r.values(id, code) {
		if v.EffectiveTime <= o.EffectiveTime && *v.Value > limit {
			return true
		}
	}
	return false
}

// h68b (GP review: contraindications coded without grounds): "Lipid
// lowering therapy contraindicated" was drawn as a vascular event's reason
// for no statin whatever the record showed (52 codes in 52 people, none
// with grounds, generate -n 20000 -s 83: one on day 3 after an NSTEMI,
// never a statin). It is coded only beside its grounds, an ALT above 3
// times the upper limit (catalogue also_prescribe not_taken reading);
// others are coded as declined. In people with chronic kidney disease,
// "ACE inhibitors contraindicated" follows a potassium above 5.0 as heart
// failure's does since h67c (catalogue ckd untreated reading; 10 codes
// without one before, s83); the other writers (a drug stopped at a
// potassium of 6.0 or more, notrestarted.go) follow a high potassium by
// construction.
func TestContraindicationsHaveTheirGrounds(t *testing.T) {
	r := review5Population(t)
	alt, k := r.snomed("alt"), r.snomed("potassium")
	statin, statinBad, ace, aceBad := 0, 0, 0, 0
	for id := range r.patients {
		ckd := r.has(id, "ckd") != nil
		for _, o := range r.obsOf[id] {
			switch {
			case o.SnomedCode == "135822005" || o.ValueCode == "135822005":
				statin++
				if !r.groundedBy(id, alt, 120, o) {
					statinBad++
					t.Errorf("patient %s: lipid lowering therapy contraindicated coded %s with no ALT above 120 before it", id, o.EffectiveTime.Date())
				}
			case ckd && (o.SnomedCode == "315364008" || o.ValueCode == "315364008"):
				ace++
				if !r.groundedBy(id, k, 5.0, o) {
					aceBad++
					t.Errorf("patient %s (CKD): ACE inhibitors contraindicated coded %s with no potassium above 5.0 before it", id, o.EffectiveTime.Date())
				}
			}
		}
	}
	t.Logf("lipid lowering therapy contraindicated: %d codes, %d without grounds; ACE inhibitors contraindicated in CKD: %d codes, %d without grounds", statin, statinBad, ace, aceBad)
}

// h68b (GP review: refusal codes beside the drug they refuse): "Statin
// declined" was coded while a statin ran (a woman whose statin was held for
// a pregnancy while the supply issued before it ran on; generate -n 20000
// -s 83), and a declined alcohol referral was coded "Refusal of treatment
// by patient" (105480006, 732 codes at s83), which reads as refusing the
// drugs issued at the same visit. No statin declined (or contraindicated)
// code stands on a day a statin is issued or supplied past it (rules.yaml
// statin-declined-while-statin-runs); the declined referral has its own
// code (442444001, observation_codes.csv alcohol_referral_declined) and the
// general refusal is no longer written.
func TestNoRefusalBesideTheDrugIssued(t *testing.T) {
	r := review5Population(t)
	codes, beside, general, referral := 0, 0, 0, 0
	for id := range r.patients {
		for _, o := range r.obsOf[id] {
			switch o.SnomedCode {
			case "105480006":
				general++
			case "442444001":
				referral++
			}
			if o.SnomedCode != "134396000" && o.SnomedCode != "135822005" && o.ValueCode != "134396000" && o.ValueCode != "135822005" {
				continue
			}
			codes++
			d := o.EffectiveTime.Date()
			for _, rx := range r.rxOf[id] {
				if !isStatin(rx.Medication) {
					continue
				}
				if rx.StartDate == d || rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate > d) {
					beside++
					t.Errorf("patient %s: %s coded %s beside %s issued %s to %s", id, o.Description, d, rx.Medication, rx.StartDate, rx.EndDate)
					break
				}
			}
		}
	}
	enough(t, codes, 50, "statin declined or contraindicated codes")
	t.Logf("%d statin declined or contraindicated codes, %d beside a statin; %d declined alcohol referrals coded 442444001, %d general refusals (105480006)", codes, beside, referral, general)
	if general > 0 {
		t.Errorf("%d codes of the general 'Refusal of treatment by patient' (105480006): a declined alcohol referral has its own code", general)
	}
	if referral == 0 {
		t.Errorf("no declined referral to specialist alcohol services coded (442444001)")
	}
}

// isStatin reports whether a medication's name is a statin's (not nystatin).
func isStatin(name string) bool {
	for _, p := range []string{"Atorvastatin", "Simvastatin", "Rosuvastatin", "Pravastatin", "Fluvastatin"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
