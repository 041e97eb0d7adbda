package datasets

import "fmt"

// checkDoseSteps is the check every rule by which a monitoring entry's tests
// move its dose (level_steps, response) shares: its own figures hold (ok),
// the entry has start_days tests for it to read, and it has a source. needs
// names what the rule needs, for the error.
func (m *Monitoring) checkDoseSteps(field string, ok bool, source, needs string) error {
	if ok && len(m.StartDays) > 0 && source != "" {
		return nil
	}
	return fmt.Errorf("prescribing.yaml: monitoring of %q: %s needs %s", m.Medicine, field, needs)
}
