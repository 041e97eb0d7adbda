package parquet

import "sync"

// spareColumns keeps the columns of a sink's finished files, per table, for
// the next file of the same table: a part's files close together and the
// worker opens the next part's at once, and columns taken over keep the
// capacity of their buffers (a row group's chunk, a page's values), where
// new ones grow them again, copying, through each file's first row group.
// It holds at most one set per table per worker (a worker's part), each in
// use a moment before, so what it keeps does not grow with the run; measured,
// the peak RSS of a 100,000-patient run rose by 12-20 MB (benchmarks/RESULTS.md).
// sync.Pool would drop the sets at a garbage collection, which comes between
// most parts.
type spareColumns struct {
	mu   sync.Mutex
	sets map[string][][]*column
}

// take returns a finished file's columns of the table, or nil.
func (s *spareColumns) take(table string) []*column {
	s.mu.Lock()
	defer s.mu.Unlock()
	sets := s.sets[table]
	if len(sets) == 0 {
		return nil
	}
	cols := sets[len(sets)-1]
	s.sets[table] = sets[:len(sets)-1]
	return cols
}

// give keeps the columns of a finished file of the table. Every column must
// have ended its last page and row group.
func (s *spareColumns) give(table string, cols []*column) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sets == nil {
		s.sets = map[string][][]*column{}
	}
	s.sets[table] = append(s.sets[table], cols)
}
