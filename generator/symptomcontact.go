package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// symptomRead is one reading of a condition's assessment at a contact
// about it (datasets/symptom_contacts.yaml): its slot, and for a blood
// test the days either side within which another of it makes it not sent.
type symptomRead struct {
	slot   int
	within models.Date
}

// resolveSymptomContacts gives each condition of symptom_contacts.yaml its
// readings. A condition or an observation the catalogue does not hold (a
// scenario's own) is left out.
func (p *Plan) resolveSymptomContacts() error {
	sc, err := datasets.LoadSymptomContacts()
	if err != nil {
		return err
	}
	for key, a := range sc.Conditions {
		i, ok := p.condIndex[key]
		if !ok {
			continue
		}
		var reads []symptomRead
		for _, r := range a.Observations {
			slot, ok := p.obsIndex[r.Key]
			if !ok {
				continue
			}
			if p.obsModels[slot] == nil {
				return fmt.Errorf("symptom_contacts.yaml: %s: %s is not a numeric reading", key, r.Key)
			}
			reads = append(reads, symptomRead{slot: slot, within: models.Date(r.UnlessWithinDays)})
		}
		p.conds[i].symptomReads = reads
	}
	return nil
}

// assessAtContact records, at a face-to-face contact on day d about held
// condition k diagnosed before d, the condition's assessment
// (symptom_contacts.yaml): each reading not taken at the contact already,
// a blood test only when no other of it lies within its days. Before this
// such a contact took the condition's review readings only when it had
// recorded nothing else, so an opportunistic weight or blood pressure
// stood in for them: 53,479 of 53,967 contacts for a symptom about a
// long-standing condition (asthma and depression apart) recorded only a
// blood pressure, weight, BMI or smoking status and no medicine
// (generate -n 20000 -s 83; brief h55f). It draws from a stream of its own
// keyed by the day, so the contact's other readings do not move. It
// reports whether it applies (else contactMeasurements' review readings)
// and whether the contact holds one of the condition's readings; when it
// applies and holds none (each a blood test another of which lies within
// its days: a TSH or a urate a month before), the stream it drew from, for
// contactMeasurements' fallback, so the contact still records what is
// measured in the room (1,011 of 44,371 adults' face-to-face contacts about
// a long-term condition recorded nothing, review10_contacts_test.go).
func (w *worker) assessAtContact(per *person, k int, encID string, t models.Timestamp) (applies, took bool, s distributions.Stream) {
	hc := &per.conds[k]
	reads := hc.plan.symptomReads
	d := t.Date()
	if len(reads) == 0 || hc.onset >= d {
		return false, false, s // none, or the contact that diagnoses it (its own tests)
	}
	s = per.stream(w.plan.Opts.Seed, purposeSymptomAssessment, uint64(d))
	for _, r := range reads {
		if w.measuredAt(per, encID, r.slot) {
			took = true
			continue
		}
		if r.within > 0 && w.readNear(per, r.slot, d, r.within) {
			continue
		}
		n := len(w.b.Observations)
		w.observe(per, encID, t, r.slot, &s)
		took = took || len(w.b.Observations) > n
	}
	return true, took, s
}

// readNear reports whether the person has a reading of slot within gap
// days of day d, before or after (a year's background contacts are written
// in no order of their days).
func (w *worker) readNear(per *person, slot int, d, gap models.Date) bool {
	for _, i := range w.readingsOf(per, slot) {
		if day := w.b.Observations[i].EffectiveTime.Date(); day > d-gap && day < d+gap {
			return true
		}
	}
	return false
}
