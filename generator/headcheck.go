package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// headCheck measures again a head circumference measured on day d outside
// the chart's outer lines (child_health.yaml head_check; brief h74h: 14 of
// 1,917 heads at the 6-8 week check above the 99.6th centile and none
// measured again, generate -n 20000 -s 83; NICE QS198 statement 2): a GP
// contact some days later measures it, straying from the child's centile
// zHead by a draw of its own, and one still outside on the same side is
// referred to a paediatrician. measure is the head's measure key; z the
// z-score of the first measurement. Its own stream moves no other draw.
func (w *worker) headCheck(per *person, measure string, d models.Date, zHead, z float64) {
	cp := w.plan.child
	hc := &cp.HeadCheck
	if hc.OutsideZ == 0 || math.Abs(z) <= hc.OutsideZ {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeHeadCheck)
	day := d + models.Date(hc.RemeasureDays[0]+s.IntN(hc.RemeasureDays[1]-hc.RemeasureDays[0]+1))
	again := (zHead + cp.Drift*s.Normal()) / math.Sqrt(1+cp.Drift*cp.Drift)
	if day > per.lastDay {
		return
	}
	encID, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactOf(encGPConsultation), "", &s)
	if !ok {
		return
	}
	month := float64(start.Date()-per.birth) / 30.4375
	t := start.AddMinutes(5)
	w.childMeasure(per, encID, t, cp.codes[measure], cp.GrowthValue(measure, sexNames[per.sex], month, again))
	if math.Abs(again) > hc.OutsideZ && again*z > 0 && hc.Refer != "" {
		code := cp.codes[hc.Refer]
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &code))
		size := &hc.Small
		if again > 0 {
			size = &hc.Large
		}
		id := w.ids.row(tagCondition)
		w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
			ConditionKey: size.Key, SnomedCode: size.Snomed, ICD10Code: size.ICD10, Description: size.Description,
			Chronic: true, OnsetDate: start.Date(), ResolvedDate: models.NoDate, DiagnosisEncounterID: encID})
		w.paediatricClinic(per, measure, start.Date(), zHead, id) // the referral is seen (paedclinic.go)
	}
}
