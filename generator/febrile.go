package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// afterFebrile is the first day from day d on which the person is not in an
// episode of an acute illness that postpones a childhood immunisation
// (immunisations.yaml postpone_while: a fever, bronchiolitis): a child due a
// vaccine while acutely unwell is immunised once recovered, the day after
// the episode ends (Green Book chapter 6). A minor illness (a cold) does not
// postpone it. Episodes are written before the immunisations (acuteEpisodes,
// background); an episode still open at the end of the record postpones
// nothing.
func (w *worker) afterFebrile(per *person, d models.Date) models.Date {
	keys := w.plan.imm.postpone
	if len(keys) == 0 {
		return d
	}

	for moved := true; moved; {
		moved = false
		for i := per.condFrom; i < len(w.b.Conditions); i++ {
			c := &w.b.Conditions[i]
			if c.OnsetDate <= d && d <= c.ResolvedDate && c.ResolvedDate != models.NoDate && slices.Contains(keys, c.ConditionKey) {
				d, moved = c.ResolvedDate+1, true
			}
		}
	}
	return d
}

// childImmunisationDay is the day a childhood immunisation visit asked for
// on day d is booked: the first working day from d free of other GP
// appointments and planned operations (as bookGP chooses it) on which the
// child is not acutely unwell (afterFebrile). A due day taken by the
// fever's own consultation moved the visit into the fever.
func (w *worker) childImmunisationDay(per *person, d models.Date) models.Date {
	for {
		d = nextWorkingDay(d)
		for d <= per.lastDay && (per.gpDays.has(d) || per.plannedDays.has(d)) {
			d = nextWorkingDay(d + 1)
		}
		e := w.afterFebrile(per, d)
		if e == d {
			return d
		}
		d = e
	}
}
