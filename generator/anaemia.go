package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A low haemoglobin answered (anaemia.yaml; twenty-seventh review): a
// result below the anaemia threshold for the person's sex codes iron
// deficiency anaemia, starts oral iron and books the blood count again 2-4
// weeks later; iron raises the usual level from its start. A result while
// an iron course runs is not answered again (the repeat reads its rise).
// The actions draw from a stream of their own (per patient and day), so
// nothing else moves.

// anaemiaPlan is anaemia.yaml resolved; slot -1 when the catalogue has no
// haemoglobin.
type anaemiaPlan struct {
	datasets.LowHaemoglobin
	slot    int
	repeat  []int
	iron    shortCoursePlan
	ironMed *medPlan
	// iron deficiency as a state (irondeficiency.go); ferritinSlot -1
	// when the catalogue has no ferritin
	deficiency   datasets.IronDeficiency
	ferritinSlot int
	symptom      datasets.ObservationCode // refer's symptom and fast-track referral (anaemiareferral.go)
	referral     datasets.ObservationCode
	// iron for empty stores (ironstores.go): the test for their cause (-1
	// none) and the slots read again after the course starts
	storesTest    int
	storesRecheck []int
}

// ironCourse is the days an iron course a low haemoglobin started runs.
type ironCourse struct {
	from, to models.Date
	// dip: how far the low count that started the course sat below the
	// usual level (0 when it did not, or when an iron deficiency episode
	// holds the level down already): the level rises from that count at
	// the published rate, not from the usual level at once (ironRise).
	dip float64
	// stores: a course a low ferritin started beside a normal count
	// (ironstores.go): it refills the stores and raises no haemoglobin.
	stores bool
}

func (p *Plan) resolveAnaemia() error {
	p.anaemia.slot = -1
	a, err := datasets.LoadAnaemia()
	if err != nil {
		return err
	}
	p.resolveLowWhiteCount(a.LowWhiteCount) // lowwhitecount.go
	l := a.LowHaemoglobin
	slot, ok := p.obsIndex[l.Observation]
	if !ok {
		return nil // a catalogue without the full blood count
	}
	m := p.medPlans[l.Treatment.Drug]
	if m == nil {
		return fmt.Errorf("anaemia.yaml: treatment %q is not a medicine", l.Treatment.Drug)
	}
	p.anaemia = anaemiaPlan{LowHaemoglobin: l, slot: slot, iron: p.shortCourse(l.Treatment, m), ironMed: m,
		deficiency: a.IronDeficiency, ferritinSlot: -1}
	if r := l.Refer; r != nil {
		p.anaemia.symptom, _ = datasets.ObservationByKey(r.Symptom) // checked at load
		p.anaemia.referral, _ = datasets.ObservationByKey(r.Referral)
	}
	if f, ok := p.obsIndex[a.IronDeficiency.Ferritin]; ok {
		p.anaemia.ferritinSlot = f
	}
	if err := p.resolveStoresCare(a.IronDeficiency.Treat); err != nil {
		return err
	}
	for _, k := range l.Repeat {
		s, ok := p.obsIndex[k]
		if !ok {
			return fmt.Errorf("anaemia.yaml: repeat %q is not an observation of the catalogue", k)
		}
		p.anaemia.repeat = append(p.anaemia.repeat, s)
	}
	return nil
}

// ironRise is how far iron begun on or before day d has raised the usual
// haemoglobin. Each course's level starts at the low count that began it
// (its dip below the usual level) and rises at rise per rise_days: the
// first course by its dip and up to the predicted level more (ironHeadroom:
// the deficiency corrected, at most the rise), a later one back to the
// usual level. Before (brief h51d), the level jumped to the
// usual level at the start and rose 20 g/L above it, so a count of 103 read
// 146 four weeks on (51 repeats rose more than 30 g/L, generate -n 20000
// -s 5), where the BSG 2021 guideline expects about 10 g/L in 2 weeks. A
// course begun during an iron deficiency episode corrects that episode's
// depth instead (irondeficiency.go), and adds nothing here.
func (w *worker) ironRise(per *person, slot int, d models.Date) float64 {
	a := &w.plan.anaemia
	if slot != a.slot || len(per.iron) == 0 {
		return 0
	}
	from := models.NoDate
	for _, c := range per.iron {
		if c.from <= d && (from == models.NoDate || c.from < from) && !c.stores && !w.inIronDeficiency(per, c.from) {
			from = c.from
		}
	}
	if from == models.NoDate {
		return 0
	}
	rate := a.Rise / float64(a.RiseDays)
	var rise float64
	for _, c := range per.iron {
		if c.from > d || c.stores || w.inIronDeficiency(per, c.from) {
			continue
		}
		gain := c.dip
		if c.from == from {
			gain += w.ironHeadroom(per, c.from)
		}
		rise += min(gain, rate*float64(d-c.from)) - c.dip
	}
	return rise
}

// ironHeadroom is how far the first course raises the usual haemoglobin
// above the level it started from: up to the level predicted for the
// person's age and sex (a usual level below it, the deficiency corrected),
// by at most the rise (anaemia.yaml). Before (brief h70b) every first
// course raised the usual level by the full rise, so a man of 150 g/L
// whose noisy count read 128 went on at 170 (the person's normal passed).
func (w *worker) ironHeadroom(per *person, d models.Date) float64 {
	a := &w.plan.anaemia
	return min(a.Rise, max(0, w.predictedLevel(per, a.slot, d)-w.usualLevel(per, a.slot, d)))
}

// ironLevel is the person's usual haemoglobin on day d with the iron
// already taken (ironRise) and no deficiency: the level a low count sits
// below. usualLevel alone leaves out the rise of an earlier course, so a
// low count held years after one read 20 g/L too shallow, and its repeat
// came back 40 g/L higher four weeks on (brief h51d).
func (w *worker) ironLevel(per *person, d models.Date) float64 {
	a := &w.plan.anaemia
	return w.usualLevel(per, a.slot, d) + w.ironRise(per, a.slot, d)
}

// anaemiaThreshold is the haemoglobin below which the person is anaemic.
func (a *anaemiaPlan) threshold(per *person) float64 {
	if per.sex == sexIndex("male") {
		return a.Below.Male
	}
	return a.Below.Female
}

// onIron reports whether an iron course a low result started runs on day d.
func onIron(per *person, d models.Date) bool {
	for _, c := range per.iron {
		if c.from <= d && d <= c.to {
			return true
		}
	}
	return false
}

// answerLowHaemoglobin answers a haemoglobin v recorded at encounter encID
// at t: below the threshold, and with no iron running, the anaemia is coded
// (or the episode coded within its days extended to it), iron is started
// and the blood count is repeated; in end-of-life care it is coded only.
func (w *worker) answerLowHaemoglobin(per *person, encID string, t models.Timestamp, v float64) {
	a := &w.plan.anaemia
	d := t.Date()
	if v >= a.threshold(per) || w.anaemiaHeld {
		return
	}
	problem := w.codeResultProblem(per, &a.Problem, encID, d)
	w.anaemiaAnswering = true
	w.confirmIronDeficiency(per, problem, encID, t) // a ferritin on the sample when none shows it (confirmferritin.go)
	w.anaemiaAnswering = false
	if w.anaemiaRechecking || onIron(per, d) || per.inEndOfLifeCare(d) {
		return // the repeat of a course running, or comfort care
	}
	s := per.stream(w.plan.Opts.Seed, purposeLowHaemoglobin, uint64(d))
	n := len(w.b.Prescriptions)
	course := a.iron
	w.shortCourse(per, &course, encID, problem, d, d+models.Date(a.Problem.Days), &s)
	if len(w.b.Prescriptions) > n {
		var dip float64 // the count is the level from here (ironRise)
		if !w.inIronDeficiency(per, d) {
			dip = max(0, w.ironLevel(per, d)-v)
		}
		per.iron = append(per.iron, ironCourse{from: d, to: d + models.Date(course.Days) - 1, dip: dip})
		if dip > 0 {
			w.riseWrittenCounts(per, encID, d)
		}
	}
	day := d + models.Date(between(a.RecheckDays, &s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id, start, ok := w.gpVisit(per, day, encGPProblem, problem, &s)
	if !ok {
		return
	}
	w.anaemiaRechecking = true
	for _, slot := range a.repeat {
		w.observe(per, id, start.AddMinutes(5), slot, &s)
	}
	w.anaemiaRechecking = false
}
