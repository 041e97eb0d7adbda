package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
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

// concerning reports whether an attendance at ageDays, an injury or not,
// with attended attendances and injuries among them in the window up to
// it, is a safeguarding concern: an injury while not yet mobile, repeated
// injuries, or injuries among frequent attendances.
func (sg *safeguardingPlan) concerning(injury bool, ageDays, attended, injuries int) bool {
	return injury && (ageDays < sg.NotMobileDays || injuries >= sg.RepeatInjuries ||
		injuries >= sg.FrequentInjuries && attended >= sg.FrequentAttendances)
}

// childSafeguarding answers a young child's pattern of A&E attendances
// (child_health.yaml safeguarding; NICE CG89): an injury while not yet
// mobile, or repeated injuries within the window (or injuries among
// frequent attendances), is coded as a
// safeguarding concern at the attendance that completes the pattern, and
// that or frequent attendance brings the health visitor's review some days
// later, about the attendance's reason. A GP read a child with 18 A&E
// attendances and 3 head injuries by 4 whose record showed no response
// (generate -n 3000 -s 31). One response per window; each review's day is
// drawn on a stream keyed by the attendance's day, so --as-of only cuts.
func (w *worker) childSafeguarding(per *person) {
	sg := &w.plan.child.sg
	if per.birth+models.Date(365*(sg.MaxAge+1)) < per.firstDay {
		return // a grown-up before the record began
	}
	type attendance struct {
		e      int
		day    models.Date
		injury bool
	}
	var seen []attendance
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		if x.Setting != settingAE || per.ageOn(x.StartTime.Date()) >= sg.MaxAge {
			continue
		}
		injury := false
		if c := w.conditionRow(per, x.ReasonConditionID); c != nil {
			injury = sg.injury[c.ConditionKey]
		}
		seen = append(seen, attendance{e, x.StartTime.Date(), injury})
	}
	if len(seen) == 0 {
		return
	}
	slices.SortStableFunc(seen, func(a, b attendance) int { return int(a.day - b.day) })
	window := models.Date(sg.WindowDays)
	// The last concern coded: a concern is not coded again within the
	// window, and each concern coded brings one review.
	coded := models.NoDate
	for i, a := range seen {
		if a.day < per.firstDay {
			continue
		}
		attended, injuries := 0, 0
		for _, b := range seen[:i+1] {
			if a.day-b.day < window {
				attended++
				if b.injury {
					injuries++
				}
			}
		}
		concern := sg.concerning(a.injury, int(a.day-per.birth), attended, injuries)
		code := concern && (coded == models.NoDate || a.day-coded >= window)
		// Only a concern coded brings the review (merge fix): a review for
		// frequent attendance alone had nothing to be about once the
		// attendance's problem had settled.
		if !code {
			continue
		}
		x := w.b.Encounters[a.e] // a copy: the review below appends
		if code {
			coded = a.day
			o := w.observation(per, x.EncounterID, x.StartTime.AddMinutes(10), &sg.concern)
			o.ValueCode, o.ValueDisplay = sg.concern.Snomed, sg.concern.Term // the finding, coded as present
			w.b.Observations = append(w.b.Observations, o)
		}
		s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeSafeguarding, uint64(a.day))
		day := a.day + models.Date(between(sg.ReviewDays, &s))
		if day > per.lastDay || !planned(per, day) {
			continue
		}
		// The review is about the child, not the attendance's injury or
		// infection, which has settled or is another contact's; a long-term
		// condition (asthma, eczema) stays its reason. Before, a review about
		// a resolved head injury read as a GP visit about a closed problem.
		reason := ""
		if c := w.conditionRow(per, x.ReasonConditionID); c != nil && c.Chronic {
			reason = c.ConditionID
		}
		// The health visitor's review records the concern it reviews.
		if id, at, ok := w.gpVisitFor(per, day, sg.kind, sg.ct, reason, &s); ok {
			o := w.observation(per, id, at.AddMinutes(5), &sg.concern)
			o.ValueCode, o.ValueDisplay = sg.concern.Snomed, sg.concern.Term
			w.b.Observations = append(w.b.Observations, o)
		}
	}
}
