package cohortgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// ManifestName is the manifest's file name in the dataset folder.
const ManifestName = dataset.ManifestName

// Manifest describes a dataset: what made it, with which options, and every
// file with its size and SHA-256. It holds nothing that varies between two
// runs of the same command (no clock, no worker count, no paths outside the
// dataset), so the manifest itself is reproducible byte for byte.
type Manifest struct {
	Generator string `json:"generator"`
	Version   string `json:"version"`
	Seed      uint64 `json:"seed"`
	Patients  int64  `json:"patients"`
	AsOf      string `json:"as_of"`
	// PopulationDate and Horizon define the lives (with the seed and the
	// options); AsOf only cuts them. Since is set on a delta dataset: it
	// holds what changed after that day (docs/living-sandbox.md).
	PopulationDate string            `json:"population_date"`
	Horizon        string            `json:"horizon"`
	Since          string            `json:"since,omitempty"`
	HistoryYears   int               `json:"history_years"`
	Region         string            `json:"region"`
	NHSNumbers     string            `json:"nhs_numbers"`
	Formats        []string          `json:"formats"`
	Writers        map[string]string `json:"writer_options,omitempty"` // settings that change bytes (WriterOptions)
	Shard          string            `json:"shard"`
	Shards         int               `json:"shards,omitempty"` // set by verify: the shards the dataset was assembled from
	PatientRange   [2]int64          `json:"patient_range"`    // [first, end) of this shard
	Parts          int               `json:"parts"`
	Tables         map[string]int64  `json:"tables"` // rows per table
	Scenario       *ScenarioInfo     `json:"scenario,omitempty"`
	Files          []outfile.Record  `json:"files"`
}

// ScenarioInfo records the scenario a dataset was generated from.
type ScenarioInfo struct {
	Name       string              `json:"name"`
	SHA256     string              `json:"sha256,omitempty"` // of the scenario file, when read from one
	Cohorts    []CohortInfo        `json:"cohorts"`
	Background int64               `json:"background"`
	Prevalence []PrevalenceSetting `json:"prevalence_overrides,omitempty"`
	// Population is who the ordinary patients are, when the scenario
	// restricts their ages or sex: stats compares their structure with it.
	Population *PopulationInfo `json:"population,omitempty"`
}

// PopulationInfo is a scenario population's age and sex restriction.
type PopulationInfo struct {
	AgeMin   int              `json:"age_min,omitempty"`
	AgeMax   int              `json:"age_max,omitempty"` // 0: no upper bound
	Sex      string           `json:"sex,omitempty"`
	AgeBands []AgeBandSetting `json:"age_bands,omitempty"`
}

// AgeBandSetting is a custom age band's share of the population.
type AgeBandSetting struct {
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Weight float64 `json:"weight"`
}

// CohortInfo is one cohort, subgroup or persona and its patient indexes.
type CohortInfo struct {
	Name  string   `json:"name"` // as in the patients table's cohort column
	Range [2]int64 `json:"patient_range"`
	// Constraints say in words what every member satisfies.
	Constraints string `json:"constraints,omitempty"`
}

// PrevalenceSetting is a prevalence override as applied.
type PrevalenceSetting struct {
	Condition string   `json:"condition"`
	Multiply  *float64 `json:"multiply,omitempty"`
	Set       *float64 `json:"set_percent,omitempty"`
	AgeMin    int      `json:"age_min,omitempty"`
	AgeMax    int      `json:"age_max,omitempty"`
}

func newManifest(cfg Config, plan *generator.Plan, res generator.Result, files []outfile.Record) *Manifest {
	first, end := cfg.Shard.Range(cfg.Patients)
	region := cfg.Region
	if region == "" {
		region = "england"
	}
	nhs := "test-range"
	if cfg.ExtendedNHSNumbers {
		nhs = "extended"
	}
	if files == nil {
		files = []outfile.Record{}
	}
	since := ""
	if cfg.Since != models.NoDate {
		since = cfg.Since.String()
	}
	return &Manifest{
		Generator:      "cohortgen",
		Version:        Version,
		Seed:           cfg.Seed,
		Patients:       cfg.Patients,
		AsOf:           cfg.AsOf.String(),
		PopulationDate: cfg.Population().String(),
		Horizon:        cfg.SimulatedTo().String(),
		Since:          since,
		HistoryYears:   cfg.HistoryYears,
		Region:         region,
		NHSNumbers:     nhs,
		Formats:        cfg.Formats,
		Writers:        cfg.Writers.record(),
		Shard:          cfg.Shard.String(),
		PatientRange:   [2]int64{first, end},
		Parts:          res.Parts,
		Tables:         res.Rows,
		Scenario:       scenarioInfo(cfg, plan),
		Files:          files,
	}
}

func scenarioInfo(cfg Config, plan *generator.Plan) *ScenarioInfo {
	sc := cfg.Scenario
	if sc == nil {
		return nil
	}
	info := &ScenarioInfo{Name: sc.Name, SHA256: cfg.ScenarioSHA256, Background: sc.Background, Cohorts: []CohortInfo{}}
	described := sc.Describe()
	for _, seg := range plan.Layout() {
		info.Cohorts = append(info.Cohorts, CohortInfo{Name: seg.Name, Range: [2]int64{seg.First, seg.End}, Constraints: described[seg.Name]})
	}
	for _, o := range sc.Prevalence {
		info.Prevalence = append(info.Prevalence, PrevalenceSetting{Condition: o.Condition, Multiply: o.Multiply, Set: o.Set, AgeMin: o.AgeMin, AgeMax: o.AgeMax})
	}
	if pop := sc.Population; pop.Restricted() {
		info.Population = &PopulationInfo{AgeMin: pop.AgeMin, AgeMax: pop.AgeMax, Sex: pop.Sex}
		for _, b := range pop.AgeBands {
			info.Population.AgeBands = append(info.Population.AgeBands, AgeBandSetting{Min: b.Min, Max: b.Max, Weight: b.Weight})
		}
	}
	return info
}

func (m *Manifest) write(dir string) error {
	b, err := m.encode()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
}

// encode is the manifest file's bytes.
func (m *Manifest) encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	return append(b, '\n'), err
}

// ReadManifest loads a dataset's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// ErrDelta is returned for a delta dataset where a whole record is needed.
var ErrDelta = errors.New("a delta dataset")

// Dates reads the manifest's as-of date and the first day of its history
// window (the population date minus the history years; a manifest written
// before population dates existed has its as-of date in their place). It
// refuses a delta dataset (generate --since), which holds only changes: the
// tools that describe a whole record (stats, audit) need the full dataset.
func (m *Manifest) Dates() (asOf, historyStart models.Date, err error) {
	if m.Since != "" {
		return 0, 0, fmt.Errorf("%w (what changed from %s to %s): it holds changed rows only; use the full dataset made with --as-of %s instead", ErrDelta, m.Since, m.AsOf, m.AsOf)
	}
	a, err := time.Parse(time.DateOnly, m.AsOf)
	if err != nil {
		return 0, 0, fmt.Errorf("manifest as_of %q: %w", m.AsOf, err)
	}
	pop := a
	if m.PopulationDate != "" {
		if pop, err = time.Parse(time.DateOnly, m.PopulationDate); err != nil {
			return 0, 0, fmt.Errorf("manifest population_date %q: %w", m.PopulationDate, err)
		}
	}
	return models.DateOf(a), models.DateOf(pop.AddDate(-m.HistoryYears, 0, 0)), nil
}

// TotalBytes is the size of all data files.
func (m *Manifest) TotalBytes() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Bytes
	}
	return n
}

// TableOrder lists tables in the order summaries show them.
var TableOrder = []string{models.TablePatients, models.TablePractices, models.TablePractitioners, models.TableConditions,
	models.TableEncounters, models.TablePrescriptions, models.TableObservations, models.TableImmunisations,
	models.TableAllergies, models.TableRegistrations}
