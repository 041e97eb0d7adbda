package datasets

import (
	"strings"
	"sync"
)

// Ethnicity is an NHS ethnic category (2001-based code list) with its share of
// England's population at Census 2021.
type Ethnicity struct {
	Code        string  // "A".."S"
	Description string  // NHS description, e.g. "White - British"
	Group       string  // Census 2021 high-level group: "White" | "Mixed" | "Asian" | "Black" | "Other"
	Percent     float64 // percent of England's usual residents (approx)
	// CensusCategories lists the Census 2021 categories counted under Code
	// (for example C holds Gypsy or Irish Traveller, Roma and Other White).
	CensusCategories []string
}

// EthnicityNotStated is the NHS code for "not stated" (asked, declined). It is
// never sampled; EthnicityByCode knows its description.
const EthnicityNotStated = "Z"

var loadEthnicities = sync.OnceValue(func() []Ethnicity {
	t := loadRefTable("ethnicity.csv", "code", "description", "group", "percent", "census_categories")
	var out []Ethnicity
	for _, row := range t.rows {
		p, _ := t.float(row, "percent", false)
		e := Ethnicity{
			Code:        t.str(row, "code"),
			Description: t.str(row, "description"),
			Group:       t.str(row, "group"),
			Percent:     p,
		}
		if c := t.str(row, "census_categories"); c != "" {
			for _, part := range strings.Split(c, ";") {
				e.CensusCategories = append(e.CensusCategories, strings.TrimSpace(part))
			}
		}
		out = append(out, e)
	}
	return out
})

func copyEthnicity(e Ethnicity) Ethnicity {
	e.CensusCategories = append([]string(nil), e.CensusCategories...)
	return e
}

// Ethnicities returns the sampleable NHS ethnic categories (A..S, codes that
// share a letter merged) with Census 2021 England shares summing to about 100.
// The "not stated" code Z is not included.
func Ethnicities() []Ethnicity {
	var out []Ethnicity
	for _, e := range loadEthnicities() {
		if e.Code == EthnicityNotStated {
			continue
		}
		out = append(out, copyEthnicity(e))
	}
	return out
}

// EthnicityByCode looks up a category by NHS code (case-insensitive),
// including Z "Not stated".
func EthnicityByCode(code string) (Ethnicity, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	for _, e := range loadEthnicities() {
		if e.Code == c {
			return copyEthnicity(e), true
		}
	}
	return Ethnicity{}, false
}
