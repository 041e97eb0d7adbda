package cohortgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen/storage"
)

// Download copies a complete dataset from loc (a bucket or file:// URL)
// into the local folder dir, which must not exist yet, checking every file
// against its manifest on the way. stats, audit and load read their own
// formats from local files; a dataset in a bucket reaches them this way.
// A dataset without a manifest.json is refused: it is not complete.
func Download(ctx context.Context, loc, dir string) (*Manifest, error) {
	st, err := storage.Open(ctx, loc)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	b, err := st.ReadFile(ctx, ManifestName)
	if errors.Is(err, storage.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no %s (a sharded run is complete once cohortgen verify has written it)", ErrIncomplete, st, ManifestName)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Generator != "cohortgen" {
		return nil, fmt.Errorf("%s: %s is not a cohortgen manifest", st, ManifestName)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, f := range m.Files {
		g.Go(func() error {
			full := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			out, err := os.Create(full)
			if err != nil {
				return err
			}
			problem := copyChecked(gctx, st, f, out)
			if err := out.Close(); err != nil && problem == "" {
				return err
			}
			if problem != "" {
				return fmt.Errorf("%w: %s: %s", ErrIncomplete, st, problem)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return &m, os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
}
