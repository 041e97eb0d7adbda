package audit

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// generateBatch is how many patients are generated between audits: enough
// to amortise the calls, few enough to keep memory flat.
const generateBatch = 1024

// Generated audits a plan's patients in memory, without writing them: the
// parts of its shard are generated and audited by up to workers goroutines.
// The result does not depend on the number of workers.
func Generated(ctx context.Context, p *generator.Plan, rules *Rules, examples, workers int) (*Report, error) {
	cfg := Config{AsOf: p.Opts.AsOf, HistoryYears: p.Opts.HistoryYears, Examples: examples,
		CauseOfDeath: PatientHasCauseOfDeath(), Allergies: true, Roles: PlanRoles(p.Practitioners())}
	parts := p.Parts()
	workers = max(1, min(workers, len(parts)))
	auditors := make([]*Auditor, workers)
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for w := range auditors {
		auditors[w] = NewAuditor(rules, cfg)
		g.Go(func() error {
			var b models.Batch
			for k := int(next.Add(1) - 1); k < len(parts); k = int(next.Add(1) - 1) {
				for lo := parts[k].First; lo < parts[k].End; lo += generateBatch {
					if err := ctx.Err(); err != nil {
						return err
					}
					if err := p.Generate(lo, min(lo+generateBatch, parts[k].End), &b); err != nil {
						return err
					}
					auditors[w].AddBatch(&b)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, a := range auditors[1:] {
		if err := auditors[0].Merge(a); err != nil {
			return nil, err
		}
	}
	return auditors[0].Report(), nil
}
