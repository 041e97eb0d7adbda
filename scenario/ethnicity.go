package scenario

import (
	"sort"
	"strings"

	"github.com/code4health/cohortgen/datasets"
)

// ethnicity resolves a name to NHS ethnic category codes: a code ("J"), a
// category ("Asian or Asian British - Pakistani", "Pakistani"), a Census
// 2021 category ("Arab") or a high-level group ("Asian": all its codes).
func ethnicity(name string) ([]string, []candidate) {
	var cands []candidate
	var out []string
	n := norm(name)
	for _, e := range datasets.Ethnicities() {
		short := e.Description
		if i := strings.LastIndex(short, " - "); i >= 0 {
			short = short[i+3:]
		}
		words := append([]string{e.Code, e.Description, short}, e.CensusCategories...)
		for _, w := range words {
			cands = append(cands, candidate{w, e.Description})
			if norm(w) == n {
				out = appendUnique(out, e.Code)
			}
		}
		cands = append(cands, candidate{e.Group, e.Group})
		if norm(e.Group) == n {
			out = appendUnique(out, e.Code)
		}
	}
	sort.Strings(out)
	return out, cands
}

// ethnicities reads ethnicity: one name or a list; the codes of all of them.
func (d *decoder) ethnicities(v val, src *consSrc) {
	items, _ := d.list(v, "ethnicity")
	var codes []string
	for _, it := range items {
		s, ok := d.str(it, "an ethnic group or category")
		if !ok {
			return
		}
		got, cands := ethnicity(s)
		if len(got) == 0 {
			d.errorf(it, "unknown ethnicity %q%s", s, orList(didYouMean(suggest(s, cands)),
				" (groups: White, Mixed, Asian, Black, Other; or an NHS ethnic category such as Pakistani or its code J)"))
			return
		}
		codes = appendUnique(codes, got...)
	}
	sort.Strings(codes)
	src.c.Ethnicity, src.ethnicityAt = codes, &v
}
