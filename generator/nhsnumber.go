package generator

import (
	"fmt"
	"sync"

	"github.com/code4health/cohortgen/distributions"
)

// NHS numbers are fake by construction: every patient's number starts 999,
// the range NHS England keeps for test data and never issues, and carries a
// valid modulus-11 check digit. Stems whose check value would be 10 are never
// issued, so the range holds TestRangeCapacity numbers. Patient i gets the
// permuted i-th valid stem: unique within a dataset, stable for patient i
// whatever the population size or shard, and not visibly sequential.
//
// Past the test range, numbers continue (only when the caller allows it)
// into the 998, 997, ... 990 prefixes: England and Wales issue numbers from
// 400-499 and 600-799 only, so these are never issued to patients either,
// but they are not formally reserved for testing. See docs/identifiers.md.

// nhsStems lists, for one 3-digit prefix, the 6-digit suffixes whose 9-digit
// stem has a valid check digit.
type nhsStems struct {
	suffixes []uint32
	checks   []uint8
}

var stemTables [10]struct {
	once sync.Once
	t    nhsStems
}

// NHSCheckDigit returns the modulus-11 check digit of a 9-digit stem, and
// false when the stem can never be issued (check value 10).
func NHSCheckDigit(stem [9]byte) (byte, bool) {
	sum := 0
	for i, d := range stem {
		sum += int(d) * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return byte(check), true
}

// ValidNHSNumber reports whether s is 10 digits with a correct check digit.
func ValidNHSNumber(s string) bool {
	if len(s) != 10 {
		return false
	}
	var stem [9]byte
	for i := 0; i < 10; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 9 {
			stem[i] = s[i] - '0'
		}
	}
	c, ok := NHSCheckDigit(stem)
	return ok && c == s[9]-'0'
}

func stemsFor(block int) *nhsStems {
	e := &stemTables[block]
	e.once.Do(func() {
		prefix := 999 - block
		// sized for every suffix at once: about ten in eleven are valid, and
		// growing the slices by doubling copied them twenty times over (1.4%
		// of a 20,000-patient run's CPU, stop 58)
		e.t.suffixes, e.t.checks = make([]uint32, 0, 1_000_000), make([]uint8, 0, 1_000_000)
		for suf := 0; suf < 1_000_000; suf++ {
			stem := [9]byte{byte(prefix / 100), byte(prefix / 10 % 10), byte(prefix % 10)}
			v := suf
			for k := 8; k >= 3; k-- {
				stem[k] = byte(v % 10)
				v /= 10
			}
			if c, ok := NHSCheckDigit(stem); ok {
				e.t.suffixes = append(e.t.suffixes, uint32(suf))
				e.t.checks = append(e.t.checks, c)
			}
		}
	})
	return &e.t
}

// TestRangeCapacity is the number of valid NHS numbers beginning 999.
func TestRangeCapacity() int64 { return int64(len(stemsFor(0).suffixes)) }

// MaxExtendedPatients is how many patients can get a number when numbers may
// continue past the test range (prefixes 999 down to 990).
func MaxExtendedPatients() int64 {
	var n int64
	for b := 0; b < len(stemTables); b++ {
		n += int64(len(stemsFor(b).suffixes))
	}
	return n
}

// NHSNumber returns patient i's NHS number for the seed.
func NHSNumber(seed uint64, i int64, allowBeyondTestRange bool) (string, error) {
	j := i
	for block := 0; block < len(stemTables); block++ {
		t := stemsFor(block)
		m := int64(len(t.suffixes))
		if j < m {
			if block > 0 && !allowBeyondTestRange {
				break
			}
			k := permute(uint64(j), uint64(m), distributions.Key(seed, 0x4e4853, uint64(block)))
			prefix := 999 - block
			return formatNHSNumber(prefix, int(t.suffixes[k]), int(t.checks[k])), nil
		}
		j -= m
	}
	if allowBeyondTestRange {
		return "", fmt.Errorf("patient %d: no more never-issued NHS numbers (at most %d patients)", i, MaxExtendedPatients())
	}
	return "", fmt.Errorf("patient %d: the NHS test range (999...) holds only %d numbers; use --nhs-numbers extended to continue into the never-issued 990-998 prefixes", i, TestRangeCapacity())
}

// formatNHSNumber writes the ten digits: a three-digit prefix, a six-digit
// stem and the check digit (by hand: fmt costs more than the rest of the
// number).
func formatNHSNumber(prefix, stem, check int) string {
	var b [10]byte
	for i, v := 2, prefix; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	for i, v := 8, stem; i >= 3; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	b[9] = byte('0' + check)
	return string(b[:])
}

// permute is a keyed bijection on [0, n): a 4-round Feistel network over the
// smallest even power-of-two domain covering n, with cycle walking.
func permute(x, n, key uint64) uint64 {
	bits := 2
	for uint64(1)<<bits < n {
		bits += 2
	}
	half := bits / 2
	mask := uint64(1)<<half - 1
	for {
		l, r := x>>half, x&mask
		for round := uint64(0); round < 4; round++ {
			f := distributions.Mix(r^key^(round*0x9e3779b97f4a7c15)) & mask
			l, r = r, l^f
		}
		x = l<<half | r
		if x < n {
			return x
		}
	}
}
