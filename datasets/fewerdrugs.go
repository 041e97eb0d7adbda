package datasets

import "fmt"

// checkFewerDrugs checks end_of_life's deprescribe_after_entry and
// fewer_drugs: a range of days after the register entry within the
// shortest register time, and lines of a condition's pathway, with a source.
func checkFewerDrugs(c *Catalogue, e *EndOfLife) error {
	if r := e.DeprescribeAfterEntry; r != [2]int{} && (r[0] < 1 || r[1] < r[0] || r[1] >= e.CareDaysBefore[0]) {
		return fmt.Errorf("end_of_life: deprescribe_after_entry needs a range [least, most] from 1, within care_days_before's least")
	}
	for _, f := range e.FewerDrugs {
		if len(f.Classes) > 0 {
			if err := checkClassEntry(&f); err != nil {
				return err
			}
			continue
		}
		cond, ok := c.Condition(f.Condition)
		if !ok || f.Source == "" || len(f.StopLines) == 0 {
			return fmt.Errorf("end_of_life: fewer_drugs %q needs a condition, stop_lines and a source", f.Condition)
		}
		for _, l := range f.StopLines {
			if l < 1 || l > len(cond.Treatment) {
				return fmt.Errorf("end_of_life: fewer_drugs %s: no line %d", f.Condition, l)
			}
		}
		if err := checkLastDays(e, &f); err != nil {
			return fmt.Errorf("end_of_life: fewer_drugs %s: %w", f.Condition, err)
		}
	}
	return nil
}

// checkLastDays checks a fewer_drugs entry's dying-phase stop: last_days
// within the shortest register time (the register review comes first),
// with its source; a stop_below of a known observation; then_unmeasured
// known observations, only with a stop.
func checkLastDays(e *EndOfLife, f *FewerDrugs) error {
	if f.LastDays < 0 || f.LastDays >= e.CareDaysBefore[0] || (f.LastDays > 0) != (f.LastSource != "") {
		return fmt.Errorf("last_days needs a number of days under care_days_before's least, and last_source")
	}
	if b := f.StopBelow; b != nil {
		if _, ok := ObservationByKey(b.Observation); !ok || b.Below <= 0 || f.LastDays == 0 {
			return fmt.Errorf("stop_below needs a known observation, a value and last_days")
		}
	}
	for _, o := range f.ThenUnmeasured {
		if _, ok := ObservationByKey(o); !ok || f.StopBelow == nil {
			return fmt.Errorf("then_unmeasured: unknown observation %q, or no stop_below", o)
		}
	}
	return nil
}

// checkClassEntry checks a fewer_drugs entry that names classes: known
// classes with a source, stopped at the register review (no condition,
// lines or last_days of its own).
func checkClassEntry(f *FewerDrugs) error {
	if f.Condition != "" || len(f.StopLines) > 0 || f.LastDays != 0 || f.Source == "" {
		return fmt.Errorf("end_of_life: fewer_drugs classes %v: a source, and no condition, stop_lines or last_days", f.Classes)
	}
	for _, cl := range f.Classes {
		if !knownClasses()[cl] {
			return fmt.Errorf("end_of_life: fewer_drugs: unknown class %q", cl)
		}
	}
	return nil
}
