package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/storage"
)

// localDataset returns a local folder holding the dataset at loc: loc
// itself for a local path, else a checked copy of the bucket's dataset in
// a temporary folder, which done removes.
func localDataset(ctx context.Context, loc string) (dir string, done func(), err error) {
	if !storage.IsURL(loc) {
		return loc, func() {}, nil
	}
	st, err := storage.Open(ctx, loc)
	if err != nil {
		return "", nil, usageError{err} // no such bucket URL or folder
	}
	st.Close()
	tmp, err := os.MkdirTemp("", "cohortgen-read-")
	if err != nil {
		return "", nil, err
	}
	dir = filepath.Join(tmp, "dataset")
	if _, err := cohortgen.Download(ctx, loc, dir); err != nil {
		os.RemoveAll(tmp)
		if errors.Is(err, cohortgen.ErrIncomplete) {
			err = usageError{err}
		}
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(tmp) }, nil
}

// loadDir is the local folder load reads: a dataset folder, or a copy of a
// bucket's dataset (whose load checkpoint then lives in the copy, so
// --resume applies to local folders only).
func loadDir(cmd *cobra.Command, loc string) (string, func(), error) {
	if !storage.IsURL(loc) {
		if info, err := os.Stat(loc); err != nil || !info.IsDir() {
			return "", nil, usagef("%s is not a dataset folder", loc)
		}
	}
	return localDataset(cmd.Context(), loc)
}
