package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// exacerbations draws the exacerbations treated by the GP or in A&E (an
// asthma attack, a COPD exacerbation: catalogue presentations with per_year)
// before the care simulation, so that the next review counts them
// (care_target exacerbations), as it counts the emergency admissions drawn
// with the hospital stays. A person's rates carry their own risk
// (per_year shape: people who have had attacks have more). Each year with the condition has its own stream
// (keyed by the year and the presentation), and the whole year is drawn
// whatever part of it the record covers, so moving the window only cuts the
// record. Those before the window (from the start of the simulated reviews)
// are not written, as the reviews then are not; those in it are a GP
// appointment or an A&E attendance about a new episode, treated there
// (its short course).
func (w *worker) exacerbations(per *person) {
	p := w.plan
	simFrom := models.Date(float64(per.firstDay) - preWindowYears*365.25) // as chronicCare
	for _, pi := range p.presPerYear {
		pr := &p.presentations[pi]
		k := heldIndex(per, pr.requires)
		if k < 0 || (pr.sex >= 0 && pr.sex != per.sex) {
			continue
		}
		from := max(per.conds[k].onset, simFrom)
		// the person's own risk, drawn once (a stream keyed by the presentation alone)
		own := per.stream(p.Opts.Seed, purposeExacerbations, uint64(pi))
		risk := own.Gamma(pr.PerYear.Shape) / pr.PerYear.Shape
		y0, _, _ := from.YMD()
		y1, _, _ := per.lastDay.YMD()
		for y := y0; y <= y1; y++ {
			s := per.stream(p.Opts.Seed, purposeExacerbations, uint64(y), uint64(pi))
			start, end := yearStart(y), yearStart(y+1)-1
			age := per.ageOn(start + (end-start)/2)
			if age < 0 {
				continue
			}
			band := p.Cat.BandOf(age)
			for _, set := range [...]int{presGP, presAE} {
				rates := pr.PerYear.GP
				if set == presAE {
					rates = pr.PerYear.AE
				}
				for n := s.Poisson(rates[band] * risk); n > 0; n-- {
					d := w.seasonalDay(per, pr.season, uint64(pi), start, end, &s) // seasons.go
					if d < from || d > per.lastDay || !w.presAllowed(per, pi, set, per.ageOn(d), d) {
						continue
					}
					if d < per.firstDay { // simulated, not written
						per.flares = append(per.flares, flare{cond: pr.requires, day: d, setting: set})
						continue
					}
					if !w.apartFromEpisode(per, pi, d) {
						continue // the same exacerbation as one on the record
					}
					w.exacerbationContact(per, pi, set, d, &s)
				}
			}
		}
	}
}

// exacerbationContact writes an exacerbation treated by the GP (the first
// free day from d) or in A&E (not during a stay), and counts it as a flare
// when it opened a new episode (a second contact within an open one is its
// follow-up).
func (w *worker) exacerbationContact(per *person, pi, set int, d models.Date, s *distributions.Stream) {
	var encID string
	if set == presGP {
		var start models.Timestamp
		var ok bool
		if encID, start, ok = w.gpVisit(per, d, encGPProblem, "", s); !ok {
			return
		}
		d = start.Date()
	} else {
		start := anyHour(d, s)
		if _, in := inStay(per, start); in {
			return
		}
		encID = w.addEncounter(per, encAE, settingAE, start, min(start.AddMinutes(aeMinutes(s)), endOfLife(per)), "", "")
	}
	e := len(w.b.Encounters) - 1
	if set == presGP {
		w.notePackFlareContact(per, pi, d, encID) // rescuepackuse.go
	}
	n := per.episodes[pi].count
	w.b.Encounters[e].ReasonConditionID = w.presentingCondition(per, pi, set, d, encID, s)
	if per.episodes[pi].count > n {
		per.flares = append(per.flares, flare{cond: w.plan.presentations[pi].requires, day: d, setting: set})
	}
}
