// Package arrow writes cohortgen's tables as Arrow IPC files (the random
// access "file" format, also known as Feather v2), one file per table per
// part:
//
//	<root>/arrow/<table>/<part>.arrow
//	<root>/arrow/practices/part-0000000000.arrow
//
// The Arrow schema is derived from the models' `parquet` struct tags (see
// package tabular): string -> utf8, int64 -> int64, bool -> bool,
// models.Date -> date32, models.Timestamp -> timestamp[us, tz=UTC],
// *float64 -> float64; `optional` fields and pointers are nullable and null
// when zero (nil).
//
// Rows are gathered into record batches of exactly Options.BatchRows rows
// (the last one shorter), whatever the generator's batch sizes, so a file's
// bytes depend only on its rows and the options.
package arrow

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/code4health/cohortgen/export/internal/part"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// Format is the format name recorded in the registry, and the folder under
// the dataset root.
const Format = "arrow"

// DefaultBatchRows is the default number of rows per record batch. Batches
// of 4-32Ki rows are the fastest to build (their buffers stay in cache; 64Ki
// is 12% slower, 256Ki 42%), and 16Ki holds a writer to a few MB per table.
const DefaultBatchRows = 16 * 1024

// Compression names accepted in Options.Compression.
const (
	CompressionNone = "none" // the default: readable by every Arrow reader, memory-mappable
	CompressionZstd = "zstd"
	CompressionLZ4  = "lz4" // LZ4 frame
)

// Options configure the Arrow sink.
type Options struct {
	// Delta makes every patient table a delta table (generate --since): an
	// op column (insert or update) before the table's own columns.
	Delta bool
	// BatchRows is the number of rows per record batch (default
	// DefaultBatchRows). A writer holds one batch per table in memory.
	BatchRows int
	// Compression of the record batch bodies: "none" (default), "zstd" or
	// "lz4". Compressed files cannot be memory-mapped and some readers
	// (nanoarrow-based ones) cannot read them.
	Compression string
}

// Sink writes Arrow IPC files. It implements sink.Sink.
type Sink struct {
	reg  *outfile.Registry
	opts Options
	ipc  []ipc.Option
	err  error
}

var _ sink.Sink = (*Sink)(nil)

// NewSink returns a sink writing under reg.Root. Invalid options are reported
// by the first WritePractices or OpenPart.
func NewSink(reg *outfile.Registry, opts Options) *Sink {
	s := &Sink{reg: reg, opts: opts}
	if s.opts.BatchRows <= 0 {
		s.opts.BatchRows = DefaultBatchRows
	}
	s.ipc, s.err = compressionOptions(opts.Compression)
	return s
}

// compressionOptions are the IPC writer options of a compression name.
func compressionOptions(name string) ([]ipc.Option, error) {
	switch name {
	case "", CompressionNone:
		return nil, nil
	case CompressionZstd:
		return []ipc.Option{ipc.WithZstd()}, nil
	case CompressionLZ4:
		return []ipc.Option{ipc.WithLZ4()}, nil
	}
	return nil, fmt.Errorf("arrow: unknown compression %q (want none, zstd or lz4)", name)
}

// CheckCompression reports whether name is a compression Options accepts.
func CheckCompression(name string) error {
	_, err := compressionOptions(name)
	return err
}

// WritePractices writes arrow/practices/part-0000000000.arrow.
func (s *Sink) WritePractices(practices []models.Practice) error {
	if s.err != nil {
		return s.err
	}
	rel := Format + "/" + models.TablePractices + "/" + sink.Part{}.Name() + ".arrow"
	tw, err := openTable[models.Practice](s, rel, models.TablePractices)
	return part.WriteFile(tw, err, practices)
}

// WritePractitioners writes arrow/practitioners/part-0000000000.arrow.
func (s *Sink) WritePractitioners(practitioners []models.Practitioner) error {
	if s.err != nil {
		return s.err
	}
	rel := Format + "/" + models.TablePractitioners + "/" + sink.Part{}.Name() + ".arrow"
	tw, err := openTable[models.Practitioner](s, rel, models.TablePractitioners)
	return part.WriteFile(tw, err, practitioners)
}

// OpenPart creates the part's files, one per patient table.
func (s *Sink) OpenPart(p sink.Part) (sink.PartWriter, error) {
	if s.err != nil {
		return nil, s.err
	}
	path := func(table string) string { return Format + "/" + table + "/" + p.Name() + ".arrow" }
	return part.Open(Format,
		tableOpener[models.Patient](s, path(models.TablePatients), models.TablePatients),
		tableOpener[models.Condition](s, path(models.TableConditions), models.TableConditions),
		tableOpener[models.Encounter](s, path(models.TableEncounters), models.TableEncounters),
		tableOpener[models.Prescription](s, path(models.TablePrescriptions), models.TablePrescriptions),
		tableOpener[models.Observation](s, path(models.TableObservations), models.TableObservations),
		tableOpener[models.Immunisation](s, path(models.TableImmunisations), models.TableImmunisations),
		tableOpener[models.Allergy](s, path(models.TableAllergies), models.TableAllergies),
		tableOpener[models.Registration](s, path(models.TableRegistrations), models.TableRegistrations),
	)
}

// tableOpener opens a patient table's file: a delta table (models.Changed
// rows) when the sink writes deltas.
func tableOpener[T any](s *Sink, rel, table string) part.Opener[T] {
	if s.opts.Delta {
		return part.Use[T](func() (*changeWriter[T], error) {
			t, err := openTable[models.Changed[T]](s, rel, table)
			if err != nil {
				return nil, err
			}
			return &changeWriter[T]{t: t}, nil
		})
	}
	return part.Use[T](func() (*tableWriter[T], error) { return openTable[T](s, rel, table) })
}

// changeWriter writes a delta table: each row after its operation.
type changeWriter[T any] struct {
	t    *tableWriter[models.Changed[T]]
	rows []models.Changed[T]
}

func (c *changeWriter[T]) Write([]T) error {
	return fmt.Errorf("arrow: %s is a delta table: rows need their operations", c.t.rel)
}

func (c *changeWriter[T]) WriteChanges(rows []T, ops []string) error {
	c.rows = models.AppendChanged(c.rows[:0], rows, ops)
	return c.t.Write(c.rows)
}

func (c *changeWriter[T]) Close() error { return c.t.Close() }
func (c *changeWriter[T]) Abort()       { c.t.Abort() }

// Close finishes the sink. Every file was finished by its part's Close.
func (s *Sink) Close() error { return nil }

// tableWriter writes one table's file.
type tableWriter[T any] struct {
	file      *outfile.File
	rel       string
	w         *ipc.FileWriter
	b         *tabular.Builder[T]
	batchRows int
	rows      int64
	done      bool
}

func openTable[T any](s *Sink, rel, table string) (*tableWriter[T], error) {
	f, err := s.reg.Create(rel, Format, table)
	if err != nil {
		return nil, err
	}
	t, err := newTableWriter[T](s, f)
	if err != nil {
		f.Abort()
		return nil, fmt.Errorf("arrow: %s: %w", rel, err)
	}
	t.file, t.rel = f, rel
	return t, nil
}

// newTableWriter returns a writer of T's rows to out; openTable adds the
// registry file.
func newTableWriter[T any](s *Sink, out io.Writer) (*tableWriter[T], error) {
	b := tabular.NewBuilder[T]()
	w, err := ipc.NewFileWriter(out, append([]ipc.Option{ipc.WithSchema(b.Schema())}, s.ipc...)...)
	if err != nil {
		return nil, err
	}
	return &tableWriter[T]{w: w, b: b, batchRows: s.opts.BatchRows}, nil
}

func (t *tableWriter[T]) Write(rows []T) error {
	t.rows += int64(len(rows))
	for len(rows) > 0 {
		n := min(len(rows), t.batchRows-t.b.Len())
		t.b.Append(rows[:n])
		rows = rows[n:]
		if t.b.Len() == t.batchRows {
			if err := t.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes the gathered rows as one record batch.
func (t *tableWriter[T]) flush() error {
	if t.b.Len() == 0 {
		return nil
	}
	rec := t.b.Record()
	err := t.w.Write(rec)
	rec.Release()
	t.b.Reset()
	if err != nil {
		return fmt.Errorf("arrow: writing %s: %w", t.rel, err)
	}
	return nil
}

// finish writes the last record batch and the file footer.
func (t *tableWriter[T]) finish() error {
	if err := t.flush(); err != nil {
		return err
	}
	if err := t.w.Close(); err != nil {
		return fmt.Errorf("arrow: closing %s: %w", t.rel, err)
	}
	return nil
}

func (t *tableWriter[T]) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.finish(); err != nil {
		t.file.Abort()
		return err
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
