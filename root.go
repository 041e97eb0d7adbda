package cohortgen

import (
	"context"
	"fmt"
	"os"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/export/objectset"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/storage"
)

// writesToRoot reports whether cfg is written object by object into its
// root (export/objectset) rather than staged beside a local folder and
// renamed: always for a bucket, and for every shard, since the shards of a
// run write into one root at the same time.
func writesToRoot(cfg Config) bool { return storage.IsURL(cfg.Out) || !cfg.Shard.IsWhole() }

// openRoot opens a dataset root for writing, refusing a local path that is
// never written into. A location that cannot be opened is refused too.
func openRoot(ctx context.Context, loc string) (*storage.Store, error) {
	if !storage.IsURL(loc) {
		if err := dataset.CheckPath(loc); err != nil {
			return nil, err
		}
	}
	st, err := storage.OpenToWrite(ctx, loc)
	if err != nil {
		return nil, dataset.Refuse(dataset.ErrUnsafe, err.Error())
	}
	return st, nil
}

// generateToRoot writes cfg's data files straight into the root, then its
// manifest: manifest.json for a whole run, _shards/K-of-N.json for a shard.
// A failed or cancelled run removes the files it finished and leaves no
// manifest; a killed one leaves its run record, and the next run into the
// root (or cohortgen clean) removes what it left.
func generateToRoot(ctx context.Context, cfg Config) (*Manifest, error) {
	st, err := openRoot(ctx, cfg.Out)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	plan, err := generator.NewPlan(cfg.Options)
	if err != nil {
		return nil, err
	}
	before, err := newManifest(cfg, plan, generator.Result{}, nil).encode()
	if err != nil {
		return nil, err
	}
	identity, err := objectset.Identity(before)
	if err != nil {
		return nil, err
	}
	var shard objectset.Shard
	if !cfg.Shard.IsWhole() {
		shard = objectset.Shard{K: cfg.Shard.K, N: cfg.Shard.N}
	}
	run, err := objectset.Begin(ctx, st, shard, identity, objectset.Options{Force: cfg.Force, OwnFiles: ownFiles, Notify: cfg.Notify})
	if err != nil {
		return nil, err
	}
	scratch, err := os.MkdirTemp("", "cohortgen-scratch-")
	if err != nil {
		_ = run.Abort(context.WithoutCancel(ctx), nil)
		return nil, fmt.Errorf("creating a scratch folder: %w", err)
	}
	defer os.RemoveAll(scratch)
	reg := outfile.NewRegistryTo(storeDest{ctx: ctx, st: st}, scratch)
	committed := false
	defer func() {
		if !committed {
			var written []string
			for _, r := range reg.Records() {
				written = append(written, r.Path)
			}
			_ = run.Abort(context.WithoutCancel(ctx), written)
		}
	}()
	res, err := generator.Run(ctx, plan, openSinks(cfg, reg, runInfo(cfg, plan)), cfg.Progress)
	if err != nil {
		return nil, err
	}
	m := newManifest(cfg, plan, res, reg.Records())
	b, err := m.encode()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := run.Commit(ctx, b); err != nil {
		return nil, err
	}
	committed = true
	return m, nil
}

// storeDest lets the registry write into a store.
type storeDest struct {
	ctx context.Context
	st  *storage.Store
}

func (d storeDest) Create(rel string) (outfile.Upload, error) { return d.st.Create(d.ctx, rel) }
