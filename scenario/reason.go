package scenario

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/code4health/cohortgen/datasets"
)

// reason resolves an encounter's reason: a catalogue presentation (an
// acute problem, injury, exacerbation or procedure's indication) or a
// catalogue condition.
func (d *decoder) reason(v val) (string, bool) {
	s, ok := d.str(v, "a reason: a presentation such as hypoglycaemia or a condition such as heart_failure")
	if !ok {
		return "", false
	}
	var cands []candidate
	for _, p := range d.ref.cat.Presentations {
		if norm(p.Key) == norm(s) || norm(p.Description) == norm(s) {
			return p.Key, true
		}
		cands = append(cands, candidate{p.Key, p.Key}, candidate{p.Description, p.Key})
	}
	if k, err := d.ref.condition(s); err == nil {
		return k, true
	}
	cands = append(cands, d.ref.condCands...)
	d.errorf(v, "unknown reason %q%s", s, orList(didYouMean(suggest(s, cands)),
		" (reasons: a condition, or one of the presentations "+strings.Join(d.presentationKeys(), ", ")+")"))
	return "", false
}

func (d *decoder) presentationKeys() []string {
	var out []string
	for _, p := range d.ref.cat.Presentations {
		out = append(out, p.Key)
	}
	sort.Strings(out)
	return out
}

// presentationByKey returns the catalogue presentation with the key, or nil.
func (d *decoder) presentationByKey(key string) *datasets.Presentation {
	for i := range d.ref.cat.Presentations {
		if d.ref.cat.Presentations[i].Key == key {
			return &d.ref.cat.Presentations[i]
		}
	}
	return nil
}

// presentationWeights are a presentation's weights in an encounter's
// setting: how often it is the reason there, by age band (an exacerbation
// drawn at yearly rates by the GP and in A&E: those rates).
func presentationWeights(p *datasets.Presentation, e EncounterConstraint) []float64 {
	switch {
	case e.Setting == "ae" && p.PerYear != nil:
		return p.PerYear.AE
	case e.Setting == "ae":
		return p.AE
	case e.Setting == "inpatient" && e.Class == "SS":
		return p.Elective
	case e.Setting == "inpatient":
		return p.Emergency
	case e.Setting == "outpatient":
		return p.Outpatient
	}
	if p.PerYear != nil {
		return p.PerYear.GP
	}
	return p.GP
}

// checkReasons reports reasons the model cannot give the members: a
// condition they are not required to have, a presentation of a condition
// they are not required to have, or one the setting, their sex or their
// ages never see.
func (d *decoder) checkReasons(src *consSrc, skip map[*yaml.Node]bool) {
	c := &src.c
	has := func(k string) bool {
		for _, h := range c.Has {
			if h == k {
				return true
			}
		}
		return false
	}
	for i, e := range c.Encounters {
		if e.Reason == "" {
			continue
		}
		at := []val{src.enc[i]}
		pr := d.presentationByKey(e.Reason)
		if pr == nil {
			if !has(e.Reason) && !src.unresolvedHas {
				d.say(skip, at, "an encounter for %s needs the condition: add %s to has", e.Reason, e.Reason)
			}
			continue
		}
		var bands []string
		for b, w := range presentationWeights(pr, e) {
			if w > 0 {
				bands = append(bands, fmt.Sprint(b))
			}
		}
		switch {
		case len(bands) == 0:
			d.say(skip, at, "the model never gives %s as the reason for %s encounters%s", pr.Key, e.Setting, d.presentationSettings(pr))
		case pr.Requires != "" && !has(pr.Requires) && !src.unresolvedHas:
			d.say(skip, at, "the model gives %s only to patients with %s: add %s to has", pr.Key, pr.Requires, pr.Requires)
		case pr.Sex != "" && c.Sex != "" && c.Sex != pr.Sex:
			d.say(skip, at, "the model gives %s only to %s patients, but the patients here are %s", pr.Key, pr.Sex, c.Sex)
		case pr.MinAge > src.age.hi() || (pr.MaxAge > 0 && pr.MaxAge < src.age.min):
			hi := "+"
			if pr.MaxAge > 0 {
				hi = fmt.Sprintf("-%d", pr.MaxAge)
			}
			d.say(skip, withAge(src.enc[i], src), "the model gives %s at ages %d%s, but the patients here are %s", pr.Key, pr.MinAge, hi, strings.TrimPrefix(src.ageWords(), "aged "))
		}
	}
}

// presentationSettings lists the settings a presentation is a reason in.
func (d *decoder) presentationSettings(pr *datasets.Presentation) string {
	var out []string
	for _, s := range []EncounterConstraint{{Setting: "ae"}, {Setting: "inpatient"}, {Setting: "inpatient", Class: "SS"}, {Setting: "outpatient"}, {Setting: "gp"}} {
		for _, w := range presentationWeights(pr, s) {
			if w > 0 {
				name := s.Setting
				if s.Class != "" {
					name += " (class " + s.Class + ")"
				}
				out = append(out, name)
				break
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (it does in " + orWords(out) + ")"
}
