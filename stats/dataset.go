package stats

import (
	"errors"
	"fmt"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// ErrNotDataset is returned by ComputeDataset for a folder without a
// readable cohortgen manifest.
var ErrNotDataset = errors.New("not a cohortgen dataset")

// readTables are the tables Compute reads.
var readTables = []string{models.TablePatients, models.TableConditions, models.TableEncounters,
	models.TablePrescriptions, models.TableObservations, models.TableImmunisations, models.TableAllergies,
	models.TableRegistrations}

// ComputeDataset reads a dataset's manifest, checks the files it will read
// against it (ErrDamaged), and computes its report, with the targets moved
// by any whole-population prevalence overrides of the scenario it was
// generated from.
func ComputeDataset(dir string) (*Report, error) {
	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", dir, ErrNotDataset, err)
	}
	asOf, start, err := m.Dates()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if err := verifyFiles(dir, m, readTables); err != nil {
		return nil, err
	}
	opts := Options{AsOf: asOf, HistoryYears: m.HistoryYears, HistoryStart: start}
	if m.Scenario != nil {
		for _, c := range m.Scenario.Cohorts {
			opts.Cohorts = append(opts.Cohorts, CohortInfo{Name: c.Name, Constraints: c.Constraints})
		}
	}
	if m.Scenario != nil && m.Scenario.Population != nil {
		opts.Population = populationOf(m.Scenario.Population)
	}
	if m.Scenario != nil {
		for _, o := range m.Scenario.Prevalence {
			if o.AgeMin == 0 && o.AgeMax == 0 {
				opts.Overrides = append(opts.Overrides, Override{Condition: o.Condition, Multiply: o.Multiply, Set: o.Set})
			} else {
				opts.BandOverridden = append(opts.BandOverridden, o.Condition)
			}
		}
	}
	return Compute(dir, opts)
}

// populationOf reads a manifest's scenario population back.
func populationOf(p *cohortgen.PopulationInfo) *scenario.Population {
	pop := &scenario.Population{AgeMin: p.AgeMin, AgeMax: p.AgeMax, Sex: p.Sex}
	for _, b := range p.AgeBands {
		pop.AgeBands = append(pop.AgeBands, scenario.AgeBandWeight{Min: b.Min, Max: b.Max, Weight: b.Weight})
	}
	return pop
}
