package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// checkAfterCancer reports an after_cancer site that is no cancer site of
// the catalogue's (a misspelt key would silently never apply).
func (p *Plan) checkAfterCancer(pp *pregnancyPlan) error {
	for _, a := range pp.p.AfterCancer {
		for _, key := range a.Sites {
			known := false
			for ci := range p.conds {
				known = known || slices.ContainsFunc(p.conds[ci].sites, func(s sitePlan) bool { return s.Key == key })
			}
			if !known {
				return fmt.Errorf("pregnancy.yaml after_cancer: %q is not a cancer site of the catalogue", key)
			}
		}
	}
	return nil
}

// afterCancer reports whether a pregnancy whose last period is lmp would
// begin during a cancer's treatment or the months after it (pregnancy.yaml
// after_cancer): women on tamoxifen are told not to conceive, as are those
// having chemotherapy, and use barrier contraception, which the model
// does not record.
func (w *worker) afterCancer(per *person, lmp models.Date) bool {
	for i := range per.conds {
		hc := &per.conds[i]
		if hc.site == nil || hc.onset > lmp {
			continue
		}
		for _, a := range w.plan.pregnancy.p.AfterCancer {
			if len(a.Sites) > 0 && !slices.Contains(a.Sites, hc.site.Key) {
				continue
			}
			if lmp < hc.onset+models.Date(a.Days) {
				return true
			}
			break
		}
	}
	return false
}
