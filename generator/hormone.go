package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A cancer's endocrine therapy (catalogue urgent_pathway hormone_therapy;
// thirteenth review): tamoxifen or an aromatase inhibitor after an
// oestrogen-receptor-positive breast cancer (NICE NG101), androgen
// deprivation for prostate cancer (NICE NG131). The oncology clinic after
// the hospital treatment starts it and issues the first supply; the
// practice continues it as a repeat at its cancer reviews until it has run
// its years. Before, a GP reading 46 breast cancers found none on it.

// hormonePlan is a site's endocrine therapy with its medicines resolved.
type hormonePlan struct {
	*datasets.SiteHormone
	meds  []*medPlan                // per option
	flare []*shortCoursePlan        // per option: its flare cover, nil none
	scan  *datasets.ObservationCode // what its baseline_scan records, nil none
}

// hormoneCourse is one person's endocrine therapy: the medicine, the day
// it starts (at clinic, when that is in the record) and the day it stops.
type hormoneCourse struct {
	med         *medPlan
	start, stop models.Date
	clinic      *bookedClinic
	flare       *shortCoursePlan // the anti-androgen given with the first implant, nil none
}

// resolveHormone attaches each site's endocrine therapy to the site.
func (p *Plan) resolveHormone(cp *condPlan) error {
	up := cp.UrgentPathway
	if up == nil {
		return nil
	}
	for i := range up.Hormone {
		h := &up.Hormone[i]
		hp := &hormonePlan{SiteHormone: h}
		if bs := h.BaselineScan; bs != nil {
			code, ok := datasets.ObservationByKey(bs.Recorded)
			if !ok {
				return fmt.Errorf("condition %s: hormone_therapy %s: baseline_scan %q is not in observation_codes.csv", cp.Key, h.Site, bs.Recorded)
			}
			hp.scan = &code
		}
		for _, o := range h.Options {
			m := p.medPlans[o.Drug]
			if m == nil {
				return fmt.Errorf("condition %s: hormone_therapy %s: %s has no prescribable product", cp.Key, h.Site, o.Drug)
			}
			hp.meds = append(hp.meds, m)
			var flare *shortCoursePlan
			if f := o.FlareCover; f != nil {
				fm := p.medPlans[f.Drug]
				if fm == nil {
					return fmt.Errorf("condition %s: hormone_therapy %s: flare cover %s has no prescribable product", cp.Key, h.Site, f.Drug)
				}
				sc := p.shortCourse(*f, fm)
				flare = &sc
			}
			hp.flare = append(hp.flare, flare)
		}
		for k := range cp.sites {
			if cp.sites[k].Key == h.Site {
				cp.sites[k].hormone = hp
			}
		}
	}
	return nil
}

// planHormone decides each cancer's endocrine therapy, from a stream of
// its own: whether (the site's share), which (the options that suit the
// person's sex and age at its start, by weight) and for how long. A cancer
// diagnosed in the record starts it at the clinic after its treatment
// (urgent.go); one diagnosed before, some weeks after the diagnosis, so
// that a course still running when the record opens is in force then.
func (w *worker) planHormone(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		hc.hormone = nil
		if hc.site == nil || hc.site.hormone == nil || hc.onset > per.lastDay {
			continue
		}
		h := hc.site.hormone
		s := per.stream(w.plan.Opts.Seed, purposeHormone, uint64(hc.plan.idx))
		if !s.Bernoulli(h.Share) {
			continue
		}
		years := h.Years[0] + s.Float64()*(h.Years[1]-h.Years[0])
		start := hc.onset + models.Date(hormoneStartDays[0]+s.IntN(hormoneStartDays[1]-hormoneStartDays[0]+1))
		var clinic *bookedClinic
		if hc.onset >= per.firstDay {
			if clinic = hc.afterTreatment; clinic == nil {
				continue // no clinic after treatment in the record
			}
			start = clinic.start.Date()
		}
		stop := start + models.Date(years*365.25)
		if start > per.lastDay || stop <= per.firstDay || per.death != models.NoDate && start >= per.death {
			continue
		}
		sex, age := sexNames[per.sex], per.ageOn(start)
		post := false
		if w.plan.menopause != nil && sex == "female" {
			_, pause := w.menopauseStream(per)
			post = float64(age) >= pause
		}
		i := s.PickBy(len(h.Options), func(i int) float64 {
			if o := h.Options[i]; o.Suits(sex, age, post) {
				return o.Weight
			}
			return 0
		})
		if i < 0 {
			continue
		}
		hc.hormone = &hormoneCourse{med: h.meds[i], start: start, stop: stop, clinic: clinic, flare: h.flare[i]}
	}
}

// hormoneStartDays: a cancer diagnosed before the record opened started
// its endocrine therapy this many days after the diagnosis (after surgery
// and any chemotherapy; model).
var hormoneStartDays = [2]int{42, 120}

// hormoneEvent is the care event that starts the condition's endocrine
// therapy, its next review the condition's first after it (events from
// index from are the condition's, in day order), or false when none.
func hormoneEvent(hc *heldCondition, ci int, events []reviewEvent, from int, last models.Date) (reviewEvent, bool) {
	h := hc.hormone
	if h == nil {
		return reviewEvent{}, false
	}
	ev := reviewEvent{day: h.start, cond: ci, next: last, hormone: true, due: true}
	for k := from; k < len(events); k++ {
		if events[k].day > h.start {
			ev.next = events[k].day
			break
		}
	}
	return ev, true
}

// startHormone starts the endocrine therapy on its day, if the prescribing
// rules allow it: in the record, the clinic issues the first supply, to
// run until the practice's next review of the cancer (an attendance is
// booked for a cancer diagnosed before the record); before it, the course
// runs unrecorded and is in force when the record opens (inforce.go).
func (w *worker) startHormone(per *person, ev reviewEvent) {
	hc := &per.conds[ev.cond]
	h := hc.hormone
	d := ev.day
	s := per.stream(w.plan.Opts.Seed, purposeHormone, uint64(hc.plan.idx), 1)
	egfr := w.latestEGFR(per, d)
	if !w.allowed(per, h.med, d, egfr, -1) {
		return
	}
	k := w.startCourse(per, h.med, ev.cond, -1, 0, d, nil, egfr, &s)
	if k < 0 {
		return
	}
	per.courses[k].stop = h.stop
	if d < per.firstDay {
		return
	}
	clinic := h.clinic
	if clinic == nil {
		enc, start, ok := w.outpatientAt(per, d, hc.id, &s)
		if !ok {
			return
		}
		clinic = &bookedClinic{enc: enc, start: start}
	}
	w.curEnc = clinic.enc
	w.issueRepeats(per, ev.cond, clinic.enc, clinic.start.Date(), nextWorkingDay(ev.next))
	w.curEnc = ""
	// The first implant of an LHRH agonist raises testosterone for about two
	// weeks, which can flare the tumour: the clinic gives an anti-androgen
	// with it (bicalutamide 50 mg, about four weeks; catalogue flare_cover).
	// Before (fourteenth review), goserelin started alone.
	if h.flare != nil {
		w.shortCourse(per, h.flare, clinic.enc, hc.id, clinic.start.Date(), models.NoDate, &s)
	}
	w.baselineScan(per, hc, h.med, clinic.start.Date())
}

// baselineScan books the test the site's baseline_scan asks for when the
// medicine started on day start is of one of its classes: a bone density
// scan some weeks after an aromatase inhibitor starts (NICE NG101), which
// speeds bone loss. Before, 0 of 107 starts in the record had one
// (generate -n 20000 -s 5; forty-seventh stop). Its draws are a stream of
// their own; none in end-of-life care or after the record ends.
func (w *worker) baselineScan(per *person, hc *heldCondition, m *medPlan, start models.Date) {
	hp := hc.site.hormone
	bs := hp.BaselineScan
	if bs == nil || !slices.ContainsFunc(bs.Classes, m.inClass) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeStartScan, uint64(hc.plan.idx), uint64(start))
	if !s.Bernoulli(bs.Share) {
		return
	}
	d := start + models.Date(between(bs.Days, &s))
	if !planned(per, d) {
		return
	}
	enc, at, ok := w.outpatientAt(per, d, hc.id, &s)
	if !ok {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, at.AddMinutes(5), hp.scan))
}
