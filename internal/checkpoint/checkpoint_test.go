package checkpoint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// A done-set with gaps survives a save and a resume, in the compact form.
func TestProgressRoundTrip(t *testing.T) {
	p := NewProgress(10)
	for _, i := range []int{0, 1, 2, 5, 9, 2} {
		p.Mark(i)
	}
	r := p.Record()
	if r.DoneBelow != 3 || !reflect.DeepEqual(r.Done, []int{5, 9}) || r.Complete {
		t.Fatalf("record %+v", r)
	}
	q := NewProgress(10)
	q.Restore(Record{DoneBelow: r.DoneBelow, Done: append(r.Done, -1, 10)}) // out of range: ignored
	if q.Count() != 5 || q.FirstNotDone() != 3 || !q.Done(9) || q.Done(8) {
		t.Fatalf("restored %d done, first not done %d", q.Count(), q.FirstNotDone())
	}
	for i := 0; i < 10; i++ {
		q.Mark(i)
	}
	if r := q.Record(); r.DoneBelow != 10 || r.Done != nil || !r.Complete || q.FirstNotDone() != -1 {
		t.Fatalf("all done: %+v", r)
	}
}

// Record embedded last in a loader's struct writes the fields files have
// always had, in the same order, so old checkpoints still resume.
func TestRecordFormat(t *testing.T) {
	v := struct {
		Version int `json:"version"`
		Record
	}{1, Record{DoneBelow: 2, Done: []int{4}, Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	path := filepath.Join(t.TempDir(), ".load-state")
	if err := WriteJSON(path, v); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "{\n \"version\": 1,\n \"done_below\": 2,\n \"done\": [\n  4\n ],\n \"complete\": false,\n \"updated\": \"2026-01-02T03:04:05Z\"\n}\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// A failed write leaves the previous checkpoint whole and no temporary file.
func TestWriteJSONFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".load-state")
	if err := WriteJSON(path, Record{DoneBelow: 7}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := WriteJSON(path, map[string]any{"bad": make(chan int)}); err == nil {
		t.Fatal("unencodable value written")
	}
	blocked := filepath.Join(dir, "sub")
	os.MkdirAll(filepath.Join(blocked, "x"), 0o755) // a rename cannot replace a full folder
	if err := WriteJSON(blocked, Record{}); err == nil {
		t.Fatal("rename over a folder succeeded")
	}
	after, _ := os.ReadFile(path)
	var r Record
	if string(after) != string(before) || json.Unmarshal(after, &r) != nil || r.DoneBelow != 7 {
		t.Fatalf("old checkpoint changed: %s", after)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
