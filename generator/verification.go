package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// resolveVerification looks up the observation that records a verified
// expected death (catalogue end_of_life.verification).
func (p *Plan) resolveVerification() error {
	eol := p.Cat.EndOfLife
	if eol == nil || eol.Verification == nil {
		return nil
	}
	code, ok := datasets.ObservationByKey(eol.Verification.Observation)
	if !ok {
		return fmt.Errorf("catalogue: end_of_life verification observation %q is not in observation_codes.csv", eol.Verification.Observation)
	}
	p.deathVerified = &code
	if u := eol.Unexpected; u != nil {
		code, ok := datasets.ObservationByKey(u.Observation)
		if !ok {
			return fmt.Errorf("catalogue: end_of_life unexpected observation %q is not in observation_codes.csv", u.Observation)
		}
		p.deathUnexpected = &code
	}
	return nil
}

// reserveVerification keeps the day of an expected death outside hospital
// free of other GP appointments (one a day: gpVisit moves them on, past the
// last day), for the visit that verifies it. It runs once the hospital
// stays are known, before the GP's contacts are booked.
func (w *worker) reserveVerification(per *person) {
	if w.plan.deathVerified == nil || per.death == models.NoDate || per.death > per.lastDay || diedInHospital(per) {
		return
	}
	if (declines(per) && per.eolStart != 0) || w.plan.deathUnexpected != nil { // expected, or the call about an unexpected one (suddendeath.go)
		per.gpDays.add(per.death)
	}
}

// diedInHospital reports whether a stay covers the day of death.
func diedInHospital(per *person) bool {
	for _, st := range per.stays {
		if st.end.Date() >= per.death && st.start.Date() <= per.death {
			return true
		}
	}
	return false
}

// verifyDeath writes the GP home visit that verifies an expected death (one
// whose end-of-life care is on the record) outside hospital, on the day of death after the day's other contacts, with
// the verification recorded. A death in hospital is verified there, and a
// sudden death at home by an ambulance crew or the police (neither is in the
// GP record).
func (w *worker) verifyDeath(per *person) {
	code := w.plan.deathVerified
	if code == nil || !per.eolRegistered || per.death > per.lastDay {
		return
	}
	if diedInHospital(per) {
		return
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeDeath, 4)
	start := anyHour(per.death, &s)
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.StartTime.Date() == per.death && e.EndTime >= start {
			start = e.EndTime.AddMinutes(30 + s.IntN(90))
		}
	}
	w.deathContact(per, encGPHomeVisit, start, 20, 5, code)
}

// deathContact writes the practice's contact on the day of death, of kind
// and lasting minutes from start (moved back to end at the moment of
// death), about what the person died of, with code recorded after minutes
// in: a GP verifying an expected death, or the call reporting a sudden one
// (suddendeath.go).
func (w *worker) deathContact(per *person, kind encKind, start models.Timestamp, minutes, after int, code *datasets.ObservationCode) {
	end := start.AddMinutes(minutes)
	if end > endOfLife(per) {
		start, end = endOfLife(per).AddMinutes(-minutes), endOfLife(per)
	}
	enc := w.addEncounter(per, kind, settingGP, start, end, per.causeID, "")
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(after), code))
}
