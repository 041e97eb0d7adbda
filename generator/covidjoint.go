package generator

import "math"

// A booster is given only after the primary course, yet its published
// uptake counts everyone of the age, vaccinated or not. The threshold of a
// person's booster draw is therefore set so that the share with both the
// primary course and the booster is the uptake: with the draws correlated
// (the person's habit), P(primary and booster) = P(A < zA, B < zB) x the
// share completing the course, A and B standard normals with correlation c.

// bothBelow is P(A < za, B < zb) for standard normals of correlation c,
// by the midpoint rule over A.
func bothBelow(za, zb, c float64) float64 {
	const lo, steps = -8.0, 400
	if za <= lo {
		return 0
	}
	h, sd, sum := (za-lo)/steps, math.Sqrt(1-c*c), 0.0
	for i := range steps {
		a := lo + (float64(i)+0.5)*h
		sum += math.Exp(-a*a/2) * 0.5 * math.Erfc(-(zb-c*a)/sd/math.Sqrt2)
	}
	return sum * h / math.Sqrt(2*math.Pi)
}

// boosterZ is the booster threshold giving uptake pct among everyone of a
// group whose primary course threshold is za (pSecond of whom finish it),
// capped where the uptake exceeds the course's own.
func boosterZ(za, pct, c, pSecond float64) float64 {
	lo, hi := -8.0, 8.0
	for range 50 {
		mid := (lo + hi) / 2
		if bothBelow(za, mid, c)*pSecond*100 < pct {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}
