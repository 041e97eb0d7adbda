package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Routine monitoring stops on the palliative care register (twenty-fifth
// review): no routine review is booked in end-of-life care, but a problem
// diagnosed on the register (a stroke, a heart attack) still had its
// follow-up measure the review's cholesterol and HbA1c. The catalogue's
// end_of_life.monitoring_stops lists what is no longer measured.

// resolveMonitoringStops resolves the observations that stop.
func (p *Plan) resolveMonitoringStops() error {
	eol := p.Cat.EndOfLife
	if eol == nil || eol.MonitoringStops == nil {
		return nil
	}
	for _, o := range eol.MonitoringStops.Observations {
		k, ok := p.obsIndex[o]
		if !ok {
			return fmt.Errorf("catalogue: end_of_life monitoring_stops: no observation %q", o)
		}
		p.eolStops = append(p.eolStops, k)
	}
	for _, o := range eol.MonitoringStops.LastObservations {
		k, ok := p.obsIndex[o]
		if !ok {
			return fmt.Errorf("catalogue: end_of_life monitoring_stops: no observation %q", o)
		}
		p.eolLastStops = append(p.eolLastStops, k)
	}
	p.eolLastDays = models.Date(eol.MonitoringStops.LastDays)
	return nil
}

// monitoringStopped reports whether observation slot is routine monitoring
// that is no longer taken on day d: the person is in end-of-life care.
func (w *worker) monitoringStopped(per *person, slot int, d models.Date) bool {
	return per.inEndOfLifeCare(d) && slices.Contains(w.plan.eolStops, slot) || w.examinationStopped(per, slot, d)
}

// examinationStopped reports whether observation slot is the routine
// examination (blood pressure, pulse, weight) that a GP contact no longer
// takes on day d: in end-of-life care, in the last days before the death
// (monitoring_stops last_days; session 49: 1,313 of 6,002 GP contacts in
// register deaths' last 60 days took one, generate -n 20000 -s 5). Only an
// expected death stops it: one that comes without warning was not known to
// be near.
func (w *worker) examinationStopped(per *person, slot int, d models.Date) bool {
	return w.inLastDaysOfCare(per, d) && slices.Contains(w.plan.eolLastStops, slot)
}

// inLastDaysOfCare reports whether day d is in end-of-life care within
// monitoring_stops last_days of an expected death: what does not change
// comfort care is no longer done at a GP contact then (NICE NG31), the
// routine examination (examinationStopped) and the year's frailty category
// (frailty.go frailtyCoding).
func (w *worker) inLastDaysOfCare(per *person, d models.Date) bool {
	return per.inEndOfLifeCare(d) && per.death != models.NoDate && per.death-d < w.plan.eolLastDays
}
