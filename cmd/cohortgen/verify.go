package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/export/objectset"
	"github.com/code4health/cohortgen/storage"
)

func newVerifyCmd(stdout, stderr io.Writer) *cobra.Command {
	var quiet bool
	var base string
	cmd := &cobra.Command{
		Use:   "verify ROOT",
		Short: "Check a sharded run's root and write its manifest.json, which makes it one dataset",
		Long: `verify checks that ROOT (a folder or a bucket URL) holds all N shard manifests
(_shards/K-of-N.json) of one run, with the same version, seed and options, and
that every file they list is there with its size and SHA-256. It then writes
ROOT/manifest.json, which makes the dataset complete. Otherwise it exits 1 and
names what is missing or wrong. A ROOT that already has a manifest.json is
checked against it.`,
		Example: "  cohortgen verify out\n  cohortgen verify s3://bucket/england-2025",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			notify := func(line string) {
				if !quiet {
					fmt.Fprintln(stderr, line)
				}
			}
			st, err := openRootArg(cmd, args[0]) // a root that is not there is bad input
			if err != nil {
				return err
			}
			st.Close()
			m, err := cohortgen.Verify(cmd.Context(), args[0], notify)
			if err != nil {
				return err
			}
			if base != "" { // a delta: it must apply to this dataset
				bm, err := cohortgen.ReadManifestAt(cmd.Context(), base)
				if err != nil {
					return usageError{fmt.Errorf("--base: %w", err)}
				}
				if err := cohortgen.CheckDeltaBase(m, bm); err != nil {
					return fmt.Errorf("%s is not a delta for %s: %w", storage.Redact(args[0]), storage.Redact(base), err)
				}
				if !quiet {
					fmt.Fprintf(stdout, "cohortgen: %s is a delta for %s: what changed from %s to %s\n", storage.Redact(args[0]), storage.Redact(base), m.Since, m.AsOf)
				}
			}
			if !quiet {
				fmt.Fprintf(stdout, "cohortgen: %s is complete: %d patients from %d shards, %d files, %.1f MB\n",
					storage.Redact(args[0]), m.Patients, max(m.Shards, 1), len(m.Files), float64(m.TotalBytes())/1e6)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().StringVar(&base, "base", "", "for a delta (generate --since): the full dataset it applies to; checks they are the same lives and the base ends where the delta starts")
	return cmd
}

func newCleanCmd(stdout, stderr io.Writer) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "clean ROOT",
		Short: "Remove what unfinished runs left in a bucket prefix or shard root",
		Long: `clean removes what interrupted or failed runs left in ROOT (a bucket URL or a
folder written by shards): data files, run records and shard manifests. With
--force it removes a complete dataset too. It refuses, removing nothing, when
ROOT holds anything cohortgen did not write.`,
		Example: "  cohortgen clean s3://bucket/england-2025\n  cohortgen clean --force out",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openRootArg(cmd, args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := objectset.Clean(cmd.Context(), st, objectset.Options{Force: force, OwnFiles: cohortgen.OwnFiles()})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "cohortgen: removed %d files from %s\n", n, st)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove a complete cohortgen dataset too (never anything else)")
	return cmd
}

// openRootArg opens an existing root named on the command line, refusing
// (exit 2) the local folders that are never written into and a root that
// cannot be opened.
func openRootArg(cmd *cobra.Command, loc string) (*storage.Store, error) {
	if !storage.IsURL(loc) {
		if err := dataset.CheckPath(loc); err != nil {
			return nil, err
		}
	}
	st, err := storage.Open(cmd.Context(), loc)
	if err != nil {
		return nil, usageError{err}
	}
	return st, nil
}
