package datasets

import (
	"fmt"
	"slices"
)

// checkIfRuledOut reports a treatment line's if_ruled_out that cannot be
// used: every medicine known, and a source.
func (l *TreatmentLine) checkIfRuledOut(drugKnown func(string) error) error {
	for _, o := range l.Options {
		if r := o.ResultAtMost; r != nil {
			if _, ok := ObservationByKey(r.Observation); !ok || r.AtMost <= 0 || r.WithinDays < 0 || len(l.IfRuledOut) == 0 {
				return fmt.Errorf("option %s: result_at_most needs a known observation, an at_most and the line's if_ruled_out", o.Drug)
			}
		}
	}
	if len(l.IfRuledOut) == 0 {
		if l.IfRuledOutSource != "" {
			return fmt.Errorf("if_ruled_out_source without if_ruled_out")
		}
		return nil
	}
	if l.IfRuledOutSource == "" {
		return fmt.Errorf("if_ruled_out needs if_ruled_out_source")
	}
	for _, m := range l.IfRuledOut {
		if err := drugKnown(m); err != nil {
			return fmt.Errorf("if_ruled_out: %w", err)
		}
	}
	if (len(l.IfRuledOutEffects) > 0) != (l.IfRuledOutEffectsSource != "") {
		return fmt.Errorf("if_ruled_out_effects and if_ruled_out_effects_source go together")
	}
	for m, effects := range l.IfRuledOutEffects {
		if !slices.Contains(l.IfRuledOut, m) || len(effects) == 0 {
			return fmt.Errorf("if_ruled_out_effects: %q is not an if_ruled_out medicine, or has no effects", m)
		}
	}
	return nil
}

// rulesOut reports whether one of the reasons is a rules_out reason.
func (u *Untreated) rulesOut() bool {
	for _, r := range u.Reasons {
		if r.RulesOut {
			return true
		}
	}
	return false
}
