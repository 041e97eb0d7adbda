package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A fatal pneumonia stays at home only by a decision (brief h74d). A GP
// review found people dying of pneumonia at home with no admission and no
// decision on the record to keep them there (63 of 68 such deaths had no
// admission in their last 30 days and no palliative care register entry or
// DNACPR; generate -n 20000 -s 83). NICE CG191 1.2.3 sends a pneumonia with
// a CRB65 of 3-4 urgently to hospital and asks for a hospital assessment at
// 1-2; a fatal one in an older person is severe. The cause's seen_before
// kept_home (catalogue causes_of_death) says who stays: the very old and
// the frail, whose GP contact that sees it records the decisions; the rest
// are admitted and die on the ward.

// keptHome reports whether the person, dying of their background cause,
// may die outside hospital (true for a cause with no kept_home).
func (w *worker) keptHome(per *person) bool {
	k := keptHomeRule(w, per)
	if k == nil {
		return true
	}
	d := per.death
	return per.ageOn(d) >= k.FromAge || frailAt(w, per, d, k.Frailty)
}

// keptHomeRule is the person's background cause's kept_home (nil: none).
func keptHomeRule(w *worker, per *person) *datasets.KeptHome {
	if per.causeBackground < 0 {
		return nil
	}
	if sb := w.plan.Cat.BackgroundCauses[per.causeBackground].SeenBefore; sb != nil {
		return sb.KeptHome
	}
	return nil
}

// homeDecisions codes, at the GP contact enc (start) that sees the cause of
// a death outside hospital, the decisions that keep the person at home
// (kept_home decisions: advance care planning, not for resuscitation).
func (w *worker) homeDecisions(per *person, enc string, start models.Timestamp) {
	k := keptHomeRule(w, per)
	if k == nil {
		return
	}
	for i, key := range k.Decisions {
		code, _ := datasets.ObservationByKey(key) // checked at load
		w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(6+i), &code))
	}
}
