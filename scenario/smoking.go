package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// SmokingStatuses maps the smoking statuses a scenario can ask for to the
// observation-code keys of the coded values that record them
// (datasets/data/observation_codes.csv): one definition for the parser,
// the checker and the generator.
var SmokingStatuses = map[string]string{
	"never":   "never_smoked",
	"current": "smoker",
	"ex":      "ex_smoker",
}

// SmokingFromAge is the youngest age the model gives anyone a smoking
// history (the catalogue's smoking shares start at 16).
const SmokingFromAge = 16

var smokingCands = []candidate{
	{"never", "never"}, {"current", "current"}, {"ex", "ex"}, {"never smoked", "never"}, {"non smoker", "never"},
	{"nonsmoker", "never"}, {"smoker", "current"}, {"smokes", "current"}, {"yes", "current"}, {"no", "never"},
	{"ex smoker", "ex"}, {"former", "ex"}, {"former smoker", "ex"}, {"quit", "ex"}, {"stopped", "ex"},
}

// smoking reads a smoking status: never, current or ex.
func (d *decoder) smoking(v val, src *consSrc) {
	s, ok := d.str(v, "never, current or ex")
	if !ok {
		return
	}
	if _, ok := SmokingStatuses[strings.ToLower(s)]; ok {
		src.c.Smoking, src.smokingAt = strings.ToLower(s), &v
		return
	}
	d.errorf(v, "want never, current or ex, got %q%s", s, didYouMean(suggest(s, smokingCands)))
}

// checkSmoking reports a smoking history the model cannot give: to
// children, or pack-years to someone who never smoked. It warns when the
// cohort's youngest ages are too young to smoke.
func (d *decoder) checkSmoking(src *consSrc, skip map[*yaml.Node]bool) {
	c := &src.c
	var packAt *val
	for _, o := range src.obs {
		if o.o.Observation == "pack_years" && (o.o.Min == nil || *o.o.Min > 0) {
			packAt = &o.at
		}
	}
	smokes := c.Smoking == "current" || c.Smoking == "ex" || packAt != nil
	switch {
	case c.Smoking == "never" && packAt != nil:
		d.say(skip, []val{*packAt, *src.smokingAt}, "pack-years above 0 belong to smokers and ex-smokers, but smoking is never (line %d)", src.smokingAt.at().Line)
	case smokes && src.age.hi() < SmokingFromAge:
		at := packAt
		if src.smokingAt != nil {
			at = src.smokingAt
		}
		d.say(skip, withAge(*at, src), "the model gives a smoking history from age %d, but the patients here are %s", SmokingFromAge, strings.TrimPrefix(src.ageWords(), "aged "))
	case smokes && src.age.min < SmokingFromAge && src.ageAt != nil && src.subject != "persona" && !skip[src.ageAt.at()]:
		d.warnf(*src.ageAt, "the members will be aged %s, not %s: the model gives a smoking history from age %d", ageRange{SmokingFromAge, src.age.max}, src.age, SmokingFromAge)
	}
}
