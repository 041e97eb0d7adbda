// Package storage is where a dataset's files are written and read: a local
// folder or a bucket prefix (s3://, gs://, azblob://, file://), through
// gocloud.dev/blob. Writers never see it: they write to a stream that
// Create returns, and the object appears under its name only when that
// stream is closed without error (an S3 multipart upload is completed, a
// local file renamed into place), so a kill never leaves a file under its
// final name with only part of its bytes.
//
// Credentials come from each cloud's usual environment variables and
// config files (for S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_PROFILE, ~/.aws/config; an S3-compatible server through
// AWS_ENDPOINT_URL_S3 or the URL's endpoint= and use_path_style=true), never
// from cohortgen's flags.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/azureblob" // azblob://
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob" // gs://
	_ "gocloud.dev/blob/s3blob"  // s3://
	"gocloud.dev/gcerrors"
)

// bucketSchemes are the URL schemes Open takes to a cloud driver.
var bucketSchemes = []string{"s3", "gs", "azblob"}

// IsURL reports whether loc names a bucket or a file:// URL rather than a
// local path.
func IsURL(loc string) bool {
	scheme, _, ok := strings.Cut(loc, "://")
	if !ok {
		return false
	}
	return scheme == "file" || isBucketScheme(scheme)
}

func isBucketScheme(s string) bool {
	for _, b := range bucketSchemes {
		if s == b {
			return true
		}
	}
	return false
}

// Store is one dataset root: a bucket prefix or a local folder.
type Store struct {
	b    *blob.Bucket
	name string // as the user gave it, for messages
	// Dir is the local folder for a local path or file:// URL, else "".
	Dir string
}

// Object is one stored file.
type Object struct {
	Path string // relative to the store's root, slash-separated
	Size int64
}

// Open opens the dataset root loc: a local path, file:///abs/path, or
// scheme://bucket/prefix?driver-options. A local folder must exist.
func Open(ctx context.Context, loc string) (*Store, error) { return open(ctx, loc, false) }

// OpenToWrite is Open, creating a local folder (and its parents) that does
// not exist yet.
func OpenToWrite(ctx context.Context, loc string) (*Store, error) { return open(ctx, loc, true) }

func open(ctx context.Context, loc string, create bool) (*Store, error) {
	if !IsURL(loc) {
		if strings.Contains(loc, "://") {
			scheme, _, _ := strings.Cut(loc, "://")
			return nil, fmt.Errorf("%s: unknown storage scheme %q (use a local folder, file://, s3://, gs:// or azblob://)", loc, scheme)
		}
		return openDir(loc, loc, create)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%s: not a URL: %w", loc, err)
	}
	if u.Scheme == "file" {
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%s: a file:// URL needs an absolute path (file:///path)", loc)
		}
		return openDir(filepath.FromSlash(u.Path), loc, create)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%s: no bucket name", loc)
	}
	prefix := strings.Trim(u.Path, "/")
	bucketURL := url.URL{Scheme: u.Scheme, Host: u.Host, RawQuery: u.RawQuery}
	b, err := blob.OpenBucket(ctx, bucketURL.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", loc, err)
	}
	if prefix != "" {
		b = blob.PrefixedBucket(b, prefix+"/")
	}
	return &Store{b: b, name: Redact(loc)}, nil
}

// openDir opens a local folder. Files are written to a temporary file
// beside their final name and renamed on Close; no metadata files are added.
func openDir(dir, name string, create bool) (*Store, error) {
	if dir == "" {
		return nil, errors.New("no output folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	b, err := fileblob.OpenBucket(abs, &fileblob.Options{CreateDir: create, NoTempDir: true, Metadata: fileblob.MetadataDontWrite})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Store{b: b, name: name, Dir: abs}, nil
}

// Redact drops a URL's query, which may carry an endpoint or profile, from
// messages; the path is kept.
func Redact(loc string) string {
	if i := strings.IndexByte(loc, '?'); i >= 0 && IsURL(loc) {
		return loc[:i]
	}
	return loc
}

// String is the store's location for messages.
func (s *Store) String() string { return s.name }

// Close releases the store.
func (s *Store) Close() error { return s.b.Close() }

// Create starts writing the file rel. The bytes stream out as they are
// written (multipart upload); the file appears only when Close returns nil.
// Abort, or a failed Close, leaves no file under rel.
func (s *Store) Create(ctx context.Context, rel string) (*Writer, error) {
	ctx, cancel := context.WithCancel(ctx)
	w, err := s.b.NewWriter(ctx, rel, &blob.WriterOptions{ContentType: contentType(rel)})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%s/%s: %w", s.name, rel, err)
	}
	return &Writer{w: w, cancel: cancel, name: s.name + "/" + rel}, nil
}

// Writer streams one file into the store.
type Writer struct {
	w      *blob.Writer
	cancel context.CancelFunc
	name   string
	done   bool
}

func (w *Writer) Write(p []byte) (int, error) { return w.w.Write(p) }

// Close finishes the file; it then exists under its name.
func (w *Writer) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	defer w.cancel()
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", w.name, err)
	}
	return nil
}

// Abort drops the file: a cancelled upload is never completed.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.cancel()
	_ = w.w.Close()
}

// WriteFile writes data as the whole of rel.
func (s *Store) WriteFile(ctx context.Context, rel string, data []byte) error {
	w, err := s.Create(ctx, rel)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Abort()
		return fmt.Errorf("writing %s/%s: %w", s.name, rel, err)
	}
	return w.Close()
}

// Open reads the file rel.
func (s *Store) Open(ctx context.Context, rel string) (io.ReadCloser, error) {
	r, err := s.b.NewReader(ctx, rel, nil)
	if err != nil {
		return nil, s.wrap(rel, err)
	}
	return r, nil
}

// ReadFile reads the whole of rel. A missing file matches fs.ErrNotExist
// through IsNotExist.
func (s *Store) ReadFile(ctx context.Context, rel string) ([]byte, error) {
	b, err := s.b.ReadAll(ctx, rel)
	if err != nil {
		return nil, s.wrap(rel, err)
	}
	return b, nil
}

// Size returns the size of rel; exists is false when there is no such file.
func (s *Store) Size(ctx context.Context, rel string) (size int64, exists bool, err error) {
	a, err := s.b.Attributes(ctx, rel)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, s.wrap(rel, err)
	}
	return a.Size, true, nil
}

// List returns every file under the root whose path starts with prefix, in
// lexical order.
func (s *Store) List(ctx context.Context, prefix string) ([]Object, error) {
	if s.Dir != "" {
		return s.listLocal(prefix)
	}
	var out []Object
	it := s.b.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", s.name, err)
		}
		if !o.IsDir {
			out = append(out, Object{Path: o.Key, Size: o.Size})
		}
	}
}

// listLocal lists a local folder. Other writers (shards sharing the folder)
// create and rename files while it is read: a file gone between reading its
// folder and reading its size is left out, where the bucket library's
// listing failed as not found (CI, TestShardsIntoOneLocalFolder).
func (s *Store) listLocal(prefix string) ([]Object, error) {
	var out []Object
	err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone while the walk reached it
			}
			return err
		}
		rel, err := filepath.Rel(s.Dir, path)
		if err != nil || rel == "." {
			return err
		}
		key := filepath.ToSlash(rel)
		if d.IsDir() {
			if !strings.HasPrefix(key+"/", prefix) && !strings.HasPrefix(prefix, key+"/") {
				return filepath.SkipDir // nothing under it can match
			}
			return nil
		}
		if !strings.HasPrefix(key, prefix) || strings.HasSuffix(key, ".attrs") { // (the bucket library's own attributes files)
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // renamed or removed since the folder was read
		}
		if err != nil {
			return err
		}
		out = append(out, Object{Path: key, Size: fi.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", s.name, err)
	}
	slices.SortFunc(out, func(a, b Object) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// Delete removes rel; a file already gone is not an error. In a local
// folder the folders it leaves empty go too (up to the root), as a bucket
// has no folders to leave behind.
func (s *Store) Delete(ctx context.Context, rel string) error {
	err := s.b.Delete(ctx, rel)
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return s.wrap(rel, err)
	}
	if s.Dir != "" {
		for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
			if os.Remove(filepath.Join(s.Dir, filepath.FromSlash(d))) != nil {
				break // not empty (or already gone)
			}
		}
	}
	return nil
}

// ErrNotExist is matched by the errors of reading a missing file.
var ErrNotExist = errors.New("no such file")

func (s *Store) wrap(rel string, err error) error {
	if gcerrors.Code(err) == gcerrors.NotFound {
		return fmt.Errorf("%s/%s: %w", s.name, rel, ErrNotExist)
	}
	return fmt.Errorf("%s/%s: %w", s.name, rel, err)
}

// contentType is what a reader (a browser, a console) is told a file is.
func contentType(rel string) string {
	switch filepath.Ext(rel) {
	case ".json":
		return "application/json"
	case ".ndjson":
		return "application/fhir+ndjson"
	}
	return "application/octet-stream"
}
