package generator

import (
	"strings"
	"testing"
)

func TestNHSCheckDigitWorkedExample(t *testing.T) {
	// The NHS Data Dictionary's worked example: 943 476 591 -> check digit 9.
	if !ValidNHSNumber("9434765919") {
		t.Fatal("9434765919 should be valid")
	}
	for _, bad := range []string{"9434765918", "943476591", "94347659190", "94347659x9"} {
		if ValidNHSNumber(bad) {
			t.Errorf("%q should be invalid", bad)
		}
	}
}

func TestNHSNumbersAreTestRangeUniqueAndStable(t *testing.T) {
	const n = 200_000
	seen := make(map[string]int64, n)
	for i := int64(0); i < n; i++ {
		s, err := NHSNumber(7, i, false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, "999") || !ValidNHSNumber(s) {
			t.Fatalf("patient %d: %s is not a valid 999 test number", i, s)
		}
		if j, dup := seen[s]; dup {
			t.Fatalf("patients %d and %d share %s", j, i, s)
		}
		seen[s] = i
	}
	a, _ := NHSNumber(7, 12345, false)
	b, _ := NHSNumber(7, 12345, false)
	c, _ := NHSNumber(8, 12345, false)
	if a != b || a == c {
		t.Errorf("number must be a function of (seed, i): %s %s %s", a, b, c)
	}
}

func TestNHSNumbersBeyondTestRange(t *testing.T) {
	capacity := TestRangeCapacity()
	if capacity < 900_000 || capacity > 910_000 {
		t.Fatalf("test range capacity %d, want about 909,091", capacity)
	}
	if _, err := NHSNumber(1, capacity, false); err == nil {
		t.Fatal("patient past the test range must be refused without extended numbers")
	}
	s, err := NHSNumber(1, capacity, true)
	if err != nil || !strings.HasPrefix(s, "998") || !ValidNHSNumber(s) {
		t.Fatalf("first extended number %q, %v", s, err)
	}
}

func TestPermuteIsABijection(t *testing.T) {
	for _, n := range []uint64{1, 2, 7, 1000, 4097} {
		seen := make([]bool, n)
		for x := uint64(0); x < n; x++ {
			y := permute(x, n, 99)
			if y >= n || seen[y] {
				t.Fatalf("n=%d: permute(%d)=%d repeats or is out of range", n, x, y)
			}
			seen[y] = true
		}
	}
}
