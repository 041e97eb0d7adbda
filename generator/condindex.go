package generator

import "github.com/code4health/cohortgen/models"

// Condition rows by id. Many steps read the condition row a contact is about
// (conditionRow): the tests at a contact, the readings at it, its ladder, its
// follow-ups. Scanning the person's rows backwards for each id was 3.5% of
// the generator's CPU (issue 17, stop 48). A row id carries the sequence
// number it was minted with (rowSeq, ids.go), so the index is a slice by
// sequence number, caught up with the rows written since it was last read
// (rows are appended). A hit is checked against the row's id and a miss is
// answered by the scan as before, so a row moved or cut back can cost time
// but never give another answer.

// condIndex holds, by sequence number, one more than the batch index of the
// person's last condition row with that id (0: none seen).
type condIndex struct {
	at      []int32
	scanned int // the condition rows read, as a batch index
}

// conditionRow is the person's condition row with the id, or nil: the last
// one, as the scan from the end found.
func (w *worker) conditionRow(per *person, id string) *models.Condition {
	if rebuildContactIndexes { // a test's comparison with the scan (contactindex_test.go)
		return w.scanConditionRow(per, id)
	}
	ix := &per.condIndex
	n := len(w.b.Conditions)
	if ix.scanned > n { // cut back: read again
		ix.at, ix.scanned = ix.at[:0], 0
	}
	for k := max(ix.scanned, per.condFrom); k < n; k++ {
		// (a sequence number past the person's last is no row id of theirs)
		if seq := rowSeq(w.b.Conditions[k].ConditionID); seq >= 0 && uint64(seq) < w.ids.seq {
			if seq >= len(ix.at) {
				ix.at = append(ix.at, make([]int32, seq+1-len(ix.at))...)
			}
			ix.at[seq] = int32(k + 1)
		}
	}
	ix.scanned = n
	if seq := rowSeq(id); seq >= 0 && seq < len(ix.at) {
		if k := int(ix.at[seq]) - 1; k >= per.condFrom && k < n && sameRowID(w.b.Conditions[k].ConditionID, id) {
			return &w.b.Conditions[k]
		}
	}
	return w.scanConditionRow(per, id)
}

// scanConditionRow finds the row by reading the person's rows from the last.
func (w *worker) scanConditionRow(per *person, id string) *models.Condition {
	for k := len(w.b.Conditions) - 1; k >= per.condFrom; k-- {
		if sameRowID(w.b.Conditions[k].ConditionID, id) {
			return &w.b.Conditions[k]
		}
	}
	return nil
}
