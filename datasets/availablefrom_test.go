package datasets

import (
	"strings"
	"testing"
)

// TestAvailableFromChecks: a launch date needs a known medicine, a date
// and a source, once a medicine.
func TestAvailableFromChecks(t *testing.T) {
	known := func(med, class string) error {
		if _, ok := MedicineByKey(med); !ok {
			return errUnknown(med)
		}
		return nil
	}
	good := AvailableFrom{Medicine: "edoxaban", From: YMD{2015, 7, 1}, Source: "s"}
	for name, list := range map[string][]AvailableFrom{
		"unknown medicine": {{Medicine: "no_such_medicine", From: YMD{2015, 7, 1}, Source: "s"}},
		"no date":          {{Medicine: "edoxaban", Source: "s"}},
		"no source":        {{Medicine: "edoxaban", From: YMD{2015, 7, 1}}},
		"twice":            {good, good},
	} {
		p := Prescribing{AvailableFrom: list}
		if err := p.checkAvailableFrom(known); err == nil || !strings.Contains(err.Error(), "available_from") {
			t.Errorf("%s: got %v, want an available_from error", name, err)
		}
	}
	p := Prescribing{AvailableFrom: []AvailableFrom{good}}
	if err := p.checkAvailableFrom(known); err != nil {
		t.Errorf("a good entry: %v", err)
	}
}

type errUnknown string

func (e errUnknown) Error() string { return "unknown medicine " + string(e) }
