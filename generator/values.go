package generator

// valueChunk is how many observation values a chunk of w.values holds
// (64 KiB, the id arenas' block size, for the same reason: large freed
// blocks go back to the system and fault in again).
const valueChunk = arenaBlock / 8

// value stores an observation's value and returns where it lives, for the
// row's Value. Values are carved from chunks that are only ever appended to
// and, when full, replaced by new ones: rows point into them, and sinks may
// keep rows after Write (PartWriter), so a value is never moved or written
// over by a later one. Each batch used to start one slab of 64 values a
// patient and grow it by copying when a batch needed more: the copies were
// 19 MB of the 406 MB BenchmarkGenerate allocated over 200 batches (issue
// 17, stop 51), and a full slab's memory was never used again.
func (w *worker) value(v float64) *float64 {
	if len(w.values) == cap(w.values) {
		w.values = make([]float64, 0, valueChunk)
	}
	w.values = append(w.values, v)
	return &w.values[len(w.values)-1]
}
