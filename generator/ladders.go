package generator

import (
	"github.com/code4health/cohortgen/datasets"
)

// A line option that asks for a titration ladder of its own (catalogue
// `ladder:`, regimens.csv ladder column) or an availability date (`from:`)
// prescribes the medicine through a medPlan of its own: the same medicine
// and prescribing rules with the ladder's regimens and the date (tenth
// review: bisoprolol for heart failure starts at 1.25 mg and is stepped up
// to 10 mg; dapagliflozin for heart failure not before NICE TA679). The
// medicine is the same, so a course of it started for another condition
// covers the line (and keeps its own dose).

// optionPlan is the medPlan a line option prescribes through: the
// medicine's own, or a copy with the option's ladder and date.
func (p *Plan) optionPlan(o datasets.DrugOption) *medPlan {
	base := p.medPlans[o.Drug]
	if base == nil || (o.Ladder == "" && o.From.IsZero()) {
		return base
	}
	key := o.Drug + "|" + o.Ladder + "|" + o.From.Date().String()
	if m, ok := p.optionPlans[key]; ok {
		return m
	}
	m := *base
	m.ladder, m.from = o.Ladder, max(base.from, o.From.Date()) // the later of the launch and the line's date
	if o.Ladder != "" {
		m.regimens = datasets.LadderRegimens(o.Drug, o.Ladder)
		m.renal = ladderRenal(base, &m)
	}
	if p.optionPlans == nil {
		p.optionPlans = map[string]*medPlan{}
	}
	p.optionPlans[key] = &m
	return &m
}

// eachMedPlan calls f with every medPlan: the medicines' own and the line
// options' copies (for what is resolved after the lines: allergies).
func (p *Plan) eachMedPlan(f func(key string, m *medPlan)) {
	for key, m := range p.medPlans {
		f(key, m)
	}
	for _, m := range p.optionPlans {
		f(m.med.Key, m)
	}
}

// ladderRenal is the medicine's renal rule on a ladder of its own: the rule
// names steps of the usual ladder (prescribing.yaml max_step, reduce), and a
// step is a dose, so on the other ladder it is the step with the same
// product (ramipril below eGFR 30: at most 5 mg, step 1 of the usual ladder,
// step 2 of heart failure's from 1.25 mg). A step with no such product keeps
// its number.
func ladderRenal(base, m *medPlan) *datasets.RenalRule {
	if base.renal == nil {
		return nil
	}
	r := *base.renal
	r.MaxStep = sameDoseStep(base, m, r.MaxStep)
	r.Caps = nil
	for _, c := range base.renal.Caps {
		r.Caps = append(r.Caps, datasets.RenalCap{Below: c.Below, MaxStep: sameDoseStep(base, m, c.MaxStep)})
	}
	r.Reduce = nil
	for _, b := range base.renal.Reduce {
		r.Reduce = append(r.Reduce, datasets.RenalDose{Below: b.Below, Step: sameDoseStep(base, m, b.Step)})
	}
	return &r
}

// sameDoseStep is the step of m's ladder that prescribes the adult product
// of base's step (the highest such step), or step when none does.
func sameDoseStep(base, m *medPlan, step int) int {
	code := ""
	for _, g := range base.regimens {
		if g.Step == step && g.MaxAge >= 18 {
			code = g.DMDCode
		}
	}
	out := -1
	for _, g := range m.regimens {
		if code != "" && g.DMDCode == code && g.MaxAge >= 18 && g.Step > out {
			out = g.Step
		}
	}
	if out < 0 {
		return step
	}
	return out
}
