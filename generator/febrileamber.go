package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A feverish child under 5 seen face to face at the practice with an amber
// sign of the NICE NG143 traffic lights (a fast pulse or breathing for the
// age, 39 or more at 3-6 months) has a urine tested at the contact
// (febrilechild.yaml; brief h66d). Before, 2 of 571 such contacts had one
// (generate -n 20000 -s 83). The readings are written once every contact
// is (contactmeasure.go), so the test is added after them, from the
// readings the contact recorded; it draws nothing.

// febrileChildPlan is febrile_child resolved to its observation codes.
type febrileChildPlan struct {
	*datasets.FebrileChild
	amber []datasets.ObservationCode // each amber sign's reading, in the list's order
	urine []datasets.ObservationCode // each urine test, in the list's order
}

// resolveFebrileChild resolves the codes (checked by the loader).
func (p *Plan) resolveFebrileChild() error {
	fc, err := datasets.LoadFebrileChild()
	if err != nil {
		return err
	}
	fp := &febrileChildPlan{FebrileChild: fc}
	for _, a := range fc.Amber {
		c, _ := datasets.ObservationByKey(a.Observation)
		fp.amber = append(fp.amber, c)
	}
	for _, t := range fc.UrineTests {
		c, _ := datasets.ObservationByKey(t.Observation)
		fp.urine = append(fp.urine, c)
	}
	p.febrileChild = fp
	return nil
}

// febrileAmberUrine adds the urine test of the child's age, 6 minutes in,
// at each face-to-face GP contact about the problem with an amber reading,
// unless a urine was tested that day or the next (at A&E, or for a UTI).
func (w *worker) febrileAmberUrine(per *person) {
	fp := w.plan.febrileChild
	if fp == nil || per.birth+models.Date(fp.UnderAgeDays) < per.firstDay {
		return
	}
	phone := w.plan.encTypes[encGPTelephone].Code
	n := len(w.b.Encounters)
	for e := per.encFrom; e < n; e++ {
		enc := &w.b.Encounters[e]
		d := enc.StartTime.Date()
		age := int(d - per.birth)
		if enc.Setting != settingGP || enc.ReasonConditionID == "" || sameCode(enc.TypeCode, phone) || age >= fp.UnderAgeDays {
			continue
		}
		if c := w.conditionRow(per, enc.ReasonConditionID); c == nil || c.ConditionKey != fp.Problem {
			continue
		}
		if !w.amberAt(per, enc.EncounterID, age) || w.urineTestedNear(per, d) {
			continue
		}
		for k := range fp.UrineTests {
			if fp.UrineTests[k].Holds(age) {
				w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, enc.StartTime.AddMinutes(6), &fp.urine[k]))
				break
			}
		}
	}
}

// amberAt reports whether a reading recorded at contact encID, of a child
// ageDays old, is an amber sign.
func (w *worker) amberAt(per *person, encID string, ageDays int) bool {
	fp := w.plan.febrileChild
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.Value == nil || o.EncounterID != encID {
			continue
		}
		for k := range fp.Amber {
			if o.SnomedCode == fp.amber[k].Snomed && fp.Amber[k].Met(ageDays, *o.Value) {
				return true
			}
		}
	}
	return false
}

// urineTestedNear reports whether one of the urine tests is recorded on
// day d or the next.
func (w *worker) urineTestedNear(per *person, d models.Date) bool {
	fp := w.plan.febrileChild
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if od := o.EffectiveTime.Date(); od < d || od > d+1 {
			continue
		}
		for k := range fp.urine {
			if o.SnomedCode == fp.urine[k].Snomed {
				return true
			}
		}
	}
	return false
}
