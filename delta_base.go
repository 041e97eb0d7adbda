package cohortgen

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/storage"
)

// CheckDeltaBase checks that delta (a dataset made with --since) applies to
// base: the same lives (generator, seed, population, options, horizon and
// scenario) and a base that ends on the day the delta starts from (a full
// dataset, or the previous delta of a chain). It names the first
// difference.
func CheckDeltaBase(delta, base *Manifest) error {
	switch {
	case delta.Since == "":
		return fmt.Errorf("the dataset is not a delta: its manifest has no since date")
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

// ReadManifestAt reads the manifest of a complete dataset at a folder or a
// bucket URL.
func ReadManifestAt(ctx context.Context, loc string) (*Manifest, error) {
	st, err := storage.Open(ctx, loc)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	m, err := readManifest(ctx, st)
	if errors.Is(err, storage.ErrNotExist) {
		return nil, fmt.Errorf("%s: no %s (not a complete dataset): %w", storage.Redact(loc), ManifestName, err)
	}
	return m, err
}
