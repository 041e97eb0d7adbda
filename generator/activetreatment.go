package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Who has no anti-cancer treatment (brief h74d). A GP review found young,
// fit people coded "No anti-cancer treatment - watchful waiting" for a
// lung, pancreatic or colon cancer, and a child of 6 with a brain tumour:
// the treatments were drawn by each site's weights alone, "none" among
// them. cancer_routes.yaml untreated now says when "none" stands: never
// for a child; at any adult age where watchful waiting or active
// surveillance is a standard plan (low-risk prostate, indolent
// haematological, small renal and low-risk thyroid cancers); elsewhere only
// as best supportive care in the very old or frail. Otherwise the
// treatments are drawn again among those the site gives.

// untreatedStands reports whether no anti-cancer treatment suits held
// cancer hc diagnosed on day d (true for a condition with no site route:
// as before).
func (w *worker) untreatedStands(per *person, hc *heldCondition, d models.Date) bool {
	if hc.site == nil || hc.site.route == nil || hc.site.route.untreatedRule == nil {
		return true
	}
	r := hc.site.route
	u := r.untreatedRule
	age := per.ageOn(d)
	switch {
	case age < u.ChildrenUnder:
		return false
	case r.untreated == datasets.UntreatedWatchful:
		return true
	}
	sc := u.SupportiveCare
	return age >= sc.FromAge || frailAt(w, per, d, sc.Frailty)
}

// treatedInstead draws, on a stream of its own, a combination with a
// treatment from combos by weight (the site's own "none" left out).
func (w *worker) treatedInstead(per *person, hc *heldCondition, combos []datasets.Combination) datasets.Combination {
	s := per.stream(w.plan.Opts.Seed, purposeActiveTreatment, uint64(hc.plan.idx))
	k := s.PickBy(len(combos), func(i int) float64 {
		if len(combos[i].Treat) == 0 {
			return 0
		}
		return combos[i].Weight
	})
	if k < 0 {
		return combos[0] // no treatment at all in the site's list (checked at load: none such)
	}
	return combos[k]
}

// deferredTreatment books a cancer's first treatment t, which could not be
// booked on day d (a stay or an illness took the day), up to three times
// 3-6 weeks later, by a stream of its own: a stay defers a treatment, it
// does not cancel it. Before (brief h74d), a man of 63 with bladder cancer
// admitted the week after the diagnosis had "no anti-cancer treatment"
// coded and was alive and untreated years later (generate -n 20000 -s 83).
// It returns the treatment's end and whether it was booked.
func (w *worker) deferredTreatment(per *person, hc *heldCondition, site string, t *datasets.UrgentTreat, d models.Date) (models.Date, bool) {
	s := per.stream(w.plan.Opts.Seed, purposeActiveTreatment, uint64(hc.plan.idx), 1)
	for try := 0; try < 3; try++ {
		d += models.Date(21 + s.IntN(22))
		if d > per.lastDay {
			break
		}
		if end, ok := w.urgentTreatment(per, hc.id, site, t, d, &s); ok {
			return end, true
		}
	}
	return 0, false
}

// frailAt reports whether the person's eFI category on day d is category
// name or a more severe one (false when the plan has no such category).
func frailAt(w *worker, per *person, d models.Date, name string) bool {
	c := w.plan.frailty.Category(name)
	return c >= 0 && w.frailtyCategory(per, d) >= c
}
