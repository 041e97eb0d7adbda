package cohortgen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen/export/objectset"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/storage"
)

// ErrIncomplete is matched by Verify's error when a sharded dataset is not
// (yet) whole: a shard is missing, running or from another run, or a file
// is missing or different.
var ErrIncomplete = errors.New("dataset incomplete")

// maxProblems is how many problems Verify names before "and N more".
const maxProblems = 10

// Verify checks a sharded run's root (a local folder or a bucket URL): all
// N shard manifests present, from one run (same version, seed, options),
// every file they list present with its size and SHA-256. It then writes
// the dataset's manifest.json, which makes it complete. A root that already
// has a manifest.json is checked against it and left as it is. Files in
// cohortgen's folders that no shard lists (left by killed attempts) are
// removed first, so that the manifest lists everything in the root.
func Verify(ctx context.Context, loc string, notify func(string)) (*Manifest, error) {
	st, err := storage.Open(ctx, loc)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if m, err := readManifest(ctx, st); err == nil {
		return m, checkFiles(ctx, st, m.Files)
	} else if !errors.Is(err, storage.ErrNotExist) {
		return nil, err
	}
	shards, err := readShards(ctx, st)
	if err != nil {
		return nil, err
	}
	if err := checkFiles(ctx, st, shards.files()); err != nil {
		return nil, err
	}
	if err := removeUnlisted(ctx, st, shards.files(), notify); err != nil {
		return nil, err
	}
	m := shards.merge()
	b, err := m.encode()
	if err != nil {
		return nil, err
	}
	if err := st.WriteFile(ctx, ManifestName, b); err != nil {
		return nil, err
	}
	return m, nil
}

// shardSet is the shard manifests of one run, by index.
type shardSet []*Manifest

// readShards reads _shards/ and checks that it holds all N manifests of one
// run and no run record (a shard still running, or killed).
func readShards(ctx context.Context, st *storage.Store) (shardSet, error) {
	objs, err := st.List(ctx, objectset.ShardsDir)
	if err != nil {
		return nil, err
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("%w: %s has no %s and no shard manifests (%s*.json): nothing to verify", ErrIncomplete, st, ManifestName, objectset.ShardsDir)
	}
	var problems []string
	byIndex := map[int]*Manifest{}
	var identity []byte
	n := 0
	for _, o := range objs {
		k, sn, isRecord, ok := objectset.ParseShardFile(o.Path)
		switch {
		case !ok && objectset.InDataDir(o.Path):
			continue // removed with the other leftovers
		case !ok:
			problems = append(problems, o.Path+" is not a shard manifest")
			continue
		case isRecord:
			problems = append(problems, fmt.Sprintf("shard %d of %d has not finished (%s: running, or killed and not re-run)", k, sn, o.Path))
			continue
		case n == 0:
			n = sn
		case sn != n:
			problems = append(problems, fmt.Sprintf("%s is from a run of %d shards, not %d", o.Path, sn, n))
			continue
		}
		b, err := st.ReadFile(ctx, o.Path)
		if err != nil {
			return nil, err
		}
		var m Manifest
		id, err := objectset.Identity(b)
		if err == nil {
			err = json.Unmarshal(b, &m)
		}
		if err != nil {
			problems = append(problems, o.Path+" is not a cohortgen shard manifest")
			continue
		}
		if identity == nil {
			identity = id
		} else if d := objectset.Difference(id, identity); d != "" {
			problems = append(problems, fmt.Sprintf("%s is from another run than the shards before it (%s)", o.Path, d))
			continue
		}
		byIndex[k] = &m
	}
	set := make(shardSet, n)
	var missing []string
	for k := range n {
		if set[k] = byIndex[k]; set[k] == nil {
			missing = append(missing, objectset.ShardManifest(k, n))
		}
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d shard manifests missing: %s", len(missing), n, strings.Join(missing, ", ")))
	}
	if len(problems) > 0 {
		return nil, incomplete(st, problems)
	}
	return set, nil
}

func incomplete(st *storage.Store, problems []string) error {
	more := ""
	if len(problems) > maxProblems {
		more = fmt.Sprintf("; and %d more", len(problems)-maxProblems)
		problems = problems[:maxProblems]
	}
	return fmt.Errorf("%w: %s: %s%s", ErrIncomplete, st, strings.Join(problems, "; "), more)
}

// files lists every shard's files, by path.
func (s shardSet) files() []outfile.Record {
	var all []outfile.Record
	for _, m := range s {
		all = append(all, m.Files...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	return all
}

// merge is the whole dataset's manifest: the run's identity, the whole
// patient range, and every shard's tables, parts and files added up.
func (s shardSet) merge() *Manifest {
	m := *s[0]
	m.Shard = "0/1"
	m.Shards = len(s)
	m.PatientRange = [2]int64{s[0].PatientRange[0], s[len(s)-1].PatientRange[1]}
	m.Parts = 0
	m.Tables = map[string]int64{}
	for _, sh := range s {
		m.Parts += sh.Parts
		for t, n := range sh.Tables {
			m.Tables[t] += n
		}
	}
	m.Files = s.files()
	return &m
}

// checkFiles reads every file back and compares its size and SHA-256 with
// the record, four at a time; it names the problems it found.
func checkFiles(ctx context.Context, st *storage.Store, files []outfile.Record) error {
	problems := make([]string, len(files))
	seen := map[string]bool{}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, f := range files {
		if seen[f.Path] {
			problems[i] = f.Path + " is listed twice"
			continue
		}
		seen[f.Path] = true
		g.Go(func() error {
			problems[i] = checkFile(ctx, st, f)
			return ctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var found []string
	for _, p := range problems {
		if p != "" {
			found = append(found, p)
		}
	}
	if len(found) > 0 {
		return incomplete(st, found)
	}
	return nil
}

// checkFile returns "" when f is present as recorded, else what is wrong.
func checkFile(ctx context.Context, st *storage.Store, f outfile.Record) string {
	return copyChecked(ctx, st, f, io.Discard)
}

// copyChecked copies f to w, returning "" when it was as recorded, else
// what is wrong (missing, another size, another SHA-256).
func copyChecked(ctx context.Context, st *storage.Store, f outfile.Record, w io.Writer) string {
	r, err := st.Open(ctx, f.Path)
	if errors.Is(err, storage.ErrNotExist) {
		return f.Path + " is missing"
	}
	if err != nil {
		return err.Error()
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(h, w), r)
	switch {
	case err != nil:
		return fmt.Sprintf("%s: %v", f.Path, err)
	case n != f.Bytes:
		return fmt.Sprintf("%s has %d bytes, its manifest says %d", f.Path, n, f.Bytes)
	case hex.EncodeToString(h.Sum(nil)) != f.SHA256:
		return f.Path + " is not the file its manifest lists (SHA-256 differs)"
	}
	return ""
}

// removeUnlisted deletes files in cohortgen's folders that no shard lists:
// what killed attempts left (an upload's temporary file, a part of a shard
// since re-run differently). Anything else in the root stops verify.
func removeUnlisted(ctx context.Context, st *storage.Store, files []outfile.Record, notify func(string)) error {
	listed := map[string]bool{}
	for _, f := range files {
		listed[f.Path] = true
	}
	objs, err := st.List(ctx, "")
	if err != nil {
		return err
	}
	var stray []string
	for _, o := range objs {
		switch {
		case objectset.InDataDir(o.Path) && !listed[o.Path]:
			stray = append(stray, o.Path)
		case listed[o.Path] || strings.HasPrefix(o.Path, objectset.ShardsDir):
		default:
			return fmt.Errorf("%w: %s holds %s, which cohortgen did not write; move it elsewhere and verify again", ErrIncomplete, st, o.Path)
		}
	}
	for _, p := range stray {
		if err := st.Delete(ctx, p); err != nil {
			return err
		}
	}
	if len(stray) > 0 && notify != nil {
		notify(fmt.Sprintf("cohortgen: removed %d files no shard lists (left by killed attempts), e.g. %s", len(stray), stray[0]))
	}
	return nil
}

// readManifest reads and decodes the root's manifest; the error wraps
// storage.ErrNotExist when there is none.
func readManifest(ctx context.Context, st *storage.Store) (*Manifest, error) {
	b, err := st.ReadFile(ctx, ManifestName)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Generator != "cohortgen" {
		return nil, fmt.Errorf("%s: %s is not a cohortgen manifest", st, ManifestName)
	}
	return &m, nil
}
