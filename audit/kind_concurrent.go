package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// span is something active on [from, until): a prescription or a condition,
// in one group of a concurrent rule, identified by what makes two of them
// distinct (the medicine, or the condition code).
type span struct {
	group       int
	ident       string
	from, until models.Date
}

// overlap finds the first day on which every group has at least need[g]
// distinct idents active at once, by sweeping the spans' start and end
// days. It returns that day and the idents active on it. Spans are few per
// patient, so sorting them costs little.
func overlap(spans []span, need []int, buf *[]edge) (models.Date, []string, bool) {
	edges := (*buf)[:0]
	for i := range spans {
		edges = append(edges, edge{spans[i].from, true, i}, edge{spans[i].until, false, i})
	}
	// Ends before starts on the same day: a course ending the day before
	// another begins does not overlap it.
	slices.SortFunc(edges, func(a, b edge) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		if a.start == b.start {
			return 0
		}
		if a.start {
			return 1
		}
		return -1
	})
	*buf = edges
	active := make([]int, len(spans)) // per span: 1 while active
	for _, e := range edges {
		if !e.start {
			active[e.span] = 0
			continue
		}
		active[e.span] = 1
		if ids, ok := satisfied(spans, active, need); ok {
			return e.day, ids, true
		}
	}
	return 0, nil, false
}

type edge struct {
	day   models.Date
	start bool
	span  int
}

// satisfied checks every group's count of distinct active idents.
func satisfied(spans []span, active []int, need []int) ([]string, bool) {
	var ids []string
	for g, n := range need {
		var distinct []string
		for i := range spans {
			if active[i] == 1 && spans[i].group == g && !slices.Contains(distinct, spans[i].ident) {
				distinct = append(distinct, spans[i].ident)
			}
		}
		if len(distinct) < n {
			return nil, false
		}
		ids = append(ids, distinct...)
	}
	return ids, true
}

// concurrent_drugs: at some day, each group of `drugs` has at least `count`
// (default 1) distinct medicines active at once, e.g. one group of
// raas_blocker with count 2 (dual blockade), or nsaid + anticoagulant.
// Counts patients; the denominator is patients with any drug of the first
// group.
func compileConcurrentDrugs(x *index, r *datasets.Rule) (evalFunc, error) {
	var groups []drugSet
	var need []int
	total := 0
	for _, d := range r.Drugs {
		if len(d.Medicines)+len(d.Classes)+len(d.Products) == 0 {
			return nil, fmt.Errorf("each group of drugs needs medicines, classes or products")
		}
		g := x.drugSet(d)
		groups, need, total = append(groups, g), append(need, g.count), total+g.count
	}
	if total < 2 {
		return nil, fmt.Errorf("drugs must need at least two medicines at once (two groups, or a count of 2)")
	}
	// A medicine in two groups would let one prescription satisfy both.
	for m := range x.medKeys {
		in := 0
		for _, g := range groups {
			if g.meds[m] {
				in++
			}
		}
		if in > 1 {
			return nil, fmt.Errorf("medicine %s is in more than one group", x.medKeys[m])
		}
	}
	return func(v *view, t *tally) {
		spans := v.spans[:0]
		first := false
		for i := range v.rx {
			rx := &v.rx[i]
			for g := range groups {
				if rx.med >= 0 && groups[g].match(rx) {
					spans = append(spans, span{g, x.medKeys[rx.med], rx.start, rx.until})
					first = first || g == 0
				}
			}
		}
		v.spans = spans
		judgeOverlap(v, t, first, need, "%s at once from %s")
	}, nil
}

// concurrent_conditions: at some day, each group of `conditions` has at
// least `count` distinct codes active at once (type 1 with type 2
// diabetes; two CKD stages). Counts patients; the denominator is patients
// with any condition of the first group.
func compileConcurrentConditions(x *index, r *datasets.Rule) (evalFunc, error) {
	var groups []condSet
	var need []int
	total := 0
	for _, c := range r.Conditions {
		g := x.condSet(c)
		groups, need, total = append(groups, g), append(need, g.count), total+g.count
	}
	if total < 2 {
		return nil, fmt.Errorf("conditions must need at least two at once (two groups, or a count of 2)")
	}
	return func(v *view, t *tally) {
		spans := v.spans[:0]
		first := false
		for i := range v.conds {
			c := &v.conds[i]
			for g := range groups {
				if groups[g].match(c) {
					spans = append(spans, span{g, c.code, c.onset, c.until})
					first = first || g == 0
				}
			}
		}
		v.spans = spans
		judgeOverlap(v, t, first, need, "codes %s active together from %s")
	}, nil
}

// judgeOverlap counts the patient when the first group has a member, and
// fails them when the groups' spans overlap as many as need asks; format
// takes the joined ids and the first day.
func judgeOverlap(v *view, t *tally, first bool, need []int, format string) {
	if !first {
		return
	}
	t.count(1)
	if day, ids, ok := overlap(v.spans, need, &v.edges); ok {
		t.fail(func() string { return fmt.Sprintf(format, strings.Join(ids, " + "), day) })
	}
}
