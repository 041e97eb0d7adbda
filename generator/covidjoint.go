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
// capped where the uptake exceeds the course's own. It is the root of
// bothBelow(za, z, c) = pct/(100 pSecond), found by Newton steps (the
// derivative in z is φ(z)·Φ((za − c·z)/√(1−c²))) kept inside a bracket that
// bisects whenever a step would leave it: about six evaluations of the
// integral where plain bisection took fifty, a fixed cost of every run.
func boosterZ(za, pct, c, pSecond float64) float64 {
	lo, hi := -8.0, 8.0
	target := pct / (pSecond * 100)
	if bothBelow(za, hi, c) < target {
		return hi // more than finish the course: everyone who finished it
	}
	sd := math.Sqrt(1 - c*c)
	z := 0.0
	for range 100 {
		f := bothBelow(za, z, c) - target
		if f < 0 {
			lo = z
		} else {
			hi = z
		}
		slope := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) * 0.5 * math.Erfc(-(za-c*z)/sd/math.Sqrt2)
		next := z - f/slope
		if !(next > lo && next < hi) { // also a zero slope's NaN or infinity
			next = (lo + hi) / 2
		}
		if math.Abs(next-z) < 1e-12 || hi-lo < 1e-12 {
			return next
		}
		z = next
	}
	return z
}

// aloneZ is the threshold of a vaccine given at a visit held after a course
// (the one-year visit, after the primary 6-in-1: the visit is held for a
// draw B below zv of a child whose course draw A is below za) and, for a
// child who missed that visit, later alone when B is below the threshold
// (MMR). It solves P(A < za, B < max(zv, z)) + P(A ≥ za, B < z) = pct/100
// by bisection: the share is the coverage, counting every child. A child
// at the visit is given it whatever z is.
func aloneZ(za, zv, pct, c float64) float64 {
	share := func(z float64) float64 {
		return bothBelow(za, max(zv, z), c) + bothBelow(8, z, 0) - bothBelow(za, z, c)
	}
	lo, hi := -8.0, 8.0
	for hi-lo > 1e-9 {
		if mid := (lo + hi) / 2; share(mid) < pct/100 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}
