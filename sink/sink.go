// Package sink is the contract between the engine and the writers: the
// engine hands each writer parts of patients, batch by batch, and a writer
// formats them into files. It is its own small package so that a writer
// depends on it and on models only, never on the engine (and through it on
// the catalogue and scenarios).
package sink

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Part is a contiguous range of patient indexes [First, End) that every
// exporter writes as one file per table. Part boundaries fall on multiples of
// PartSize (clipped to the run or shard), so the files a part produces depend
// only on its range: any number of workers, on any number of machines, writes
// the same part files with the same bytes.
type Part struct {
	First, End int64
}

// PartSize is the number of patients per part file.
const PartSize = 25_000

// Name is the stem of the part's files, e.g. "part-0000025000".
func (p Part) Name() string { return fmt.Sprintf("part-%010d", p.First) }

// Patients is the number of patients in the part.
func (p Part) Patients() int64 { return p.End - p.First }

// Sink receives generated records. One Sink per output format. OpenPart is
// called concurrently from several workers, each with a distinct part; all the
// batches of a part go, in patient order, to the PartWriter it returned.
type Sink interface {
	// WritePractices writes the practices table; called once per run,
	// before any part, and only when the run writes shared tables.
	WritePractices(practices []models.Practice) error
	// WritePractitioners writes the practitioners table; called once per
	// run, right after WritePractices, and only when the run writes shared
	// tables.
	WritePractitioners(practitioners []models.Practitioner) error
	OpenPart(p Part) (PartWriter, error)
	// Close finishes the sink after every part has been closed.
	Close() error
}

// PartWriter writes one part's records, batch by batch.
type PartWriter interface {
	// Write takes a batch. The batch's slices are reused once Write
	// returns, but the strings and value pointers inside its rows stay valid
	// for the whole run (ids and observation values are never written over),
	// so a writer may keep copies of rows: the Parquet sink carries a partial
	// chunk from one batch to the next.
	Write(b *models.Batch) error
	// Close flushes and closes the part's files.
	Close() error
}
