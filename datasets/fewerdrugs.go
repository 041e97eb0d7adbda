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
		cond, ok := c.Condition(f.Condition)
		if !ok || f.Source == "" || len(f.StopLines) == 0 {
			return fmt.Errorf("end_of_life: fewer_drugs %q needs a condition, stop_lines and a source", f.Condition)
		}
		for _, l := range f.StopLines {
			if l < 1 || l > len(cond.Treatment) {
				return fmt.Errorf("end_of_life: fewer_drugs %s: no line %d", f.Condition, l)
			}
		}
	}
	return nil
}
