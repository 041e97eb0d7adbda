package generator

import "github.com/code4health/cohortgen/sink"

// numPatientTables is len(models.PatientTables), in that order.
const numPatientTables = 8

// The writer contract lives in package sink, which writers import without
// importing the engine; these names keep the engine's code unchanged.
type (
	// Part is sink.Part.
	Part = sink.Part
	// Sink is sink.Sink.
	Sink = sink.Sink
	// PartWriter is sink.PartWriter.
	PartWriter = sink.PartWriter
)

// PartSize is sink.PartSize.
const PartSize = sink.PartSize
