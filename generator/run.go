package generator

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen/models"
)

// batchSize is the number of patients generated between writes to the sinks:
// large enough to amortise the write calls, small enough to keep memory flat.
const batchSize = 256

// Result summarises a finished run.
type Result struct {
	Patients int64
	Parts    int
	Rows     map[string]int64 // per table
}

// Parts returns the parts of the run's shard, in order.
func (p *Plan) Parts() []Part {
	first, end := p.Opts.Shard.Range(p.Opts.Patients)
	var parts []Part
	for lo := first; lo < end; {
		hi := min((lo/PartSize+1)*PartSize, end)
		parts = append(parts, Part{First: lo, End: hi})
		lo = hi
	}
	return parts
}

// WritesSharedTables reports whether this run writes the tables that do not
// belong to a patient range (practices): the whole run, or shard 0.
func (p *Plan) WritesSharedTables() bool {
	return p.Opts.Since == models.NoDate && (p.Opts.Shard.IsWhole() || p.Opts.Shard.K == 0) // a delta's are in its base
}

// Run generates the plan's patients into the sinks. Parts are handed to
// Opts.Workers goroutines; each part is written by one worker from start to
// end, so no ordering between workers is needed and any number of workers
// gives the same files. progress, if not nil, is called with the number of
// patients finished so far (from several goroutines).
func Run(ctx context.Context, plan *Plan, sinks []Sink, progress func(done int64)) (Result, error) {
	res := Result{Rows: map[string]int64{}}
	if plan.WritesSharedTables() {
		for _, s := range sinks {
			if err := s.WritePractices(plan.practices); err != nil {
				return res, err
			}
			if err := s.WritePractitioners(plan.practitioners); err != nil {
				return res, err
			}
		}
		res.Rows[models.TablePractices] = int64(len(plan.practices))
		res.Rows[models.TablePractitioners] = int64(len(plan.practitioners))
	}
	parts := plan.Parts()
	workers := plan.Opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = max(1, min(workers, len(parts)))

	var next atomic.Int64
	var done atomic.Int64
	var rows [numPatientTables]atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range workers {
		g.Go(func() error {
			w := newWorker(plan)
			var b models.Batch
			for {
				k := int(next.Add(1) - 1)
				if k >= len(parts) {
					return nil
				}
				if err := w.writePart(ctx, parts[k], sinks, &b, &rows, &done, progress); err != nil {
					return err
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return res, err
	}
	for _, s := range sinks {
		if err := s.Close(); err != nil {
			return res, err
		}
	}
	for k, t := range models.PatientTables {
		res.Rows[t] = rows[k].Load()
	}
	res.Patients = done.Load()
	res.Parts = len(parts)
	return res, nil
}

func (w *worker) writePart(ctx context.Context, part Part, sinks []Sink, b *models.Batch,
	rows *[numPatientTables]atomic.Int64, done *atomic.Int64, progress func(int64)) (err error) {
	writers := make([]PartWriter, 0, len(sinks))
	defer func() {
		for _, pw := range writers {
			if cerr := pw.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	for _, s := range sinks {
		pw, err := s.OpenPart(part)
		if err != nil {
			return fmt.Errorf("opening %s: %w", part.Name(), err)
		}
		writers = append(writers, pw)
	}
	for lo := part.First; lo < part.End; lo += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+batchSize, part.End)
		if err := w.generate(lo, hi, b); err != nil {
			return err
		}
		for _, pw := range writers {
			if err := pw.Write(b); err != nil {
				return err
			}
		}
		patients := len(b.Patients)
		if b.Changes != nil { // a delta's unchanged patients carry their rows and are not written
			patients = 0
			for _, op := range b.Changes.Patients {
				patients += min(len(op), 1)
			}
		}
		for k, n := range [numPatientTables]int{patients, len(b.Conditions), len(b.Encounters), len(b.Prescriptions),
			len(b.Observations), len(b.Immunisations), len(b.Allergies), len(b.Registrations)} {
			rows[k].Add(int64(n))
		}
		n := done.Add(hi - lo)
		if progress != nil {
			progress(n)
		}
	}
	return nil
}
