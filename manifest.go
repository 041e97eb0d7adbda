package cohortgen

import (
	"encoding/json"
	"os"
	"path/filepath"

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
	Generator    string            `json:"generator"`
	Version      string            `json:"version"`
	Seed         uint64            `json:"seed"`
	Patients     int64             `json:"patients"`
	AsOf         string            `json:"as_of"`
	HistoryYears int               `json:"history_years"`
	Region       string            `json:"region"`
	NHSNumbers   string            `json:"nhs_numbers"`
	Formats      []string          `json:"formats"`
	Writers      map[string]string `json:"writer_options,omitempty"` // settings that change bytes (WriterOptions)
	Shard        string            `json:"shard"`
	Shards       int               `json:"shards,omitempty"` // set by verify: the shards the dataset was assembled from
	PatientRange [2]int64          `json:"patient_range"`    // [first, end) of this shard
	Parts        int               `json:"parts"`
	Tables       map[string]int64  `json:"tables"` // rows per table
	Scenario     *ScenarioInfo     `json:"scenario,omitempty"`
	Files        []outfile.Record  `json:"files"`
}

// ScenarioInfo records the scenario a dataset was generated from.
type ScenarioInfo struct {
	Name       string              `json:"name"`
	SHA256     string              `json:"sha256,omitempty"` // of the scenario file, when read from one
	Cohorts    []CohortInfo        `json:"cohorts"`
	Background int64               `json:"background"`
	Prevalence []PrevalenceSetting `json:"prevalence_overrides,omitempty"`
}

// CohortInfo is one cohort, subgroup or persona and its patient indexes.
type CohortInfo struct {
	Name  string   `json:"name"` // as in the patients table's cohort column
	Range [2]int64 `json:"patient_range"`
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
	return &Manifest{
		Generator:    "cohortgen",
		Version:      Version,
		Seed:         cfg.Seed,
		Patients:     cfg.Patients,
		AsOf:         cfg.AsOf.String(),
		HistoryYears: cfg.HistoryYears,
		Region:       region,
		NHSNumbers:   nhs,
		Formats:      cfg.Formats,
		Writers:      cfg.Writers.record(),
		Shard:        cfg.Shard.String(),
		PatientRange: [2]int64{first, end},
		Parts:        res.Parts,
		Tables:       res.Rows,
		Scenario:     scenarioInfo(cfg, plan),
		Files:        files,
	}
}

func scenarioInfo(cfg Config, plan *generator.Plan) *ScenarioInfo {
	sc := cfg.Scenario
	if sc == nil {
		return nil
	}
	info := &ScenarioInfo{Name: sc.Name, SHA256: cfg.ScenarioSHA256, Background: sc.Background, Cohorts: []CohortInfo{}}
	for _, seg := range plan.Layout() {
		info.Cohorts = append(info.Cohorts, CohortInfo{Name: seg.Name, Range: [2]int64{seg.First, seg.End}})
	}
	for _, o := range sc.Prevalence {
		info.Prevalence = append(info.Prevalence, PrevalenceSetting{Condition: o.Condition, Multiply: o.Multiply, Set: o.Set, AgeMin: o.AgeMin, AgeMax: o.AgeMax})
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
	models.TableAllergies}
