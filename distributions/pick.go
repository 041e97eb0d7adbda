package distributions

// PickBy draws an index in [0, n) with probability proportional to
// weight(i), or returns -1, drawing nothing, when no weight is positive.
// For a distribution that changes with the person (their age, sex and
// conditions), where a prebuilt Alias table does not fit. weight is called
// up to twice per index and must return the same value each time.
func (s *Stream) PickBy(n int, weight func(i int) float64) int {
	total, last := 0.0, -1
	for i := 0; i < n; i++ {
		if wt := weight(i); wt > 0 {
			total += wt
			last = i
		}
	}
	if last < 0 {
		return -1
	}
	u := s.Float64() * total
	for i := 0; i < last; i++ {
		if u -= weight(i); u < 0 {
			return i
		}
	}
	return last // the last index with weight, also when rounding left u at 0
}
