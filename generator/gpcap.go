package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// gpCap is an encounter at_most for GP contacts: no more than most GP
// appointments from from to the as-of date.
type gpCap struct {
	from, to models.Date
	most     int
}

func (p *Plan) compileGPCaps(cp *cohortPlan, encs []scenario.EncounterConstraint) error {
	for _, ec := range encs {
		if ec.AtMost == nil {
			continue
		}
		if ec.Setting != settingGP || ec.Class != "" && ec.Class != "AMB" && ec.Class != "VR" && ec.Class != "HH" {
			return fmt.Errorf("at_most for %s encounters", ec.Setting)
		}
		c := gpCap{from: p.windowStart, to: p.Opts.Population(), most: *ec.AtMost}
		if ec.WithinDays > 0 {
			c.from = c.to - models.Date(ec.WithinDays) + 1
		}
		cp.gpCaps = append(cp.gpCaps, c)
	}
	return nil
}

// capsGPVisit reports whether a GP appointment on day d would pass one of
// the member's caps: the appointment is then not booked, as one the
// patient did not make (a review's repeats run on, as when it is missed).
// Every GP appointment marks its day in gpDays, so the days marked in the
// window are the appointments already booked there.
func (per *person) capsGPVisit(d models.Date) bool {
	if per.cohort == nil {
		return false
	}
	for _, c := range per.cohort.gpCaps {
		if d < c.from || d > c.to {
			continue
		}
		n := 0
		for day := max(c.from, per.firstDay); day <= c.to; day++ {
			if per.gpDays.has(day) {
				n++
			}
		}
		if n >= c.most {
			return true
		}
	}
	return false
}
