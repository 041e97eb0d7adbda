package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// A statin refusal (or contraindication) never stands beside a statin the
// record issues (brief h68b). The record is written in phases: a statin
// stopped for a pregnancy ends the course the reviews read, and the repeat
// issued again after the pregnancy is written later (pregnancyrestart.go),
// so the reviews of the years after offered the statin again and coded it
// declined while the restarted repeats ran ("Statin declined" 3 times in a
// woman with type 2 diabetes, generate -n 20000 -s 83). Once every issue is
// written, a statin refusal coded on a day a statin is issued, or issued
// before it and supplied past it, is withdrawn: the person takes it. A code
// on the last day of an issue (stopped at that review) stands. Nothing is
// drawn.

// statinRefusals is the set of codes that refuse or rule out the statin:
// cvd_risk's declined code and the not_taken reasons of each condition's
// statin co-prescription (also_prescribe).
func (p *Plan) statinRefusals() []string {
	var out []string
	if p.cvd != nil && p.cvd.declined.Snomed != "" {
		out = append(out, p.cvd.declined.Snomed)
	}
	for _, c := range p.conds {
		for _, a := range c.also {
			if a.meds == nil || !a.meds.inClass("statin") {
				continue
			}
			for _, r := range a.NotTaken {
				if !slices.Contains(out, r.Snomed) {
					out = append(out, r.Snomed)
				}
			}
		}
	}
	return out
}

// withdrawStatinRefusals withdraws the person's statin refusals that stand
// beside a statin issued (above).
func (w *worker) withdrawStatinRefusals(per *person) {
	codes := w.plan.refusesStatin
	if len(codes) == 0 {
		return
	}
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.ObservationID.IsZero() || !slices.Contains(codes, o.SnomedCode) && !slices.Contains(codes, o.ValueCode) {
			continue
		}
		if w.statinIssuedOn(per, o.EffectiveTime.Date()) {
			o.ObservationID = models.ID{}
			w.obsWithdrawn = true
		}
	}
}

// statinIssuedOn reports whether a live statin issue in the record is made
// on day d, or was made before it and is supplied past it.
func (w *worker) statinIssuedOn(per *person, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.StartDate > d || rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate <= d {
			continue
		}
		if m := w.rxPlan(rx); m != nil && m.inClass("statin") {
			return true
		}
	}
	return false
}
