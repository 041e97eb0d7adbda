package distributions

import (
	"math"
	"testing"
)

func TestStreamsAreKeyed(t *testing.T) {
	a, b := NewStream(1, 2), NewStream(1, 2)
	c := NewStream(1, 3)
	for i := 0; i < 100; i++ {
		x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
		if x != y {
			t.Fatalf("same key gave different streams at draw %d", i)
		}
		if x == z {
			t.Fatalf("different keys gave the same draw %d", i)
		}
	}
}

// The stream's output is part of the determinism contract: a change here
// changes every dataset. This pins the first draws of one stream to values
// computed by the SplitMix64 reference recurrence written out independently.
func TestStreamMatchesSplitMix64Reference(t *testing.T) {
	seed := Key(42)
	s := Stream{state: seed}
	z := seed
	for i := 0; i < 5; i++ {
		z += 0x9e3779b97f4a7c15
		x := z
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
		x = (x ^ (x >> 27)) * 0x94d049bb133111eb
		x ^= x >> 31
		if got := s.Uint64(); got != x {
			t.Fatalf("draw %d = %x, reference %x", i, got, x)
		}
	}
}

func TestUniformMoments(t *testing.T) {
	s := NewStream(7)
	const n = 200000
	var sum, sumsq float64
	counts := make([]int, 10)
	for i := 0; i < n; i++ {
		u := s.Float64()
		if u < 0 || u >= 1 {
			t.Fatalf("Float64 out of range: %v", u)
		}
		sum += u
		sumsq += u * u
		counts[s.IntN(10)]++
	}
	mean := sum / n
	if math.Abs(mean-0.5) > 0.005 {
		t.Errorf("uniform mean %v, want 0.5", mean)
	}
	for k, c := range counts {
		if math.Abs(float64(c)-n/10) > 0.03*n/10 {
			t.Errorf("IntN(10) bucket %d has %d of %d", k, c, n)
		}
	}
}

func TestNormalAndPoisson(t *testing.T) {
	s := NewStream(9)
	const n = 100000
	var sum, sumsq float64
	for i := 0; i < n; i++ {
		v := s.NormalMS(10, 2)
		sum += v
		sumsq += v * v
	}
	mean := sum / n
	sd := math.Sqrt(sumsq/n - mean*mean)
	if math.Abs(mean-10) > 0.05 || math.Abs(sd-2) > 0.05 {
		t.Errorf("normal mean %.3f sd %.3f, want 10, 2", mean, sd)
	}
	for _, lambda := range []float64{0.3, 4, 55} {
		var tot int
		for i := 0; i < n; i++ {
			tot += s.Poisson(lambda)
		}
		if got := float64(tot) / n; math.Abs(got-lambda) > 0.02*lambda+0.01 {
			t.Errorf("Poisson(%v) mean %.3f", lambda, got)
		}
	}
}

func TestAliasMatchesWeights(t *testing.T) {
	w := []float64{1, 0, 3, 6}
	a := NewAlias(w)
	s := NewStream(3)
	const n = 200000
	counts := make([]float64, len(w))
	for i := 0; i < n; i++ {
		counts[a.Sample(&s)]++
	}
	for i, wi := range w {
		want := wi / 10
		if got := counts[i] / n; math.Abs(got-want) > 0.01 {
			t.Errorf("category %d drawn %.3f, want %.3f", i, got, want)
		}
	}
}

// TestSkipIsDrawing: skipping n draws leaves a stream where n draws would.
func TestSkipIsDrawing(t *testing.T) {
	for _, n := range []uint64{0, 1, 7, 1 << 20} {
		a, b := NewStream(3, 5), NewStream(3, 5)
		for range n {
			a.Uint64()
		}
		b.Skip(n)
		for k := 0; k < 3; k++ {
			if x, y := a.Float64(), b.Float64(); x != y {
				t.Fatalf("after %d draws: %v, after Skip(%d): %v", n, x, n, y)
			}
		}
	}
}
