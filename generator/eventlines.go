package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
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
			w.eventLineNotTaken(per, hc, li, el.NotTaken)
			continue
		}
		at, _ := slices.BinarySearchFunc(hc.planned, li, func(pl plannedRx, li int) int { return pl.line - li })
		hc.planned = slices.Insert(hc.planned, at, plannedRx{line: li, start: hc.onset})
	}
}

// eventLineNotTaken notes that the event left line li out, when the event
// gives reasons for it (rs): which one is drawn as a line's is (its own
// stream, linenottaken.go) and coded at the condition's first review
// (codeLineNotTaken). Brief h71e: 31 of 200 people alive 120 days after an
// MI had no beta-blocker and nothing on the record to say why (NICE NG185
// 1.3: offer one to everyone after an MI). A line held by its needs
// (hc.unmet) is not offered, so nothing is declined.
func (w *worker) eventLineNotTaken(per *person, hc *heldCondition, li int, rs []datasets.UntreatedReason) {
	if len(rs) == 0 || li >= len(hc.lineWhy) || hc.unmet&(1<<li) != 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeLineNotTaken, uint64(hc.plan.idx), uint64(li))
	hc.lineNot |= 1 << li
	hc.eventNot |= 1 << li
	hc.lineWhy[li] = uint8(pickReason(rs, &s))
}

// eventNotTaken is the reasons the onset event gives for line li not
// given (nil: none).
func eventNotTaken(c *condPlan, li int) []datasets.UntreatedReason {
	for _, el := range c.OnsetEvent.Lines {
		if c.LineIndex(el.Line) == li {
			return el.NotTaken
		}
	}
	return nil
}
