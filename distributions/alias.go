package distributions

// Alias samples from a fixed categorical distribution in O(1) per draw
// (Vose's alias method). Build once, share between goroutines: it is
// read-only after NewAlias.
type Alias struct {
	prob  []float64
	alias []int32
}

// NewAlias builds a sampler for the given non-negative weights (at least one
// must be positive).
func NewAlias(weights []float64) *Alias {
	n := len(weights)
	a := &Alias{prob: make([]float64, n), alias: make([]int32, n)}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if n == 0 || sum <= 0 {
		panic("distributions: NewAlias needs a positive weight")
	}
	scaled := make([]float64, n)
	small, large := make([]int32, 0, n), make([]int32, 0, n)
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] = scaled[l] + scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i] = 1
	}
	for _, i := range small { // numerical leftovers
		a.prob[i] = 1
	}
	return a
}

// Len is the number of categories.
func (a *Alias) Len() int { return len(a.prob) }

// Sample draws a category index.
func (a *Alias) Sample(s *Stream) int {
	u := s.Float64() * float64(len(a.prob))
	i := int(u)
	if u-float64(i) < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}
