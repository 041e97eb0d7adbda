// Package outfile creates output files that hash and count their bytes as
// they are written, and records each finished file in a Registry, so the run
// can write its manifest without reading its output a second time. Where
// the bytes go (a local folder, a bucket) is the registry's Dest: a writer
// never knows.
package outfile

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// Dest creates a dataset's files.
type Dest interface {
	// Create starts the file rel (slash-separated, relative to the
	// dataset root).
	Create(rel string) (Upload, error)
}

// Upload is one file being written. After Abort, or a failed Close, the
// file is not (or not yet) there under its name for any reader that checks
// the manifest.
type Upload interface {
	io.Writer
	Close() error
	Abort()
}

// dirDest writes files into a local folder.
type dirDest string

func (d dirDest) Create(rel string) (Upload, error) {
	full := filepath.Join(string(d), filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(full)
	if err != nil {
		return nil, err
	}
	return localFile{f}, nil
}

type localFile struct{ *os.File }

func (f localFile) Abort() { f.File.Close() }

// Record describes one finished file, relative to the dataset root.
type Record struct {
	Path   string `json:"path"`
	Table  string `json:"table,omitempty"`
	Format string `json:"format"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Registry collects the records of a dataset's files. Safe for concurrent use.
type Registry struct {
	Root string // local dataset folder, when the files go to one; else ""
	// Scratch is a local folder a sink may use for temporary files (the
	// NDJSON sink's out-of-order parts); never the destination of a bucket.
	Scratch string

	dest    Dest
	mu      sync.Mutex
	records []Record
}

// NewRegistry returns a registry for files under the local folder root,
// with its scratch files there too.
func NewRegistry(root string) *Registry {
	return &Registry{Root: root, Scratch: root, dest: dirDest(root)}
}

// NewRegistryTo returns a registry writing files to dest, with scratch
// files in the local folder scratch.
func NewRegistryTo(dest Dest, scratch string) *Registry {
	return &Registry{Scratch: scratch, dest: dest}
}

// Records returns the records sorted by path.
func (r *Registry) Records() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]Record(nil), r.records...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func (r *Registry) add(rec Record) {
	r.mu.Lock()
	r.records = append(r.records, rec)
	r.mu.Unlock()
}

// File is a buffered output file that hashes what is written to it.
type File struct {
	reg    *Registry
	rec    Record
	f      Upload
	buf    *bufio.Writer
	sum    hash.Hash
	closed bool
}

// Create makes the file rel (slash-separated, relative to the registry root),
// creating its folders.
func (r *Registry) Create(rel, format, table string) (*File, error) {
	f, err := r.dest.Create(rel)
	if err != nil {
		return nil, err
	}
	out := &File{reg: r, f: f, sum: sha256.New(), rec: Record{Path: rel, Format: format, Table: table}}
	out.buf = bufio.NewWriterSize(f, 1<<20)
	return out, nil
}

// Write writes p, hashing and counting it.
func (o *File) Write(p []byte) (int, error) {
	o.sum.Write(p)
	n, err := o.buf.Write(p)
	o.rec.Bytes += int64(n)
	return n, err
}

// AddRows adds to the row count recorded for the file.
func (o *File) AddRows(n int64) { o.rec.Rows += n }

// Close flushes and closes the file and registers its record. Closing twice
// is a no-op.
func (o *File) Close() error {
	if o.closed {
		return nil
	}
	o.closed = true
	err := errors.Join(o.buf.Flush(), o.f.Close())
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.rec.Path, err)
	}
	o.rec.SHA256 = hex.EncodeToString(o.sum.Sum(nil))
	o.reg.add(o.rec)
	return nil
}

// Abort closes the file without registering it (the run is failing anyway).
func (o *File) Abort() {
	if !o.closed {
		o.closed = true
		o.f.Abort()
	}
}

// WriteFile creates the file rel with data as its whole content and
// registers it with rows rows. It skips the buffer Create allocates, which
// matters to formats that write many small files (one per patient).
func (r *Registry) WriteFile(rel, format, table string, data []byte, rows int64) error {
	if err := r.writeWhole(rel, data); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	sum := sha256.Sum256(data)
	r.add(Record{Path: rel, Format: format, Table: table, Rows: rows, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	return nil
}

func (r *Registry) writeWhole(rel string, data []byte) error {
	if r.Root != "" {
		full := filepath.Join(r.Root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, data, 0o644)
	}
	f, err := r.dest.Create(rel)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}
