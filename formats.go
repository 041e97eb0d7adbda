package cohortgen

import (
	"github.com/code4health/cohortgen/export/arrow"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/export/parquet"
	"github.com/code4health/cohortgen/generator"
)

// The built-in formats.
func init() {
	RegisterFormat("parquet", func(reg *outfile.Registry) generator.Sink { return parquet.NewSink(reg, parquet.Options{}) })
	RegisterFormat("arrow", func(reg *outfile.Registry) generator.Sink { return arrow.NewSink(reg, arrow.Options{}) })
}
