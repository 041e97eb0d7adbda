package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The record holds birth and death as days; the admissions that begin at
// birth (a neonate in the unit from birth, a malformation known before it)
// and those that end at death need the instants. Before (twenty-fifth
// review) a neonate's stay began at midnight, or later in the day as if it
// had waited in A&E, and a baby who died on the day of birth was in hospital
// from 00:00 to 23:59:59.999999.

// birthTime is the person's time of birth on their birth day: births come at
// any hour (model: uniform over the day, UTC).
func (w *worker) birthTime(per *person) models.Timestamp {
	s := per.stream(w.plan.Opts.Seed, purposeBirthDeathTime, 0)
	return per.birth.Start().AddMinutes(s.IntN(24 * 60))
}

// deathTime is the time of death on the death day, as an A&E arrival's hour
// (anyHour); on the day of birth, a time after the birth.
func (w *worker) deathTime(per *person) models.Timestamp {
	s := per.stream(w.plan.Opts.Seed, purposeBirthDeathTime, 1)
	t := anyHour(per.death, &s)
	if per.death != per.birth {
		return t
	}
	born := w.birthTime(per)
	end := (per.death + 1).Start() - 1
	if t > born && t < end {
		return t
	}
	// a whole minute between the birth and midnight
	if left := int((end - born) / models.Timestamp(models.MicrosPerMinute)); left > 1 {
		return born.AddMinutes(1 + s.IntN(left-1))
	}
	return born + (end-born)/2 // born in the last minute of the day
}
