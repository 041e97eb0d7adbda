package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// Smoking status of a person at a date.
const (
	neverSmoked = iota
	currentSmoker
	exSmoker
)

// smokingHistory is a person's life-course smoking: when they started and
// stopped (if they did) and how much they smoked. It is drawn once, so every
// recorded status and every pack-year figure read from it agrees.
type smokingHistory struct {
	statusAtEnd int         // at the patient's last day
	start, quit models.Date // NoDate when never / still smoking
	perDay      float64
}

// statusOn is the smoking status on a day.
func (h *smokingHistory) statusOn(d models.Date) int {
	switch {
	case h.statusAtEnd == neverSmoked || d < h.start:
		return neverSmoked
	case h.quit != models.NoDate && d >= h.quit:
		return exSmoker
	}
	return currentSmoker
}

// recordedOn is the smoking status a recording on day d codes: the status
// that day, except that a quit is coded "Ex-smoker" only from exAfter days
// after the quit date (a 4-week quit, NCSCT; catalogue
// smoking.ex_coded_after_days, brief h75d); before, still "Smoker".
func (h *smokingHistory) recordedOn(d models.Date, exAfter int) int {
	st := h.statusOn(d)
	if st == exSmoker && d < h.quit+models.Date(exAfter) {
		return currentSmoker
	}
	return st
}

// packYears smoked up to a day: cigarettes a day / 20 x years smoked.
func (h *smokingHistory) packYears(d models.Date) float64 {
	if h.statusAtEnd == neverSmoked || d <= h.start {
		return 0
	}
	end := d
	if h.quit != models.NoDate && h.quit < d {
		end = h.quit
	}
	return h.perDay / 20 * float64(end-h.start) / 365.25
}

// smokingShares returns the chance of current and ex-smoking at an age.
func (p *Plan) smokingShares(age int) (current, ex float64) {
	sm := &p.Cat.Smoking
	if age < 16 {
		return 0, 0
	}
	b := p.Cat.BandOf(age)
	return sm.Current[b] / 100, sm.Ex[b] / 100
}

// drawSmoking draws the person's smoking history from the shares at their
// age on their last day.
func (w *worker) drawSmoking(per *person) {
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeRiskFactors)
	cur, ex := p.smokingShares(per.ageAtEnd)
	u := s.Float64()
	sm := &p.Cat.Smoking
	h := smokingHistory{statusAtEnd: neverSmoked, start: models.NoDate, quit: models.NoDate}
	startAge := s.TruncNormal(sm.StartAgeMean, sm.StartAgeSD, 12, 30)
	perDay := math.Min(60, math.Max(1, sm.PerDayMedian*math.Exp(s.NormalMS(0, sm.PerDayLogSD))))
	qu := s.Float64()
	if u < cur+ex {
		start := per.birth + models.Date(startAge*365.25)
		if start >= per.anchor {
			start = per.anchor - 1
		}
		h = smokingHistory{statusAtEnd: currentSmoker, start: start, quit: models.NoDate, perDay: math.Round(perDay)}
		if u >= cur { // quit somewhere between two years after starting and the last day
			first := min(start+730, per.anchor)
			h.statusAtEnd = exSmoker
			h.quit = first + models.Date(qu*float64(per.anchor-first))
		}
	}
	per.smoking = w.constrainSmoking(per, h) // a cohort's smoking (smoking_constraint.go)
}

// smokingRR is the condition's relative risk for the person's status at
// their last day (1 when the condition has none).
func (c *condPlan) smokingRR(status int) float64 {
	r := c.SmokingRR
	switch {
	case r == nil:
		return 1
	case status == currentSmoker:
		return r.Current
	case status == exSmoker:
		return r.Ex
	}
	return 1
}
