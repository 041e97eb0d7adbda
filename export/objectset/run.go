package objectset

import (
	"context"
	"errors"
	"fmt"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/storage"
)

// Options are those of a local run (dataset.Options): Force allows
// replacing (Begin) or removing (Clean) a complete cohortgen dataset.
type Options = dataset.Options

func notify(o Options, format string, a ...any) {
	if o.Notify != nil {
		o.Notify(fmt.Sprintf(format, a...))
	}
}

// Run is one run (or one shard's run) writing into a root.
type Run struct {
	st    *storage.Store
	shard Shard
	done  bool
}

// Begin checks the root, clears what an unfinished run left (a whole run)
// or joins the shards of the same run already there (a shard), and writes
// the run record. identity is Identity of the manifest the run will write.
// Every refusal matches dataset.ErrRefused and leaves the root untouched.
func Begin(ctx context.Context, st *storage.Store, shard Shard, identity []byte, opts Options) (*Run, error) {
	s, err := read(ctx, st, opts.OwnFiles)
	if err != nil {
		return nil, err
	}
	root := st.String()
	if err := s.checkOurs(root, opts.OwnFiles); err != nil {
		return nil, err
	}
	switch {
	case s.manifest != nil && !shard.Whole():
		return nil, dataset.Refuse(dataset.ErrNotEmpty, fmt.Sprintf("%s holds a complete cohortgen dataset; a shard writes only into an empty or unfinished one (remove it with: cohortgen clean --force %s)", root, root))
	case s.manifest != nil && !opts.Force:
		return nil, dataset.Refuse(dataset.ErrNotEmpty, fmt.Sprintf("%v: %s holds a cohortgen dataset (add --force to replace it)", dataset.ErrNotEmpty, root))
	case s.manifest != nil:
		notify(opts, "cohortgen: removing the earlier dataset in %s (%.1f MB) to replace it", root, float64(s.size())/1e6)
		if err := s.removeAll(ctx, st); err != nil {
			return nil, err
		}
	case len(s.objects) > 0 && shard.Whole():
		notify(opts, "cohortgen: removed what an unfinished run left in %s (%d files, %.1f MB)", root, len(s.objects), float64(s.size())/1e6)
		if err := s.removeAll(ctx, st); err != nil {
			return nil, err
		}
	case len(s.objects) > 0:
		if err := s.checkSameRun(root, shard, identity); err != nil {
			return nil, err
		}
		// A re-run shard no longer counts until it has finished again.
		if err := st.Delete(ctx, shard.manifest()); err != nil {
			return nil, err
		}
	}
	if err := st.WriteFile(ctx, shard.record(), identity); err != nil {
		return nil, err
	}
	return &Run{st: st, shard: shard}, nil
}

// checkSameRun refuses a shard whose root holds another run's shards or an
// unsharded run's leftovers.
func (s *state) checkSameRun(root string, shard Shard, identity []byte) error {
	other := func(why string) error {
		return dataset.Refuse(dataset.ErrNotEmpty, fmt.Sprintf("%s: %s; finish that run, or remove what it left with: cohortgen clean %s", root, why, root))
	}
	if s.whole {
		return other("it holds what an unfinished unsharded run left")
	}
	for p, b := range s.shards {
		sh, isRecord, _ := parseShardFile(p)
		if sh.N != shard.N {
			return other(fmt.Sprintf("%s is from a run of %d shards, this one has %d", p, sh.N, shard.N))
		}
		id := b
		if !isRecord {
			var err error
			if id, err = Identity(b); err != nil {
				return other(p + " is not a cohortgen shard manifest")
			}
		}
		if d := Difference(id, identity); d != "" {
			return other(fmt.Sprintf("%s is from another run (%s)", p, d))
		}
	}
	return nil
}

// Commit writes the manifest (the whole run's, or the shard's), which makes
// the run count, then removes the run record.
func (r *Run) Commit(ctx context.Context, manifest []byte) error {
	if r.done {
		return errors.New("objectset: already committed or aborted")
	}
	if err := r.st.WriteFile(ctx, r.shard.manifest(), manifest); err != nil {
		return err
	}
	r.done = true
	return r.st.Delete(ctx, r.shard.record())
}

// Abort removes the files the run finished (written) and its run record.
// A run killed before it could abort leaves them for the next run or Clean.
func (r *Run) Abort(ctx context.Context, written []string) error {
	if r.done {
		return nil
	}
	r.done = true
	var errs []error
	for _, p := range written {
		errs = append(errs, r.st.Delete(ctx, p))
	}
	errs = append(errs, r.st.Delete(ctx, r.shard.record()))
	return errors.Join(errs...)
}

// Clean removes what unfinished runs left in a root (run records, shard
// manifests, data), or with Force a complete dataset too. It refuses, and
// removes nothing, when the root holds anything cohortgen did not write.
// It returns the number of files removed.
func Clean(ctx context.Context, st *storage.Store, opts Options) (int, error) {
	s, err := read(ctx, st, opts.OwnFiles)
	if err != nil {
		return 0, err
	}
	root := st.String()
	if err := s.checkOurs(root, opts.OwnFiles); err != nil {
		return 0, err
	}
	if s.manifest != nil && !opts.Force {
		return 0, dataset.Refuse(dataset.ErrNotEmpty, fmt.Sprintf("%s holds a complete cohortgen dataset; nothing was removed (add --force to remove it)", root))
	}
	if err := s.removeAll(ctx, st); err != nil {
		return 0, err
	}
	return len(s.objects), nil
}
