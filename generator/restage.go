package generator

import "github.com/code4health/cohortgen/models"

// A staged condition's stage follows its staging reading wherever a review
// records it, not only at the condition's own yearly review. The eGFR
// taken at diabetes, hypertension, heart failure or CHD reviews was never
// read for the CKD stage, so a stage advanced on two CKD reviews a year
// apart: the fourteenth review's GP found 39 people coded a stage milder
// than their last two eGFRs showed, each for more than a year
// (generate -n 20000 -s 5).

// restageOthers reads the staging reading of each other staged condition
// the person holds, when the review of condition ci at time t recorded it:
// the reading counts towards that condition's stage as one taken at its own
// review would (restage). A condition not yet coded (its diagnosis not yet
// held) is left to its diagnosis.
func (w *worker) restageOthers(per *person, ci int, d models.Date, t models.Timestamp) {
	for k := range per.conds {
		hc := &per.conds[k]
		if k == ci || len(hc.plan.stages) == 0 || hc.stage < 0 || hc.onset > d {
			continue
		}
		slot := hc.plan.stagedBy
		if !per.hasLast[slot] || per.lastAt[slot] != t {
			continue
		}
		w.restage(per, hc, per.lastVal[slot], d, t)
	}
}

// rowOn is the id of the condition's problem-list row in force on day d:
// a stage coded since (now at any review, not only the condition's own)
// is not the indication of a repeat authorised before it (inforce.go).
func (hc *heldCondition) rowOn(d models.Date) string {
	id := hc.id
	for _, r := range hc.staged {
		if r.from <= d {
			id = r.id
		}
	}
	if len(hc.staged) > 0 && hc.staged[0].from > d {
		return hc.staged[0].id
	}
	return id
}
