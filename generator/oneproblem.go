package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Flares of one long-term problem (catalogue one_problem: atopic eczema).
// A GP codes atopic eczema once, from its first flare in infancy, and
// records each later flare as a consultation about it, its emollient and
// steroid issued against it. The episodes are still drawn and treated one
// by one (their rates, gaps, referrals after the third and treatments are
// the catalogue's, and every draw stays as it was); this pass, run once
// the life is simulated, writes them as the record shows them: the flares
// that follow within relapse_after_days of the one before share the first
// one's row, which lasts to the last one's end. A flare after a longer
// clear spell is the eczema come back, coded again. Before (brief h49a),
// 8,493 eczema rows for 3,674 people, up to 19 for one child.

// oneProblemRows merges, for each one_problem presentation, the patient's
// flare rows (appended after o) into one row per run of flares, and points
// the encounters, prescriptions and immunisations about a merged row at
// the row kept.
func (w *worker) oneProblemRows(o rowOffsets) {
	b := w.b
	var gone []int        // rows merged away, by index
	var from, to []string // their ids and the ids kept
	var rows []int        // one presentation's rows, by onset
	for pi := range w.plan.presentations {
		pr := &w.plan.presentations[pi]
		if pr.OneProblem == nil {
			continue
		}
		rows = rows[:0]
		for i := o.conditions; i < len(b.Conditions); i++ {
			if b.Conditions[i].ConditionKey == pr.Key {
				rows = append(rows, i)
			}
		}
		if len(rows) < 2 {
			continue
		}
		slices.SortStableFunc(rows, func(x, y int) int { return cmp.Compare(b.Conditions[x].OnsetDate, b.Conditions[y].OnsetDate) })
		gap := models.Date(pr.OneProblem.RelapseAfterDays)
		keep := &b.Conditions[rows[0]]
		for _, i := range rows[1:] {
			c := &b.Conditions[i]
			if keep.ResolvedDate != models.NoDate && c.OnsetDate > keep.ResolvedDate+gap {
				keep = c // cleared, and come back: coded again
				continue
			}
			if keep.ResolvedDate != models.NoDate && (c.ResolvedDate == models.NoDate || c.ResolvedDate > keep.ResolvedDate) {
				keep.ResolvedDate = c.ResolvedDate // active to the last flare's end
			}
			gone = append(gone, i)
			from, to = append(from, c.ConditionID), append(to, keep.ConditionID)
		}
	}
	if len(gone) == 0 {
		return
	}
	kept := func(id string) string {
		if k := slices.Index(from, id); k >= 0 {
			return to[k]
		}
		return id
	}
	for i := o.encounters; i < len(b.Encounters); i++ {
		if e := &b.Encounters[i]; e.ReasonConditionID != "" {
			e.ReasonConditionID = kept(e.ReasonConditionID)
		}
	}
	for i := o.prescriptions; i < len(b.Prescriptions); i++ {
		b.Prescriptions[i].ConditionID = kept(b.Prescriptions[i].ConditionID)
	}
	for i := o.immunisations; i < len(b.Immunisations); i++ {
		if m := &b.Immunisations[i]; m.ReasonConditionID != "" {
			m.ReasonConditionID = kept(m.ReasonConditionID)
		}
	}
	slices.Sort(gone)
	b.Conditions = deleteAt(b.Conditions, gone)
}
