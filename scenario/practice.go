package scenario

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Practice is a GP practice a scenario defines, so that a population or a
// cohort is one practice's list ("a practice of 3,000 in Leeds") rather
// than spread over the town's synthetic practices.
type Practice struct {
	Name string
	// ODS is the practice's code: ZZ9 and three digits (see odsPattern).
	ODS  string
	Town string // exact town name from the datasets
}

// odsPattern is the shape of a scenario practice's code. Real GP practice
// codes are a letter and five digits; cohortgen's own practices are ZZ and
// four digits from ZZ0001 and stay below ZZ9000 (the generator checks), so
// ZZ9000-ZZ9999 is kept for scenarios and can be no one's real code.
var odsPattern = regexp.MustCompile(`^ZZ9[0-9]{3}$`)

var practiceKeys = []string{"name", "ods", "town"}

var practiceSynonyms = map[string]string{
	"ods_code": "ods", "code": "ods", "practice_code": "ods", "city": "town", "title": "name",
}

// same reports whether two practices as written are one: the same name and
// town, and the same code when both give one.
func (p *Practice) same(q *Practice) bool {
	return p.Name == q.Name && p.Town == q.Town && (p.ODS == "" || q.ODS == "" || p.ODS == q.ODS)
}

// practiceSrc is a decoded practice with where it was written.
type practiceSrc struct {
	p        Practice
	at       val  // the practice value
	odsAt    *val // its ods, when written
	townAt   *val
	explicit bool // ods written by the author
}

// practice decodes a practice: a mapping of name, ods and town, or just a
// name. town defaults to fallbackTown (the cohort's or population's own
// town); without either, it is a problem.
func (d *decoder) practice(v val, fallbackTown string) (*practiceSrc, bool) {
	ps := &practiceSrc{at: v}
	if v.n != nil && v.n.Kind == yaml.ScalarNode {
		s, ok := d.str(v, "a practice name, or a mapping of name, ods and town")
		if !ok {
			return nil, false
		}
		ps.p.Name = s
	} else {
		f, ok := d.mapping(v, "a practice", practiceKeys, practiceSynonyms)
		if !ok {
			return nil, false
		}
		nv, ok := d.require(f, "name", "a practice")
		if !ok {
			return nil, false
		}
		if ps.p.Name, ok = d.str(nv, "a practice name"); !ok {
			return nil, false
		}
		if ov, ok := f.get("ods"); ok {
			s, ok := d.str(ov, "an ODS code such as ZZ9001")
			if !ok {
				return nil, false
			}
			if !odsPattern.MatchString(strings.ToUpper(s)) {
				d.errorf(ov, "a scenario practice's ODS code is ZZ9 and three digits, e.g. ZZ9001, got %q: real practice codes are a letter and five digits, and cohortgen's own practices use ZZ0001-ZZ8999, so ZZ9000-ZZ9999 can be no one else's", s)
				return nil, false
			}
			ps.p.ODS, ps.odsAt, ps.explicit = strings.ToUpper(s), &ov, true
		}
		if tv, ok := f.get("town"); ok {
			t, ok := d.town(tv)
			if !ok {
				return nil, false
			}
			ps.p.Town, ps.townAt = t.Name, &tv
		}
	}
	if strings.ContainsAny(ps.p.Name, "\n\r") || len(ps.p.Name) > 80 {
		d.errorf(v, "a practice name is one line of at most 80 characters")
		return nil, false
	}
	if ps.p.Town == "" {
		if fallbackTown == "" {
			d.errorf(v, "say which town practice %q is in: give it a town (practice: {name: ..., town: Leeds}) or give a town beside it", ps.p.Name)
			return nil, false
		}
		ps.p.Town = fallbackTown
	}
	return ps, true
}

// practices gives each practice the scenario defines its code: the one
// written, or else the lowest ZZ9xxx not written anywhere. Practices with
// the same name and town and no code are one practice; one code names one
// practice.
func (d *decoder) assignPractices(all []*practiceSrc) []Practice {
	taken := map[string]*practiceSrc{}
	for _, ps := range all {
		if !ps.explicit {
			continue
		}
		if prev, ok := taken[ps.p.ODS]; ok && (prev.p.Name != ps.p.Name || prev.p.Town != ps.p.Town) {
			d.errorf(*ps.odsAt, "%s is already the code of %s in %s (line %d); give this practice another code", ps.p.ODS, prev.p.Name, prev.p.Town, prev.odsAt.at().Line)
			continue
		}
		if _, ok := taken[ps.p.ODS]; !ok {
			taken[ps.p.ODS] = ps
		}
	}
	next := 1
	byName := map[string]string{}
	for _, ps := range all {
		if ps.explicit {
			continue
		}
		key := ps.p.Name + "\x00" + ps.p.Town
		if code, ok := byName[key]; ok {
			ps.p.ODS = code
			continue
		}
		for taken[fmt.Sprintf("ZZ9%03d", next)] != nil {
			next++
		}
		if next > 999 {
			d.errorf(ps.at, "too many practices: at most 999 per scenario")
			return nil
		}
		ps.p.ODS = fmt.Sprintf("ZZ9%03d", next)
		taken[ps.p.ODS] = ps
		byName[key] = ps.p.ODS
	}
	var out []Practice
	seen := map[string]bool{}
	for _, ps := range all {
		if !seen[ps.p.ODS] {
			seen[ps.p.ODS] = true
			out = append(out, ps.p)
		}
	}
	return out
}

// populationPractice reads population.practice: the background is that
// practice's list, so the population's place must be the practice's town
// (given, or left out).
func (d *decoder) populationPractice(x val, f fields, pop *Population) {
	fallback := ""
	if len(pop.Regions) == 1 && len(pop.Regions[0].Towns) == 1 {
		fallback = pop.Regions[0].Towns[0]
	}
	ps, ok := d.practice(x, fallback)
	if !ok {
		return
	}
	t, err := d.ref.town(ps.p.Town)
	if err != nil {
		d.errorf(x, "%v", err)
		return
	}
	for _, k := range []string{"regions", "region", "town", "towns"} {
		pv, given := f.get(k)
		if !given {
			continue
		}
		fits := len(pop.Regions) == 1 && pop.Regions[0].Region == t.Region &&
			(len(pop.Regions[0].Towns) == 0 || (len(pop.Regions[0].Towns) == 1 && pop.Regions[0].Towns[0] == t.Name))
		if !fits {
			d.errorf(val{n: pv.key, path: pv.path}, "the population is the list of %s, in %s, so its %s must be that town (or left out)", ps.p.Name, t.Name, k)
			return
		}
	}
	pop.Regions = []RegionWeight{{Region: t.Region, Towns: []string{t.Name}, Weight: 1}}
	pop.Practice = &ps.p
	d.practices = append(d.practices, ps)
}

// constraintPractice reads a cohort's, subgroup's or persona's practice:
// its members are registered there and so live in its town.
func (d *decoder) constraintPractice(v val, src *consSrc) {
	c := &src.c
	ps, ok := d.practice(v, c.Town)
	if !ok {
		return
	}
	t, err := d.ref.town(ps.p.Town)
	switch {
	case err != nil:
		d.errorf(v, "%v", err)
		return
	case c.Town != "" && c.Town != t.Name:
		d.errorf(v, "practice %s is in %s, but the town is %s (line %d)", ps.p.Name, t.Name, c.Town, src.townAt.at().Line)
		return
	case c.Region != "" && c.Region != t.Region:
		d.errorf(v, "practice %s is in %s, which is in %s, not in %s (region, line %d)", ps.p.Name, t.Name, regionName(t.Region), regionName(c.Region), src.regionAt.at().Line)
		return
	}
	c.Town, c.Region, c.Practice = t.Name, t.Region, &ps.p
	src.practiceAt = &v
	if src.townAt == nil {
		src.townAt = &v
	}
	d.practices = append(d.practices, ps)
}

// inheritPractice puts the cohorts and personas placed like the background,
// or in its practice's town, on the population's practice.
func inheritPractice(sc *Scenario) {
	pr := sc.Population.Practice
	if pr == nil {
		return
	}
	region := sc.Population.Regions[0].Region
	fits := func(c *Constraints) bool {
		return c.Practice == nil && ((c.Town == "" && c.Region == "") || c.Town == pr.Town)
	}
	on := func(c *Constraints) {
		if fits(c) {
			c.Practice, c.Town, c.Region = pr, pr.Town, region
		}
	}
	for i := range sc.Cohorts {
		// A cohort whose subgroups are placed elsewhere stays off the
		// list: its members are not all in the practice's town.
		all := true
		for _, sub := range sc.Cohorts[i].Subgroups {
			all = all && (fits(&sub.Constraints) || (sub.Practice != nil && sub.Practice.same(pr)))
		}
		if all {
			on(&sc.Cohorts[i].Constraints)
		}
	}
	for i := range sc.Personas {
		on(&sc.Personas[i].Constraints)
	}
}
