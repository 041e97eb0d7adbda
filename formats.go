package cohortgen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/export/arrow"
	"github.com/code4health/cohortgen/export/fhir"
	"github.com/code4health/cohortgen/export/openehr"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/export/parquet"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// WriterOptions are the writers' settings a user may change. They change
// bytes, so the manifest records those that were set.
type WriterOptions struct {
	ParquetCompression string // parquet.Options.Compression ("" = snappy)
	ArrowCompression   string // arrow.Options.Compression ("" = none)
}

// Check names the first bad setting.
func (o WriterOptions) Check() error {
	if err := parquet.CheckCompression(o.ParquetCompression); err != nil {
		return fmt.Errorf("--parquet-compression: %w", err)
	}
	if err := arrow.CheckCompression(o.ArrowCompression); err != nil {
		return fmt.Errorf("--arrow-compression: %w", err)
	}
	return nil
}

// record lists the settings that were set, for the manifest.
func (o WriterOptions) record() map[string]string {
	m := map[string]string{}
	if o.ParquetCompression != "" {
		m["parquet_compression"] = o.ParquetCompression
	}
	if o.ArrowCompression != "" {
		m["arrow_compression"] = o.ArrowCompression
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// format is one output format: its name and how its sink is made from the
// run and the writer options.
type format struct {
	name string
	open func(reg *outfile.Registry, run RunInfo, o WriterOptions) sink.Sink
}

// formatTable is every built-in format, in the order --format lists them.
var formatTable = []format{
	{parquet.Format, func(reg *outfile.Registry, run RunInfo, o WriterOptions) sink.Sink {
		return parquet.NewSink(reg, parquet.Options{Compression: o.ParquetCompression, Delta: run.Delta})
	}},
	{arrow.Format, func(reg *outfile.Registry, run RunInfo, o WriterOptions) sink.Sink {
		return arrow.NewSink(reg, arrow.Options{Compression: o.ArrowCompression, Delta: run.Delta})
	}},
	{fhir.FormatNDJSON, func(reg *outfile.Registry, run RunInfo, _ WriterOptions) sink.Sink {
		return fhir.NewNDJSON(reg, fhirOptions(run))
	}},
	{fhir.FormatBundle, func(reg *outfile.Registry, run RunInfo, _ WriterOptions) sink.Sink {
		return fhir.NewBundles(reg, fhirOptions(run))
	}},
	{openehr.Format, func(reg *outfile.Registry, run RunInfo, _ WriterOptions) sink.Sink {
		return openehr.NewSink(reg, openehr.Options{AsOf: run.AsOf, Practitioners: run.Practitioners})
	}},
}

// CheckDelta refuses a delta run (Since set) in a format that cannot write
// one.
func CheckDelta(cfg Config) error {
	if cfg.Since != models.NoDate && slices.Contains(cfg.Formats, openehr.Format) {
		return fmt.Errorf("--since: the openehr format does not write deltas yet (use parquet, arrow, fhir-ndjson or fhir-bundle)")
	}
	return nil
}

func fhirOptions(run RunInfo) fhir.Options {
	return fhir.Options{AsOf: run.AsOf, Shard: run.Shard, FirstPatient: run.FirstPatient, Practices: run.Practices, Practitioners: run.Practitioners}
}

func lookupFormat(name string) (format, bool) {
	for _, f := range formatTable {
		if f.name == name {
			return f, true
		}
	}
	return format{}, false
}

// Formats lists the format names.
func Formats() []string {
	names := make([]string, len(formatTable))
	for i, f := range formatTable {
		names[i] = f.name
	}
	return names
}

// CheckFormats validates a format list.
func CheckFormats(list []string) error {
	if len(list) == 0 {
		return fmt.Errorf("--format: give at least one of %s", strings.Join(Formats(), ", "))
	}
	seen := map[string]bool{}
	for _, f := range list {
		if _, ok := lookupFormat(f); !ok {
			return fmt.Errorf("--format: unknown format %q (known: %s)", f, strings.Join(Formats(), ", "))
		}
		if seen[f] {
			return fmt.Errorf("--format: %q given twice", f)
		}
		seen[f] = true
	}
	return nil
}

// openSinks makes the sinks of cfg's formats, in the order given.
func openSinks(cfg Config, reg *outfile.Registry, run RunInfo) []sink.Sink {
	var sinks []sink.Sink
	for _, name := range cfg.Formats {
		f, _ := lookupFormat(name)
		sinks = append(sinks, f.open(reg, run, cfg.Writers))
	}
	return sinks
}
