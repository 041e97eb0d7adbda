package stats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pq "github.com/parquet-go/parquet-go"
)

// eachRow streams the rows of a table's Parquet part files into fn, in file
// order, reading only the columns T names.
func eachRow[T any](dir, table string, fn func(*T)) error {
	return eachRowIn(dir, table, nil, func(_ string, r *T) { fn(r) })
}

// eachRowIn is eachRow over the part files whose names (part-….parquet)
// are in parts; nil means every part. Every table of a dataset is split
// into parts of the same patients with the same names, so the part that
// holds a patient in one table holds their rows in all.
func eachRowIn[T any](dir, table string, parts map[string]bool, fn func(base string, row *T)) error {
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
		base := filepath.Base(path)
		if parts != nil && !parts[base] {
			continue
		}
		if err := readFile(path, buf, func(r *T) { fn(base, r) }); err != nil {
			return err
		}
	}
	return nil
}

// hasTable reports whether the dataset has the table's Parquet folder.
func hasTable(dir, table string) bool {
	info, err := os.Stat(filepath.Join(dir, "parquet", table))
	return err == nil && info.IsDir()
}

func readFile[T any](path string, buf []T, fn func(*T)) error {
	f, err := os.Open(path)
	if err != nil {
		return err // names the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	return readParquet(path, f, st.Size(), buf, fn)
}

// readParquet reads one Parquet file of size bytes. Every error is one line
// that starts with name and says what is wrong: a damaged file must not
// stop stats with a panic (parquet-go panics when NewGenericReader is given
// a file it cannot open), so the file's shape is checked first.
func readParquet[T any](name string, r io.ReaderAt, size int64, buf []T, fn func(*T)) (err error) {
	if err := checkShape(r, size); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	// The last resort: damage inside a well-shaped file (a flipped byte in
	// the footer or a page) can still make parquet-go panic.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: damaged Parquet file, parquet-go failed on it (%s)", name, oneLine(fmt.Sprint(p)))
		}
	}()
	pf, err := pq.OpenFile(r, size, pq.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: damaged Parquet footer (%s)", name, oneLine(err.Error()))
	}
	rd := pq.NewGenericReader[T](pf)
	defer rd.Close()
	var rows int64
	for {
		n, err := rd.Read(buf)
		for i := 0; i < n; i++ {
			fn(&buf[i])
		}
		rows += int64(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: damaged Parquet data after %d rows (%s)", name, rows, oneLine(err.Error()))
		}
	}
	if rows != pf.NumRows() {
		return fmt.Errorf("%s: damaged Parquet file: read %d rows, its footer says %d", name, rows, pf.NumRows())
	}
	return nil
}

// magic opens and closes every Parquet file.
const magic = "PAR1"

// checkShape checks what can be checked without decoding: the file is long
// enough, starts and ends with PAR1, and its footer fits in it. This is
// where a truncated or empty file is caught.
func checkShape(r io.ReaderAt, size int64) error {
	const minSize = 2*len(magic) + 4 // header, footer length, footer magic
	if size == 0 {
		return errors.New("empty file (0 bytes), not a Parquet file")
	}
	if size < int64(minSize) {
		return fmt.Errorf("%d bytes, too short for a Parquet file (truncated?)", size)
	}
	var head [4]byte
	var tail [8]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return err
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(head[:]) != magic {
		return errors.New("not a Parquet file (it does not start with PAR1)")
	}
	if string(tail[4:]) != magic {
		return fmt.Errorf("truncated or not a Parquet file: %d bytes and no PAR1 at its end", size)
	}
	if footer := int64(binary.LittleEndian.Uint32(tail[:4])); footer > size-int64(minSize) {
		return fmt.Errorf("damaged Parquet file: its footer says %d bytes but the file has %d", footer, size)
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
