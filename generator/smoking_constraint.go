package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// smokingStatusOf maps a scenario's smoking status to the model's.
var smokingStatusOf = map[string]int{"never": neverSmoked, "current": currentSmoker, "ex": exSmoker}

// smokingYearDays is the window in which a member with a smoking status
// asked for has it recorded, so that the latest record is the status.
const smokingYearDays = 365

// compileSmoking sets the cohort's smoking status and pack-years need, and
// asks for the status to be recorded in the member's last year.
func (p *Plan) compileSmoking(cp *cohortPlan, c scenario.Constraints) error {
	cp.smoking, cp.pack = -1, -1
	if c.Smoking != "" {
		st, ok := smokingStatusOf[c.Smoking]
		if !ok {
			return fmt.Errorf("smoking %q", c.Smoking)
		}
		cp.smoking = st
	}
	packSlot, ok := p.obsIndex["pack_years"]
	for k := range cp.obs {
		if ok && cp.obs[k].slot == packSlot && cp.obs[k].min > 0 {
			cp.pack = k
		}
	}
	if cp.smoking == neverSmoked && cp.pack >= 0 {
		return fmt.Errorf("pack-years above 0 for someone who never smoked")
	}
	if cp.smoking >= 0 || cp.pack >= 0 {
		cp.obs = append(cp.obs, obsNeed{slot: p.slots.smoking, min: math.Inf(-1), max: math.Inf(1), lastYear: true})
	}
	return nil
}

// smokerAsked reports whether constraints ask for a smoking history: a
// smoker, an ex-smoker, or pack-years above 0.
func smokerAsked(c scenario.Constraints) bool {
	if c.Smoking == "current" || c.Smoking == "ex" {
		return true
	}
	for _, o := range c.Observations {
		if o.Observation == "pack_years" && o.Min != nil && *o.Min > 0 {
			return true
		}
	}
	return false
}

// constrainSmoking makes a member's smoking history what their cohort asks
// for: the status at their last day (an ex-smoker quit over a year before
// it, so the status recorded in their last year is ex), and pack-years in
// range: for an ex-smoker, the total when they quit; for a smoker, the
// total at their last day (a reading shortly before is a little lower; the
// latest reading is closed on the range with the other observations).
func (w *worker) constrainSmoking(per *person, h smokingHistory) smokingHistory {
	p := w.plan
	cp := per.cohort
	if cp == nil || (cp.smoking < 0 && cp.pack < 0) {
		return h
	}
	s := per.stream(p.Opts.Seed, purposeRiskFactors, 1)
	status := cp.smoking
	if status < 0 { // pack-years asked: a smoker or ex-smoker by their shares
		status = exSmoker
		if cur, ex := p.smokingShares(per.ageAtEnd); cur+ex > 0 && s.Float64()*(cur+ex) < cur {
			status = currentSmoker
		}
	}
	if status == neverSmoked {
		return smokingHistory{statusAtEnd: neverSmoked, start: models.NoDate, quit: models.NoDate}
	}
	sm := &p.Cat.Smoking
	earliest := models.DateOf(per.birth.Time().AddDate(12, 0, 0))
	start := h.start
	if start == models.NoDate {
		start = per.birth + models.Date(s.TruncNormal(sm.StartAgeMean, sm.StartAgeSD, 12, 30)*365.25)
	}
	quitBy := per.anchor - smokingYearDays
	latest := per.anchor - 30
	if status == exSmoker {
		latest = quitBy - 730
	}
	start = max(min(start, latest), earliest)
	out := smokingHistory{statusAtEnd: status, start: start, quit: models.NoDate, perDay: h.perDay}
	if out.perDay == 0 {
		out.perDay = math.Round(math.Min(60, math.Max(1, sm.PerDayMedian*math.Exp(s.NormalMS(0, sm.PerDayLogSD)))))
	}
	end := per.anchor
	if status == exSmoker {
		first := min(start+730, quitBy)
		out.quit = first + models.Date(s.Float64()*float64(quitBy-first))
		end = out.quit
	}
	if cp.pack >= 0 {
		need := &cp.obs[cp.pack]
		lo, hi := math.Ceil(need.min), math.Floor(math.Min(need.max, 200))
		target := lo + math.Floor(s.Float64()*(hi-lo+1))
		if status == currentSmoker {
			target = math.Round((lo + hi) / 2)
		}
		years := float64(end-out.start) / 365.25
		if target*20/years > 60 { // more than three packs a day: started younger
			out.start = max(earliest, end-models.Date(target*20/60*365.25))
			years = float64(end-out.start) / 365.25
		}
		out.perDay = target * 20 / years
	}
	return out
}
