// Package parquet writes cohortgen's tables as Parquet files, one file per
// table per part:
//
//	<root>/parquet/<table>/<part>.parquet
//	<root>/parquet/practices/part-0000000000.parquet
//
// The schema is the models' `parquet` struct tags. The files are written
// column by column by the encoder in this package (file.go, column.go): rows
// are copied straight from the records into typed page buffers, with
// parquet-go's encoders for the delta and RLE encodings and its Thrift
// definitions for the metadata. Low-cardinality string columns are
// dictionary-encoded; ids are DELTA_BYTE_ARRAY and other per-row strings
// DELTA_LENGTH_BYTE_ARRAY; integers, timestamps and dates are
// DELTA_BINARY_PACKED; per-row strings other than ids, and floats, are
// compressed with snappy (or zstd, or nothing; see Options), the other
// columns are not.
// Min/max statistics go in the column chunks and the page index.
// ENCODER.md has the measurements behind these choices.
//
// The bytes of a file depend only on the rows written to it and the options:
// pages and row groups split at fixed row counts, whatever the batches, and
// the file metadata holds no clock or random value.
package parquet

import (
	"fmt"
	"unsafe"

	pqcompress "github.com/parquet-go/parquet-go/compress"

	"github.com/code4health/cohortgen/export/internal/part"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// Format is the format name recorded in the registry, and the folder under
// the dataset root.
const Format = "parquet"

// DefaultRowGroupRows is the default maximum number of rows per row group.
// Each open file holds its current row group, encoded and compressed, in
// memory.
const DefaultRowGroupRows = 128 * 1024

// Options configure the Parquet sink.
type Options struct {
	// Compression is "snappy" (default), "zstd" (files about 40% smaller,
	// writing 15-20% slower) or "none". It applies to the per-row strings
	// other than ids and to the floats; ids, dictionary and delta-encoded
	// columns are stored uncompressed, as compressing them costs time and
	// saves little.
	Compression string
	// RowGroupRows is the maximum number of rows per row group (default
	// DefaultRowGroupRows). A writer holds its current row group, encoded
	// and compressed, in memory.
	RowGroupRows int64
	// Delta makes every patient table a delta table (generate --since): an
	// op column (insert or update) before the table's own columns.
	Delta bool
}

// Sink writes Parquet files. It implements sink.Sink.
type Sink struct {
	reg   *outfile.Registry
	opts  Options
	codec pqcompress.Codec // nil: not compressed
	err   error
	spare spareColumns // the columns of finished files, for the next ones
}

var _ sink.Sink = (*Sink)(nil)

// NewSink returns a sink writing under reg.Root. Invalid options are reported
// by the first WritePractices or OpenPart.
func NewSink(reg *outfile.Registry, opts Options) *Sink {
	s := &Sink{reg: reg, opts: opts}
	s.codec, s.err = codecOf(opts.Compression)
	if s.opts.RowGroupRows <= 0 {
		s.opts.RowGroupRows = DefaultRowGroupRows
	}
	return s
}

// WritePractices writes parquet/practices/part-0000000000.parquet.
func (s *Sink) WritePractices(practices []models.Practice) error {
	if s.err != nil {
		return s.err
	}
	rel := Format + "/" + models.TablePractices + "/" + sink.Part{}.Name() + ".parquet"
	tw, err := openTable[models.Practice](s, rel, models.TablePractices)
	return part.WriteFile(tw, err, practices)
}

// WritePractitioners writes parquet/practitioners/part-0000000000.parquet.
func (s *Sink) WritePractitioners(practitioners []models.Practitioner) error {
	if s.err != nil {
		return s.err
	}
	rel := Format + "/" + models.TablePractitioners + "/" + sink.Part{}.Name() + ".parquet"
	tw, err := openTable[models.Practitioner](s, rel, models.TablePractitioners)
	return part.WriteFile(tw, err, practitioners)
}

// OpenPart creates the part's files, one per patient table.
func (s *Sink) OpenPart(p sink.Part) (sink.PartWriter, error) {
	if s.err != nil {
		return nil, s.err
	}
	path := func(table string) string { return Format + "/" + table + "/" + p.Name() + ".parquet" }
	return part.Open(Format,
		part.Use[models.Patient](func() (*tableWriter[models.Patient], error) {
			return openTable[models.Patient](s, path(models.TablePatients), models.TablePatients)
		}),
		part.Use[models.Condition](func() (*tableWriter[models.Condition], error) {
			return openTable[models.Condition](s, path(models.TableConditions), models.TableConditions)
		}),
		part.Use[models.Encounter](func() (*tableWriter[models.Encounter], error) {
			return openTable[models.Encounter](s, path(models.TableEncounters), models.TableEncounters)
		}),
		part.Use[models.Prescription](func() (*tableWriter[models.Prescription], error) {
			return openTable[models.Prescription](s, path(models.TablePrescriptions), models.TablePrescriptions)
		}),
		part.Use[models.Observation](func() (*tableWriter[models.Observation], error) {
			return openTable[models.Observation](s, path(models.TableObservations), models.TableObservations)
		}),
		part.Use[models.Immunisation](func() (*tableWriter[models.Immunisation], error) {
			return openTable[models.Immunisation](s, path(models.TableImmunisations), models.TableImmunisations)
		}),
		part.Use[models.Allergy](func() (*tableWriter[models.Allergy], error) {
			return openTable[models.Allergy](s, path(models.TableAllergies), models.TableAllergies)
		}),
		part.Use[models.Registration](func() (*tableWriter[models.Registration], error) {
			return openTable[models.Registration](s, path(models.TableRegistrations), models.TableRegistrations)
		}),
	)
}

// Close finishes the sink. Every file was finished by its part's Close.
func (s *Sink) Close() error { return nil }

// tableWriter writes one table's file.
type tableWriter[T any] struct {
	file    *outfile.File
	rel     string
	enc     *fileEncoder
	done    bool
	delta   bool                // rows are written as models.Changed[T]
	changed []models.Changed[T] // a delta batch's rows with their operations
}

func openTable[T any](s *Sink, rel, table string) (*tableWriter[T], error) {
	f, err := s.reg.Create(rel, Format, table)
	if err != nil {
		return nil, err
	}
	layout := tabular.Of[T]()
	if s.opts.Delta && table != models.TablePractices && table != models.TablePractitioners {
		layout = tabular.Of[models.Changed[T]]()
	}
	enc, err := newFileEncoder(f, table, layout, s.codec, int(s.opts.RowGroupRows), &s.spare)
	if err != nil {
		f.Abort()
		return nil, err
	}
	return &tableWriter[T]{file: f, rel: rel, enc: enc, delta: layout != tabular.Of[T]()}, nil
}

// WriteChanges writes a delta's rows, each after its operation.
func (t *tableWriter[T]) WriteChanges(rows []T, ops []string) error {
	if !t.delta {
		return fmt.Errorf("parquet: %s is not a delta table", t.rel)
	}
	t.changed = models.AppendChanged(t.changed[:0], rows, ops)
	return t.encode(unsafe.Pointer(unsafe.SliceData(t.changed)), len(t.changed))
}

func (t *tableWriter[T]) Write(rows []T) error {
	if t.delta {
		return fmt.Errorf("parquet: %s is a delta table: rows need their operations", t.rel)
	}
	return t.encode(unsafe.Pointer(unsafe.SliceData(rows)), len(rows))
}

// encode appends n rows of the encoder's layout starting at base.
func (t *tableWriter[T]) encode(base unsafe.Pointer, n int) error {
	if n == 0 {
		return nil
	}
	if err := t.enc.write(base, n); err != nil {
		return fmt.Errorf("parquet: writing %s: %w", t.rel, err)
	}
	return nil
}

func (t *tableWriter[T]) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.enc.close(); err != nil {
		t.file.Abort()
		return fmt.Errorf("parquet: closing %s: %w", t.rel, err)
	}
	t.file.AddRows(t.enc.rows)
	return t.file.Close()
}

func (t *tableWriter[T]) Abort() {
	if !t.done {
		t.done = true
		t.file.Abort()
	}
}
