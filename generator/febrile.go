package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// afterFebrile is the first day from day d on which the person is not in an
// episode of an acute illness that postpones an immunisation
// (immunisations.yaml postpone_while: a fever, bronchiolitis, a chest
// infection), nor at A&E or admitted as an emergency: someone due a vaccine
// while acutely unwell is immunised once recovered, the day after the
// episode ends (Green Book chapters 6 and 19). A minor illness (a cold) does
// not postpone it. Episodes and hospital contacts are written before the
// immunisations (acuteEpisodes, background); an episode still open at the
// end of the record postpones nothing.
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
		for i := per.encFrom; i < len(w.b.Encounters); i++ {
			// an A&E attendance or an admission that day (bookGP keeps
			// clear of a stay it is booked into, not of one that begins
			// later that day): whatever brought them, not the day for a
			// vaccine (h60f: a
			// flu vaccination on the day of an A&E attendance for
			// gastroenteritis)
			if e := &w.b.Encounters[i]; (e.Setting == settingAE || e.Setting == settingInpatient) && e.StartTime.Date() == d {
				d, moved = d+1, true
			}
		}
		for _, st := range per.stays { // in hospital: after discharge, when the episode may still be open
			if st.start.Date() <= d && d <= st.end.Date() {
				d, moved = st.end.Date()+1, true
			}
		}
	}
	return d
}

// immunisationDay is the day an immunisation visit asked for on day d is
// booked: the first working day from d free of other GP appointments and
// planned operations (as bookGP chooses it) on which the person is not
// acutely unwell (afterFebrile). A due day taken by the fever's own
// consultation moved the visit into the fever. Before (h60f) it held for
// children's doses alone: an adult's flu vaccine was given in an open
// chest infection, pneumonia or sepsis, or on the day of an A&E attendance.
func (w *worker) immunisationDay(per *person, d models.Date) models.Date {
	d = w.plannedDay(per, d) // due on a closed day: booked over the week after (plannedday.go)
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

// childDoseDay is the day a childhood dose asked for on day d is given: the
// day of the visit booked for d already (the visit's other vaccines), or
// the day its visit is booked (immunisationDay) inside the history window, and
// before it, a dose recorded as history, once any illness is over. The
// schedule spaces the next visit and the next dose of each vaccine from
// this day, and checks an upper age limit on it (rotavirus): before (h61a),
// it spaced them from the day asked, and a visit the booking moved (an
// illness, another appointment) could land the day before the next one.
func (w *worker) childDoseDay(per *person, d models.Date) models.Date {
	var enc string
	var at models.Timestamp
	if per.visitOn(d, &enc, &at) { // another dose of a visit booked already: given at it
		return at.Date()
	}
	if d < per.firstDay || d > per.lastDay {
		return w.afterFebrile(per, d)
	}
	return w.immunisationDay(per, d)
}
