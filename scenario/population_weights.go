package scenario

// Restricted reports whether the population's ages or sex differ from the
// whole ONS population (an age range, one sex, or custom age bands).
func (p *Population) Restricted() bool {
	return p.AgeMin > 0 || p.AgeMax > 0 || p.Sex != "" || len(p.AgeBands) > 0
}

// AgeSexWeights turns base, people by sex (0 female, 1 male) and single year
// of age (the ONS population), into the relative weights of the ordinary
// patients this population describes: zero outside its ages and sex; with
// custom age bands, each band gets its weight, spread within the band as
// base is. The generator draws ages from these weights and stats compares
// the population's structure with them: one definition for both.
func (p *Population) AgeSexWeights(base [2][]float64) [2][]float64 {
	var out [2][]float64
	hi := p.AgeMax
	for s := range out {
		out[s] = make([]float64, len(base[s]))
		if hi == 0 {
			hi = len(base[s]) - 1
		}
	}
	in := func(s, a int) bool {
		sex := [2]string{"female", "male"}[s]
		return (p.Sex == "" || p.Sex == sex) && a >= p.AgeMin && a <= hi
	}
	for s := range out {
		bandTotals := make([]float64, len(p.AgeBands))
		for a := range base[s] {
			if b := p.bandOf(a); in(s, a) && b >= 0 {
				bandTotals[b] += base[s][a]
			}
		}
		for a, n := range base[s] {
			if !in(s, a) {
				continue
			}
			if len(p.AgeBands) == 0 {
				out[s][a] = n
				continue
			}
			if b := p.bandOf(a); b >= 0 && bandTotals[b] > 0 {
				out[s][a] = p.AgeBands[b].Weight * n / bandTotals[b]
			}
		}
	}
	return out
}

// bandOf is the index of the custom age band holding age a, or -1.
func (p *Population) bandOf(a int) int {
	for i, b := range p.AgeBands {
		if a >= b.Min && a <= b.Max {
			return i
		}
	}
	return -1
}
