package fhir

import (
	"math/rand/v2"
	"testing"
)

// TestSameIDIsEquality checks sameID against == on ids that differ in their
// last characters, their first ones or only in the middle, on equal ids and
// on strings shorter than eight bytes or of other lengths.
func TestSameIDIsEquality(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const hex = "0123456789abcdef"
	id := func() []byte {
		b := []byte("6f1d2c3a-1b2c-4d5e-8f90-a1b2c3d4e5f6")
		for i := range b {
			if b[i] != '-' {
				b[i] = hex[r.IntN(16)]
			}
		}
		return b
	}
	pairs := [][2]string{{"", ""}, {"a", "a"}, {"a", "b"}, {"abcdefg", "abcdefh"}, {"abcdefgh", "abcdefgh"}, {"abcdefgh", "xbcdefgh"}, {"abcdefghi", "abcdefgh"}}
	for range 20000 {
		a := id()
		b := append([]byte(nil), a...)
		switch r.IntN(4) {
		case 0: // equal
		case 1:
			b[len(b)-1-r.IntN(8)] ^= 1 // in the last eight bytes
		case 2:
			b[r.IntN(len(b)-8)] ^= 1 // before them
		case 3:
			b = b[:r.IntN(len(b))]
		}
		pairs = append(pairs, [2]string{string(a), string(b)})
	}
	for _, p := range pairs {
		if got, want := sameID(p[0], p[1]), p[0] == p[1]; got != want {
			t.Fatalf("sameID(%q, %q) = %v, want %v", p[0], p[1], got, want)
		}
	}
}
