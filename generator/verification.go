package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
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

// reserveVerification keeps the day of a death outside hospital free of
// other GP appointments (one a day: gpVisit moves them on, past the last
// day): an expected death's for the visit that verifies it, and any
// death's because nothing the practice plans or the background draws is
// held on the day someone dies; what records the death (verifyDeath,
// suddenDeath) and the GP contact that saw the illness that killed
// (causeSeenBeforeDeath, booked before this) are written on it all the same.
// Before (h66c), only an expected death's day was kept: a woman dying of
// a pneumonia the GP had visited at home four days before had a surgery
// consultation about her hypothyroidism, with a TSH, at 16:00 on the day
// she died (cd7b15ca, generate -n 5000 -s 11; 3 GP contacts other than
// home visits on a day of death there). It runs once the hospital stays
// are known, before the GP's other contacts are booked.
func (w *worker) reserveVerification(per *person) {
	if per.death == models.NoDate || per.death > per.lastDay || diedInHospital(per) {
		return
	}
	per.gpDays.add(per.death)
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
// whose end-of-life care is on the record) outside hospital, on the day of
// death after the day's other contacts, with the verification recorded. A
// death in hospital is verified there, and a sudden death at home by an
// ambulance crew or the police (neither is in the GP record).
//
// The visit is made in the practice's hours (verifyHours) on a working
// day: no out-of-hours service is modelled, so a death in the night is
// verified by the GP in the morning, and a death on a weekend or a bank
// holiday by the out-of-hours service, outside the practice's record
// (stop 61: 211 GP home visits on Saturdays and Sundays at generate
// -n 20000 -s 83 before, every one verifying a death). Before (h60f), the visit was drawn at any hour, as A&E
// arrivals are: 175 GP home visits between 19:00 and 07:59 at generate
// -n 20000 -s 83.
func (w *worker) verifyDeath(per *person) {
	code := w.plan.deathVerified
	if code == nil || !per.eolRegistered || per.death > per.lastDay {
		return
	}
	if diedInHospital(per) || ukClock.closed(per.death) {
		// on a weekend or a bank holiday the out-of-hours service (or a
		// community nurse) verifies it, outside the practice's record
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 4)
	from, to := verifyHours(w.plan.Cat.EndOfLife.Verification)
	start := localToUTC(per.death, from*60+s.IntN((to-from)*60))
	after := models.Timestamp(0) // the end of the day's latest contact before the visit
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.StartTime.Date() == per.death && e.EndTime >= start {
			start, after = e.EndTime.AddMinutes(30+s.IntN(90)), max(after, e.EndTime)
		}
	}
	if last := localToUTC(per.death, to*60); start > last {
		// a contact late in the day: the visit follows it before the
		// practice closes, not in the evening; after an evening at A&E
		// the death that night is verified out of hours, not by the
		// practice (the next morning is past the day of death)
		if start = max(last, after.AddMinutes(10)); start.Date() > per.death || localMinute(start) >= 19*60 {
			return
		}
	}
	w.deathContact(per, encGPHomeVisit, start, 20, 5, code)
}

// verifyHours are the local hours (from inclusive, to exclusive) in which
// the GP verifies an expected death (catalogue end_of_life verification
// hours; the day's core hours when none are given).
func verifyHours(v *datasets.DeathVerification) (from, to int) {
	if v != nil && v.Hours != nil {
		return v.Hours.From, v.Hours.To
	}
	return 8, 18
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
