package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// What the midwife records and the medicines a pregnancy at raised risk is
// given (session 53, brief h53f): blood pressure and a urine test for
// protein at every antenatal appointment, a blood count at booking and at 28
// weeks (NICE NG201, NG133), the appointments after the booking, aspirin
// from 12 weeks for a woman at high risk of pre-eclampsia (NG133) and folic
// acid 5 mg to 12 weeks for one with diabetes or epilepsy. All of it is
// pregnancy.yaml data (antenatal and midwife checks, medicines).

// antenatalVisit is an antenatal visit of pregnancy.yaml resolved: its
// checks.
type antenatalVisit struct {
	v      *datasets.AntenatalVisit
	checks []antenatalCheck
}

// antenatalCheck is a check of an antenatal visit: a reading of an
// observation slot, or a finding with no value (a negative urine protein
// test), which has no slot (only the catalogue's observations have one).
type antenatalCheck struct {
	slot    int
	finding *datasets.ObservationCode // nil: a reading of slot
	height  *datasets.ObservationCode // the adult height, in cm (brief h68d: the booking's height); nil: none
}

// heightKey is the observation_codes.csv key of a height reading: a check
// of it is the woman's adult height (observations.go height), which no
// catalogue value model holds.
const heightKey = "height"

// antenatalCheckOf resolves an observation_codes.csv key to a check. A
// measurement (a code with a unit) must have a value model, a slot: written
// as a finding it would be a result with no value (h65b: the creatinine of
// fxb's bloods had none, TestRecordsAreCoherent).
func (p *Plan) antenatalCheckOf(key string) (antenatalCheck, error) {
	if slot, ok := p.obsIndex[key]; ok {
		return antenatalCheck{slot: slot}, nil
	}
	code, ok := datasets.ObservationByKey(key)
	if ok && key == heightKey {
		return antenatalCheck{slot: -1, height: &code}, nil
	}
	if !ok || code.Unit != "" {
		return antenatalCheck{}, fmt.Errorf("pregnancy.yaml check %q: a measurement with no value model in catalogue.yaml observations", key)
	}
	return antenatalCheck{slot: -1, finding: &code}, nil
}

// riskMedicine is a pregnancy.yaml medicine resolved: the medicine's own
// plan (its prescribing rules) and the copy on its ladder (its regimen).
type riskMedicine struct {
	r      *datasets.RiskMedicine
	base   *medPlan
	ladder *medPlan
}

// visitAt is a pregnancy visit written: its encounter and day.
type visitAt struct {
	enc string
	day models.Date
}

// buildMidwife resolves the checks of the antenatal and midwife visits and
// the medicines of a pregnancy at raised risk.
func (p *Plan) buildMidwife(pp *pregnancyPlan) error {
	resolve := func(list []datasets.AntenatalVisit) ([]antenatalVisit, error) {
		out := make([]antenatalVisit, len(list))
		for k := range list {
			out[k].v = &list[k]
			for _, key := range list[k].Checks {
				c, err := p.antenatalCheckOf(key)
				if err != nil {
					return nil, err
				}
				out[k].checks = append(out[k].checks, c)
			}
		}
		return out, nil
	}
	var err error
	if pp.antenatal, err = resolve(pp.p.Antenatal); err != nil {
		return err
	}
	if pp.midwife, err = resolve(pp.p.Midwife); err != nil {
		return err
	}
	// written in the order of their weeks (brief h74e): a raised reading
	// at one is answered at the ones after it, which must not be written
	// already; each stream's appointments keep their order among themselves
	pp.midwifeOrder = make([]int, len(pp.midwife))
	for k := range pp.midwifeOrder {
		pp.midwifeOrder[k] = k
	}
	slices.SortStableFunc(pp.midwifeOrder, func(x, y int) int { return pp.p.Midwife[x].Days[0] - pp.p.Midwife[y].Days[0] })
	for k := range pp.p.Medicines {
		r := &pp.p.Medicines[k]
		base := p.medPlans[r.Medicine]
		if base == nil {
			return fmt.Errorf("pregnancy.yaml medicine %q: %q has no prescribable medicine", r.Key, r.Medicine)
		}
		for _, c := range r.Conditions {
			if _, ok := p.condIndex[c]; !ok {
				return fmt.Errorf("pregnancy.yaml medicine %q: condition %q is not in the catalogue", r.Key, c)
			}
		}
		// history may also name the problems pregnancy.yaml codes itself
		pregProblems := []string{pp.p.RaisedBP.Problem.Key}
		if pe := pp.p.RaisedBP.PreEclampsia; pe != nil {
			pregProblems = append(pregProblems, pe.Problem.Key)
		}
		for _, c := range r.History {
			if _, ok := p.condIndex[c]; !ok && !slices.Contains(pregProblems, c) {
				return fmt.Errorf("pregnancy.yaml medicine %q: history %q is neither in the catalogue nor a pregnancy problem", r.Key, c)
			}
		}
		pp.medicines = append(pp.medicines, riskMedicine{r: r, base: base,
			ladder: p.optionPlan(datasets.DrugOption{Drug: r.Medicine, Ladder: r.Ladder})})
	}
	return nil
}

// antenatalChecks records the visit's checks at enc, a few minutes into it
// (from t): a reading from the woman's state, or a finding with no value (a
// negative urine protein test).
func (w *worker) antenatalChecks(per *person, enc string, t models.Timestamp, checks []antenatalCheck, s *distributions.Stream) {
	at := t.AddMinutes(5)
	w.anyAge = true // a pregnant adolescent's blood pressure is taken as an adult's (NICE NG201: at every appointment)
	defer func() { w.anyAge = false }()
	for _, c := range checks {
		if c.height != nil { // NICE NG201: height, weight and BMI at booking (h68d)
			o := w.observation(per, enc, at, c.height)
			o.Value, o.Unit = w.value(math.Round(w.height(per)*1000)/10), c.height.Unit
			w.b.Observations = append(w.b.Observations, o)
			continue
		}
		if c.finding != nil {
			if w.proteinuric(per, c.finding, at.Date()) { // preeclampsia.go
				w.b.Observations = append(w.b.Observations, w.pcrReading(per, enc, at, s))
				continue
			}
			w.b.Observations = append(w.b.Observations, w.observation(per, enc, at, c.finding))
		} else {
			w.observe(per, enc, at, c.slot, s)
		}
	}
	w.raiseAntenatalBP(per, enc, at)   // pregnancybptitrate.go: labetalol above 135/85
	w.reduceAntenatalBP(per, enc, at)  // pregnancybpreduce.go: lowered or stopped below 110/70
	w.restartAntenatalBP(per, enc, at) // pregnancybpreduce.go: started again above 135/85 after a stop
}

// midwifeVisits writes the midwife's appointments of a pregnancy held
// before the birth (before: on its working day), each with its checks, in
// the order of their weeks, and adds them to visits.
func (w *worker) midwifeVisits(per *person, i int, id string, before func(models.Date) bool, visits map[string]visitAt, s *distributions.Stream) {
	pg := &per.pregnancies[i]
	ns := per.stream(w.plan.Opts.Seed, purposeAntenatalSchedule, uint64(i))
	first := w.firstBaby(per, i, &ns) // antenatalschedule.go
	own := s
	// the last appointment held and the first day of its window: the next
	// is at least as far after it as their windows are apart (brief h75g:
	// week 40 due on a Saturday and moved to Monday fell after week 41)
	var prevDay models.Date
	prevFrom := -1
	for _, k := range w.plan.pregnancy.midwifeOrder {
		a := &w.plan.pregnancy.midwife[k]
		if s = own; a.v.OwnStream {
			s = &ns
		}
		if a.v.FirstBaby && !first {
			continue
		}
		d := pg.lmp + models.Date(a.v.Days[0]+s.IntN(a.v.Days[1]-a.v.Days[0]+1))
		if prevFrom >= 0 {
			d = max(d, prevDay+models.Date(a.v.Days[0]-prevFrom))
		}
		if d = w.plannedDay(per, d); !before(d) { // due on a closed day: over the week after (plannedday.go)
			continue
		}
		if e := w.antenatalOn(per, d, a.v.Type.Snomed); e >= 0 && w.plan.pregnancy.raisedBP != nil {
			// the maternity unit checks her that day: the appointment is that check (pregnancyoneday.go)
			enc := &w.b.Encounters[e]
			w.antenatalChecks(per, enc.EncounterID, enc.StartTime, checksBeside(a.checks, w.plan.pregnancy.raisedBP.checks), s)
			visits[a.v.Key] = visitAt{enc: enc.EncounterID, day: d}
			prevDay, prevFrom = d, a.v.Days[0]
			continue
		}
		if enc, start, ok := w.outpatientAt(per, d, id, s); ok {
			w.typeEncounter(per, enc, &a.v.Type)
			w.antenatalChecks(per, enc, start, a.checks, s)
			w.raisedPressure(per, i, id, enc, start) // pregnancybp.go
			visits[a.v.Key] = visitAt{enc: enc, day: start.Date()}
			prevDay, prevFrom = start.Date(), a.v.Days[0]
		}
	}
}

// riskMedicines issues each medicine of a pregnancy at raised risk whose
// visit was written (visits) to a woman holding one of its conditions
// then: from that visit to the day before until_day (or the birth), about
// the pregnancy (problem row id), unless she takes it already, or it would
// start after it should have ended, or a prescribing rule rules it out.
func (w *worker) riskMedicines(per *person, pg *pregnancy, id string, visits map[string]visitAt) {
	for k := range w.plan.pregnancy.medicines {
		rm := &w.plan.pregnancy.medicines[k]
		v, ok := visits[rm.r.At]
		if !ok || v.enc == "" || (!w.holdsAny(per, rm.r.Conditions, v.day) && !w.hadBefore(per, rm.r.History, pg.lmp)) {
			continue
		}
		end, typ := pg.end-1, models.PrescriptionRepeat
		if rm.r.UntilDay > 0 {
			end, typ = min(end, pg.lmp+models.Date(rm.r.UntilDay)-1), models.PrescriptionAcute
		}
		ongoing := end >= per.lastDay
		end = min(end, per.lastDay)
		reg := rm.ladder.regimen(per.ageOn(v.day), 0)
		if end < v.day || reg == nil || allergic(per, rm.base, v.day) || w.medRunning(per, rm.base, v.day, end) ||
			!w.allowedCourse(per, rm.base, v.day, end, w.latestEGFR(per, v.day)) {
			continue
		}
		if ongoing && typ == models.PrescriptionRepeat {
			end = models.NoDate // still pregnant when the record ends: the repeat runs on
		}
		w.issue(per, v.enc, id, reg, v.day, end, typ)
	}
}

// hadBefore reports whether a problem of one of keys was coded before day
// d, whether or not it has resolved since (a previous pregnancy's
// hypertension, brief fxb: NICE NG133 1.1.2.1 counts it as a high risk).
func (w *worker) hadBefore(per *person, keys []string, d models.Date) bool {
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.OnsetDate < d && slices.Contains(keys, c.ConditionKey) {
			return true
		}
	}
	return false
}

// holdsAny reports whether a problem of one of keys is on the woman's
// problem list on day d.
func (w *worker) holdsAny(per *person, keys []string, d models.Date) bool {
	return w.problemRowOn(per, keys, d) != ""
}

// problemRowOn is the row id of the first written problem of keys held on
// day d ("" when none).
func (w *worker) problemRowOn(per *person, keys []string, d models.Date) string {
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		if c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || c.ResolvedDate > d) && slices.Contains(keys, c.ConditionKey) {
			return c.ConditionID
		}
	}
	return ""
}
