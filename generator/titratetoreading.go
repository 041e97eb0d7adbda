package generator

// Titration to a reading on a pathway without a care target (catalogue
// titrate_reads; brief h58h). Basal insulin in type 1 diabetes has no
// escalation ladder to climb (basal-bolus from the diagnosis), but its dose
// is adjusted to the glucose and HbA1c (NICE NG17): a review whose HbA1c is
// above the line's level raises the dose a step, one at or below it leaves
// the dose as it is. Before, such a line was either raised at every
// follow-up whatever the reading (a titrated line without a target) or
// never (insulin's one dose text for years at an HbA1c above 58).

// readsAbove reports whether the line may be raised at a review that reads
// read: always for a line titrated without a reading, else while the
// reading of its titrate_reads observation is above titrate_above.
func (l *linePlan) readsAbove(read func(int) float64) bool {
	if l.titrateSlot < 0 {
		return true
	}
	return read(l.titrateSlot) > l.TitrateAbove
}
