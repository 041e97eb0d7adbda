// Package parquet writes cohortgen's tables as Parquet files with parquet-go,
// one file per table per part:
//
//	<root>/parquet/<table>/<part>.parquet
//	<root>/parquet/practices/part-0000000000.parquet
//
// The schema is the models' `parquet` struct tags. Low-cardinality string
// columns are dictionary-encoded; ids and other per-row strings are
// DELTA_LENGTH_BYTE_ARRAY; integers and timestamps are DELTA_BINARY_PACKED;
// those strings, floats and dates are compressed with snappy (or zstd, or
// nothing; see Options), the dictionary and delta columns are not. Min/max statistics go in the column chunks and the page
// index, not in every page header. SHOOTOUT.md has the measurements behind
// these choices and behind using parquet-go rather than Arrow's pqarrow.
//
// The bytes of a file depend only on the rows written to it and the options:
// rows are handed to parquet-go in 64-row chunks aligned to the start of the
// file, so how the generator splits a part into batches does not move page
// boundaries, and the file metadata holds no clock or random value.
package parquet

import (
	"fmt"

	pq "github.com/parquet-go/parquet-go"
	pqcompress "github.com/parquet-go/parquet-go/compress"

	"github.com/code4health/cohortgen/export/internal/part"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// Format is the format name recorded in the registry, and the folder under
// the dataset root.
const Format = "parquet"

// DefaultRowGroupRows is the default maximum number of rows per row group.
// Each open file holds its current row group, encoded and compressed, in
// memory; with two workers each writing a 25,000-patient part, 128Ki rows
// keeps the writers to about 150 MB (SHOOTOUT.md).
const DefaultRowGroupRows = 128 * 1024

// createdBy is the file's created_by. It names the library that encoded the
// file (readers key their work-arounds on it) and is fixed, not read from the
// build, so the same rows give the same bytes from any binary.
var createdBy = pq.CreatedBy("github.com/parquet-go/parquet-go", parquetGoVersion, "cohortgen")

// parquetGoVersion must match go.mod (a test checks it).
const parquetGoVersion = "0.32.0"

// chunkRows is the size of the chunks rows are handed to parquet-go in. It
// is parquet-go's own write chunk, so that page boundaries (checked after
// each chunk) fall at the same rows whatever the batch sizes.
const chunkRows = 64

// Options configure the Parquet sink.
type Options struct {
	// Compression is "snappy" (default), "zstd" (files about 40% smaller,
	// writing 15-20% slower) or "none". It applies to the ids, the other per-row
	// strings and the floats; dictionary and delta-encoded columns are
	// stored uncompressed, as compressing them costs time and saves little.
	Compression string
	// RowGroupRows is the maximum number of rows per row group (default
	// DefaultRowGroupRows, rounded up to a multiple of 64). A writer holds
	// its current row group, encoded and compressed, in memory.
	RowGroupRows int64
}

// Sink writes Parquet files. It implements generator.Sink.
type Sink struct {
	reg   *outfile.Registry
	opts  Options
	codec pqcompress.Codec
	plan  plan
	err   error
}

var _ generator.Sink = (*Sink)(nil)

// NewSink returns a sink writing under reg.Root. Invalid options are reported
// by the first WritePractices or OpenPart.
func NewSink(reg *outfile.Registry, opts Options) *Sink {
	s := &Sink{reg: reg, opts: opts}
	s.codec, s.err = codecOf(opts.Compression)
	if s.opts.RowGroupRows <= 0 {
		s.opts.RowGroupRows = DefaultRowGroupRows
	}
	s.opts.RowGroupRows = (s.opts.RowGroupRows + chunkRows - 1) / chunkRows * chunkRows
	return s
}

// WritePractices writes parquet/practices/part-0000000000.parquet.
func (s *Sink) WritePractices(practices []models.Practice) error {
	if s.err != nil {
		return s.err
	}
	rel := Format + "/" + models.TablePractices + "/" + generator.Part{}.Name() + ".parquet"
	tw, err := openTable[models.Practice](s, rel, models.TablePractices)
	return part.WriteFile(tw, err, practices)
}

// OpenPart creates the part's files, one per patient table.
func (s *Sink) OpenPart(p generator.Part) (generator.PartWriter, error) {
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
	)
}

// Close finishes the sink. Every file was finished by its part's Close.
func (s *Sink) Close() error { return nil }

// writerOptions returns the parquet-go options for T's table.
func (s *Sink) writerOptions(table string, l *tabular.Layout) []pq.WriterOption {
	opts := []pq.WriterOption{
		createdBy,
		pq.Compression(s.codec),
		pq.MaxRowsPerRowGroup(s.opts.RowGroupRows),
		// Min/max per page stay in the page index; repeating them in every
		// page header costs a second pass over the page.
		pq.DataPageStatistics(s.plan.pageStatistics),
		pq.DictionaryMaxBytes(dictMaxBytes),
	}
	return append(opts, s.plan.options(table, l)...)
}

// tableWriter writes one table's file.
type tableWriter[T any] struct {
	file  *outfile.File
	rel   string
	w     *pq.GenericWriter[T]
	carry []T // fewer than chunkRows rows not yet handed to w
	nulls []zeroNullColumn
	rows  int64
	done  bool
}

func openTable[T any](s *Sink, rel, table string) (*tableWriter[T], error) {
	l := tabular.Of[T]()
	f, err := s.reg.Create(rel, Format, table)
	if err != nil {
		return nil, err
	}
	return &tableWriter[T]{
		file:  f,
		rel:   rel,
		w:     pq.NewGenericWriter[T](f, s.writerOptions(table, l)...),
		carry: make([]T, 0, chunkRows),
		nulls: zeroNullColumns(l),
	}, nil
}

func (t *tableWriter[T]) Write(rows []T) error {
	t.rows += int64(len(rows))
	if len(t.carry) > 0 {
		n := min(chunkRows-len(t.carry), len(rows))
		t.carry = append(t.carry, rows[:n]...)
		rows = rows[n:]
		if len(t.carry) < chunkRows {
			return nil
		}
		if err := t.flushCarry(); err != nil {
			return err
		}
	}
	n := len(rows) / chunkRows * chunkRows
	if err := t.write(rows[:n]); err != nil {
		return err
	}
	t.carry = append(t.carry, rows[n:]...)
	return nil
}

func (t *tableWriter[T]) flushCarry() error {
	err := t.write(t.carry)
	clear(t.carry) // drop the strings the rows point at
	t.carry = t.carry[:0]
	return err
}

// write hands rows, whole chunks but for the file's last, to parquet-go in
// pieces of at most a chunk that it reads every null of right (nulls.go).
func (t *tableWriter[T]) write(rows []T) error {
	for len(rows) > 0 {
		n := safePiece(t.nulls, rows)
		if _, err := t.w.Write(rows[:n]); err != nil {
			return fmt.Errorf("parquet: writing %s: %w", t.path(), err)
		}
		rows = rows[n:]
	}
	return nil
}

func (t *tableWriter[T]) path() string { return t.rel }

func (t *tableWriter[T]) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.flushCarry(); err != nil {
		t.file.Abort()
		return err
	}
	if err := t.w.Close(); err != nil {
		t.file.Abort()
		return fmt.Errorf("parquet: closing %s: %w", t.path(), err)
	}
	t.file.AddRows(t.rows)
	return t.file.Close()
}

func (t *tableWriter[T]) Abort() {
	if !t.done {
		t.done = true
		t.file.Abort()
	}
}
