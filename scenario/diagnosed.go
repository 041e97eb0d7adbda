package scenario

import "go.yaml.in/yaml/v3"

// diagnosedWithin reads diagnosed_within: {condition: duration, ...}: each
// condition newly diagnosed in its window, and so also had (added to has).
func (d *decoder) diagnosedWithin(v val, src *consSrc) {
	f, ok := d.anyMapping(v, "diagnosed_within", "condition: duration, e.g. type2_diabetes: 6 months")
	if !ok {
		return
	}
	for _, item := range f {
		key, err := d.ref.condition(item.name)
		if err != nil {
			d.errorf(val{n: item.key, path: item.v.path}, "%v", err)
			src.unresolvedHas = true
			continue
		}
		days, ok := d.duration(item.v)
		if !ok {
			continue
		}
		dup := false
		for _, g := range src.c.Diagnosed {
			dup = dup || g.Condition == key
		}
		if dup {
			d.errorf(val{n: item.key, path: item.v.path}, "%s is given twice", key)
			continue
		}
		src.c.Diagnosed = append(src.c.Diagnosed, Diagnosis{Condition: key, WithinDays: days})
		inHas := false
		for _, h := range src.c.Has {
			inHas = inHas || h == key
		}
		if !inHas {
			src.c.Has = append(src.c.Has, key)
			src.has = append(src.has, val{n: item.key, path: item.v.path})
		}
	}
}

// namedValue is one entry of a mapping whose keys are names (conditions),
// not fields.
type namedValue struct {
	name string
	key  *yaml.Node
	v    val
}

// anyMapping decodes a mapping whose keys are names chosen by the author.
func (d *decoder) anyMapping(v val, what, want string) ([]namedValue, bool) {
	if v.n == nil || v.n.Kind != yaml.MappingNode {
		d.errorf(v, "%s must be a mapping of %s, got %s", what, want, describe(v.n))
		return nil, false
	}
	if !d.spend(v, len(v.n.Content)/2) {
		return nil, false
	}
	var out []namedValue
	for i := 0; i+1 < len(v.n.Content); i += 2 {
		k := deref(v.n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Tag == "!!merge" {
			d.problem(v.n.Content[i], v.path, "a key of %s must be a plain name, got %s", what, describe(k))
			continue
		}
		out = append(out, namedValue{name: k.Value, key: k, v: val{n: deref(v.n.Content[i+1]), key: k, path: v.child(k.Value)}})
	}
	return out, true
}
