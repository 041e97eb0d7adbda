package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A&E admission by the patient's state (ae_admission.yaml; brief h73h,
// issue 9). Before, whether an adult seen at A&E with syncope, cellulitis
// or a UTI was admitted followed only the route the attendance was drawn
// by: an A&E attendance drawn with syncope never led to an admission (0
// of 3,580, 1,018 of them aged 75 and over), and nearly every cellulitis
// and UTI at A&E was an emergency admission drawn through it (82-91% of
// cellulitis in every age band, 1,067 of 1,072 UTIs; generate -n 20000
// -s 83). Now both routes take the same decision at the attendance, by
// age and the conditions held that make the problem high-risk, and for an
// adult first by the triage readings drawn for it (aetriagevitals.go,
// brief h75h).

// aeTriagePlan is ae_admission.yaml resolved: per presentation index, its
// entry (nil when the decision is the route's).
type aeTriagePlan struct {
	byPres   []*datasets.AEAdmission
	score    *datasets.AETriage // the triage's early warning score (aetriagevitals.go)
	readings []triageReading    // its readings, scored then plain, in a fixed order
}

// resolveAETriage resolves ae_admission.yaml against the catalogue: a
// problem or condition it names that the catalogue lacks is an error.
func (p *Plan) resolveAETriage() error {
	entries, err := datasets.LoadAEAdmissions()
	if err != nil {
		return err
	}
	p.aeTriage = aeTriagePlan{byPres: make([]*datasets.AEAdmission, len(p.presentations))}
	if err := p.resolveTriageReadings(); err != nil {
		return err
	}
	for i := range entries {
		a := &entries[i]
		pi := slices.IndexFunc(p.presentations, func(pr presPlan) bool { return pr.Key == a.Problem })
		if pi < 0 {
			return fmt.Errorf("ae_admission.yaml: problem %q is not a catalogue presentation", a.Problem)
		}
		p.aeTriage.byPres[pi] = a
		for _, key := range a.HighRisk.Conditions {
			if _, ok := p.condIndex[key]; !ok {
				return fmt.Errorf("ae_admission.yaml: %q: condition %q is not in the catalogue", a.Problem, key)
			}
		}
	}
	return nil
}

// aeDecides reports whether A&E decides the admission of a person seen
// with presentation pi on day d (an adult with one of ae_admission.yaml's
// problems), and if so whether they are admitted, on a stream of its own
// keyed by the day so nothing else moves.
func (w *worker) aeDecides(per *person, pi int, d models.Date) (decides, admit bool) {
	t := &w.plan.aeTriage
	if pi < 0 || pi >= len(t.byPres) || t.byPres[pi] == nil {
		return false, false
	}
	a := t.byPres[pi]
	age := per.ageOn(d)
	if age < a.MinAge {
		return false, false
	}
	share := a.ShareAt(age)
	if holdsAny(per, a.HighRisk.Conditions, d) {
		share = max(share, a.HighRisk.Share)
	}
	s := per.stream(w.plan.Opts.Seed, purposeAETriage, uint64(d))
	admit = s.Bernoulli(share)
	if age >= t.score.MinAge && len(a.Unwell) > 0 {
		admit = w.triageUrgent(per, a, d, age) || admit // the readings first (aetriagevitals.go)
	}
	return true, admit
}

// aeTriageAdmits admits from A&E an adult whose attendance e, drawn as an
// A&E attendance, A&E decides to admit (aeDecides): an emergency stay of
// the usual length for the age from the attendance's end, on the day's
// own stream. A stay that would reach a contact already on the record
// ends before it; one that cannot be placed is not made.
func (w *worker) aeTriageAdmits(per *person, pi int, reason string, e int) {
	if reason == "" {
		return
	}
	ae := w.b.Encounters[e]
	day := ae.StartTime.Date()
	if decides, admit := w.aeDecides(per, pi, day); !decides || !admit {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeAETriage, uint64(day), 1)
	stay := lengthOfStay(per.ageOn(day), &s)
	end := w.discharged(per, ae.EndTime, min(ae.EndTime.AddMinutes(stay), endOfLife(per)))
	end = w.beforeNextContact(per, ae.EndTime, end)
	if end <= ae.EndTime || end.Date() > per.lastDay || !addStay(per, ae.EndTime, end) {
		return
	}
	per.stays[len(per.stays)-1].defers = models.Date(w.plan.Cat.Activity.ElectiveDeferral.AfterEmergencyDays)
	w.addEncounter(per, encEmergencyAdmission, settingInpatient, ae.EndTime, end, reason, admissionViaAE)
}
