package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// The paediatric clinic a confirmed head referral books (child_health.yaml
// head_check clinic_days; brief h75h). A GP review found the referral to a
// paediatrician coded and followed by nothing: none of 8 babies referred
// had a paediatric attendance (generate -n 20000 -s 83). The clinic sees
// the baby weeks later, within the 18-week referral-to-treatment standard,
// and measures the head again, straying from the child's centile zHead by
// a draw of its own; reason is the problem referred (the head's size,
// coded at the referral). Its own stream moves no other draw.
func (w *worker) paediatricClinic(per *person, measure string, referred models.Date, zHead float64, reason string) {
	cp := w.plan.child
	hc := &cp.HeadCheck
	if hc.ClinicDays[1] == 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposePaediatricClinic, uint64(referred))
	day := referred + models.Date(between(hc.ClinicDays, &s))
	if day > per.lastDay {
		return
	}
	id, start, ok := w.outpatientAt(per, day, reason, &s)
	if !ok || start.Date() > per.lastDay {
		return
	}
	z := (zHead + cp.Drift*s.Normal()) / math.Sqrt(1+cp.Drift*cp.Drift)
	month := float64(start.Date()-per.birth) / 30.4375
	w.childMeasure(per, id, start.AddMinutes(5), cp.codes[measure], cp.GrowthValue(measure, sexNames[per.sex], month, z))
}
