package generator

import (
	"slices"
)

// An onset event may make later treatment lines more likely than the
// condition's plan does (catalogue onset_event lines; thirteenth review):
// after a myocardial infarction NICE NG185 offers a beta-blocker to
// everyone, where coronary heart disease found as stable angina takes one
// by its line's own chance. Once the event is known to have happened (the
// admission it presents in), such a line not already planned is planned
// from the diagnosis with the chance that brings it to the event's
// probability in all: (pe - pl) / (1 - pl) of those the plan left out.
// The draws come from their own stream, so nobody else's change.

// eventLines plans the event's lines for a condition that presented with
// its onset event.
func (w *worker) eventLines(per *person, hc *heldCondition) {
	c := hc.plan
	if len(c.OnsetEvent.Lines) == 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeEventLines, uint64(c.idx))
	for _, el := range c.OnsetEvent.Lines {
		li := c.LineIndex(el.Line)
		u := s.Float64() // drawn for every line, planned or not
		k := slices.IndexFunc(hc.planned, func(pl plannedRx) bool { return pl.line == li })
		if k >= 0 {
			hc.planned[k].start = min(hc.planned[k].start, hc.onset)
			continue
		}
		pl := c.lines[li].Probability
		if u*(1-pl) >= el.Probability-pl {
			continue
		}
		at, _ := slices.BinarySearchFunc(hc.planned, li, func(pl plannedRx, li int) int { return pl.line - li })
		hc.planned = slices.Insert(hc.planned, at, plannedRx{line: li, start: hc.onset})
	}
}
