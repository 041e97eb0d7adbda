package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// notGivenPlan is immunisations.yaml not_given resolved: the course whose
// first visit is invited, and the codes of a missed or declined one.
type notGivenPlan struct {
	series       int // index of the course in immPlan.series; -1: not coded
	dna, decline datasets.ObservationCode
	declinePct   float64
	recalls      int
	recallDays   models.Date
}

func (ip *immPlan) buildNotGiven(im *datasets.Immunisations) {
	ip.notGiven.series = -1
	ng := im.NotGiven
	if ng == nil {
		return
	}
	ip.notGiven.series = slices.IndexFunc(im.Series, func(o datasets.VaccineSeries) bool { return o.Key == ng.Series })
	ip.notGiven.dna, _ = datasets.ObservationByKey(ng.DidNotAttend)
	ip.notGiven.decline, _ = datasets.ObservationByKey(ng.Declined)
	ip.notGiven.declinePct, ip.notGiven.recalls = ng.DeclinedPct, ng.Recalls
	ip.notGiven.recallDays = models.Date(ng.RecallDays)
}

// primaryNotGiven codes why a child had no primary course on time (brief
// h68c: a GP read unimmunised children with nothing on the record to say
// why). The practice invites the baby to the course's first visit, delay
// days after it is due: parents who decline it (never, drawn) have the
// decline coded at that visit; otherwise the visit is coded not attended,
// and so is each recall after it. A child who catches up later has the
// catch-up doses after these (childhoodImmunisations).
func (w *worker) primaryNotGiven(per *person, delay models.Date, never bool) {
	ip := &w.plan.imm
	ng := &ip.notGiven
	sp := &ip.series[ng.series]
	due := per.birth + models.Date(sp.doses[0].age)
	if due < ip.start {
		return // the schedule was not running: no invitation to code
	}
	s := per.stream(w.plan.Opts.Seed, purposeImmunisationRecall)
	day := due + delay
	if never && s.Float64()*100 < ng.declinePct {
		w.immunisationNotGivenCode(per, day, encGPConsultation, contactImmunisation, &ng.decline, &s)
		return
	}
	for k := 0; k <= ng.recalls; k++ {
		w.immunisationNotGivenCode(per, day+models.Date(k)*ng.recallDays, encGPConsultation, contactScreeningResult, &ng.dna, &s)
	}
}

// immunisationNotGivenCode books the practice contact on day (inside the
// record) and codes the finding at it: the nurse's visit at which parents
// declined, or the missed appointment filed by the practice (seen by no
// one, as a screening programme's missed invitation is).
func (w *worker) immunisationNotGivenCode(per *person, day models.Date, kind encKind, ct contact, code *datasets.ObservationCode, s *distributions.Stream) {
	if day < per.firstDay || day > per.lastDay {
		return
	}
	sl, ok := w.bookGP(per, day, kind, ct, s)
	if !ok {
		return
	}
	w.writeGP(per, &sl, "")
	o := w.observation(per, sl.id, sl.start.AddMinutes(5), code)
	o.ValueCode, o.ValueDisplay = code.Snomed, code.Term // the finding, coded as present
	w.b.Observations = append(w.b.Observations, o)
}
