package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// anaemiaReferrals makes the suspected cancer referrals of the person's
// iron deficiency anaemia (anaemia.yaml low_haemoglobin refer; NICE NG12
// 1.3.1: from 60, for colorectal cancer). Fiftieth review: before, iron was
// started and nothing looked for the cause (413 episodes at 60+, generate
// -n 20000 -s 5). It runs once the contacts' blood counts are written and
// held (a count's ferritin is written after its haemoglobin, and lowered
// after both by an iron deficiency a referral holds), so it reads each
// anaemia row's contact as it stands: an episode coded at 60 or over whose
// contact shows iron deficiency (a ferritin below ferritin_below) is
// referred there, in day order, unless heavy periods explain it, a cancer
// is held or found within a year (its own referral or team sees it), the
// person is in end-of-life care, the contact is an urgent referral's own,
// or one was referred in the three years before.
func (w *worker) anaemiaReferrals(per *person) {
	a := &w.plan.anaemia
	r := a.Refer
	if r == nil || a.ferritinSlot < 0 || w.plan.notCancer == nil { // (no cancer sites: no fast-track pathway to refer to)
		return
	}
	rows := w.anaemiaRows[:0]
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == a.Problem.Key && c.OnsetDate >= per.firstDay {
			rows = append(rows, k)
		}
	}
	w.anaemiaRows = rows
	slices.SortFunc(rows, func(x, y int) int { return int(w.b.Conditions[x].OnsetDate - w.b.Conditions[y].OnsetDate) })
	for _, k := range rows {
		c := w.b.Conditions[k]
		d := c.OnsetDate
		// a referral earlier that day at another contact counts too (a call
		// that fast-tracked a change in bowel habit before the bloods; h58a)
		if w.referredBetween(per, a.referral.Snomed, d-models.Date(w.plan.notCancer.data.AgainAfterDays), d+1) || w.bleedingDeficient(per, d) ||
			hasCancerBy(per, d+365) || per.inEndOfLifeCare(d) {
			continue
		}
		if e := w.encounterByID(per, c.DiagnosisEncounterID); e == nil || e.Setting != settingGP {
			continue // found at a hospital clinic (a ferritin there since the fifty-first session): the GP refers from the practice
		}
		t, ok := w.ironDeficiencyShown(per, c.DiagnosisEncounterID)
		if !ok {
			continue
		}
		if per.ageOn(d) < r.MinAge {
			// under 60: a FIT at the contact in a man or a woman past the
			// menopause, as for empty stores (anaemia.yaml treat investigate;
			// NICE NG12 2023 1.3.4; brief h70b: 54 of 60 men under 60 had
			// nothing looked for)
			w.ironDeficiencyFIT(per, c.DiagnosisEncounterID, c.ConditionID, t, purposeAnaemiaFIT)
			continue
		}
		w.b.Observations = append(w.b.Observations,
			w.observation(per, c.DiagnosisEncounterID, t.AddMinutes(1), &a.symptom),
			w.observation(per, c.DiagnosisEncounterID, t.AddMinutes(2), &a.referral))
		s := per.stream(w.plan.Opts.Seed, purposeAnaemiaReferral, uint64(d))
		day := d + models.Date(between(r.ClinicDays, &s))
		// a day drawn on a closed day is a working day within the two weeks
		// (plannedday.go), before it when the two weeks end there (a bank
		// holiday Monday): 7 of 342 referred episodes were seen on day 15
		// (review5Population, h59f2)
		day = w.plannedDayWithin(per, day, d+models.Date(r.ClinicDays[0]), d+models.Date(r.ClinicDays[1]))
		if nextWorkingDay(day) > d+models.Date(r.ClinicDays[1]) {
			day = lastWorkingDay(day)
		}
		if day <= per.lastDay && !per.inEndOfLifeCare(day) {
			if enc, st, ok := w.outpatientAt(per, day, c.ConditionID, &s); ok {
				test, also := w.plan.notCancer.testFor(a.symptom.Snomed, a.referral.Snomed)
				w.ruleOut(per, c.ConditionID, test, also, enc, st, ruledOutAnaemia) // ruledout.go: the colonoscopy and gastroscopy; the anaemia stays, treated
			}
		}
	}
}

// ironDeficiencyShown reports whether contact encID records a ferritin
// below the referral's level, and the time of its haemoglobin (the
// referral is coded after it); false when the contact is an urgent
// referral's own (it codes the referral already: notcancer.go).
func (w *worker) ironDeficiencyShown(per *person, encID string) (models.Timestamp, bool) {
	a := &w.plan.anaemia
	if w.codedAt(per, encID, a.referral.Snomed) || w.codedAt(per, encID, a.symptom.Snomed) {
		return 0, false
	}
	if f, ok := w.readAt(per, encID, a.ferritinSlot); !ok || f >= a.Refer.FerritinBelow {
		return 0, false
	}
	hb := w.plan.obsCodes[a.slot].Snomed
	for j := len(w.b.Observations) - 1; j >= per.obsFrom; j-- {
		if o := &w.b.Observations[j]; o.EncounterID == encID && o.SnomedCode == hb {
			return o.EffectiveTime, true
		}
	}
	return 0, false
}

// referredBetween reports whether the record holds a referral coded snomed
// on a day strictly between from and to.
func (w *worker) referredBetween(per *person, snomed string, from, to models.Date) bool {
	for j := per.obsFrom; j < len(w.b.Observations); j++ {
		if o := &w.b.Observations[j]; o.SnomedCode == snomed {
			if od := o.EffectiveTime.Date(); od > from && od < to {
				return true
			}
		}
	}
	return false
}
