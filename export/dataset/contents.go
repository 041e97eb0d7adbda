package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ManifestName is the manifest's file name at the top of a dataset.
const ManifestName = "manifest.json"

// manifestFiles is the part of a manifest that says what a dataset holds.
type manifestFiles struct {
	Generator string `json:"generator"`
	Files     []struct {
		Path string `json:"path"`
	} `json:"files"`
}

// checkContents decides whether target, an existing folder, may be
// replaced: it must be empty, or hold a cohortgen dataset and nothing else
// (and then only with force).
func checkContents(target string, opts Options) error {
	entries, err := os.ReadDir(target)
	if err != nil {
		return fmt.Errorf("reading the output folder: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	notOurs := func(why string) error {
		return refuse(ErrNotDataset, fmt.Sprintf("%s is not a cohortgen dataset (%s); cohortgen replaces only a dataset it wrote, even with --force, so nothing was touched", target, why))
	}
	b, err := os.ReadFile(filepath.Join(target, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return notOurs("it holds files but no " + ManifestName)
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", filepath.Join(target, ManifestName), err)
	}
	var m manifestFiles
	if err := json.Unmarshal(b, &m); err != nil || m.Generator != "cohortgen" {
		return notOurs(ManifestName + " is not a cohortgen manifest")
	}
	first, err := firstUnlisted(target, m, opts.OwnFiles)
	if err != nil {
		return err
	}
	if first != "" {
		return notOurs(first + " is not in its " + ManifestName)
	}
	if !opts.Force {
		return refuse(ErrNotEmpty, fmt.Sprintf("%v: %s holds a cohortgen dataset (add --force to replace it)", ErrNotEmpty, target))
	}
	return nil
}

// firstUnlisted walks dir in lexical order and returns the first entry the
// manifest does not account for (a folder is named with a trailing slash),
// or "". The manifest accounts for itself, its files, the folders above
// them, a run record (runRecord) and top-level files matching one of own. A symbolic link is never
// accounted for: cohortgen writes none, and it is not followed.
func firstUnlisted(dir string, m manifestFiles, own []string) (string, error) {
	files := map[string]bool{ManifestName: true, runRecord: true}
	dirs := map[string]bool{}
	for _, f := range m.Files {
		p := path.Clean(f.Path)
		files[p] = true
		for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var first string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(r)
		switch {
		case d.IsDir() && (dirs[rel] || rel == shardsDir):
			return nil
		case d.Type().IsRegular() && isShardFile(rel):
			return nil
		case d.IsDir():
			first = rel + "/"
		case d.Type().IsRegular() && (files[rel] || IsOwnFile(rel, own)):
			return nil
		default:
			first = rel
		}
		return filepath.SkipAll
	})
	if err != nil {
		return "", fmt.Errorf("reading the output folder: %w", err)
	}
	return first, nil
}

// IsOwnFile reports whether rel, a slash-separated path in a dataset, is a
// top-level file matching one of own (Options.OwnFiles).
func IsOwnFile(rel string, own []string) bool {
	if strings.Contains(rel, "/") {
		return false
	}
	for _, pat := range own {
		if ok, _ := path.Match(pat, rel); ok {
			return true
		}
	}
	return false
}

// shardsDir holds the shard manifests of a dataset assembled from shards
// (export/objectset); they stay beside its manifest.
const shardsDir = "_shards"

func isShardFile(rel string) bool {
	for _, pat := range []string{shardsDir + "/*-of-*.json", shardsDir + "/*-of-*.run"} {
		if ok, _ := path.Match(pat, rel); ok {
			return true
		}
	}
	return false
}
