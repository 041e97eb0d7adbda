package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// safeguardingPlan is child_health.yaml safeguarding, resolved.
type safeguardingPlan struct {
	*datasets.Safeguarding
	injury  map[string]bool // the injuries' catalogue keys
	concern datasets.ObservationCode
	kind    encKind // the review's encounter
	ct      contact // who makes it: the health visitor
}

func (p *Plan) buildSafeguarding(sg *datasets.Safeguarding) error {
	known := map[string]bool{}
	for i := range p.Cat.Presentations {
		known[p.Cat.Presentations[i].Key] = true
	}
	for i := range p.Cat.Acute {
		known[p.Cat.Acute[i].Key] = true
	}
	for _, k := range sg.Injuries {
		if !known[k] {
			return fmt.Errorf("child_health.yaml: safeguarding injury %q is not a catalogue presentation or acute episode", k)
		}
	}
	kind := encKindOf(sg.ReviewEncounter)
	if kind < 0 {
		return fmt.Errorf("child_health.yaml: safeguarding: unknown review_encounter %q", sg.ReviewEncounter)
	}
	ci := slices.Index(contactNames[:], sg.ReviewContact)
	if ci < 0 {
		return fmt.Errorf("child_health.yaml: safeguarding: unknown review_contact %q", sg.ReviewContact)
	}
	concern, _ := datasets.ObservationByKey(sg.Concern) // the loader checked it
	p.child.sg = safeguardingPlan{Safeguarding: sg, injury: keySet(sg.Injuries), concern: concern, kind: kind, ct: contact(ci)}
	return nil
}

// aeVisit is a young child's A&E attendance as the safeguarding pattern
// reads it: its day, and whether it was for an injury.
type aeVisit struct {
	day    models.Date
	injury bool
}

// concernAt reports whether attendance i of visits (in day order) by a
// child born on birth is a safeguarding concern: an injury while not yet
// mobile, repeated injuries within the window up to it, or injuries among
// frequent attendances there.
func (sg *safeguardingPlan) concernAt(visits []aeVisit, i int, birth models.Date) bool {
	v := visits[i]
	if !v.injury {
		return false
	}
	attended, injuries := 0, 0
	for _, u := range visits[:i+1] {
		if v.day-u.day < models.Date(sg.WindowDays) {
			attended++
			if u.injury {
				injuries++
			}
		}
	}
	return int(v.day-birth) < sg.NotMobileDays || injuries >= sg.RepeatInjuries ||
		injuries >= sg.FrequentInjuries && attended >= sg.FrequentAttendances
}

// codeConcern codes the safeguarding concern, a finding coded as present,
// at encounter encID.
func (w *worker) codeConcern(per *person, encID string, t models.Timestamp) {
	sg := &w.plan.child.sg
	o := w.observation(per, encID, t, &sg.concern)
	o.ValueCode, o.ValueDisplay = sg.concern.Snomed, sg.concern.Term
	w.b.Observations = append(w.b.Observations, o)
}

// childSafeguarding answers a young child's pattern of A&E attendances
// (child_health.yaml safeguarding; NICE CG89): an injury while not yet
// mobile, repeated injuries within the window, or injuries among frequent
// attendances is coded as a safeguarding concern at the attendance that
// completes the pattern, and the concern brings the health visitor's review
// some days later, which records it. A GP read a child with 18 A&E
// attendances and 3 head injuries by 4 whose record showed no response
// (generate -n 3000 -s 31). One concern per window; each review's day is
// drawn on a stream keyed by the attendance's day, so --as-of only cuts.
func (w *worker) childSafeguarding(per *person) {
	sg := &w.plan.child.sg
	if per.birth+models.Date(365*(sg.MaxAge+1)) < per.firstDay {
		return // a grown-up before the record began
	}
	var rows []int // the attendances' encounter rows, in day order
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		if x.Setting == settingAE && per.ageOn(x.StartTime.Date()) < sg.MaxAge {
			rows = append(rows, e)
		}
	}
	if len(rows) == 0 {
		return
	}
	day := func(e int) models.Date { return w.b.Encounters[e].StartTime.Date() }
	slices.SortStableFunc(rows, func(a, b int) int { return int(day(a) - day(b)) })
	visits := make([]aeVisit, len(rows))
	for i, e := range rows {
		visits[i].day = day(e)
		if c := w.conditionRow(per, w.b.Encounters[e].ReasonConditionID); c != nil {
			visits[i].injury = sg.injury[c.ConditionKey]
		}
	}
	window := models.Date(sg.WindowDays)
	coded := models.NoDate // a concern is not coded again within the window
	for i, a := range visits {
		if a.day < per.firstDay || coded != models.NoDate && a.day-coded < window || !sg.concernAt(visits, i, per.birth) {
			continue
		}
		coded = a.day
		x := w.b.Encounters[rows[i]] // a copy: the review below appends
		w.codeConcern(per, x.EncounterID, x.StartTime.AddMinutes(10))
		s := per.stream(w.plan.Opts.Seed, purposeSafeguarding, uint64(a.day))
		review := a.day + models.Date(between(sg.ReviewDays, &s))
		if review > per.lastDay || !planned(per, review) {
			continue
		}
		// The review is about the child, not the attendance's injury or
		// infection, which has settled or is another contact's; a long-term
		// condition (asthma, eczema) stays its reason. A review about a
		// resolved head injury read as a GP visit about a closed problem.
		reason := ""
		if c := w.conditionRow(per, x.ReasonConditionID); c != nil && c.Chronic {
			reason = c.ConditionID
		}
		if id, at, ok := w.gpVisitFor(per, review, sg.kind, sg.ct, reason, &s); ok {
			w.codeConcern(per, id, at.AddMinutes(5))
		}
	}
}
