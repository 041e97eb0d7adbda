package audit

import (
	"errors"
	"io"
	"os"

	pq "github.com/parquet-go/parquet-go"
)

// readBatch is how many rows a stream decodes at a time; a variable so the
// tests can make patients straddle batches.
var readBatch = 4096

// stream reads one Parquet file row by row into T, decoding only the
// columns T names. A file that does not exist reads as empty: a part with
// no rows for a table may have no file.
type stream[T any] struct {
	f    *os.File
	r    *pq.GenericReader[T]
	buf  []T
	n, i int
	done bool
	err  error
}

func openStream[T any](path string) (*stream[T], error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &stream[T]{done: true}, nil
	}
	if err != nil {
		return nil, err
	}
	return &stream[T]{f: f, r: pq.NewGenericReader[T](f), buf: make([]T, readBatch)}, nil
}

// peek returns the current row, or nil at the end or on error.
func (s *stream[T]) peek() *T {
	if s.i == s.n && !s.done {
		s.n, s.err = s.r.Read(s.buf)
		s.i = 0
		if errors.Is(s.err, io.EOF) {
			s.err = nil
			s.done = true
		} else if s.err != nil {
			s.n, s.done = 0, true
		}
	}
	if s.i == s.n {
		return nil
	}
	return &s.buf[s.i]
}

// take appends to out the rows from the current one on that belong to the
// patient. Rows are copied, so they stay valid after the next read.
func (s *stream[T]) take(out []T, id string, patient func(*T) string) []T {
	for row := s.peek(); row != nil && patient(row) == id; row = s.peek() {
		out = append(out, *row)
		s.i++
	}
	return out
}

func (s *stream[T]) close() error {
	if s.f == nil {
		return s.err
	}
	rerr := s.r.Close()
	ferr := s.f.Close()
	return errors.Join(s.err, rerr, ferr)
}
