package parquet

// The shoot-out: the same tables written to Parquet by parquet-go's
// GenericWriter (the production path, see sink.go) and by Arrow's own
// writer (pqarrow) from Arrow record batches built from the models, with the
// same compression and the same column plan (dictionary, delta, plain and
// per-column compression). Results and the command are in SHOOTOUT.md.
//
//	go test ./export/parquet -run '^$' -bench . -benchmem -count 5

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	arrowcompress "github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/s2"
	pq "github.com/parquet-go/parquet-go"

	"github.com/code4health/cohortgen/export/internal/synth"
	"github.com/code4health/cohortgen/export/internal/tabular"
	"github.com/code4health/cohortgen/models"
)

const (
	benchPatients = 1000
	// benchBatchPatients is the generator batch the rows arrive in.
	benchBatchPatients = 100
	// arrowRecordRows is how many rows the Arrow path gathers into one
	// record batch before handing it to pqarrow (its best case: bigger
	// records amortise pqarrow's per-record overhead).
	arrowRecordRows = 64 * 1024
)

var (
	benchOnce    sync.Once
	benchBatches []*models.Batch // benchPatients patients in generator-sized batches
)

// shootoutBatches returns the shoot-out input: 1,000 patients with about 60
// encounters, 35 observations, 8 prescriptions and 3 conditions each, split
// into batches of 100 patients.
func shootoutBatches() []*models.Batch {
	benchOnce.Do(func() {
		for first := 0; first < benchPatients; first += benchBatchPatients {
			benchBatches = append(benchBatches, synth.Batch(int64(first), benchBatchPatients, synth.DefaultShape, 42))
		}
	})
	return benchBatches
}

// rawBytes is the size of the values in the batches: string bytes plus 8
// per int64, timestamp and float, 4 per date, 1 per bool. It is the "MB" of
// the benchmarks' MB/s.
func rawBytes(batches []*models.Batch) (rows, size int64) {
	add := func(l *tabular.Layout, n int, strBytes int64) {
		rows += int64(n)
		size += strBytes
		for _, c := range l.Columns {
			switch c.Kind {
			case tabular.Int64, tabular.Timestamp, tabular.Float64:
				size += 8 * int64(n)
			case tabular.Date:
				size += 4 * int64(n)
			case tabular.Bool:
				size += int64(n)
			}
		}
	}
	for _, b := range batches {
		add(tabular.Of[models.Patient](), len(b.Patients), stringBytes(b.Patients))
		add(tabular.Of[models.Condition](), len(b.Conditions), stringBytes(b.Conditions))
		add(tabular.Of[models.Encounter](), len(b.Encounters), stringBytes(b.Encounters))
		add(tabular.Of[models.Prescription](), len(b.Prescriptions), stringBytes(b.Prescriptions))
		add(tabular.Of[models.Observation](), len(b.Observations), stringBytes(b.Observations))
	}
	return rows, size
}

func stringBytes[T any](rows []T) int64 {
	bld := tabular.NewBuilder[T]()
	bld.Append(rows)
	rec := bld.Record()
	defer rec.Release()
	var n int64
	for i, c := range bld.Layout().Columns {
		if c.Kind == tabular.String {
			n += int64(len(rec.Column(i).Data().Buffers()[2].Bytes()))
		}
	}
	return n
}

// countingWriter discards what it is given and counts it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// tableSizes is the file size of each table.
type tableSizes map[string]int64

func (t tableSizes) total() (n int64) {
	for _, v := range t {
		n += v
	}
	return n
}

// ---- parquet-go ----

func writeParquetGo(s *Sink, batches []*models.Batch) (tableSizes, error) {
	sizes := tableSizes{}
	var errs []error
	run := func(table string, err error, n int64) {
		sizes[table] = n
		errs = append(errs, err)
	}
	n, err := pgoTable(s, models.TablePatients, batches, func(b *models.Batch) []models.Patient { return b.Patients })
	run(models.TablePatients, err, n)
	n, err = pgoTable(s, models.TableConditions, batches, func(b *models.Batch) []models.Condition { return b.Conditions })
	run(models.TableConditions, err, n)
	n, err = pgoTable(s, models.TableEncounters, batches, func(b *models.Batch) []models.Encounter { return b.Encounters })
	run(models.TableEncounters, err, n)
	n, err = pgoTable(s, models.TablePrescriptions, batches, func(b *models.Batch) []models.Prescription { return b.Prescriptions })
	run(models.TablePrescriptions, err, n)
	n, err = pgoTable(s, models.TableObservations, batches, func(b *models.Batch) []models.Observation { return b.Observations })
	run(models.TableObservations, err, n)
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return sizes, nil
}

// pgoTable writes one table as the sink does (same options, same 64-row
// chunking) to a counting writer.
func pgoTable[T any](s *Sink, table string, batches []*models.Batch, get func(*models.Batch) []T) (int64, error) {
	var out countingWriter
	tw := &tableWriter[T]{
		w:     pq.NewGenericWriter[T](&out, s.writerOptions(table, tabular.Of[T]())...),
		carry: make([]T, 0, chunkRows),
	}
	for _, b := range batches {
		if err := tw.Write(get(b)); err != nil {
			return 0, err
		}
	}
	if err := tw.flushCarry(); err != nil {
		return 0, err
	}
	if err := tw.w.Close(); err != nil {
		return 0, err
	}
	return out.n, nil
}

// ---- Arrow (pqarrow) ----

// arrowProps returns pqarrow properties equivalent to the sink's plan.
func arrowProps(table string, l *tabular.Layout, compression string, p plan, rowGroupRows int64) *parquet.WriterProperties {
	codec := arrowcompress.Codecs.Uncompressed
	level := arrowcompress.DefaultCompressionLevel
	switch compression {
	case CompressionZstd:
		codec, level = arrowcompress.Codecs.Zstd, 1 // zstd fastest, as the parquet-go codec
	case CompressionSnappy:
		codec = arrowcompress.Codecs.Snappy
	}
	props := []parquet.WriterProperty{
		parquet.WithCreatedBy("parquet-go version 18.8.0"),
		parquet.WithMaxRowGroupLength(rowGroupRows),
		parquet.WithCompression(codec),
		parquet.WithCompressionLevel(level),
		parquet.WithDictionaryDefault(false),
		parquet.WithDictionaryPageSizeLimit(dictMaxBytes),
		parquet.WithDataPageVersion(parquet.DataPageV2),
		parquet.WithStats(!arrowNoStats),
	}
	for i := range l.Columns {
		c := &l.Columns[i]
		skipCodec := false
		switch c.Kind {
		case tabular.String:
			switch classOf(table, c) {
			case classID:
				switch p.ids {
				case "delta":
					props = append(props, parquet.WithEncodingFor(c.Name, parquet.Encodings.DeltaByteArray))
				case "dict":
					props = append(props, parquet.WithDictionaryFor(c.Name, true))
				case "plain":
				default:
					props = append(props, parquet.WithEncodingFor(c.Name, parquet.Encodings.DeltaLengthByteArray))
				}
				skipCodec = p.rawIDs
			case classUnique:
				props = append(props, parquet.WithEncodingFor(c.Name, parquet.Encodings.DeltaLengthByteArray))
			case classDict:
				if !p.noDict {
					props = append(props, parquet.WithDictionaryFor(c.Name, true))
					skipCodec = true
				}
			}
		case tabular.Int64:
			props = append(props, parquet.WithEncodingFor(c.Name, parquet.Encodings.DeltaBinaryPacked))
			skipCodec = true
		case tabular.Timestamp:
			if !p.plainTimestamps {
				props = append(props, parquet.WithEncodingFor(c.Name, parquet.Encodings.DeltaBinaryPacked))
				skipCodec = true
			}
		case tabular.Bool:
			skipCodec = true
		}
		if skipCodec && !p.compressDict {
			props = append(props, parquet.WithCompressionFor(c.Name, arrowcompress.Codecs.Uncompressed))
		}
	}
	return parquet.NewWriterProperties(props...)
}

// arrowNoStats turns pqarrow's statistics off (its best case; not
// comparable, as the parquet-go files keep theirs).
var arrowNoStats bool

// fastArrowSnappy gives pqarrow the same fast snappy encoder as the
// parquet-go sink (arrow-go's own codec uses s2.EncodeSnappyBetter, like
// parquet-go's), so the shoot-out compares the writers, not the codecs.
type fastArrowSnappy struct{ arrowcompress.Codec }

func (fastArrowSnappy) Encode(dst, src []byte) []byte { return s2.EncodeSnappy(dst, src) }
func (fastArrowSnappy) EncodeLevel(dst, src []byte, _ int) []byte {
	return s2.EncodeSnappy(dst, src)
}

func init() {
	c, err := arrowcompress.GetCodec(arrowcompress.Codecs.Snappy)
	if err != nil {
		panic(err)
	}
	arrowcompress.RegisterCodec(arrowcompress.Codecs.Snappy, fastArrowSnappy{c})
}

// arrowBuilders keeps one record builder per row type across benchmark
// iterations, as a long-running writer keeps its builder's grown buffers.
var arrowBuilders sync.Map // reflect.Type -> *tabular.Builder[T]

func builderFor[T any]() *tabular.Builder[T] {
	if b, ok := arrowBuilders.Load(reflect.TypeFor[T]()); ok {
		b := b.(*tabular.Builder[T])
		b.Reset()
		return b
	}
	b := tabular.NewBuilder[T]()
	arrowBuilders.Store(reflect.TypeFor[T](), b)
	return b
}

// arrowTable converts the rows to Arrow record batches of up to
// arrowRecordRows rows and writes them with pqarrow.
func arrowTable[T any](out io.Writer, table, compression string, p plan, rowGroupRows int64, batches []*models.Batch, get func(*models.Batch) []T) error {
	bld := builderFor[T]()
	fw, err := pqarrow.NewFileWriter(bld.Schema(), out, arrowProps(table, bld.Layout(), compression, p, rowGroupRows), pqarrow.DefaultWriterProps())
	if err != nil {
		return err
	}
	flush := func() error {
		if bld.Len() == 0 {
			return nil
		}
		rec := bld.Record()
		err := fw.WriteBuffered(rec)
		rec.Release()
		bld.Reset()
		return err
	}
	for _, b := range batches {
		rows := get(b)
		for len(rows) > 0 {
			n := min(len(rows), arrowRecordRows-bld.Len())
			bld.Append(rows[:n])
			rows = rows[n:]
			if bld.Len() == arrowRecordRows {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return fw.Close()
}

func writeArrowParquet(compression string, p plan, rowGroupRows int64, batches []*models.Batch) (tableSizes, error) {
	sizes := tableSizes{}
	var errs []error
	run := func(table string, f func(io.Writer) error) {
		var out countingWriter
		errs = append(errs, f(&out))
		sizes[table] = out.n
	}
	run(models.TablePatients, func(w io.Writer) error {
		return arrowTable(w, models.TablePatients, compression, p, rowGroupRows, batches, func(b *models.Batch) []models.Patient { return b.Patients })
	})
	run(models.TableConditions, func(w io.Writer) error {
		return arrowTable(w, models.TableConditions, compression, p, rowGroupRows, batches, func(b *models.Batch) []models.Condition { return b.Conditions })
	})
	run(models.TableEncounters, func(w io.Writer) error {
		return arrowTable(w, models.TableEncounters, compression, p, rowGroupRows, batches, func(b *models.Batch) []models.Encounter { return b.Encounters })
	})
	run(models.TablePrescriptions, func(w io.Writer) error {
		return arrowTable(w, models.TablePrescriptions, compression, p, rowGroupRows, batches, func(b *models.Batch) []models.Prescription { return b.Prescriptions })
	})
	run(models.TableObservations, func(w io.Writer) error {
		return arrowTable(w, models.TableObservations, compression, p, rowGroupRows, batches, func(b *models.Batch) []models.Observation { return b.Observations })
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return sizes, nil
}

// ---- benchmarks ----

var compressions = []string{CompressionSnappy, CompressionZstd, CompressionNone}

// cpuTime returns the process's user+system CPU time. The benchmarks report
// rows per CPU second besides rows per wall second: the machine is shared,
// and CPU time is the steadier of the two when other work competes for it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs write b.N times and reports the metrics.
func measure(b *testing.B, batches []*models.Batch, write func() (tableSizes, error)) {
	rows, raw := rawBytes(batches)
	b.SetBytes(raw)
	b.ReportAllocs()
	var sizes tableSizes
	var err error
	runtime.GC()
	cpu0 := cpuTime()
	for b.Loop() {
		if sizes, err = write(); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(rows)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
	report(b, rows, sizes)
}

func report(b *testing.B, rows int64, sizes tableSizes) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(sizes.total()), "file-B")
	b.ReportMetric(float64(sizes.total())/float64(rows), "B/row")
	b.ReportMetric(float64(sizes[models.TableObservations]), "obs-file-B")
}

// BenchmarkParquetGo writes the shoot-out batch with the production writer.
func BenchmarkParquetGo(b *testing.B) {
	batches := shootoutBatches()
	for _, comp := range compressions {
		b.Run(comp, func(b *testing.B) {
			s := NewSink(nil, Options{Compression: comp})
			measure(b, batches, func() (tableSizes, error) { return writeParquetGo(s, batches) })
		})
	}
}

// BenchmarkArrowParquet writes the shoot-out batch through Arrow record
// batches and pqarrow, with the same compression and column plan.
func BenchmarkArrowParquet(b *testing.B) {
	batches := shootoutBatches()
	for _, comp := range compressions {
		b.Run(comp, func(b *testing.B) {
			measure(b, batches, func() (tableSizes, error) {
				return writeArrowParquet(comp, plan{}, DefaultRowGroupRows, batches)
			})
		})
	}
}

// BenchmarkArrowParquetNoStats is pqarrow's best case: snappy, no
// statistics at all.
func BenchmarkArrowParquetNoStats(b *testing.B) {
	batches := shootoutBatches()
	arrowNoStats = true
	defer func() { arrowNoStats = false }()
	measure(b, batches, func() (tableSizes, error) {
		return writeArrowParquet(CompressionSnappy, plan{}, DefaultRowGroupRows, batches)
	})
}

// planVariants are the column-plan choices measured against production
// (the sink's own plan for the compression).
var planVariants = []struct {
	name string
	set  func(*plan)
}{
	{"production", func(*plan) {}},
	{"compress-dict-and-delta-columns", func(p *plan) { p.compressDict = true }},
	{"plain-timestamps", func(p *plan) { p.plainTimestamps = true }},
	{"ids-plain", func(p *plan) { p.ids = "plain" }},
	{"ids-delta-length-uncompressed", func(p *plan) { p.rawIDs = true }},
	{"ids-delta-byte-array", func(p *plan) { p.ids = "delta" }},
	{"ids-delta-byte-array-uncompressed", func(p *plan) { p.ids, p.rawIDs = "delta", true }},
	{"ids-dict", func(p *plan) { p.ids, p.rawIDs = "dict", true }},
	{"patient-id-dict", func(p *plan) { p.patientIDDict = true }},
	{"no-dictionary", func(p *plan) { p.noDict = true }},
	{"page-header-statistics", func(p *plan) { p.pageStatistics = true }},
}

// BenchmarkParquetGoPlan measures what each encoding choice does to speed
// and size (zstd and snappy).
func BenchmarkParquetGoPlan(b *testing.B) {
	batches := shootoutBatches()
	for _, comp := range compressions {
		for _, v := range planVariants {
			b.Run(fmt.Sprintf("%s/%s", comp, v.name), func(b *testing.B) {
				s := NewSink(nil, Options{Compression: comp})
				v.set(&s.plan)
				measure(b, batches, func() (tableSizes, error) { return writeParquetGo(s, batches) })
			})
		}
	}
}

// BenchmarkParquetGoLibrarySnappy uses parquet-go's own snappy codec
// (s2.EncodeSnappyBetter) instead of the fast one.
func BenchmarkParquetGoLibrarySnappy(b *testing.B) {
	batches := shootoutBatches()
	s := NewSink(nil, Options{})
	s.codec = &pq.Snappy
	measure(b, batches, func() (tableSizes, error) { return writeParquetGo(s, batches) })
}
