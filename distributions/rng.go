// Package distributions holds cohortgen's seeded random streams and samplers.
//
// Every number the generator draws comes from a Stream keyed by (seed,
// patient index, purpose), so patient i never depends on what was drawn for
// any other patient, nor on which worker or machine generated it. The
// algorithms here are our own and fixed: output does not change with the Go
// version, unlike math/rand's convenience methods.
package distributions

import (
	"math"
	"math/bits"
)

// Stream is a SplitMix64 generator: a 64-bit counter passed through a strong
// mixing function. It is tiny, fast, passes BigCrush, and any number of
// independent streams can be derived from a key.
type Stream struct {
	state    uint64
	spare    float64 // the second normal of the last Box-Muller pair
	hasSpare bool
}

const golden = 0x9e3779b97f4a7c15

// Mix is SplitMix64's finaliser: a bijective avalanche of x.
func Mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Key hashes a sequence of values into one 64-bit key.
func Key(parts ...uint64) uint64 { return KeyFrom(0x6a09e667f3bcc909, parts...) }

// KeyFrom goes on hashing from a key: KeyFrom(Key(a, b), c, d) is
// Key(a, b, c, d). A caller that keys many streams by the same first parts
// (a person's seed and index) hashes those once.
func KeyFrom(h uint64, parts ...uint64) uint64 {
	for _, p := range parts {
		h = Mix(h ^ Mix(p+golden))
	}
	return h
}

// NewStream returns the stream for the given key parts.
func NewStream(parts ...uint64) Stream { return Stream{state: Key(parts...)} }

// StreamFrom returns the stream of the key prefix (Key of the first parts)
// and the remaining parts: NewStream(a, b, c) is StreamFrom(Key(a, b), c).
func StreamFrom(prefix uint64, parts ...uint64) Stream {
	return Stream{state: KeyFrom(prefix, parts...)}
}

// Uint64 returns the next 64 random bits.
func (s *Stream) Uint64() uint64 {
	s.state += golden
	return Mix(s.state)
}

// Float64 returns a uniform number in [0, 1).
func (s *Stream) Float64() float64 { return float64(s.Uint64()>>11) * (1.0 / (1 << 53)) }

// IntN returns a uniform integer in [0, n); n must be > 0.
// Lemire's multiply-shift; the bias for n far below 2^64 is negligible.
func (s *Stream) IntN(n int) int {
	hi, _ := bits.Mul64(s.Uint64(), uint64(n))
	return int(hi)
}

// Range returns a uniform integer in [lo, hi].
func (s *Stream) Range(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + s.IntN(hi-lo+1)
}

// Bernoulli returns true with probability p.
func (s *Stream) Bernoulli(p float64) bool { return s.Float64() < p }

// Normal returns a standard normal deviate. Box-Muller makes two from two
// uniforms; the second is kept for the next call, which halves the cost. The
// sequence is still a pure function of the stream's key.
func (s *Stream) Normal() float64 {
	if s.hasSpare {
		s.hasSpare = false
		return s.spare
	}
	u1 := s.Float64()
	if u1 < 1e-300 {
		u1 = 1e-300
	}
	u2 := s.Float64()
	r := math.Sqrt(-2 * math.Log(u1))
	sin, cos := math.Sincos(2 * math.Pi * u2)
	s.spare, s.hasSpare = r*sin, true
	return r * cos
}

// NormalMS returns a normal deviate with the given mean and standard deviation.
func (s *Stream) NormalMS(mean, sd float64) float64 { return mean + sd*s.Normal() }

// TruncNormal returns a normal deviate clamped to [lo, hi]. Clamping (rather
// than rejection) keeps the number of draws fixed; the tails it folds onto the
// bounds are tiny for the bounds we use.
func (s *Stream) TruncNormal(mean, sd, lo, hi float64) float64 {
	v := s.NormalMS(mean, sd)
	return math.Min(hi, math.Max(lo, v))
}

// LogNormal returns exp(N(mu, sigma)).
func (s *Stream) LogNormal(mu, sigma float64) float64 { return math.Exp(s.NormalMS(mu, sigma)) }

// Exponential returns an exponential deviate with the given rate (> 0).
func (s *Stream) Exponential(rate float64) float64 {
	return -math.Log(1-s.Float64()) / rate
}

// Poisson returns a Poisson deviate with mean lambda: Knuth's product method
// for small means, a rounded normal approximation above 30.
func (s *Stream) Poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		v := math.Round(s.NormalMS(lambda, math.Sqrt(lambda)))
		if v < 0 {
			return 0
		}
		return int(v)
	}
	k, p := 0, s.Float64()
	// exp(-lambda) >= 1-lambda, so a first draw below 1-lambda (less a margin
	// for rounding) is zero events without computing the exponential: the
	// common case, as most means here are small.
	if p < 1-lambda-1e-9 {
		return 0
	}
	limit := math.Exp(-lambda)
	for p > limit {
		k++
		p *= s.Float64()
	}
	return k
}

// Gamma draws from a gamma distribution with the shape k and scale 1
// (Marsaglia and Tsang's method; for k < 1 the k+1 draw is scaled by U^(1/k)).
func (s *Stream) Gamma(k float64) float64 {
	if k < 1 {
		u := s.Float64()
		return s.Gamma(k+1) * math.Pow(u, 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := s.Normal()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := s.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// Skip moves the stream past its next n Uint64 draws (and the uniforms made
// from them) at once, so that a stream's draws can be shared between cores.
// A normal kept from the last pair is dropped.
func (s *Stream) Skip(n uint64) {
	s.state += n * golden
	s.hasSpare = false
}
