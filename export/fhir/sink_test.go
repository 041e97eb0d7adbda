package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
)

// readTree returns every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// writeOrdered writes parts through a fresh NDJSON sink, opening them in the
// given order, interleaving their batches at random and closing them in
// closeOrder, and returns the files.
func writeOrdered(t *testing.T, s *sample, opt Options, openOrder, closeOrder []int, seed uint64) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	sk := NewNDJSON(newRegistry(dir), opt)
	if err := sk.WritePractices(s.practices); err != nil {
		t.Fatal(err)
	}
	if err := sk.WritePractitioners(fhirsample.Practitioners(s.practices)); err != nil {
		t.Fatal(err)
	}
	ws := make([]generator.PartWriter, len(s.parts))
	next := make([]int64, len(s.parts))
	for _, i := range openOrder {
		w, err := sk.OpenPart(s.parts[i])
		if err != nil {
			t.Fatal(err)
		}
		ws[i] = w
		next[i] = s.parts[i].First
	}
	r := rand.New(rand.NewPCG(seed, 1))
	for {
		var live []int
		for i := range s.parts {
			if next[i] < s.parts[i].End {
				live = append(live, i)
			}
		}
		if len(live) == 0 {
			break
		}
		i := live[r.IntN(len(live))]
		n := min(int64(s.batch), s.parts[i].End-next[i])
		if err := ws[i].Write(fhirsample.Batch(s.seed, s.practices, next[i], int(n), s.shape)); err != nil {
			t.Fatal(err)
		}
		next[i] += n
	}
	for _, i := range closeOrder {
		if err := ws[i].Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := sk.Close(); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dir)
}

// TestNDJSONPartOrder checks that the final files hold the parts in part
// order, byte for byte the same, whatever order the parts are opened,
// written and closed in, and whatever the sink's idea of the first patient.
func TestNDJSONPartOrder(t *testing.T) {
	// Big enough batches that buffers flush (and heads get promoted) mid-part.
	s := newSample(3, 240, 40, 20, fhirsample.Default)
	seq := []int{0, 1, 2, 3, 4, 5}
	want := writeOrdered(t, s, Options{}, seq, seq, 1)
	if len(want) != len(ResourceTypes) {
		t.Fatalf("files %v", keys(want))
	}
	for i, typ := range ResourceTypes {
		if data := want["fhir/"+typ+".ndjson"]; len(data) == 0 {
			t.Fatalf("%s.ndjson missing or empty", typ)
		} else if i >= 2 && !bytes.HasPrefix(data, []byte(`{"resourceType":"`+typ+`"`)) {
			t.Fatalf("%s.ndjson starts %q", typ, data[:40])
		}
	}
	// Patients in index order in Patient.ndjson.
	var ids []string
	for _, first := range []int64{0, 40, 80, 120, 160, 200} {
		b := fhirsample.Batch(s.seed, s.practices, first, 40, s.shape)
		for _, p := range b.Patients {
			ids = append(ids, p.PatientID)
		}
	}
	lines := strings.Split(strings.TrimSuffix(string(want["fhir/Patient.ndjson"]), "\n"), "\n")
	if len(lines) != len(ids) {
		t.Fatalf("%d patients, want %d", len(lines), len(ids))
	}
	for i, l := range lines {
		if !strings.Contains(l[:80], ids[i]) {
			t.Fatalf("patient line %d is not patient %s", i, ids[i])
		}
	}
	cases := []struct {
		name        string
		opt         Options
		open, close []int
	}{
		{"reverse", Options{}, []int{5, 4, 3, 2, 1, 0}, []int{5, 4, 3, 2, 1, 0}},
		{"head last", Options{}, []int{1, 2, 0, 3, 5, 4}, []int{3, 1, 2, 5, 4, 0}},
		{"head first", Options{}, []int{0, 1, 2, 3, 4, 5}, []int{0, 2, 1, 4, 3, 5}},
		{"shard start unknown", Options{FirstPatient: 0}, []int{3, 1, 2, 4, 5, 0}, []int{4, 3, 1, 5, 2, 0}},
	}
	for k, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := writeOrdered(t, s, c.opt, c.open, c.close, uint64(10+k))
			for name, w := range want {
				if !bytes.Equal(got[name], w) {
					t.Errorf("%s differs from the sequential run (%d vs %d bytes)", name, len(got[name]), len(w))
				}
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNDJSONShardStart checks a shard whose parts start at FirstPatient.
func TestNDJSONShardStart(t *testing.T) {
	s := newSample(5, 60, 20, 20, fhirsample.Small)
	s.parts = s.parts[1:] // patients 20..60
	ref := writeOrdered(t, s, Options{}, []int{0, 1}, []int{0, 1}, 1)
	got := writeOrdered(t, s, Options{FirstPatient: 20, Shard: "s1"}, []int{1, 0}, []int{1, 0}, 2)
	for _, typ := range patientTypes {
		if !bytes.Equal(got["fhir/"+typ+".s1.ndjson"], ref["fhir/"+typ+".ndjson"]) {
			t.Errorf("%s: shard file differs", typ)
		}
	}
	// A part below the first patient is refused once the head has moved.
	sk := NewNDJSON(newRegistry(t.TempDir()), Options{FirstPatient: 20})
	if _, err := sk.OpenPart(generator.Part{First: 0, End: 20}); err == nil {
		t.Error("OpenPart below FirstPatient: no error")
	}
}

// TestBundleSinkNeedsPractices checks the error for an unknown practice and
// that Options.Practices and Options.Practitioners stand in for
// WritePractices and WritePractitioners.
func TestBundleSinkNeedsPractices(t *testing.T) {
	s := newSample(9, 5, 5, 5, fhirsample.Small)
	b := fhirsample.Batch(s.seed, s.practices, 0, 5, s.shape)
	sk := NewBundles(newRegistry(t.TempDir()), Options{})
	w, _ := sk.OpenPart(s.parts[0])
	if err := w.Write(b); err == nil || !strings.Contains(err.Error(), "practice") {
		t.Errorf("unknown practice: err = %v", err)
	}
	dir := t.TempDir()
	reg := newRegistry(dir)
	sk = NewBundles(newRegistry(t.TempDir()), Options{Practices: s.practices})
	w, _ = sk.OpenPart(s.parts[0])
	if err := w.Write(b); err == nil || !strings.Contains(err.Error(), "practitioner") {
		t.Errorf("unknown practitioner: err = %v", err)
	}
	sk = NewBundles(reg, Options{Practices: s.practices, Practitioners: fhirsample.Practitioners(s.practices)})
	w, _ = sk.OpenPart(s.parts[0])
	if err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	sk.Close()
	if n := len(reg.Records()); n != 5 {
		t.Errorf("%d bundle records, want 5", n)
	}
}

// TestBadBatchOrder checks that records out of patient order are an error,
// not silently mis-grouped resources.
func TestBadBatchOrder(t *testing.T) {
	s := newSample(9, 4, 4, 4, fhirsample.Small)
	b := fhirsample.Batch(s.seed, s.practices, 0, 4, s.shape)
	b.Encounters[0], b.Encounters[len(b.Encounters)-1] = b.Encounters[len(b.Encounters)-1], b.Encounters[0]
	sk := NewNDJSON(newRegistry(t.TempDir()), Options{})
	w, err := sk.OpenPart(s.parts[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(b); err == nil {
		t.Error("no error for records out of patient order")
	}
	w.Close()
	if err := sk.Close(); err == nil {
		t.Error("Close after a failed part: no error")
	}
}

// TestConcurrentDeterminism runs the full concurrent writer twice and
// compares every file.
func TestConcurrentDeterminism(t *testing.T) {
	s := newSample(11, 90, 15, 7, fhirsample.Small)
	var trees []map[string][]byte
	for range 2 {
		dir := t.TempDir()
		reg := newRegistry(dir)
		s.run(t, NewNDJSON(reg, Options{}), NewBundles(reg, Options{}))
		trees = append(trees, readTree(t, dir))
	}
	if len(trees[0]) != 90+len(ResourceTypes) {
		t.Errorf("%d files", len(trees[0]))
	}
	for name, data := range trees[0] {
		if !bytes.Equal(trees[1][name], data) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

// TestBundleCarriesAPreviousPractice: a patient whose earlier encounters
// were at another practice gets that practice's Organization once, so every
// reference resolves inside the Bundle, and the manifest counts it.
func TestBundleCarriesAPreviousPractice(t *testing.T) {
	s := newSample(9, 1, 1, 1, fhirsample.Small)
	b := fhirsample.Batch(s.seed, s.practices, 0, 1, s.shape)
	if len(b.Encounters) < 2 {
		t.Fatal("the sample patient needs two encounters")
	}
	prev := s.practices[0].PracticeID
	if prev == b.Patients[0].PracticeID {
		prev = s.practices[1].PracticeID
	}
	b.Encounters[0].PracticeID, b.Encounters[1].PracticeID = prev, prev
	dir := t.TempDir()
	reg := newRegistry(dir)
	sk := NewBundles(reg, Options{Practices: s.practices, Practitioners: fhirsample.Practitioners(s.practices)})
	w, _ := sk.OpenPart(s.parts[0])
	if err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	sk.Close()
	rec := reg.Records()[0]
	data, err := os.ReadFile(filepath.Join(dir, rec.Path))
	if err != nil {
		t.Fatal(err)
	}
	var bundle bundleJSON
	if err := json.Unmarshal(data, &bundle); err != nil {
		t.Fatal(err)
	}
	orgs := 0
	for _, e := range bundle.Entry {
		if e.Request.URL == "Organization/"+prev {
			orgs++
		}
	}
	if orgs != 1 {
		t.Errorf("%d entries for the previous practice, want 1", orgs)
	}
	if rec.Rows != int64(len(bundle.Entry)) {
		t.Errorf("manifest rows %d, Bundle has %d entries", rec.Rows, len(bundle.Entry))
	}
}

// failingDest makes files whose writes fail once more than limit bytes of
// them are written, for the files whose path contains match.
type failingDest struct {
	dir   string
	match string
	limit int
}

func (d failingDest) Create(rel string) (outfile.Upload, error) {
	full := filepath.Join(d.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(full)
	if err != nil {
		return nil, err
	}
	u := &failingUpload{File: f, left: -1}
	if strings.Contains(rel, d.match) {
		u.left = d.limit
	}
	return u, nil
}

type failingUpload struct {
	*os.File
	left int // bytes still allowed; -1 for no limit
}

func (u *failingUpload) Write(p []byte) (int, error) {
	if u.left >= 0 {
		if len(p) > u.left {
			return 0, errors.New("disk full")
		}
		u.left -= len(p)
	}
	return u.File.Write(p)
}

func (u *failingUpload) Abort() { u.File.Close() }

// TestNDJSONWriteErrorReachesClose: a final file whose writes fail (here
// on the writer's goroutine, after the part writers handed their bytes
// over) fails the run: an error from a part or from Close, no record for
// the file, and no temporary files left behind.
func TestNDJSONWriteErrorReachesClose(t *testing.T) {
	s := newSample(3, 240, 40, 20, fhirsample.Default)
	for _, limit := range []int{0, 3 << 20} { // the first write, and one mid-run
		t.Run(itoa(limit), func(t *testing.T) {
			dir := t.TempDir()
			reg := outfile.NewRegistryTo(failingDest{dir: dir, match: "Observation", limit: limit}, dir)
			sk := NewNDJSON(reg, Options{})
			var errs []error
			ws := make([]generator.PartWriter, len(s.parts))
			for _, i := range []int{2, 0, 1, 3, 4, 5} { // some parts start as temporary files
				w, err := sk.OpenPart(s.parts[i])
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ws[i] = w
			}
			for i, w := range ws {
				if w == nil {
					continue
				}
				p := s.parts[i]
				for first := p.First; first < p.End; first += int64(s.batch) {
					n := min(int64(s.batch), p.End-first)
					if err := w.Write(fhirsample.Batch(s.seed, s.practices, first, int(n), s.shape)); err != nil {
						errs = append(errs, err)
						break
					}
				}
				if err := w.Close(); err != nil {
					errs = append(errs, err)
				}
			}
			if err := sk.Close(); err != nil {
				errs = append(errs, err)
			}
			if len(errs) == 0 {
				t.Fatal("a final file's failed writes: no error from the parts or from Close")
			}
			if !strings.Contains(errors.Join(errs...).Error(), "disk full") {
				t.Errorf("errors %v do not carry the write's error", errs)
			}
			for _, r := range reg.Records() {
				if strings.Contains(r.Path, "Observation") {
					t.Errorf("%s recorded after its writes failed", r.Path)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "fhir", ".parts", "*")); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}
