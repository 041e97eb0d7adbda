package generator

import "github.com/code4health/cohortgen/models"

// Readings by observation slot. latestReading (the monitoring sample taken
// before a review, monitoring.go) scanned all the person's observations for
// each review and each test of a sample: the longer the record, the more
// often and the longer (issue 17). The index holds, for each slot read, the
// batch indexes of the person's rows of its code, caught up with the rows
// written since that slot was last read: a person's observations are only
// appended while the record is made (a regeneration starts a clean person,
// worker.go patientOnce). The rows' values and times are read from the rows
// themselves, so an edit after writing reads as the scan read it.

// readingIndex holds, by observation slot, the person's rows of its code.
type readingIndex struct {
	rows    [][]int32  // by slot: batch indexes, in the order written
	encs    [][]string // by slot: each row's encounter id, in the same order (measuredAt)
	seqs    [][]int32  // by slot: rowSeq of each of encs (-1: not a row id), compared before the id (measuredAt)
	scanned []int      // by slot: the observations read, as a batch index
}

// newReadingIndex is an empty index of n slots.
func newReadingIndex(n int) readingIndex {
	return readingIndex{rows: make([][]int32, n), encs: make([][]string, n), seqs: make([][]int32, n), scanned: make([]int, n)}
}

// emptied is the index with every slot's rows dropped, memory kept: for the
// next person (or the next generation of this one).
func (ix readingIndex) emptied() readingIndex {
	for k := range ix.rows {
		ix.rows[k] = ix.rows[k][:0]
		clear(ix.encs[k]) // the ids are the batch's: not kept alive past it
		ix.encs[k] = ix.encs[k][:0]
		ix.seqs[k] = ix.seqs[k][:0]
	}
	clear(ix.scanned)
	return ix
}

// readingsOf is the batch indexes of the person's rows of slot's code, in
// the order written, caught up with the observations.
func (w *worker) readingsOf(per *person, slot int) []int32 {
	ix := &per.readings
	n := len(w.b.Observations)
	if rebuildContactIndexes || ix.scanned[slot] > n { // a test's rebuild at every read; rows cut back: read again
		ix.rows[slot], ix.encs[slot], ix.seqs[slot], ix.scanned[slot] = ix.rows[slot][:0], ix.encs[slot][:0], ix.seqs[slot][:0], 0
	}
	code := w.plan.obsCodes[slot].Snomed
	for k := max(ix.scanned[slot], per.obsFrom); k < n; k++ {
		if o := &w.b.Observations[k]; sameCode(o.SnomedCode, code) {
			ix.rows[slot] = append(ix.rows[slot], int32(k))
			ix.encs[slot] = append(ix.encs[slot], o.EncounterID)
			ix.seqs[slot] = append(ix.seqs[slot], int32(rowSeq(o.EncounterID)))
		}
	}
	ix.scanned[slot] = n
	return ix.rows[slot]
}

// latestReading is the day and value of the patient's latest reading of
// slot before day before written so far; of two at the same time, the one
// written later.
func (w *worker) latestReading(per *person, slot int, before models.Date) (models.Date, float64, bool) {
	var at models.Timestamp
	var v float64
	found := false
	rows := w.readingsOf(per, slot)
	for i := len(rows) - 1; i >= 0; i-- {
		if o := &w.b.Observations[rows[i]]; o.Value != nil && o.EffectiveTime.Date() < before && (!found || o.EffectiveTime > at) {
			at, v, found = o.EffectiveTime, *o.Value, true
		}
	}
	return at.Date(), v, found
}
