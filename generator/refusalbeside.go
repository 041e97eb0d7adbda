package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A refusal (or contraindication) of a class never stands beside a medicine
// of that class the record issues (brief h68b for the statin, h69b for the
// antihypertensives). The record is written in phases: a statin stopped for
// a pregnancy ends the course the reviews read, and the repeat issued again
// after the pregnancy is written later (pregnancyrestart.go), so the reviews
// of the years after offered the statin again and coded it declined while
// the restarted repeats ran ("Statin declined" 3 times in a woman with type 2
// diabetes, generate -n 20000 -s 83); an ACE inhibitor declined for CKD
// while ramipril ran for hypertension. Once every issue is written, a
// refusal coded on a day a medicine of its classes is issued, or issued
// before it and supplied past it, is withdrawn: the person takes it. A code
// on the last day of an issue (stopped at that review) stands. Nothing is
// drawn.

// refusal is a code that refuses or rules out the medicines of its classes.
type refusal struct {
	code    string
	classes []string
}

// classRefusals is every code that refuses or rules out a class: cvd_risk's
// statin declined and the not_taken reasons of each condition's statin
// co-prescription (also_prescribe), and prescribing.yaml declined_classes.
func (p *Plan) classRefusals() ([]refusal, error) {
	var out []refusal
	add := func(code string, classes ...string) {
		if k := slices.IndexFunc(out, func(r refusal) bool { return r.code == code }); k >= 0 {
			out[k].classes = append(out[k].classes, classes...)
			return
		}
		out = append(out, refusal{code, classes})
	}
	if p.cvd != nil && p.cvd.declined.Snomed != "" {
		add(p.cvd.declined.Snomed, "statin")
	}
	for _, c := range p.conds {
		for _, a := range c.also {
			if a.meds == nil || !a.meds.inClass("statin") {
				continue
			}
			for _, r := range a.NotTaken {
				add(r.Snomed, "statin")
			}
		}
	}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return nil, err
	}
	for _, dc := range rules.DeclinedClasses {
		add(dc.Snomed, dc.Classes...)
	}
	return out, nil
}

// withdrawRefusals withdraws the person's refusals that cannot stand
// beside a medicine of their classes issued (above).
func (w *worker) withdrawRefusals(per *person) {
	refs := w.plan.refusals
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.ObservationID.IsZero() {
			continue
		}
		for _, r := range refs {
			if (o.SnomedCode == r.code || o.ValueCode == r.code) && !w.refusalStands(per, r.classes, o.EffectiveTime.Date()) {
				o.ObservationID = models.ID{}
				w.obsWithdrawn = true
				break
			}
		}
	}
}

// refusalStands reports whether a refusal of the classes can stand on the
// person's record on day d: not while a live issue of a medicine of one of
// the classes is made that day, or was made before it and is supplied past
// it (the person takes it). A code on the last day of an issue stands. The
// one rule for a refusal the record writes (declinedclass.go) and one it
// withdraws (above).
func (w *worker) refusalStands(per *person, classes []string, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.StartDate > d || rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate <= d {
			continue
		}
		if m := w.rxPlan(rx); m != nil && slices.ContainsFunc(classes, m.inClass) {
			return false
		}
	}
	return true
}
