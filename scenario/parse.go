package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Parse reads a scenario file. filename is used in problem positions. On
// any problem it returns a nil Scenario and a Problems error listing every
// problem found, in file order.
func Parse(filename string, data []byte) (*Scenario, error) {
	ref, err := loadReference()
	if err != nil {
		return nil, err
	}
	sc, probs := parse(filename, data, ref)
	if len(probs) > 0 {
		return nil, probs
	}
	return sc, nil
}

// Check validates a scenario file without generating anything and returns
// every problem, in file order; none means the file is good.
func Check(filename string, data []byte) []Problem {
	ref, err := loadReference()
	if err != nil {
		return []Problem{{File: filename, Line: 1, Column: 1, Message: err.Error()}}
	}
	_, probs := parse(filename, data, ref)
	return probs
}

// Warnings returns what a valid scenario file asks for that the model will
// give only in part (see Problem.Warning), in file order; a file with
// problems gets its problems from Check and no warnings, since a warning
// about constraints that are wrong anyway would only distract.
func Warnings(filename string, data []byte) []Problem {
	ref, err := loadReference()
	if err != nil {
		return nil
	}
	d := &decoder{file: filename, ref: ref, zeroed: map[string][]ageRange{}}
	if _, probs := d.run(data); len(probs) > 0 {
		return nil
	}
	sortProblems(d.warns)
	return d.warns
}

// ParseFile reads and parses a scenario file.
func ParseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Load parses ref as a scenario file when it names one (or ends in .yaml or
// .yml), otherwise as the name of a built-in scenario.
func Load(ref string) (*Scenario, error) {
	if _, err := os.Stat(ref); err == nil || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.ContainsRune(ref, os.PathSeparator) {
		return ParseFile(ref)
	}
	return LoadBuiltin(ref)
}

// decoder turns a YAML document into a Scenario, collecting problems.
type decoder struct {
	file  string
	ref   *reference
	probs Problems
	// values counts the values decoded so far, against maxValues.
	values     int
	overBudget bool
	// zeroed holds, per condition, the age ranges where a prevalence
	// override sets the prevalence to nothing.
	zeroed map[string][]ageRange
	// warns are the file's warnings (Problem.Warning), kept apart from
	// its problems: they never make a file invalid.
	warns Problems
	// practices are the practices written in the file, in file order,
	// given their codes once the whole file is read.
	practices []*practiceSrc
}

func parse(filename string, data []byte, ref *reference) (sc *Scenario, probs Problems) {
	d := &decoder{file: filename, ref: ref, zeroed: map[string][]ageRange{}}
	return d.run(data)
}

func (d *decoder) run(data []byte) (sc *Scenario, probs Problems) {
	filename := d.file
	defer func() {
		if r := recover(); r != nil {
			// The YAML library or this decoder failed on an input it should
			// have rejected; report it rather than crash.
			sc, probs = nil, Problems{{File: filename, Line: 1, Column: 1, Message: fmt.Sprintf("cannot read the file: %v", r)}}
		}
	}()
	root, ok := d.document(data)
	if !ok {
		return nil, d.finish()
	}
	sc = d.scenario(val{n: root})
	probs = d.finish()
	if len(probs) > 0 {
		return nil, probs
	}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	}
	return sc, nil
}

// finish sorts the problems and drops repeats (a merged anchor can report
// the same problem twice).
func (d *decoder) finish() Problems {
	sortProblems(d.probs)
	var out Problems
	seen := map[string]bool{}
	for _, p := range d.probs {
		if s := p.String(); !seen[s] {
			seen[s] = true
			out = append(out, p)
		}
	}
	return out
}

// document parses the YAML, reporting syntax errors with their position.
func (d *decoder) document(data []byte) (*yaml.Node, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		d.probs = append(d.probs, Problem{File: d.file, Line: 1, Column: 1, Message: "the file is empty: a scenario needs at least a population or a cohort"})
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		d.probs = append(d.probs, Problem{File: d.file, Line: 1, Column: 1, Message: "the file holds only comments: a scenario needs at least a population or a cohort"})
		return nil, false
	} else if err != nil {
		line, col, msg := syntaxError(data, err)
		d.probs = append(d.probs, Problem{File: d.file, Line: line, Column: col, Message: msg})
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		n := &next
		if len(next.Content) > 0 {
			n = next.Content[0]
		}
		d.problem(n, "", "a scenario file holds one YAML document; remove the second (after ---) or put it in its own file")
	case !errors.Is(err, io.EOF):
		line, col, msg := syntaxError(data, err)
		d.probs = append(d.probs, Problem{File: d.file, Line: line, Column: col, Message: msg})
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.probs = append(d.probs, Problem{File: d.file, Line: 1, Column: 1, Message: "the file holds no YAML document"})
		return nil, false
	}
	root := deref(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		if root != nil && root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			d.problem(root, "", "the file holds only comments: a scenario needs at least a population or a cohort")
		} else {
			d.problem(doc.Content[0], "", "a scenario file must be a mapping (name:, population:, cohorts: ...), got %s", describe(root))
		}
		return nil, false
	}
	return root, true
}

var topKeys = []string{"name", "description", "population", "prevalence", "cohorts", "personas"}

var topSynonyms = map[string]string{
	"title": "name", "about": "description", "summary": "description", "background": "population",
	"practice": "population", "cohort": "cohorts", "groups": "cohorts", "persona": "personas",
	"patients": "personas", "prevalences": "prevalence", "overrides": "prevalence",
}

func (d *decoder) scenario(root val) *Scenario {
	sc := &Scenario{}
	f, _ := d.mapping(root, "a scenario", topKeys, topSynonyms)
	if v, ok := f.get("name"); ok {
		if s, ok := d.str(v, "a name"); ok {
			if strings.ContainsAny(s, "\n\r") {
				d.errorf(v, "a name is one line")
			}
			sc.Name = s
		}
	}
	if v, ok := f.get("description"); ok {
		if s, ok := d.str(v, "a one-line description"); ok {
			sc.Description = strings.Join(strings.Fields(s), " ")
		}
	}
	// Prevalence comes first: cohorts' checks need to know which
	// conditions an override removes.
	if v, ok := f.get("prevalence"); ok {
		sc.Prevalence = d.prevalence(v)
	}
	if v, ok := f.get("population"); ok {
		sc.Population, sc.Background = d.population(v)
	}
	var cohortsAt val
	if v, ok := f.get("cohorts"); ok {
		cohortsAt = v
		sc.Cohorts = d.cohorts(v)
	}
	if v, ok := f.get("personas"); ok {
		sc.Personas = d.personas(v)
	}
	sc.Practices = d.assignPractices(d.practices)
	inheritPractice(sc)
	if !f.has("population") && !f.has("cohorts") && !f.has("personas") {
		d.problem(root.n, "", "the scenario generates nobody: give population.size, cohorts or personas")
	} else if len(d.probs) == 0 && sc.Total() == 0 {
		at := root
		if cohortsAt.n != nil {
			at = cohortsAt
		}
		d.errorf(at, "the scenario generates nobody: population.size is 0 and there are no cohorts or personas")
	}
	return sc
}

// ---- population -------------------------------------------------------

var populationKeys = []string{"size", "seed", "as_of", "history_years", "regions", "region", "town", "towns", "practice", "age", "sex", "age_bands"}

var populationSynonyms = map[string]string{
	"patients": "size", "n": "size", "count": "size", "background": "size", "list_size": "size", "people": "size",
	"asof": "as_of", "date": "as_of", "reference_date": "as_of", "end_date": "as_of",
	"history": "history_years", "years": "history_years", "ages": "age", "age_distribution": "age_bands",
	"bands": "age_bands", "gender": "sex", "city": "town", "cities": "towns", "nhs_region": "region",
}

func (d *decoder) population(v val) (Population, int64) {
	var pop Population
	var size int64
	f, ok := d.mapping(v, "population", populationKeys, populationSynonyms)
	if !ok {
		return pop, 0
	}
	if x, ok := f.get("size"); ok {
		if n, ok := d.integer(x, 0, 100_000_000); ok {
			size = n
		}
	}
	if x, ok := f.get("seed"); ok {
		if s, ok := d.scalar(x, "a whole number from 0 to 18446744073709551615"); ok {
			n, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 10, 64)
			if err != nil {
				d.errorf(x, "want a whole number from 0 to 18446744073709551615, got %q", s)
			} else {
				pop.Seed = &n
			}
		}
	}
	if x, ok := f.get("as_of"); ok {
		if s, ok := d.scalar(x, "a date YYYY-MM-DD"); ok {
			t, err := time.Parse(time.DateOnly, s)
			lo, hi := models.DateFromYMD(1950, 1, 1), models.DateFromYMD(2100, 12, 31)
			switch date := models.DateOf(t); {
			case err != nil:
				d.errorf(x, "want a date YYYY-MM-DD, got %q", s)
			case date < lo || date > hi:
				d.errorf(x, "%s is outside 1950-01-01..2100-12-31", s)
			case date == models.NoDate:
				d.errorf(x, "1970-01-01 cannot be used as the as-of date (it stands for \"not set\"); pick another day")
			default:
				pop.AsOf = date
			}
		}
	}
	if x, ok := f.get("history_years"); ok {
		if n, ok := d.integer(x, 0, 50); ok {
			h := int(n)
			pop.HistoryYears = &h
		}
	}
	var ages ageRange
	ageGiven := false
	if x, ok := f.get("age"); ok {
		if a, ok := d.age(x); ok {
			ages, ageGiven = a, true
			pop.AgeMin, pop.AgeMax = a.min, a.max
		}
	}
	if x, ok := f.get("sex"); ok {
		pop.Sex, _ = d.sex(x)
	}
	if x, ok := f.get("age_bands"); ok {
		pop.AgeBands = d.ageBands(x, ages, ageGiven)
	}
	pop.Regions = d.populationPlaces(f)
	if x, ok := f.get("practice"); ok {
		d.populationPractice(x, f, &pop)
	}
	return pop, size
}

func (d *decoder) sex(v val) (string, bool) {
	s, ok := d.str(v, `"female" or "male"`)
	if !ok {
		return "", false
	}
	switch strings.ToLower(s) {
	case "female", "male":
		return strings.ToLower(s), true
	}
	d.errorf(v, "want \"female\" or \"male\", got %q%s", s, didYouMean(suggest(s, []candidate{
		{"female", "female"}, {"male", "male"}, {"f", "female"}, {"m", "male"}, {"woman", "female"}, {"women", "female"},
		{"man", "male"}, {"men", "male"}, {"girl", "female"}, {"boy", "male"}})))
	return "", false
}

var bandKeys = []string{"age", "weight"}

func (d *decoder) ageBands(v val, ages ageRange, ageGiven bool) []AgeBandWeight {
	items, _ := d.list(v, "age_bands")
	var out []AgeBandWeight
	var at []val
	for _, it := range items {
		f, ok := d.mapping(it, "an age band", bandKeys, map[string]string{"band": "age", "ages": "age", "share": "weight", "percent": "weight"})
		if !ok {
			continue
		}
		av, ok1 := d.require(f, "age", "an age band")
		wv, ok2 := d.require(f, "weight", "an age band")
		if !ok1 || !ok2 {
			continue
		}
		a, ok1 := d.age(av)
		w, ok2 := d.number(wv, true)
		if !ok1 || !ok2 {
			continue
		}
		if w <= 0 {
			d.errorf(wv, "a weight must be more than 0, got %v", w)
			continue
		}
		b := AgeBandWeight{Min: a.min, Max: a.hi(), Weight: w}
		for k, prev := range out {
			if b.Min <= prev.Max && prev.Min <= b.Max {
				d.errorf(av, "age band %s overlaps age band %d-%d (line %d); each age belongs to one band", a, prev.Min, prev.Max, at[k].at().Line)
			}
		}
		if ageGiven && (b.Max < ages.min || b.Min > ages.hi()) {
			d.errorf(av, "age band %s lies outside the population's ages %s, so it would hold nobody", a, ages)
		}
		out = append(out, b)
		at = append(at, av)
	}
	if len(items) > 0 && len(out) == 0 && v.n != nil && v.n.Kind == yaml.SequenceNode && len(v.n.Content) == 0 {
		d.errorf(v, "age_bands is empty")
	}
	return out
}

var regionKeys = []string{"region", "towns", "weight"}

// populationPlaces reads regions (a weighted list) or the region, town and
// towns shorthands.
func (d *decoder) populationPlaces(f fields) []RegionWeight {
	rv, hasRegions := f.get("regions")
	if hasRegions {
		for _, k := range []string{"region", "town", "towns"} {
			if x, ok := f.get(k); ok {
				d.errorf(val{n: x.key, path: x.path}, "give either regions (a weighted list) or %s, not both", k)
			}
		}
		return d.regionList(rv)
	}
	region := ""
	var regionAt val
	if x, ok := f.get("region"); ok {
		if s, ok := d.str(x, "an NHS England region"); ok {
			code, err := d.ref.region(s)
			if err != nil {
				d.errorf(x, "%v", err)
			} else {
				region, regionAt = code, x
			}
		}
	}
	var townVals []val
	if x, ok := f.get("town"); ok {
		if y, both := f.get("towns"); both {
			d.errorf(val{n: y.key, path: y.path}, "give either town or towns, not both")
		}
		if x.n != nil && x.n.Kind == yaml.SequenceNode {
			d.errorf(x, "town takes one town; use towns: for a list")
		} else {
			townVals = []val{x}
		}
	} else if x, ok := f.get("towns"); ok {
		townVals, _ = d.list(x, "towns")
	}
	if len(townVals) == 0 {
		if region == "" {
			return nil
		}
		return []RegionWeight{{Region: region, Weight: 1}}
	}
	// Towns are grouped by region; each region weighs as much as its
	// listed towns' populations, so towns are drawn in proportion to size.
	var out []RegionWeight
	idx := map[string]int{}
	seen := map[string]int{}
	for _, tv := range townVals {
		t, ok := d.town(tv)
		if !ok {
			continue
		}
		if line, dup := seen[t.Name]; dup {
			d.errorf(tv, "%s is listed twice (first on line %d)", t.Name, line)
			continue
		}
		seen[t.Name] = tv.at().Line
		if region != "" && t.Region != region {
			d.errorf(tv, "%s is in %s, not in %s (region, line %d)", t.Name, regionName(t.Region), regionName(region), regionAt.at().Line)
			continue
		}
		k, ok := idx[t.Region]
		if !ok {
			k = len(out)
			idx[t.Region] = k
			out = append(out, RegionWeight{Region: t.Region})
		}
		out[k].Towns = append(out[k].Towns, t.Name)
		out[k].Weight += float64(t.Population)
	}
	return out
}

func (d *decoder) regionList(v val) []RegionWeight {
	items, _ := d.list(v, "regions")
	var out []RegionWeight
	seen := map[string]int{}
	for _, it := range items {
		rw := RegionWeight{Weight: 1}
		var regionAt val
		if it.n != nil && it.n.Kind == yaml.ScalarNode {
			s, ok := d.str(it, "an NHS England region")
			if !ok {
				continue
			}
			code, err := d.ref.region(s)
			if err != nil {
				d.errorf(it, "%v", err)
				continue
			}
			rw.Region, regionAt = code, it
		} else {
			f, ok := d.mapping(it, "a region", regionKeys, map[string]string{"town": "towns", "share": "weight", "name": "region"})
			if !ok {
				continue
			}
			if x, ok := f.get("weight"); ok {
				w, ok := d.number(x, true)
				if !ok {
					continue
				}
				if w <= 0 {
					d.errorf(x, "a weight must be more than 0, got %v", w)
					continue
				}
				rw.Weight = w
			}
			if x, ok := f.get("region"); ok {
				s, ok := d.str(x, "an NHS England region")
				if !ok {
					continue
				}
				code, err := d.ref.region(s)
				if err != nil {
					d.errorf(x, "%v", err)
					continue
				}
				rw.Region, regionAt = code, x
			}
			if x, ok := f.get("towns"); ok {
				towns, _ := d.list(x, "towns")
				tseen := map[string]bool{}
				for _, tv := range towns {
					t, ok := d.town(tv)
					if !ok {
						continue
					}
					if rw.Region == "" {
						rw.Region, regionAt = t.Region, tv
					}
					if t.Region != rw.Region {
						d.errorf(tv, "%s is in %s, not in %s", t.Name, regionName(t.Region), regionName(rw.Region))
						continue
					}
					if tseen[t.Name] {
						d.errorf(tv, "%s is listed twice", t.Name)
						continue
					}
					tseen[t.Name] = true
					rw.Towns = append(rw.Towns, t.Name)
				}
			} else if !f.has("region") {
				d.errorf(it, "a regions entry needs a region or towns")
				continue
			}
			if rw.Region == "" {
				continue
			}
		}
		if line, dup := seen[rw.Region]; dup {
			d.errorf(regionAt, "%s is listed twice (first on line %d); list its towns in one entry", regionName(rw.Region), line)
			continue
		}
		seen[rw.Region] = regionAt.at().Line
		out = append(out, rw)
	}
	if v.n != nil && v.n.Kind == yaml.SequenceNode && len(v.n.Content) == 0 {
		d.errorf(v, "regions is empty; leave it out for all of England")
	}
	return out
}

// ---- prevalence -------------------------------------------------------

var prevalenceKeys = []string{"multiply", "set", "age"}

var prevalenceSynonyms = map[string]string{
	"times": "multiply", "factor": "multiply", "x": "multiply", "scale": "multiply",
	"percent": "set", "prevalence": "set", "to": "set", "ages": "age", "age_band": "age", "band": "age",
}

func (d *decoder) prevalence(v val) []PrevalenceOverride {
	items, _ := d.list(v, "prevalence")
	var out []PrevalenceOverride
	type placed struct {
		o  PrevalenceOverride
		at val
	}
	var seen []placed
	for _, it := range items {
		name, nameAt, body, ok := d.keyed(it, "condition")
		if !ok {
			continue
		}
		key, err := d.ref.condition(name)
		if err != nil {
			d.problem(nameAt, it.path, "%v", err)
			continue
		}
		f, ok := d.mapping(body, "a prevalence override", prevalenceKeys, prevalenceSynonyms)
		if !ok {
			continue
		}
		o := PrevalenceOverride{Condition: key}
		mv, hasM := f.get("multiply")
		sv, hasS := f.get("set")
		switch {
		case hasM && hasS:
			d.errorf(val{n: sv.key, path: sv.path}, "give either multiply or set, not both")
			continue
		case !hasM && !hasS:
			d.problem(nameAt, it.path, "say how to change %s: multiply: 2 (twice the usual prevalence) or set: 10%% (a prevalence of 10%%)", key)
			continue
		case hasM:
			x, ok := d.number(mv, false)
			if !ok {
				continue
			}
			if x < 0 || x > 100 {
				d.errorf(mv, "multiply must be from 0 to 100, got %v", x)
				continue
			}
			o.Multiply = &x
		default:
			x, ok := d.number(sv, true)
			if !ok {
				continue
			}
			if x < 0 || x > 100 {
				d.errorf(sv, "a prevalence is a percentage from 0 to 100, got %v", x)
				continue
			}
			o.Set = &x
		}
		ages := ageRange{0, 0}
		if av, ok := f.get("age"); ok {
			a, ok := d.age(av)
			if !ok {
				continue
			}
			ages = a
			o.AgeMin, o.AgeMax = a.min, a.max
		}
		whole := o.AgeMin == 0 && o.AgeMax == 0
		conflict := false
		for _, p := range seen {
			if p.o.Condition != key {
				continue
			}
			pWhole := p.o.AgeMin == 0 && p.o.AgeMax == 0
			pr := ageRange{p.o.AgeMin, p.o.AgeMax}
			switch {
			case whole && pWhole:
				d.problem(nameAt, it.path, "%s already has an override for all ages (line %d)", key, p.at.at().Line)
				conflict = true
			case !whole && !pWhole && ages.min <= pr.hi() && pr.min <= ages.hi():
				d.problem(nameAt, it.path, "the ages %s overlap the override for %s at ages %s (line %d)", ages, key, pr, p.at.at().Line)
				conflict = true
			}
		}
		if conflict {
			continue
		}
		target := mv
		if hasS {
			target = sv
		}
		if !d.prevalenceReachable(o, target) {
			continue
		}
		if (o.Multiply != nil && *o.Multiply == 0) || (o.Set != nil && *o.Set == 0) {
			d.zeroed[key] = append(d.zeroed[key], ageRange{o.AgeMin, o.AgeMax})
		}
		seen = append(seen, placed{o, val{n: nameAt, path: it.path}})
		out = append(out, o)
	}
	return out
}

// prevalenceReachable checks that an override asks for no more than the
// model can give: nobody's chance of a condition exceeds 95%, and only ages
// where the catalogue gives the condition at all can have it.
func (d *decoder) prevalenceReachable(o PrevalenceOverride, at val) bool {
	c := d.ref.conds[o.Condition]
	whole := o.AgeMin == 0 && o.AgeMax == 0
	lo, hi := o.AgeMin, o.AgeMax
	if hi == 0 {
		hi = MaxAge
	}
	var den, reach float64
	youngest := -1
	for s, sex := range []string{"female", "male"} {
		shape := c.Shape.For(sex)
		for a := 0; a <= MaxAge; a++ {
			inDen := a >= lo && a <= hi
			if whole {
				inDen = c.TargetDenominator == "all" || a >= c.RegisterMinAge
			}
			if !inDen {
				continue
			}
			den += d.ref.pop[s][a]
			if a >= c.RegisterMinAge && a >= c.Onset.MinAge && shape[d.ref.cat.BandOf(a)] > 0 {
				reach += d.ref.pop[s][a] * 0.95
				if youngest < 0 || a < youngest {
					youngest = a
				}
			}
		}
	}
	if den == 0 {
		return true
	}
	ceiling := 100 * reach / den
	var want float64
	switch {
	case o.Set != nil:
		want = *o.Set
	case whole:
		want = c.Target * *o.Multiply
	default:
		return true // a band multiplier saturates at 95% rather than fail
	}
	if !whole && reach == 0 && want > 0 {
		d.errorf(at, "the model gives nobody aged %s %s, so its prevalence there cannot be set", ageRange{o.AgeMin, o.AgeMax}, c.Key)
		return false
	}
	if want > ceiling+1e-9 {
		what := fmt.Sprintf("%.3g%%", want)
		if o.Multiply != nil {
			what = fmt.Sprintf("%.3g%% (%.3g%% × %v)", want, c.Target, *o.Multiply)
		}
		d.errorf(at, "%s for %s is more than the model can reach: at most %.1f%% (only ages %d and over have %s, and nobody's chance exceeds 95%%)",
			what, c.Key, math.Floor(ceiling*10)/10, youngest, c.Key)
		return false
	}
	return true
}

// ---- cohorts ----------------------------------------------------------

var constraintKeys = []string{"age", "sex", "region", "town", "practice", "has", "diagnosed_within", "has_not", "has_any", "has_count", "on", "not_on", "medicines_count", "insulin_treated", "ckd_stage", "smoking", "ethnicity", "observations", "encounters", "alive", "died_within"}

var cohortKeys = append([]string{"name", "count"}, append(constraintKeys, "subgroups", "overlap")...)

var cohortSynonyms = map[string]string{
	"conditions": "has", "has_conditions": "has", "with": "has", "diagnoses": "has",
	"has_at_least": "has_count", "conditions_count": "has_count", "count_of": "has_count", "any_of": "has_any", "one_of": "has_any",
	"newly_diagnosed": "diagnosed_within", "new_diagnosis": "diagnosed_within", "diagnosed": "diagnosed_within",
	"without": "has_not", "not_has": "has_not", "hasnt": "has_not", "exclude": "has_not", "excludes": "has_not",
	"medicines": "on", "medications": "on", "drugs": "on", "meds": "on", "on_medicines": "on", "taking": "on",
	"not_on_medicines": "not_on", "not_taking": "not_on", "off": "not_on",
	"size": "count", "n": "count", "patients": "count", "number": "count",
	"gender": "sex", "labs": "observations", "results": "observations", "tests": "observations", "observation": "observations",
	"visits": "encounters", "attendances": "encounters", "encounter": "encounters", "admissions": "encounters",
	"dead": "alive", "deceased": "alive", "died": "died_within", "death": "died_within", "died_in": "died_within",
	"smoker": "smoking", "smoking_status": "smoking", "tobacco": "smoking",
	"repeat_medicines": "medicines_count", "medicine_count": "medicines_count", "polypharmacy": "medicines_count", "number_of_medicines": "medicines_count",
	"on_insulin": "insulin_treated", "insulin": "insulin_treated", "ckd_stages": "ckd_stage", "stage": "ckd_stage", "egfr_stage": "ckd_stage",
	"ethnic_group": "ethnicity", "ethnic_category": "ethnicity", "ethnicities": "ethnicity", "race": "ethnicity",
	"ages": "age", "age_min": "age", "age_max": "age", "min_age": "age", "max_age": "age",
	"location": "region", "city": "town", "groups": "subgroups", "subgroup": "subgroups", "subcohorts": "subgroups",
	"title": "name", "label": "name",
}

func (d *decoder) cohorts(v val) []Cohort {
	items, _ := d.list(v, "cohorts")
	var out []Cohort
	names := map[string]int{}
	for _, it := range items {
		c, src, ok := d.cohort(it, nil)
		if !ok {
			continue
		}
		if line, dup := names[strings.ToLower(c.Name)]; dup {
			d.errorf(src.nameAt, "cohort name %q is already used (line %d)", c.Name, line)
		}
		names[strings.ToLower(c.Name)] = src.nameAt.at().Line
		out = append(out, c)
	}
	return out
}

// cohort decodes a cohort, or a subgroup when parent is set.
func (d *decoder) cohort(it val, parent *consSrc) (Cohort, *consSrc, bool) {
	what := "a cohort"
	if parent != nil {
		what = "a subgroup"
	}
	var c Cohort
	f, ok := d.mapping(it, what, cohortKeys, cohortSynonyms)
	if !ok {
		return c, nil, false
	}
	src := &consSrc{subject: "cohort"}
	if parent != nil {
		src.subject = "subgroup"
	}
	good := true
	if nv, ok := d.require(f, "name", what); ok {
		src.nameAt = nv
		if s, ok := d.str(nv, "a name"); ok {
			switch {
			case strings.ContainsAny(s, "/:\n"):
				d.errorf(nv, "a name cannot contain / or : or a line break")
				good = false
			case len(s) > 60:
				d.errorf(nv, "a name is at most 60 characters")
				good = false
			}
			c.Name = s
		} else {
			good = false
		}
	} else {
		src.nameAt = it
		good = false
	}
	if cv, ok := d.require(f, "count", what); ok {
		if n, ok := d.integer(cv, 1, 10_000_000); ok {
			c.Count = n
		} else {
			good = false
		}
	} else {
		good = false
	}
	d.constraints(f, src, false)
	c.Constraints = src.c
	if parent == nil {
		d.checkConstraints(src, nil)
	} else {
		d.checkSubgroup(parent, src)
	}
	if ov, ok := f.get("overlap"); ok {
		switch b, ok := d.boolean(ov); {
		case !ok:
		case parent != nil:
			d.errorf(val{n: ov.key, path: ov.path}, "overlap belongs to the cohort: it lets the cohort's subgroups share members")
		case !f.has("subgroups"):
			d.errorf(val{n: ov.key, path: ov.path}, "overlap lets subgroups share members, but the cohort has no subgroups")
		default:
			c.Overlap = b
		}
	}
	if sv, ok := f.get("subgroups"); ok {
		if parent != nil {
			d.errorf(val{n: sv.key, path: sv.path}, "subgroups cannot have subgroups of their own; make it a subgroup of the cohort")
		} else {
			c.Subgroups = d.subgroups(sv, src, c.Count, good, c.Overlap)
		}
	}
	return c, src, good
}

func (d *decoder) subgroups(v val, parent *consSrc, count int64, countKnown, overlap bool) []Cohort {
	items, _ := d.list(v, "subgroups")
	var out []Cohort
	var srcs []*consSrc
	var total int64
	names := map[string]int{}
	for _, it := range items {
		c, src, ok := d.cohort(it, parent)
		if !ok {
			continue
		}
		if line, dup := names[strings.ToLower(c.Name)]; dup {
			d.errorf(src.nameAt, "subgroup name %q is already used in this cohort (line %d)", c.Name, line)
		}
		if overlap && strings.Contains(c.Name, "+") {
			d.errorf(src.nameAt, "a subgroup of a cohort with overlap cannot have + in its name: members of several subgroups are named with +")
		}
		names[strings.ToLower(c.Name)] = src.nameAt.at().Line
		if overlap && countKnown && c.Count > count {
			d.errorf(src.nameAt, "the subgroup holds %d patients but the cohort has only %d", c.Count, count)
		}
		total += c.Count
		out = append(out, c)
		srcs = append(srcs, src)
	}
	if overlap {
		if len(out) > maxOverlapping {
			d.errorf(val{n: v.key, path: v.path}, "a cohort with overlap takes at most %d subgroups, got %d", maxOverlapping, len(out))
		}
		d.checkOverlaps(parent, srcs)
		return out
	}
	if countKnown && total > count {
		parts := make([]string, len(out))
		for i, s := range out {
			parts[i] = fmt.Sprintf("%d", s.Count)
		}
		d.errorf(val{n: v.key, path: v.path}, "the subgroups hold %d patients (%s) but the cohort has only %d: subgroups are parts of the cohort and never overlap (unless the cohort says overlap: true), so their counts must add up to %d or less",
			total, strings.Join(parts, " + "), count, count)
	}
	return out
}

// ---- personas ---------------------------------------------------------

var personaKeys = []string{"key", "name", "given_name", "family_name", "age", "sex", "region", "town", "practice", "conditions",
	"diagnosed_within", "has_not", "has_any", "has_count", "medicines", "not_on", "medicines_count", "insulin_treated", "ckd_stage", "smoking", "ethnicity", "observations", "encounters", "alive", "died_within", "story"}

var personaSynonyms = map[string]string{
	"has": "conditions", "diagnoses": "conditions", "medications": "medicines", "on": "medicines", "drugs": "medicines",
	"meds": "medicines", "story_line": "story", "storyline": "story", "background": "story", "description": "story",
	"notes": "story", "first_name": "given_name", "forename": "given_name", "surname": "family_name",
	"last_name": "family_name", "id": "key", "gender": "sex", "without": "has_not", "not_taking": "not_on",
	"labs": "observations", "results": "observations", "visits": "encounters", "city": "town",
}

func (d *decoder) personas(v val) []Persona {
	items, _ := d.list(v, "personas")
	var out []Persona
	keys := map[string]int{}
	for _, it := range items {
		f, ok := d.mapping(it, "a persona", personaKeys, personaSynonyms)
		if !ok {
			continue
		}
		var p Persona
		good := true
		nameAt := it
		if nv, ok := f.get("name"); ok {
			nameAt = nv
			if s, ok := d.str(nv, "a name"); ok {
				if i := strings.LastIndexByte(s, ' '); i > 0 {
					p.GivenName, p.FamilyName = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
				} else {
					p.GivenName = s
				}
			} else {
				good = false
			}
			for _, k := range []string{"given_name", "family_name"} {
				if x, ok := f.get(k); ok {
					d.errorf(val{n: x.key, path: x.path}, "give either name or given_name/family_name, not both")
					good = false
				}
			}
		} else {
			if gv, ok := f.get("given_name"); ok {
				nameAt = gv
				p.GivenName, _ = d.str(gv, "a given name")
			}
			if fv, ok := f.get("family_name"); ok {
				p.FamilyName, _ = d.str(fv, "a family name")
			}
			if p.GivenName == "" && !f.has("given_name") {
				d.problem(it.at(), it.path, "a persona needs a name, e.g. name: Margaret Holroyd")
				good = false
			}
		}
		src := &consSrc{subject: "persona", nameAt: nameAt, who: strings.TrimSpace(p.GivenName + " " + p.FamilyName)}
		if av, ok := d.require(f, "age", "a persona"); ok {
			if a, ok := d.age(av); ok {
				if a.max != a.min {
					d.errorf(av, "a persona has one age, got the range %s", a)
					good = false
				} else {
					p.Age = a.min
					src.c.AgeMin, src.c.AgeMax = a.min, a.max
					src.age, src.ageAt = a, &av
				}
			} else {
				good = false
			}
		} else {
			good = false
		}
		if _, ok := d.require(f, "sex", "a persona"); !ok {
			good = false
		}
		d.constraints(f, src, true)
		p.Constraints = src.c
		p.Conditions = append([]string(nil), src.c.Has...)
		p.Medicines = append([]string(nil), src.c.OnMedicines...)
		if sv, ok := f.get("story"); ok {
			if s, ok := d.scalar(sv, "a story (text)"); ok {
				p.Story = strings.TrimSpace(s)
			}
		}
		p.Key = personaKey(p.GivenName)
		keyAt := nameAt
		if kv, ok := f.get("key"); ok {
			keyAt = kv
			if s, ok := d.str(kv, "a key"); ok {
				if personaKey(s) != s {
					d.errorf(kv, "a key uses lower-case letters, digits and underscores, e.g. %q", personaKey(s))
					good = false
				}
				p.Key = s
			}
		}
		if p.Key == "" && p.GivenName != "" {
			d.errorf(nameAt, "cannot derive a key from this name; give the persona a key: (lower-case letters, digits, underscores)")
			good = false
		} else {
			if line, dup := keys[p.Key]; dup {
				d.errorf(keyAt, "persona key %q is already used (line %d); give this persona a different key: field", p.Key, line)
				good = false
			}
			keys[p.Key] = keyAt.at().Line
		}
		d.checkConstraints(src, nil)
		if good {
			out = append(out, p)
		}
	}
	return out
}

// personaKey derives a key from a name: lower case, runs of other
// characters as one underscore.
func personaKey(s string) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(r)
		} else {
			pending = true
		}
	}
	return b.String()
}

// town resolves a town name, reporting a problem (not a string, or not a
// town in the datasets) and returning false when it cannot.
func (d *decoder) town(v val) (datasets.Town, bool) {
	name, ok := d.str(v, "a town")
	if !ok {
		return datasets.Town{}, false
	}
	t, err := d.ref.town(name)
	if err != nil {
		d.errorf(v, "%v", err)
		return datasets.Town{}, false
	}
	return t, true
}
