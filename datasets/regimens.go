package datasets

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Regimen is one way a medicine is prescribed: the product (a dm+d VMP), its
// dose form and instruction, for an age range and titration step.
type Regimen struct {
	Medicine string  // medicine key
	Step     int     // 0 = starting dose; higher steps are titrations
	MinAge   int     // whole years, inclusive
	MaxAge   int     // whole years, inclusive
	Name     string  // VMP name
	DMDCode  string  // VMP id
	Form     string  // solid | liquid | inhaler | injection | other
	DoseText string  // the instruction on the label
	Effect   float64 // share of the drug's full effect on observations
	// MinAgeDays: within the first year, the row applies from this age in
	// days (amoxicillin 125 mg from 28 days: BNFC doses a neonate by
	// weight); 0: from birth.
	MinAgeDays int
	// Ladder: "" for the medicine's usual regimens; otherwise the name of a
	// titration ladder of its own that a catalogue line option asks for
	// (DrugOption.Ladder: bisoprolol for heart failure from 1.25 mg).
	Ladder string
}

// adultFloor is the youngest age at which a medicines.csv product (an adult
// solid dose) is prescribed when regimens.csv says nothing else (BNF: adult
// doses from 18 unless stated).
const adultFloor = 18

var loadRegimens = sync.OnceValue(func() map[string][]Regimen {
	t := loadRefTable("regimens.csv", "medicine", "step", "min_age", "max_age", "vmp_name",
		"dmd_vmp_id", "form", "dose_text", "effect", "status", "note", "min_age_days", "ladder")
	out := map[string][]Regimen{}
	for _, r := range t.rows {
		key := t.str(r, "medicine")
		if _, ok := MedicineByKey(key); !ok {
			panic(fmt.Sprintf("datasets: regimens.csv: unknown medicine %q", key))
		}
		eff, err := strconv.ParseFloat(t.str(r, "effect"), 64)
		if err != nil {
			panic(fmt.Sprintf("datasets: regimens.csv: %s: effect: %v", key, err))
		}
		g := Regimen{Medicine: key, Step: t.integer(r, "step"), MinAge: t.integer(r, "min_age"),
			MaxAge: t.integer(r, "max_age"), Name: t.str(r, "vmp_name"), DMDCode: t.str(r, "dmd_vmp_id"),
			Form: t.str(r, "form"), DoseText: t.str(r, "dose_text"), Effect: eff, Ladder: t.str(r, "ladder")}
		if t.str(r, "min_age_days") != "" {
			g.MinAgeDays = t.integer(r, "min_age_days")
		}
		switch g.Form {
		case "solid", "dispersible", "liquid", "inhaler", "injection", "other":
			// dispersible: a soluble or dispersible tablet taken dissolved in
			// water, given to a young child as a liquid is (h55d)
		default:
			panic(fmt.Sprintf("datasets: regimens.csv: %s: unknown form %q", key, g.Form))
		}
		if g.DMDCode == "" {
			continue // unverified: never emitted
		}
		out[key] = append(out[key], g)
	}
	for _, m := range loadMedicines() {
		if len(out[m.Key]) == 0 && m.DMDCode != "" {
			out[m.Key] = []Regimen{productRegimen(m)}
		}
	}
	return out
})

// productRegimen is a medicines.csv product as a regimen: an adult dose at
// full effect.
func productRegimen(m Medicine) Regimen {
	return Regimen{Medicine: m.Key, MinAge: adultFloor, MaxAge: 200, Name: m.Name,
		DMDCode: m.DMDCode, Form: formOf(m.Name), DoseText: m.DoseText, Effect: 1}
}

// Regimens returns every regimen of a medicine, in file order, its ladders'
// included (every product it is prescribed as).
func Regimens(key string) []Regimen {
	return append([]Regimen(nil), loadRegimens()[key]...)
}

// LadderRegimens returns the medicine's regimens of one ladder ("": its
// usual regimens), in file order.
func LadderRegimens(key, ladder string) []Regimen {
	var out []Regimen
	for _, g := range loadRegimens()[key] {
		if g.Ladder == ladder {
			out = append(out, g)
		}
	}
	return out
}

// RegimenByDMD finds the regimen (and so the medicine and dose form) of a
// prescribed product; the first regimen naming the code answers.
func RegimenByDMD(code string) (Regimen, bool) {
	byCode := regimenIndex()
	g, ok := byCode[code]
	return g, ok
}

// RegimenCodes returns every product code RegimenByDMD answers for, sorted
// (so a caller can index them once: the generator's medicine plan by code).
func RegimenCodes() []string {
	return slices.Sorted(maps.Keys(regimenIndex()))
}

var regimenIndex = sync.OnceValue(func() map[string]Regimen {
	out := map[string]Regimen{}
	for _, m := range loadMedicines() {
		for _, g := range loadRegimens()[m.Key] {
			if _, seen := out[g.DMDCode]; !seen {
				out[g.DMDCode] = g
			}
		}
	}
	// A medicines.csv product its regimens do not use (quetiapine 25 mg, the
	// most-issued strength) is still that medicine in someone's record: the
	// audit reads it, and a rule can name it.
	for _, m := range loadMedicines() {
		if _, seen := out[m.DMDCode]; !seen && m.DMDCode != "" {
			out[m.DMDCode] = productRegimen(m)
		}
	}
	return out
})

// formOf reads a dose form from a VMP name.
func formOf(name string) string {
	switch {
	case contains(name, "tablets", "capsules"):
		return "solid"
	case contains(name, "oral suspension", "oral solution", "liquid"):
		return "liquid"
	case contains(name, "inhaler"):
		return "inhaler"
	case contains(name, "injection"):
		return "injection"
	}
	return "other"
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
