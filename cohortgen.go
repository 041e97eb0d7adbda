// Package cohortgen generates fully synthetic patient populations for
// England and writes them as Parquet, Arrow and (later) FHIR datasets.
//
// This package is the library entry point: Generate runs the generator into
// a crash-safe output folder and writes its manifest. The command line in
// cmd/cohortgen is a thin wrapper around it.
package cohortgen

import (
	"context"
	"fmt"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/fhirload"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/openehrload"
)

// Version is the generator version recorded in every manifest.
const Version = "0.1.0"

// Config is one generate run.
type Config struct {
	generator.Options
	Out     string   // output folder
	Force   bool     // replace an earlier cohortgen dataset in Out (never anything else)
	Formats []string // see Formats
	// Writers are the writers' settings (Parquet compression, ...).
	Writers WriterOptions
	// ScenarioSHA256 is the checksum of the scenario file (recorded in the
	// manifest) when Options.Scenario was read from one.
	ScenarioSHA256 string
	// Progress, if set, is called with patients finished so far, from
	// several goroutines.
	Progress func(done int64)
	// Notify, if set, receives one-line notices about the output folder
	// (a staging folder left by a killed run, removed).
	Notify func(line string)
}

// ownFiles are the files other cohortgen commands add to a dataset: the FHIR
// and openEHR loaders' checkpoints and their temporary files. --force still
// replaces such a dataset.
var ownFiles = []string{fhirload.StateFile, fhirload.StateFile + ".tmp*", openehrload.StateFile, openehrload.StateFile + ".tmp*"}

// OwnFiles returns the name patterns of the files other cohortgen commands
// add at the top of a dataset (see ownFiles).
func OwnFiles() []string { return append([]string(nil), ownFiles...) }

// RunInfo is what a sink may need to know about the run.
type RunInfo struct {
	AsOf          models.Date
	Delta         bool   // a delta run (--since): patient tables carry each row's operation
	Shard         string // "" for a whole run, else e.g. "shard1of4"
	FirstPatient  int64  // index of the run's (or shard's) first patient
	Practices     []models.Practice
	Practitioners []models.Practitioner
}

// Generate runs cfg and returns the manifest it wrote. On any error,
// including cancellation, the output folder is left exactly as it was. A
// bucket URL, or a shard of a sharded run, is written by generateToRoot
// instead (root.go).
func Generate(ctx context.Context, cfg Config) (*Manifest, error) {
	if err := CheckFormats(cfg.Formats); err != nil {
		return nil, err
	}
	if err := cfg.Writers.Check(); err != nil {
		return nil, err
	}
	if err := CheckDelta(cfg); err != nil {
		return nil, err
	}
	if writesToRoot(cfg) {
		return generateToRoot(ctx, cfg)
	}
	out := dataset.Options{Force: cfg.Force, OwnFiles: ownFiles, Notify: cfg.Notify}
	if err := dataset.Check(cfg.Out, out); err != nil {
		return nil, err // refused before the plan is even made
	}
	plan, err := generator.NewPlan(cfg.Options)
	if err != nil {
		return nil, err
	}
	stage, err := dataset.Begin(cfg.Out, out)
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			stage.Abort()
		}
	}()
	reg := outfile.NewRegistry(stage.Dir)
	res, err := generator.Run(ctx, plan, openSinks(cfg, reg, runInfo(cfg, plan)), cfg.Progress)
	if err != nil {
		return nil, err
	}
	m := newManifest(cfg, plan, res, reg.Records())
	if err := m.write(stage.Dir); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	committed = true
	return m, nil
}

// runInfo is what the sinks are told about the run.
func runInfo(cfg Config, plan *generator.Plan) RunInfo {
	first, _ := cfg.Shard.Range(cfg.Patients)
	run := RunInfo{AsOf: cfg.AsOf, Delta: cfg.Since != models.NoDate, FirstPatient: first, Practices: plan.Practices(), Practitioners: plan.Practitioners()}
	if !cfg.Shard.IsWhole() {
		run.Shard = fmt.Sprintf("shard%dof%d", cfg.Shard.K, cfg.Shard.N)
	}
	return run
}
