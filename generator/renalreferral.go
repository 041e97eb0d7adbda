package generator

import (
	"github.com/code4health/cohortgen/models"
)

// Kidney function read at every review, not only the CKD review (twenty-
// fifth review). The renal referral (eGFR below 30, NICE NG203 1.5.5) read
// only the CKD review's own eGFR: a man whose diabetes and hypertension
// reviews read 22-29 eight times and whose three CKD reviews read 32-35 was
// never referred, and 12 of 68 people with two eGFRs below 30 at least 90
// days apart had no renal clinic (generate -n 20000 -s 5); 13 of the 68 were
// still coded CKD stage 3, as the stage advanced only on two successive
// readings. Now two results below a threshold at least the condition's
// sustained days apart (catalogue ckd sustained: 90, NICE's "more than 3
// months") code the stage and make a sustained referral due, at whichever
// review reads the second; from 85, a share decline it, coded.

// daySpan is the first and last day of the results that fell in a range.
type daySpan struct{ first, last models.Date }

// lasts reports whether the span holds two results at least days apart.
func (sp daySpan) lasts(days int) bool {
	return sp.first != models.NoDate && sp.last-sp.first >= models.Date(days)
}

// belowSpans sets spans[k] to the first and last day, by day d, of the
// latest run of results of the observation in slot below below(k): those
// after the last result at or above it. "Present for more than 3 months"
// (NICE NG203) is a run no result on the healthy side interrupts: eGFRs of
// 38-46 read years before, then 57, 59 and 63, coded CKD stage 3b at the
// 63 (brief h65a: generate -n 20000 -s 11, a woman whose CKD was diagnosed
// at 59). Two passes over the person's results, for every threshold. It
// reports whether the record holds any result of the observation by day d.
func (w *worker) belowSpans(per *person, slot int, d models.Date, spans []daySpan, below func(k int) float64) bool {
	var buf [8]models.Date
	above := buf[:0]
	if len(spans) > len(buf) {
		above = make([]models.Date, 0, len(spans))
	}
	for k := range spans {
		spans[k] = daySpan{models.NoDate, models.NoDate}
		above = append(above, models.NoDate)
	}
	code := w.plan.obsCodes[slot].Snomed
	read := false
	for pass := range 2 {
		for i := per.obsFrom; i < len(w.b.Observations); i++ {
			o := &w.b.Observations[i]
			if o.SnomedCode != code || o.Value == nil {
				continue
			}
			od := o.EffectiveTime.Date()
			if od > d {
				continue
			}
			read = true
			for k := range spans {
				sp, isBelow := &spans[k], *o.Value < below(k)
				switch {
				case pass == 0 && !isBelow && (above[k] == models.NoDate || od > above[k]):
					above[k] = od // the last result on the healthy side
				case pass == 1 && isBelow && (above[k] == models.NoDate || od > above[k]):
					if sp.first == models.NoDate || od < sp.first {
						sp.first = od
					}
					if sp.last == models.NoDate || od > sp.last {
						sp.last = od
					}
				}
			}
		}
	}
	return read
}

// sustainedBelow reports whether the record holds, by day d, two results of
// the observation in slot below the threshold at least days apart.
func (w *worker) sustainedBelow(per *person, slot int, below float64, days int, d models.Date) bool {
	var sp [1]daySpan
	w.belowSpans(per, slot, d, sp[:], func(int) float64 { return below })
	return sp[0].lasts(days)
}

// sustainedStage is the most severe stage of the condition the record shows
// sustained by day d (two staging results below its threshold the sustained
// days apart); -1 when none or the condition has no sustained rule.
func (w *worker) sustainedStage(per *person, hc *heldCondition, d models.Date) int {
	c := hc.plan
	if c.Sustained == nil {
		return -1
	}
	spans, _ := w.stageRuns(per, hc, d)
	for k := len(spans) - 1; k >= 0; k-- {
		if spans[k].lasts(c.Sustained.Days) {
			return k
		}
	}
	return -1
}

// stageRuns is belowSpans for each stage of the condition's staging
// observation by day d, in the worker's scratch, and whether the record
// holds any result of it by then.
func (w *worker) stageRuns(per *person, hc *heldCondition, d models.Date) ([]daySpan, bool) {
	c := hc.plan
	spans := w.stageSpans[:0]
	for range c.stages {
		spans = append(spans, daySpan{})
	}
	w.stageSpans = spans
	read := w.belowSpans(per, c.stagedBy, d, spans, func(k int) float64 { return c.stages[k].Below })
	return spans, read
}

// referralDeclined draws, once a person and rule, whether someone of the
// rule's Declined age decides not to be referred; when so it codes the
// decision at the current review (written from the record's first day).
func (w *worker) referralDeclined(per *person, hc *heldCondition, k int, d models.Date, t models.Timestamp) bool {
	r := &hc.plan.referrals[k]
	dc := r.Declined
	if dc == nil || per.ageOn(d) < dc.FromAge {
		return false
	}
	s := per.stream(w.plan.Opts.Seed, purposeReferralDeclined, uint64(hc.plan.idx), uint64(k))
	if !s.Bernoulli(dc.Share) {
		return false
	}
	if d >= per.firstDay && w.curEnc != "" {
		// once at a review: the eGFR rule and the ACR rule declined together
		// are one decision (merge of stop 67: coded twice in copd-high-prevalence)
		if !w.codedAt(per, w.curEnc, r.declined.Snomed) {
			w.b.Observations = append(w.b.Observations, w.observation(per, w.curEnc, t.AddMinutes(2), r.declined))
		}
	} else {
		hc.unwritten |= 1 << k // coded at the first review the record holds (codeDeclinedBefore)
	}
	return true
}

// codeDeclinedBefore codes, at a review of the condition in the record
// (day d, time t), the referrals declined before the record opened (brief
// h65e): a woman of 99 whose eGFR had been below 30 for years entered the
// record with CKD stage 4, her decision not to see the renal team made
// years before, and nothing on the record said so (at generate -n 20000
// -s 83, people with two eGFRs below 30 with no referral, clinic or
// decision coded). The decision stands and is coded once, as a GP
// summarising the notes of a new record would.
func (w *worker) codeDeclinedBefore(per *person, hc *heldCondition, d models.Date, t models.Timestamp) {
	if hc.unwritten == 0 || d < per.firstDay || w.curEnc == "" {
		return
	}
	for k := range hc.plan.referrals {
		if r := &hc.plan.referrals[k]; hc.unwritten&(1<<k) != 0 && r.declined != nil && !w.codedAt(per, w.curEnc, r.declined.Snomed) {
			w.b.Observations = append(w.b.Observations, w.observation(per, w.curEnc, t.AddMinutes(2), r.declined))
		}
	}
	hc.unwritten = 0
}

// referOthers makes, at a review of condition ci on day d (time t) that
// recorded another held condition's staging reading, that condition's
// sustained referrals due by now: the eGFR below 30 a diabetes review reads
// months after one at a hypertension review refers the CKD then, not at the
// next CKD review a year on.
func (w *worker) referOthers(per *person, ci int, d models.Date, t models.Timestamp) {
	for j := range per.conds {
		hc := &per.conds[j]
		c := hc.plan
		if j == ci || c.Sustained == nil || hc.stage < 0 || hc.onset > d {
			continue
		}
		if !per.hasLast[c.stagedBy] || per.lastAt[c.stagedBy] != t {
			continue
		}
		for k := range c.referrals {
			r := &c.referrals[k]
			if !r.Sustained || !referable(per, hc, k, d) || referredTo(c, hc, k, d) || !w.sustainedBelow(per, r.slot, *r.Below, c.Sustained.Days, d) {
				continue
			}
			s := per.stream(w.plan.Opts.Seed, purposeReferOthers, uint64(c.idx), uint64(d))
			w.referNow(per, hc, k, d, t, &s)
		}
	}
}

// treatedFor reports whether the person holds one of the conditions (a
// referral rule's unless_treated_with) on day d while the condition's first
// line runs: an ACR of 70 or more in diabetes on an ACE inhibitor or ARB is
// the diabetes's, already treated, and not referred (NICE NG203 1.5.5).
func (w *worker) treatedFor(per *person, hc *heldCondition, conds []int, d models.Date) bool {
	if len(conds) == 0 || len(hc.plan.lines) == 0 || !lineTaken(per, &hc.plan.lines[0], d) {
		return false
	}
	for _, ci := range conds {
		if heldOn(per, ci, d) {
			return true
		}
	}
	return false
}
