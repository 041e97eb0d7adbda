package objectset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/storage"
)

// perShard are the manifest fields that differ from shard to shard; all
// the others (version, seed, options, formats...) make a run's identity,
// which every shard of one dataset shares.
var perShard = []string{"shard", "patient_range", "parts", "tables", "files"}

// Identity is a manifest's fields without the per-shard ones, as canonical
// JSON (sorted keys), so two shards of one run have equal identities.
func Identity(manifest []byte) ([]byte, error) {
	fields, err := fieldsOf(manifest)
	if err != nil {
		return nil, err
	}
	for _, k := range perShard {
		delete(fields, k)
	}
	return json.Marshal(fields)
}

func fieldsOf(manifest []byte) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(manifest, &fields); err != nil {
		return nil, err
	}
	var gen string
	if err := json.Unmarshal(fields["generator"], &gen); err != nil || gen != "cohortgen" {
		return nil, errors.New("not a cohortgen manifest")
	}
	return fields, nil
}

// Difference names the first field where two identities differ, e.g.
// `seed 3, not 1`, or "" when they are equal.
func Difference(have, want []byte) string {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(have, &a) != nil || json.Unmarshal(want, &b) != nil {
		return "an unreadable manifest"
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if string(a[k]) != string(b[k]) {
			return fmt.Sprintf("%s %s, not %s", k, orNone(a[k]), orNone(b[k]))
		}
	}
	return ""
}

func orNone(v json.RawMessage) string {
	if len(v) == 0 {
		return "(none)"
	}
	return string(v)
}

// state is what a root holds.
type state struct {
	objects  []storage.Object
	manifest []byte            // the top-level manifest.json, or nil
	shards   map[string][]byte // shard manifests and run records by path
	whole    bool              // an unsharded run's record is there
	foreign  string            // the first object cohortgen did not write, or ""
}

// read lists root and sorts what it finds. own are top-level file patterns
// other cohortgen commands add (load checkpoints).
func read(ctx context.Context, st *storage.Store, own []string) (*state, error) {
	objs, err := st.List(ctx, "")
	if err != nil {
		return nil, err
	}
	s := &state{objects: objs, shards: map[string][]byte{}}
	for _, o := range objs {
		switch _, _, isShard := parseShardFile(o.Path); {
		case o.Path == ManifestName:
			if s.manifest, err = st.ReadFile(ctx, o.Path); err != nil {
				return nil, err
			}
		case isShard:
			if s.shards[o.Path], err = st.ReadFile(ctx, o.Path); err != nil {
				return nil, err
			}
		case o.Path == wholeRecord:
			s.whole = true
		case inDataDir(o.Path) || isOwn(o.Path, own):
		default:
			if s.foreign == "" {
				s.foreign = o.Path
			}
		}
	}
	return s, nil
}

func isOwn(p string, own []string) bool { return dataset.IsOwnFile(p, own) }

// unlisted returns the first object a complete dataset's manifest does not
// account for, or "".
func (s *state) unlisted(own []string) (string, error) {
	var m struct {
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(s.manifest, &m); err != nil {
		return "", err
	}
	listed := map[string]bool{ManifestName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	for _, o := range s.objects {
		if _, _, isShard := parseShardFile(o.Path); !listed[o.Path] && !isShard && !isOwn(o.Path, own) {
			return o.Path, nil
		}
	}
	return "", nil
}

// checkOurs refuses a root that holds anything cohortgen did not write, or
// a complete dataset's manifest it did not write, naming the first such
// object.
func (s *state) checkOurs(root string, own []string) error {
	notOurs := func(why string) error {
		return dataset.Refuse(dataset.ErrNotDataset, fmt.Sprintf("%s is not a cohortgen dataset (%s); cohortgen replaces or removes only what it wrote, even with --force, so nothing was touched", root, why))
	}
	if s.manifest != nil {
		if _, err := fieldsOf(s.manifest); err != nil {
			return notOurs(ManifestName + " is not a cohortgen manifest")
		}
		first, err := s.unlisted(own)
		if err != nil {
			return notOurs(ManifestName + " is not a cohortgen manifest")
		}
		if first != "" {
			return notOurs(first + " is not in its " + ManifestName)
		}
		return nil
	}
	if s.foreign != "" {
		return notOurs("it holds " + s.foreign)
	}
	if len(s.objects) > 0 && len(s.shards) == 0 && !s.whole {
		return notOurs("it holds " + s.objects[0].Path + " but no " + ManifestName + ", shard manifest or run record")
	}
	return nil
}

// removeAll deletes every object of a root checkOurs accepted: the
// manifest first, so the dataset never looks complete while half gone,
// then the data, then the shard files and run records.
func (s *state) removeAll(ctx context.Context, st *storage.Store) error {
	if s.manifest != nil {
		if err := st.Delete(ctx, ManifestName); err != nil {
			return err
		}
	}
	var last []string
	for _, o := range s.objects {
		if o.Path == ManifestName {
			continue
		}
		if strings.HasPrefix(o.Path, ShardsDir) || o.Path == wholeRecord {
			last = append(last, o.Path)
			continue
		}
		if err := st.Delete(ctx, o.Path); err != nil {
			return err
		}
	}
	for _, p := range last {
		if err := st.Delete(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) size() (n int64) {
	for _, o := range s.objects {
		n += o.Size
	}
	return n
}
