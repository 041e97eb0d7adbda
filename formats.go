package cohortgen

import (
	"github.com/code4health/cohortgen/export/arrow"
	"github.com/code4health/cohortgen/export/fhir"
	"github.com/code4health/cohortgen/export/openehr"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/export/parquet"
	"github.com/code4health/cohortgen/generator"
)

// The built-in formats.
func init() {
	RegisterFormat("parquet", func(reg *outfile.Registry, run RunInfo) generator.Sink {
		return parquet.NewSink(reg, parquet.Options{Delta: run.Delta})
	})
	RegisterFormat("arrow", func(reg *outfile.Registry, run RunInfo) generator.Sink {
		return arrow.NewSink(reg, arrow.Options{Delta: run.Delta})
	})
	RegisterFormat(fhir.FormatNDJSON, func(reg *outfile.Registry, run RunInfo) generator.Sink {
		return fhir.NewNDJSON(reg, fhirOptions(run))
	})
	RegisterFormat(fhir.FormatBundle, func(reg *outfile.Registry, run RunInfo) generator.Sink {
		return fhir.NewBundles(reg, fhirOptions(run))
	})
	RegisterFormat(openehr.Format, func(reg *outfile.Registry, run RunInfo) generator.Sink {
		return openehr.NewSink(reg, openehr.Options{AsOf: run.AsOf, Practitioners: run.Practitioners})
	})
}

func fhirOptions(run RunInfo) fhir.Options {
	return fhir.Options{AsOf: run.AsOf, Shard: run.Shard, FirstPatient: run.FirstPatient, Practices: run.Practices, Practitioners: run.Practitioners}
}
