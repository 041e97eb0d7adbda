package fhir

import (
	"github.com/code4health/cohortgen/export/internal/jsonw"
	"github.com/code4health/cohortgen/models"
)

// The encoder's JSON appenders live in export/internal/jsonw, shared with
// the openEHR exporter; these short names keep encode.go readable.

var needsEscape = &jsonw.NeedsEscape

func appendString(b []byte, s string) []byte              { return jsonw.String(b, s) }
func appendFloat(b []byte, v float64) []byte              { return jsonw.Float(b, v) }
func appendDate(b []byte, d models.Date) []byte           { return jsonw.Date(b, d) }
func appendTimestamp(b []byte, t models.Timestamp) []byte { return jsonw.Timestamp(b, t) }
