package cohortgen

import (
	"fmt"
	"slices"
)

// CheckDeltaBase checks that delta (a dataset made with --since) applies to
// base: the same lives (generator, seed, population, options, horizon and
// scenario) and a base cut on the day the delta starts from. It names the
// first difference.
func CheckDeltaBase(delta, base *Manifest) error {
	switch {
	case delta.Since == "":
		return fmt.Errorf("the dataset is not a delta: its manifest has no since date")
	case base.Since != "":
		return fmt.Errorf("the base is itself a delta (since %s): give the full dataset it was applied to", base.Since)
	case delta.Since != base.AsOf:
		return fmt.Errorf("the delta holds what changed after %s, but the base is the record as of %s", delta.Since, base.AsOf)
	}
	same := []struct {
		what        string
		delta, base any
	}{
		{"generator version", delta.Version, base.Version},
		{"seed", delta.Seed, base.Seed},
		{"patients", delta.Patients, base.Patients},
		{"population date", delta.PopulationDate, base.PopulationDate},
		{"horizon", delta.Horizon, base.Horizon},
		{"history years", delta.HistoryYears, base.HistoryYears},
		{"region", delta.Region, base.Region},
		{"NHS numbers", delta.NHSNumbers, base.NHSNumbers},
		{"scenario", scenarioKey(delta), scenarioKey(base)},
	}
	for _, s := range same {
		if s.delta != s.base {
			return fmt.Errorf("the delta and the base differ in %s (%v against %v): they are not the same lives", s.what, s.delta, s.base)
		}
	}
	for _, f := range delta.Formats {
		if !slices.Contains(base.Formats, f) {
			return fmt.Errorf("the delta has format %s, which the base lacks", f)
		}
	}
	return nil
}

func scenarioKey(m *Manifest) string {
	if m.Scenario == nil {
		return ""
	}
	return m.Scenario.Name + " " + m.Scenario.SHA256
}
