package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestListWhileAnotherWriterRenames: shards writing to one local folder
// list it while the others rename their temporary files; a listing that
// met a file gone between reading the folder and reading the file failed
// as not found (CI, TestShardsIntoOneLocalFolder). A local folder's
// listing now leaves such a file out. Here a writer creates and renames
// files as fast as it can while the folder is listed; no listing may fail
// (the bucket library's listing failed it when tried).
func TestListWhileAnotherWriterRenames(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := OpenToWrite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "_shards")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tmp := filepath.Join(sub, fmt.Sprintf("%d.run.tmp", i%50))
			if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(tmp, filepath.Join(sub, fmt.Sprintf("%d.run", i%50))); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	failed := 0
	for range 300 {
		if _, err := s.List(ctx, "_shards/"); err != nil {
			failed++
			t.Log(err)
		}
	}
	close(stop)
	wg.Wait()
	if failed > 0 {
		t.Errorf("%d of 300 listings failed while another writer renamed files", failed)
	}
}
