package datasets

// LevelSteps is how a medicine titrated to its own blood level moves its
// dose by the level a monitoring test reads (brief h70f, issue 9: lithium
// was issued at 800 mg at night from the first day, and levels of 0.4 and
// 1.15 changed nothing). The level read scales with the dose: the
// observation's usual level is the person's at the top regimen step, and a
// lower step reads it times the step's effect (regimens.csv; lithium's
// kinetics are linear in the dose, model). A level below RaiseBelow at a
// test within RaiseWithinDays of the start (or of the last change) raises
// the dose one step; a level above LowerAbove at any test lowers it one.
type LevelSteps struct {
	RaiseBelow      float64 `yaml:"raise_below"`
	RaiseWithinDays int     `yaml:"raise_within_days"`
	LowerAbove      float64 `yaml:"lower_above"`
	Source          string  `yaml:"source"`
}

// check checks a monitoring entry's level steps: a raise level below the
// lower level, a window of days and a source.
func (l *LevelSteps) check(m *Monitoring) error {
	if l == nil {
		return nil
	}
	ok := l.RaiseBelow > 0 && l.LowerAbove > l.RaiseBelow && l.RaiseWithinDays > 0
	return m.checkDoseSteps("level_steps", ok, l.Source, "0 < raise_below < lower_above, raise_within_days above 0, start_days and a source")
}
