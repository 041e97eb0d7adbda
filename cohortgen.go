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
	"slices"
	"sort"
	"strings"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/export/openehr"
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

// RunInfo is what a sink may need to know about the run.
type RunInfo struct {
	AsOf          models.Date
	Delta         bool   // a delta run (--since): patient tables carry each row's operation
	Shard         string // "" for a whole run, else e.g. "shard1of4"
	FirstPatient  int64  // index of the run's (or shard's) first patient
	Practices     []models.Practice
	Practitioners []models.Practitioner
}

// SinkFactory creates a format's sink writing under the registry's root.
type SinkFactory func(reg *outfile.Registry, run RunInfo) generator.Sink

var formats = map[string]SinkFactory{}

// RegisterFormat makes a format available to Generate under name.
func RegisterFormat(name string, f SinkFactory) { formats[name] = f }

// Formats lists the registered format names, sorted.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CheckFormats validates a format list.
func CheckFormats(list []string) error {
	if len(list) == 0 {
		return fmt.Errorf("--format: give at least one of %s", strings.Join(Formats(), ", "))
	}
	seen := map[string]bool{}
	for _, f := range list {
		if _, ok := formats[f]; !ok {
			return fmt.Errorf("--format: unknown format %q (known: %s)", f, strings.Join(Formats(), ", "))
		}
		if seen[f] {
			return fmt.Errorf("--format: %q given twice", f)
		}
		seen[f] = true
	}
	return nil
}

// CheckDelta refuses a delta run (Since set) in a format that cannot write
// one.
func CheckDelta(cfg Config) error {
	if cfg.Since != models.NoDate && slices.Contains(cfg.Formats, openehr.Format) {
		return fmt.Errorf("--since: the openehr format does not write deltas yet (use parquet, arrow, fhir-ndjson or fhir-bundle)")
	}
	return nil
}

// Generate runs cfg and returns the manifest it wrote. On any error,
// including cancellation, the output folder is left exactly as it was.
func Generate(ctx context.Context, cfg Config) (*Manifest, error) {
	if err := CheckFormats(cfg.Formats); err != nil {
		return nil, err
	}
	if err := CheckDelta(cfg); err != nil {
		return nil, err
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
	first, _ := cfg.Shard.Range(cfg.Patients)
	run := RunInfo{AsOf: cfg.AsOf, Delta: cfg.Since != models.NoDate, FirstPatient: first, Practices: plan.Practices(), Practitioners: plan.Practitioners()}
	if !cfg.Shard.IsWhole() {
		run.Shard = fmt.Sprintf("shard%dof%d", cfg.Shard.K, cfg.Shard.N)
	}
	var sinks []generator.Sink
	for _, f := range cfg.Formats {
		sinks = append(sinks, formats[f](reg, run))
	}
	res, err := generator.Run(ctx, plan, sinks, cfg.Progress)
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
