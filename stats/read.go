package stats

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	pq "github.com/parquet-go/parquet-go"
)

// eachRow streams the rows of a table's Parquet part files into fn, in file
// order, reading only the columns T names.
func eachRow[T any](dir, table string, fn func(*T)) error {
	files, err := filepath.Glob(filepath.Join(dir, "parquet", table, "*.parquet"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no Parquet files for table %s (was the dataset generated with -f parquet?)", dir, table)
	}
	sort.Strings(files)
	buf := make([]T, 4096)
	for _, path := range files {
		if err := readFile(path, buf, fn); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

func readFile[T any](path string, buf []T, fn func(*T)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := pq.NewGenericReader[T](f)
	defer r.Close()
	for {
		n, err := r.Read(buf)
		for i := 0; i < n; i++ {
			fn(&buf[i])
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
