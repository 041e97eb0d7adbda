// Checks for h60e (issue 9): a fragility fracture's risk assessment, and
// the day case typed as one (docs/clinical-model.md, "Fracture risk after a
// fragility fracture, and the day case's type (h60e)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestFragilityFracturesHaveTheirRiskAssessed: after a hip or wrist
// fracture at 50 or over the fracture risk is assessed (NICE CG146; NOGG
// 2022): a FRAX score, a DXA scan or a bisphosphonate within 6 months.
// Before, 622 of 684 wrist fractures had none of them (generate -n 20000
// -s 83). What may be left is a fracture with no admission and no fracture
// clinic (seen in A&E alone, a virtual clinic: 15% of the first visits) or
// one whose assessment fell in end-of-life care. Each score is coded at an
// admission or a clinic about a fracture and reads a probability.
func TestFragilityFracturesHaveTheirRiskAssessed(t *testing.T) {
	r := pathwayPopulation(t)
	cp := &r.p.conds[r.p.condIndex["osteoporosis"]]
	af, frax, scan := cp.AfterFracture, cp.fractureRisk, cp.scan
	if af == nil || frax == nil || scan == nil {
		t.Fatal("osteoporosis after_fracture has no risk score or scan code")
	}
	end := r.p.Opts.Population()
	fractures, bare := 0, 0
	for id, pt := range r.patients {
		last := end
		if pt.DeathDate != models.NoDate {
			last = min(last, pt.DeathDate)
		}
		for _, c := range r.condsOf[id] {
			if af.Fracture(c.ConditionKey) == nil || ageOnDay(pt, c.OnsetDate) < af.MinAge || c.OnsetDate < r.p.windowStart || c.OnsetDate+183 > last {
				continue
			}
			fractures++
			if !boneCareWithin(r, id, c.OnsetDate, 183, frax.Snomed, scan.Snomed) {
				bare++
			}
		}
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != frax.Snomed {
				continue
			}
			e := r.encs[o.EncounterID]
			if e == nil || af.Fracture(conditionKeyOf(r.condsOf[id], e.ReasonConditionID)) == nil || (e.Setting != settingInpatient && e.Setting != settingOutpatient) {
				t.Errorf("%s: FRAX score %s not at an admission or clinic about a fracture (%+v)", id, o.EffectiveTime.Date(), e)
			}
			if o.Value == nil || *o.Value < 3 || *o.Value > 60 {
				t.Errorf("%s: FRAX score %s reads %v, want a probability of 3-60%%", id, o.EffectiveTime.Date(), o.Value)
			}
		}
	}
	enough(t, fractures, 80, "hip and wrist fractures at 50+ followed 6 months")
	t.Logf("%d of %d hip and wrist fractures at 50+ with no FRAX score, DXA scan or bisphosphonate in 6 months", bare, fractures)
	if bare*4 > fractures {
		t.Errorf("%d of %d fragility fractures at 50+ had no risk assessment, scan or bone protection in 6 months, want at most 1 in 4 (the fractures with no admission or fracture clinic)", bare, fractures)
	}
}

// boneCareWithin reports whether person id has a FRAX score or DXA scan
// recorded, or a bisphosphonate running, in the days days from day d.
func boneCareWithin(r *realism, id string, d models.Date, days models.Date, codes ...string) bool {
	for _, o := range r.obsOf[id] {
		od := o.EffectiveTime.Date()
		if od < d || od > d+days {
			continue
		}
		for _, c := range codes {
			if o.SnomedCode == c {
				return true
			}
		}
	}
	for _, rx := range r.rxOf[id] {
		if medKey(rx) == "alendronic_acid" && rx.StartDate <= d+days && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// TestDayCasesAreTypedAsDayCases: a day case (class SS, home the same
// day) was typed "Hospital admission" as a stay is; it is typed by the day
// case's own type now, or by its procedure, never as an admission.
func TestDayCasesAreTypedAsDayCases(t *testing.T) {
	r := pathwayPopulation(t)
	dc, adm := r.p.encTypes[encDayCase], r.p.encTypes[encElectiveAdmission]
	if dc.Code == adm.Code {
		t.Fatalf("day_case is typed %s %q, as an elective admission is", dc.Code, dc.Display)
	}
	dayCases, typed := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Class != dc.Class {
			continue
		}
		dayCases++
		if e.TypeCode == dc.Code {
			typed++
		}
		if e.TypeCode == adm.Code || e.TypeCode == r.p.encTypes[encEmergencyAdmission].Code {
			t.Errorf("%s: day case %s typed %s %q, as an admission", e.PatientID, e.StartTime.Date(), e.TypeCode, e.TypeDisplay)
		}
	}
	enough(t, typed, 50, "day cases typed as day cases")
	t.Logf("%d day cases, %d typed %q (the rest by their procedure)", dayCases, typed, dc.Display)
}
