package generator

import (
	"strings"
	"testing"
)

// TestSameCodeIsEquality checks sameCode, which readingsOf and the
// phone-contact tests use in place of == on SNOMED CT codes (stop 63),
// against == over every pair of the plan's observation and encounter type
// codes, each code's copy in other memory, and codes that differ only in
// their first or last digit or are cut short: a scan that matched a code ==
// would not (or the reverse) would change the record.
func TestSameCodeIsEquality(t *testing.T) {
	p := testPlan(t, 10, nil)
	codes := []string{"", "0"}
	for _, c := range p.obsCodes {
		codes = append(codes, c.Snomed)
	}
	for _, e := range p.encTypes {
		codes = append(codes, e.Code)
	}
	for _, c := range codes[2:6] {
		codes = append(codes, strings.Clone(c), "9"+c[1:], c[:len(c)-1]+"x", c[:len(c)-1])
	}
	compared, sameLength := 0, 0
	for _, a := range codes {
		for _, b := range codes {
			if got, want := sameCode(a, b), a == b; got != want {
				t.Fatalf("sameCode(%q, %q) = %v, == says %v", a, b, got, want)
			}
			compared++
			if len(a) == len(b) && a != b {
				sameLength++
			}
		}
	}
	if sameLength == 0 {
		t.Fatal("no two different codes of one length compared: the last-digit test was not exercised")
	}
	t.Logf("%d pairs compared, %d of different codes of one length", compared, sameLength)
}
