package generator

import (
	"github.com/code4health/cohortgen/models"
)

// progRSV is the older adults' RSV programme, as written in the programme
// column.
const progRSV = "rsv"

// rsvVaccine gives the older adults' RSV vaccine (immunisations.yaml rsv):
// one dose, on the day the programme's uptake curve reaches the person's
// own draw after they became eligible (75 from September 2024, or the
// programme's start for the catch-up cohort), while still eligible. Its own
// stream, so that no other vaccine's draws move.
func (w *worker) rsvVaccine(per *person) {
	ip := &w.plan.imm
	r := ip.rsv
	from, until, ok := r.Window(per.birth, per.birthday)
	if !ok || from > per.lastDay {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeRSVVaccine)
	days, ok := r.DaysToUptake(s.Float64() * 100)
	if day := from + models.Date(days); ok && day < until {
		w.giveVaccine(per, day, progRSV, ip.rsvV, 1, "", &s)
	}
}
