package scenario

import "go.yaml.in/yaml/v3"

// checkAbsent reports an observation required to be absent that another
// constraint needs recorded: the same observation constrained again (its
// latest result), or pack-years beside a smoking status recorded in the
// member's last year. (An observation constrained twice is reported by
// checkObservations.)
func (d *decoder) checkAbsent(src *consSrc, oc *obsSrc, skip map[*yaml.Node]bool) {
	if oc.o.Observation == "smoking_status" && src.c.Smoking != "" && oc.o.NotWithinDays > 0 {
		d.say(skip, []val{oc.at, *src.smokingAt}, "smoking (line %d) is the latest recorded status, recorded in the member's last year, so it cannot also be missing", src.smokingAt.at().Line)
	}
	for j := range src.obs {
		other := &src.obs[j]
		if other != oc && other.o.NotWithinDays == 0 && other.o.Observation == oc.o.Observation && skip[other.at.at()] != skip[oc.at.at()] {
			d.say(skip, later(oc.at, other.at), "%q (line %d) and %q (line %d) cannot both hold: one needs a %s result, the other none in the window",
				other.words, other.at.at().Line, oc.words, oc.at.at().Line, oc.o.Observation)
		}
	}
}

// codedAbsence reads a coded finding's only constraint, not_within (a foot
// check not done in 12 months); it reports false when the body is
// something else, for the caller to explain.
func (d *decoder) codedAbsence(body val, key string, at val, src *consSrc) bool {
	if body.n == nil || body.n.Kind != yaml.MappingNode || len(body.n.Content) != 2 {
		return false
	}
	if k := deref(body.n.Content[0]); k == nil || k.Value != "not_within" {
		return false
	}
	nv := val{n: deref(body.n.Content[1]), key: body.n.Content[0], path: body.path + ".not_within"}
	days, ok := d.duration(nv)
	if !ok {
		return true
	}
	o := ObservationConstraint{Observation: key, NotWithinDays: days}
	src.c.Observations = append(src.c.Observations, o)
	src.obs = append(src.obs, obsSrc{at: at, o: o, words: key + " not within " + nv.n.Value})
	return true
}
