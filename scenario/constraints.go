package scenario

import (
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"
)

// consSrc is a constraint set being decoded, with where each part was
// written, so that checks can point at the lines involved.
type consSrc struct {
	subject string // "cohort", "subgroup" or "persona"
	who     string // a persona's name
	nameAt  val

	c                       Constraints
	age                     ageRange
	ageAt                   *val
	sexAt, regionAt, townAt *val
	practiceAt, smokingAt   *val
	ethnicityAt             *val
	has, hasNot, on, notOn  []val // parallel to c.Has, c.HasNot, c.OnMedicines, c.NotOnMedicines
	obs                     []obsSrc
	counts                  []countSrc
	enc                     []val
	aliveAt, diedAt         *val
	medCountAt, ckdAt       *val
	insulinAt               *val
	// unresolvedHas is set when a name in has could not be resolved: the
	// author meant some condition there, so checks that would ask for a
	// condition to be added to has stay quiet (the name's problem is the
	// root one, reported once).
	unresolvedHas bool
}

// obsSrc is an observation constraint with its position and the author's
// words for it ("above 75 within 12 months").
type obsSrc struct {
	at    val
	o     ObservationConstraint
	words string
}

// ageWords describes the constraint set's ages for messages.
func (s *consSrc) ageWords() string {
	if s.subject == "persona" {
		if s.ageAt == nil {
			return s.who
		}
		return fmt.Sprintf("%s (age %d)", s.who, s.age.min)
	}
	if s.ageAt == nil {
		return "of any age"
	}
	return "aged " + s.age.String()
}

func (s *consSrc) sexes() []int {
	switch s.c.Sex {
	case "female":
		return []int{0}
	case "male":
		return []int{1}
	}
	return []int{0, 1}
}

var sexNames = []string{"female", "male"}

// constraints decodes the constraint fields of a cohort, subgroup or
// persona (personas call has "conditions" and on "medicines", and give their
// age separately).
func (d *decoder) constraints(f fields, src *consSrc, persona bool) {
	hasKey, onKey := "has", "on"
	if persona {
		hasKey, onKey = "conditions", "medicines"
	}
	c := &src.c
	if !persona {
		if v, ok := f.get("age"); ok {
			if a, ok := d.age(v); ok {
				src.age, src.ageAt = a, &v
				c.AgeMin, c.AgeMax = a.min, a.max
			}
		}
	}
	if v, ok := f.get("sex"); ok {
		if s, ok := d.sex(v); ok {
			c.Sex, src.sexAt = s, &v
		}
	}
	if v, ok := f.get("region"); ok {
		if s, ok := d.str(v, "an NHS England region"); ok {
			if code, err := d.ref.region(s); err != nil {
				d.errorf(v, "%v", err)
			} else {
				c.Region, src.regionAt = code, &v
			}
		}
	}
	if v, ok := f.get("town"); ok {
		if s, ok := d.str(v, "a town"); ok {
			t, err := d.ref.town(s)
			switch {
			case err != nil:
				d.errorf(v, "%v", err)
			case c.Region != "" && t.Region != c.Region:
				d.errorf(v, "%s is in %s, not in %s (region, line %d)", t.Name, regionName(t.Region), regionName(c.Region), src.regionAt.at().Line)
			default:
				c.Town, src.townAt = t.Name, &v
				c.Region = t.Region
			}
		}
	}
	if v, ok := f.get("practice"); ok {
		d.constraintPractice(v, src)
	}
	if v, ok := f.get(hasKey); ok {
		var bad bool
		c.Has, src.has, bad = d.names(v, "condition", d.ref.condition)
		src.unresolvedHas = bad
	}
	if v, ok := f.get("diagnosed_within"); ok {
		d.diagnosedWithin(v, src)
	}
	if v, ok := f.get("has_not"); ok {
		c.HasNot, src.hasNot, _ = d.names(v, "condition", d.ref.condition)
	}
	d.readEach(f, src, keyReader{"has_count", d.hasCount}, keyReader{"has_any", d.hasAny})
	if v, ok := f.get(onKey); ok {
		c.OnMedicines, src.on, _ = d.names(v, "medicine", d.onMedicine)
	}
	if v, ok := f.get("not_on"); ok {
		c.NotOnMedicines, src.notOn = d.notOnNames(v)
	}
	// insulin_treated after on: it adds an insulin unless on has one
	d.readEach(f, src, keyReader{"insulin_treated", d.insulinTreated}, keyReader{"ckd_stage", d.ckdStage},
		keyReader{"medicines_count", d.medicinesCount}, keyReader{"smoking", d.smoking}, keyReader{"ethnicity", d.ethnicities},
		keyReader{"observations", d.observations}, keyReader{"encounters", d.encounters})
	if v, ok := f.get("alive"); ok {
		if b, ok := d.boolean(v); ok {
			c.Alive, src.aliveAt = &b, &v
		}
	}
	if v, ok := f.get("died_within"); ok {
		if days, ok := d.duration(v); ok {
			c.DiedWithinDays, src.diedAt = days, &v
		}
	}
}

// keyReader decodes one constraint key's value into the set.
type keyReader struct {
	key  string
	read func(val, *consSrc)
}

// readEach decodes, in order, the keys the fields hold.
func (d *decoder) readEach(f fields, src *consSrc, readers ...keyReader) {
	for _, r := range readers {
		if v, ok := f.get(r.key); ok {
			r.read(v, src)
		}
	}
}

// names decodes a list of names resolved to keys, reporting unknown and
// repeated ones; unresolved is set when an item could not be resolved.
func (d *decoder) names(v val, kind string, resolve func(string) (string, error)) (keys []string, at []val, unresolved bool) {
	items, ok := d.list(v, kind+"s")
	unresolved = !ok
	for _, it := range items {
		s, ok := d.str(it, "a "+kind+" name")
		if !ok {
			unresolved = true
			continue
		}
		k, err := resolve(s)
		if err != nil {
			d.errorf(it, "%v", err)
			unresolved = true
			continue
		}
		dup := false
		for i, prev := range keys {
			if prev == k {
				d.errorf(it, "%s is listed twice (first on line %d)", k, at[i].at().Line)
				dup = true
			}
		}
		if !dup {
			keys = append(keys, k)
			at = append(at, it)
		}
	}
	return keys, at, unresolved
}

var observationKeys = []string{"above", "below", "min", "max", "within", "not_within"}

var observationSynonyms = map[string]string{
	"over": "above", "greater_than": "above", "gt": "above", "more_than": "above", "higher_than": "above",
	"under": "below", "less_than": "below", "lt": "below", "lower_than": "below",
	"at_least": "min", "from": "min", "minimum": "min", "ge": "min", "at_most": "max", "to": "max", "maximum": "max", "le": "max",
	"in": "within", "window": "within", "in_last": "within", "last": "within", "in_the_last": "within", "since": "within",
	"none_within": "not_within", "not_in": "not_within", "not_in_last": "not_within", "not_measured_within": "not_within",
	"absent_within": "not_within", "overdue": "not_within", "missing_within": "not_within",
}

func (d *decoder) observations(v val, src *consSrc) {
	items, _ := d.list(v, "observations")
	for _, it := range items {
		name, nameAt, body, ok := d.keyed(it, "observation")
		if !ok {
			continue
		}
		at := val{n: nameAt, path: it.path}
		key, err := d.ref.observation(name)
		if err != nil {
			d.errorf(at, "%v", err)
			continue
		}
		m, numeric := d.ref.cat.Observations[key]
		if numeric && m.DerivedFrom == "alcohol" { // read from the person's drinking, which no cohort sets (yet)
			d.errorf(at, "%s is read from the person's drinking (catalogue alcohol), which a scenario cannot set; observation constraints take observations such as hba1c or systolic_bp", key)
			continue
		}
		if numeric && m.FromEGFR != nil { // worked back from the eGFR state, which a constraint on it would not move
			d.errorf(at, "%s is read back from the eGFR (catalogue %s from_egfr), which a scenario sets through egfr; observation constraints take observations such as egfr or hba1c", key, key)
			continue
		}
		if !numeric && d.codedAbsence(body, key, at, src) {
			continue
		}
		if !numeric {
			var values []string
			for _, cv := range d.ref.cat.CodedObservations[key] {
				values = append(values, cv.Display)
			}
			d.errorf(at, "%s is a coded finding (%s), not a number; observation constraints take numeric observations such as hba1c or systolic_bp (a coded finding takes only not_within)", key, strings.Join(values, ", "))
			continue
		}
		f, ok := d.mapping(body, "an observation's bounds", observationKeys, observationSynonyms)
		if !ok {
			continue
		}
		o := ObservationConstraint{Observation: key}
		if nv, ok := f.get("not_within"); ok {
			if len(f.order) > 1 {
				d.errorf(val{n: nv.key, path: nv.path}, "not_within (no %s in a window) stands alone: the latest result's bounds and window need a result in it", key)
				continue
			}
			days, ok := d.duration(nv)
			if !ok {
				continue
			}
			o.NotWithinDays = days
			src.c.Observations = append(src.c.Observations, o)
			src.obs = append(src.obs, obsSrc{at: at, o: o, words: key + " not within " + strings.TrimSpace(nv.n.Value)})
			continue
		}
		var words []string
		scale := math.Pow(10, float64(m.Decimals))
		bound := func(strict, incl string, lower bool) (*float64, bool) {
			sv, hasS := f.get(strict)
			iv, hasI := f.get(incl)
			switch {
			case hasS && hasI:
				d.errorf(val{n: iv.key, path: iv.path}, "give either %s or %s, not both", strict, incl)
				return nil, false
			case hasS:
				x, ok := d.number(sv, false)
				if !ok {
					return nil, false
				}
				words = append(words, fmt.Sprintf("%s %v", strict, x))
				// Values are recorded to the observation's decimals, so
				// "above 75" for a whole-number result means 76 or more.
				var y float64
				if lower {
					y = (math.Floor(x*scale+1e-9) + 1) / scale
				} else {
					y = (math.Ceil(x*scale-1e-9) - 1) / scale
				}
				if math.IsInf(y, 0) {
					d.errorf(sv, "%v is out of range", x)
					return nil, false
				}
				return &y, true
			case hasI:
				x, ok := d.number(iv, false)
				if !ok {
					return nil, false
				}
				words = append(words, fmt.Sprintf("%s %v", incl, x))
				return &x, true
			}
			return nil, true
		}
		lo, ok1 := bound("above", "min", true)
		hi, ok2 := bound("below", "max", false)
		ok3 := true
		if wv, ok := f.get("within"); ok {
			o.WithinDays, ok3 = d.duration(wv)
			if ok3 {
				words = append(words, "within "+strings.TrimSpace(wv.n.Value))
			}
		}
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		o.Min, o.Max = lo, hi
		desc := key + " " + strings.Join(words, " ")
		if lo != nil && hi != nil {
			desc = key + " " + words[0] + " and " + strings.Join(words[1:], " ")
		}
		switch {
		case lo != nil && hi != nil && *lo > *hi:
			d.errorf(at, "%s cannot hold: no value is both", desc)
			continue
		case lo != nil && *lo > m.Max:
			d.errorf(at, "%s cannot hold: the model never records %s above %v", desc, key, m.Max)
			continue
		case hi != nil && *hi < m.Min:
			d.errorf(at, "%s cannot hold: the model never records %s below %v", desc, key, m.Min)
			continue
		}
		src.c.Observations = append(src.c.Observations, o)
		src.obs = append(src.obs, obsSrc{at: at, o: o, words: strings.TrimSpace(desc)})
	}
}

var encounterKeys = []string{"class", "within", "at_least", "at_most", "current", "discharged_within", "reason"}

var encounterSynonyms = map[string]string{
	"count": "at_least", "times": "at_least", "min": "at_least", "n": "at_least", "number": "at_least",
	"max": "at_most", "no_more_than": "at_most", "up_to": "at_most",
	"window": "within", "in": "within", "last": "within", "in_last": "within", "in_the_last": "within", "since": "within",
	"type": "class", "in_hospital": "current", "ongoing": "current", "still_in": "current", "in_progress": "current",
	"discharged": "discharged_within", "discharge_within": "discharged_within",
	"for": "reason", "because": "reason", "with": "reason", "cause": "reason", "presentation": "reason", "diagnosis": "reason",
}

// settingClasses are the encounter classes each setting uses in the model.
var settingClasses = map[string][]string{
	"gp":         {"AMB", "VR", "HH"},
	"ae":         {"EMER"},
	"inpatient":  {"IMP", "SS"},
	"outpatient": {"AMB"},
}

var settingCands = []candidate{
	{"gp", "gp"}, {"ae", "ae"}, {"inpatient", "inpatient"}, {"outpatient", "outpatient"},
	{"a and e", "ae"}, {"emergency", "ae"}, {"ed", "ae"}, {"emergency department", "ae"}, {"casualty", "ae"},
	{"accident and emergency", "ae"}, {"admission", "inpatient"}, {"admitted", "inpatient"}, {"hospital", "inpatient"},
	{"inpatients", "inpatient"}, {"clinic", "outpatient"}, {"outpatients", "outpatient"}, {"opd", "outpatient"},
	{"primary care", "gp"}, {"surgery", "gp"}, {"practice", "gp"}, {"general practice", "gp"},
}

func (d *decoder) encounters(v val, src *consSrc) {
	items, _ := d.list(v, "encounters")
	for _, it := range items {
		name, nameAt, body, ok := d.keyed(it, "setting")
		if !ok {
			continue
		}
		at := val{n: nameAt, path: it.path}
		setting := ""
		for s := range settingClasses {
			if norm(name) == s {
				setting = s
			}
		}
		if setting == "" {
			d.errorf(at, "unknown encounter setting %q%s", name, orList(didYouMean(suggest(name, settingCands)), " (settings: gp, ae, inpatient, outpatient)"))
			continue
		}
		f, ok := d.mapping(body, "an encounter's settings", encounterKeys, encounterSynonyms)
		if !ok {
			continue
		}
		e := EncounterConstraint{Setting: setting, AtLeast: 1}
		good := true
		if cv, ok := f.get("class"); ok {
			if s, ok := d.str(cv, "an encounter class"); ok {
				class := strings.ToUpper(s)
				valid := settingClasses[setting]
				found := false
				for _, c := range valid {
					found = found || c == class
				}
				if found {
					e.Class = class
				} else {
					d.errorf(cv, "class %q is not used for %s encounters in the model (they are %s)", s, setting, orWords(valid))
					good = false
				}
			} else {
				good = false
			}
		}
		if wv, ok := f.get("within"); ok {
			days, ok := d.duration(wv)
			e.WithinDays, good = days, good && ok
		}
		if av, ok := f.get("at_least"); ok {
			n, ok := d.integer(av, 1, 100)
			e.AtLeast, good = int(n), good && ok
		}
		good = d.admissionState(f, &e, at) && good
		if rv, ok := f.get("reason"); ok {
			e.Reason, ok = d.reason(rv)
			good = good && ok
		}
		if mv, ok := f.get("at_most"); ok {
			good = d.encounterAtMost(f, mv, &e) && good
		}
		if !good {
			continue
		}
		src.c.Encounters = append(src.c.Encounters, e)
		src.enc = append(src.enc, at)
	}
}

func orList(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// ---- contradictions ---------------------------------------------------

// say reports a problem involving several parts of the file, at the first
// of them that skip does not hold. skip holds a subgroup's parent's parts,
// whose problems the parent's own check reported already.
func (d *decoder) say(skip map[*yaml.Node]bool, involved []val, format string, a ...any) {
	for _, v := range involved {
		if !skip[v.at()] {
			d.errorf(v, format, a...)
			return
		}
	}
	if skip == nil && len(involved) > 0 {
		d.errorf(involved[0], format, a...)
	}
}

// excludedBy returns the conditions the listed ones rule out (the
// catalogue's excludes, both ways), with the one that rules each out.
func (d *decoder) excludedBy(has []string) map[string]string {
	out := map[string]string{}
	for _, h := range has {
		for _, x := range d.ref.conds[h].Excludes {
			out[x] = h
		}
		for _, c := range d.ref.cat.Conditions {
			for _, x := range c.Excludes {
				if x == h {
					out[c.Key] = h
				}
			}
		}
	}
	return out
}

// possible reports whether a patient of sex s and age a can have the
// condition in the model: not before its earliest onset, not where its
// age/sex shape is zero, not where a prevalence override removes it.
func (d *decoder) possible(cond string, s, a int) bool {
	c := d.ref.conds[cond]
	if a < c.Onset.MinAge || c.Shape.For(sexNames[s])[d.ref.cat.BandOf(a)] <= 0 {
		return false
	}
	for _, z := range d.zeroed[cond] {
		if (z.min == 0 && z.max == 0) || (a >= z.min && a <= z.hi()) {
			return false
		}
	}
	return true
}

// feasible reports whether some patient of the constraint set's ages and
// sex can have every listed condition together.
func (d *decoder) feasible(src *consSrc, conds []string) bool {
	for _, s := range src.sexes() {
		for a := src.age.min; a <= src.age.hi(); a++ {
			if d.allPossible(conds, s, a) {
				return true
			}
		}
	}
	return false
}

// allPossible reports whether a patient of sex s and age a can have every
// listed condition (each on its own; exclusions are checked apart).
func (d *decoder) allPossible(conds []string, s, a int) bool {
	for _, c := range conds {
		if !d.possible(c, s, a) {
			return false
		}
	}
	return true
}

// checkConstraints reports contradictions within a constraint set.
func (d *decoder) checkConstraints(src *consSrc, skip map[*yaml.Node]bool) {
	c := &src.c
	for i, h := range c.Has {
		for j, n := range c.HasNot {
			if h == n {
				d.say(skip, later(src.hasNot[j], src.has[i]), "%s is in both has (line %d) and has_not (line %d): a patient cannot both have and not have %s",
					h, src.has[i].at().Line, src.hasNot[j].at().Line, d.ref.conds[h].Name)
			}
		}
		for j := i + 1; j < len(c.Has); j++ {
			if d.excludes(h, c.Has[j]) {
				d.say(skip, later(src.has[j], src.has[i]), "%s and %s exclude each other in the model: a patient has one or the other, never both", h, c.Has[j])
			}
		}
	}
	for i, m := range c.OnMedicines {
		for j, n := range c.NotOnMedicines {
			if m == n {
				d.say(skip, later(src.notOn[j], src.on[i]), "%s is both required (line %d) and ruled out (not_on, line %d)", m, src.on[i].at().Line, src.notOn[j].at().Line)
			}
		}
	}
	if c.Alive != nil && *c.Alive && c.DiedWithinDays > 0 {
		d.say(skip, later(*src.diedAt, *src.aliveAt), "alive: true (line %d) contradicts died_within: %s (line %d): a patient who died is not alive",
			src.aliveAt.at().Line, strings.TrimSpace(src.diedAt.n.Value), src.diedAt.at().Line)
	}
	d.checkAdmitted(src, skip)
	d.checkReasons(src, skip)
	agesOK := !d.checkAges(src, skip)
	if agesOK {
		d.warnNarrowing(src, skip)
	}
	d.checkMedicines(src, skip, agesOK)
	d.checkAtMost(src, skip)
	if agesOK {
		d.checkCounts(src, skip)
		d.checkMedicinesCount(src, skip)
	}
	d.checkObservations(src, skip)
	d.checkSmoking(src, skip)
}

// later orders two parts so that the one further down the file comes first.
func later(a, b val) []val {
	if a.at() != nil && b.at() != nil && b.at().Line > a.at().Line {
		return []val{b, a}
	}
	return []val{a, b}
}

func (d *decoder) excludes(a, b string) bool {
	for _, x := range d.ref.conds[a].Excludes {
		if x == b {
			return true
		}
	}
	for _, x := range d.ref.conds[b].Excludes {
		if x == a {
			return true
		}
	}
	return false
}

// checkAges reports conditions nobody of the set's ages and sex can have.
func (d *decoder) checkAges(src *consSrc, skip map[*yaml.Node]bool) bool {
	c := &src.c
	bad := false
	involve := func(i int) []val {
		out := []val{src.has[i]}
		if src.ageAt != nil {
			out = append(out, *src.ageAt)
		}
		if src.sexAt != nil {
			out = append(out, *src.sexAt)
		}
		return out
	}
	for i, h := range c.Has {
		if d.feasible(src, []string{h}) {
			continue
		}
		bad = true
		cond := d.ref.conds[h]
		onset := cond.Onset.MinAge
		switch {
		case src.age.hi() < onset && src.subject == "persona":
			d.say(skip, involve(i), "%s is diagnosed from age %d in the model, but %s is %d", h, onset, src.who, src.age.min)
		case src.age.hi() < onset:
			d.say(skip, involve(i), "%s is diagnosed from age %d in the model, so nobody %s has it", h, onset, src.ageWords())
		case len(src.sexes()) == 1 && !d.anyAge(h, src.sexes()[0]):
			d.say(skip, involve(i), "the model gives %s to no %s patients", h, c.Sex)
		case len(d.zeroed[h]) > 0:
			d.say(skip, involve(i), "the prevalence section sets %s to 0%% for patients %s, so nobody here can have it", h, src.ageWords())
		default:
			d.say(skip, involve(i), "the model gives %s to nobody %s%s", h, src.ageWords(), sexWords(c.Sex))
		}
	}
	if !bad && len(c.Has) > 1 && !d.feasible(src, c.Has) {
		bad = true
		all := append([]val(nil), src.has...)
		d.say(skip, all, "no patient %s%s can have %s together in the model", src.ageWords(), sexWords(c.Sex), listWords(c.Has, false))
	}
	return bad
}

func sexWords(sex string) string {
	if sex == "" {
		return ""
	}
	return " (" + sex + ")"
}

// anyAge reports whether any age of sex s can have the condition.
func (d *decoder) anyAge(cond string, s int) bool {
	for a := 0; a <= MaxAge; a++ {
		if d.possible(cond, s, a) {
			return true
		}
	}
	return false
}

// checkMedicines reports required medicines the model cannot prescribe
// here: never prescribed at all, only as short acute courses, or only for
// conditions the set rules out or its patients cannot have.
func (d *decoder) checkMedicines(src *consSrc, skip map[*yaml.Node]bool, agesOK bool) {
	c := &src.c
	excluded := d.excludedBy(c.Has)
	for i, m := range c.OnMedicines {
		med := d.ref.meds[m]
		inds := d.ref.indications[m]
		at := []val{src.on[i]}
		switch {
		case !med.HasCode():
			d.say(skip, at, "%s has no verified dm+d code in the model's medicine list, so it is never prescribed and cannot be required", m)
			continue
		case len(inds) == 0 && len(d.ref.acute[m]) > 0:
			d.say(skip, at, "the model gives %s only as a short course for %s, never as a repeat medicine, so a patient cannot be required to be on it at the as-of date",
				m, listWords(d.ref.acute[m], false))
			continue
		case len(inds) == 0:
			d.say(skip, at, "the model never prescribes %s: no condition in the catalogue is treated with it", m)
			continue
		}
		// When has cannot hold at these ages (reported on its own), the
		// medicine is still checked against the ages alone, so that a
		// problem of its own is not hidden behind the conditions'.
		with := c.Has
		if !agesOK {
			with = nil
		}
		var avail, blocked, tooYoung []string
		for _, ind := range inds {
			hn := -1
			for j, n := range c.HasNot {
				if n == ind {
					hn = j
				}
			}
			has := false
			for _, h := range c.Has {
				has = has || h == ind
			}
			switch {
			case has:
				avail = append(avail, ind) // (a clash with has_not is reported on its own)
			case hn >= 0:
				blocked = append(blocked, ind)
				at = append(at, src.hasNot[hn])
			case excluded[ind] != "":
				blocked = append(blocked, ind)
			case src.age.hi() < d.ref.fromAge[m][ind] || !d.feasible(src, append(append([]string(nil), with...), ind)):
				tooYoung = append(tooYoung, ind)
			default:
				avail = append(avail, ind)
			}
		}
		if len(avail) > 0 {
			continue
		}
		var why []string
		for _, b := range blocked {
			if by := excluded[b]; by != "" {
				why = append(why, fmt.Sprintf("%s is excluded by %s", b, by))
			} else {
				why = append(why, b+" is in has_not")
			}
		}
		if len(tooYoung) > 0 {
			alongside := ""
			if len(with) > 0 {
				alongside = " alongside " + listWords(with, false)
			}
			why = append(why, fmt.Sprintf("nobody %s%s can have %s%s", src.ageWords(), sexWords(c.Sex), orWords(tooYoung), alongside))
		}
		d.say(skip, at, "the model prescribes %s only for %s, but %s", m, orWords(inds), listWords(why, false))
	}
}

// checkObservations reports observation constraints that contradict each
// other, the ages, or the conditions.
func (d *decoder) checkObservations(src *consSrc, skip map[*yaml.Node]bool) {
	for i := range src.obs {
		oi := &src.obs[i]
		m := d.ref.cat.Observations[oi.o.Observation]
		if oi.o.NotWithinDays > 0 {
			d.checkAbsent(src, oi, skip)
			continue
		}
		if m.AdultOnly && src.age.hi() < 18 {
			d.say(skip, withAge(oi.at, src), "the model records %s only for adults (18 and over), but the patients here are %s", oi.o.Observation, strings.TrimPrefix(src.ageWords(), "aged "))
			continue
		}
		for j := i + 1; j < len(src.obs); j++ {
			oj := &src.obs[j]
			if oi.o.Observation != oj.o.Observation {
				continue
			}
			if skip[oi.at.at()] == skip[oj.at.at()] {
				d.say(skip, []val{oj.at}, "%s is constrained twice (first on line %d); give its bounds and window in one entry", oj.o.Observation, oi.at.at().Line)
				continue
			}
			lo, hi := math.Inf(-1), math.Inf(1)
			for _, o := range []ObservationConstraint{oi.o, oj.o} {
				if o.Min != nil {
					lo = math.Max(lo, *o.Min)
				}
				if o.Max != nil {
					hi = math.Min(hi, *o.Max)
				}
			}
			if lo > hi {
				d.say(skip, []val{oj.at, oi.at}, "%q (line %d) and %q (line %d) cannot both hold: both speak of the latest %s result",
					oi.words, oi.at.at().Line, oj.words, oj.at.at().Line, oi.o.Observation)
			}
		}
		d.checkReach(src, oi, skip)
	}
}

func withAge(at val, src *consSrc) []val {
	out := []val{at}
	if src.ageAt != nil {
		out = append(out, *src.ageAt)
	}
	return out
}

// checkReach reports an observation bound beyond what the model gives
// patients without a condition that moves the observation that way.
func (d *decoder) checkReach(src *consSrc, oc *obsSrc, skip map[*yaml.Node]bool) {
	key := oc.o.Observation
	m := d.ref.cat.Observations[key]
	if m.DerivedFrom != "" {
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	first := src.age.min
	if m.AdultOnly {
		first = max(first, 18)
	}
	for _, s := range src.sexes() {
		shift := 0.0
		if s == 1 {
			shift = m.MaleShift
		}
		for a := first; a <= src.age.hi(); a++ {
			mean := m.Mean + m.AgeSlope*float64(a-40) + shift
			spread := 4*m.SD + 3*m.Noise
			lo, hi = math.Min(lo, mean-spread), math.Max(hi, mean+spread)
		}
	}
	lo, hi = math.Max(lo, m.Min), math.Min(hi, m.Max)
	up := oc.o.Min != nil && *oc.o.Min > hi
	down := oc.o.Max != nil && *oc.o.Max < lo
	if !up && !down {
		return
	}
	excluded := d.excludedBy(src.c.Has)
	var movers, avail []string
	for _, cond := range d.ref.cat.Conditions {
		var moves bool
		if up {
			moves = cond.Effects[key] > 0 || cond.TrendPerYear[key] > 0
		} else {
			moves = cond.Effects[key] < 0 || cond.TrendPerYear[key] < 0
			for _, line := range cond.Treatment {
				moves = moves || line.Effects[key] < 0
			}
		}
		if !moves {
			continue
		}
		// How far the condition can take the value: its effect, its
		// yearly drift over twice the typical years since diagnosis, and
		// (downwards) every treatment line's effect.
		shift := cond.Effects[key] + cond.TrendPerYear[key]*2*cond.Onset.MeanYears
		if down {
			for _, line := range cond.Treatment {
				shift += math.Min(line.Effects[key], 0)
			}
		}
		reaches := (up && hi+shift >= *oc.o.Min) || (down && lo+shift <= *oc.o.Max)
		for _, h := range src.c.Has {
			if h == cond.Key {
				return // a condition the patients have moves it
			}
		}
		if !reaches {
			continue
		}
		movers = append(movers, cond.Key)
		blocked := excluded[cond.Key] != ""
		for _, n := range src.c.HasNot {
			blocked = blocked || n == cond.Key
		}
		if !blocked {
			avail = append(avail, cond.Key)
		}
	}
	verb, bound, limit := "raises", "at most", hi
	if down {
		verb, bound, limit = "lowers", "at least", lo
	}
	who := "patients " + strings.TrimPrefix(src.ageWords(), "of ")
	if src.subject == "persona" {
		who = src.ageWords()
	}
	base := fmt.Sprintf("%s is beyond what the model gives %s without a condition that %s %s (%s about %s)",
		oc.words, who, verb, key, bound, trimFloat(limit, m.Decimals))
	switch {
	case len(movers) == 0:
		d.say(skip, []val{oc.at}, "%s, and no single condition in the catalogue takes it that far", base)
	case len(avail) == 0:
		d.say(skip, []val{oc.at}, "%s, and every such condition (%s) is ruled out here by has_not or by the conditions in has", base, listWords(movers, false))
	case src.unresolvedHas:
		// has names a condition that could not be resolved, probably the
		// one meant here; its problem is reported on its own line.
	default:
		d.say(skip, []val{oc.at}, "%s; add one of %s to has", base, orWords(avail))
	}
}

func trimFloat(x float64, decimals int) string {
	return fmt.Sprintf("%.*f", decimals, x)
}

// checkSubgroup reports a subgroup's constraints that contradict its
// cohort's, then checks the two together.
func (d *decoder) checkSubgroup(parent, sub *consSrc) {
	p, s := &parent.c, &sub.c
	merged := *parent
	merged.subject = "subgroup"
	merged.c.Has = append(append([]string(nil), p.Has...), s.Has...)
	merged.c.Diagnosed = append(append([]Diagnosis(nil), p.Diagnosed...), s.Diagnosed...)
	merged.has = append(append([]val(nil), parent.has...), sub.has...)
	merged.unresolvedHas = parent.unresolvedHas || sub.unresolvedHas
	merged.c.HasNot = append(append([]string(nil), p.HasNot...), s.HasNot...)
	merged.hasNot = append(append([]val(nil), parent.hasNot...), sub.hasNot...)
	merged.c.OnMedicines = append(append([]string(nil), p.OnMedicines...), s.OnMedicines...)
	merged.on = append(append([]val(nil), parent.on...), sub.on...)
	merged.c.NotOnMedicines = append(append([]string(nil), p.NotOnMedicines...), s.NotOnMedicines...)
	merged.notOn = append(append([]val(nil), parent.notOn...), sub.notOn...)
	merged.obs = append(append([]obsSrc(nil), parent.obs...), sub.obs...)
	merged.counts = append(append([]countSrc(nil), parent.counts...), sub.counts...)
	merged.enc = append(append([]val(nil), parent.enc...), sub.enc...)
	merged.c.Encounters = append(append([]EncounterConstraint(nil), p.Encounters...), s.Encounters...)
	merged.c.Counts = append(append([]ConditionCount(nil), p.Counts...), s.Counts...)
	merged.c.Observations = nil
	for _, o := range merged.obs {
		merged.c.Observations = append(merged.c.Observations, o.o)
	}
	conflict := false
	if s.Sex != "" {
		if p.Sex != "" && p.Sex != s.Sex {
			d.errorf(*sub.sexAt, "the cohort is %s (line %d), so its subgroup cannot be %s", p.Sex, parent.sexAt.at().Line, s.Sex)
			conflict = true
		}
		merged.c.Sex, merged.sexAt = s.Sex, sub.sexAt
	}
	if s.Practice != nil && p.Practice != nil && !s.Practice.same(p.Practice) {
		d.errorf(*sub.practiceAt, "the cohort is on the list of %s (line %d), so its subgroup cannot be on the list of %s", p.Practice.Name, parent.practiceAt.at().Line, s.Practice.Name)
		conflict = true
	} else if s.Town != "" && p.Town != "" && s.Town != p.Town {
		d.errorf(*sub.townAt, "the cohort lives in %s (line %d), so its subgroup cannot live in %s", p.Town, parent.townAt.at().Line, s.Town)
		conflict = true
	} else if s.Region != "" && p.Region != "" && s.Region != p.Region {
		at, pat := sub.regionAt, parent.regionAt
		if at == nil {
			at = sub.townAt
		}
		if pat == nil {
			pat = parent.townAt
		}
		d.errorf(*at, "the cohort is in %s (line %d), so its subgroup cannot be in %s", regionName(p.Region), pat.at().Line, regionName(s.Region))
		conflict = true
	}
	if sub.ageAt != nil {
		lo, hi := max(parent.age.min, sub.age.min), min(parent.age.hi(), sub.age.hi())
		if parent.ageAt != nil && lo > hi {
			d.errorf(*sub.ageAt, "the subgroup's ages %s do not overlap the cohort's ages %s (line %d)", sub.age, parent.age, parent.ageAt.at().Line)
			conflict = true
		} else {
			merged.age, merged.ageAt = ageRange{lo, hi}, sub.ageAt
			if hi == MaxAge {
				merged.age.max = 0 // open-ended, as ageRange writes it
			}
		}
	}
	if len(s.Ethnicity) > 0 && len(p.Ethnicity) > 0 {
		var both []string
		for _, a := range s.Ethnicity {
			for _, b := range p.Ethnicity {
				if a == b {
					both = append(both, a)
				}
			}
		}
		if len(both) == 0 {
			d.errorf(*sub.ethnicityAt, "the subgroup's ethnicity shares no category with the cohort's (line %d)", parent.ethnicityAt.at().Line)
			conflict = true
		}
	}
	if s.Smoking != "" {
		if p.Smoking != "" && p.Smoking != s.Smoking {
			d.errorf(*sub.smokingAt, "the cohort's smoking is %s (line %d), so its subgroup's cannot be %s", p.Smoking, parent.smokingAt.at().Line, s.Smoking)
			conflict = true
		}
		merged.c.Smoking, merged.smokingAt = s.Smoking, sub.smokingAt
	}
	if s.Alive != nil {
		merged.c.Alive, merged.aliveAt = s.Alive, sub.aliveAt
		if !*s.Alive && p.Alive != nil && *p.Alive {
			d.errorf(*sub.aliveAt, "the cohort is alive (line %d), so its subgroup cannot be dead", parent.aliveAt.at().Line)
			conflict = true
		}
		if *s.Alive && (p.DiedWithinDays > 0 || (p.Alive != nil && !*p.Alive)) {
			at := parent.diedAt
			if at == nil {
				at = parent.aliveAt
			}
			d.errorf(*sub.aliveAt, "the cohort died (line %d), so its subgroup cannot be alive", at.at().Line)
			conflict = true
		}
	}
	if s.DiedWithinDays > 0 {
		merged.c.DiedWithinDays, merged.diedAt = s.DiedWithinDays, sub.diedAt
		if p.Alive != nil && *p.Alive {
			d.errorf(*sub.diedAt, "the cohort is alive (line %d), so its subgroup cannot have died", parent.aliveAt.at().Line)
			conflict = true
		}
	}
	conflict = d.mergeState(parent, sub, &merged) || conflict
	if conflict {
		return
	}
	skip := map[*yaml.Node]bool{}
	for _, list := range [][]val{parent.has, parent.hasNot, parent.on, parent.notOn, parent.enc} {
		for _, v := range list {
			skip[v.at()] = true
		}
	}
	for _, o := range parent.obs {
		skip[o.at.at()] = true
	}
	for _, cs := range parent.counts {
		skip[cs.at.at()] = true
		for _, v := range cs.of {
			skip[v.at()] = true
		}
	}
	for _, v := range []*val{parent.ageAt, parent.sexAt, parent.aliveAt, parent.diedAt, parent.smokingAt, parent.medCountAt, parent.ckdAt, parent.insulinAt} {
		if v != nil {
			skip[v.at()] = true
		}
	}
	d.checkConstraints(&merged, skip)
}
