package datasets

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// Medicine is a commonly prescribed primary-care medicine with one typical
// product (a dm+d virtual medicinal product, VMP).
type Medicine struct {
	Key, VTM, Name, DMDCode, DoseText, BNFChapter, BNFSection, Indication, Status string

	Rank int    // approximate rank by prescription items in England
	Note string // where the dm+d id was seen, and any predecessor/successor id
}

// HasCode reports whether the medicine has a dm+d VMP id. Medicines without
// one (Status "unverified") must not be emitted with a code.
func (m Medicine) HasCode() bool { return m.DMDCode != "" }

// MedicineKey derives a medicine key from a VTM name: lower case, every run of
// characters other than letters and digits replaced by one underscore, e.g.
// "Beclometasone + formoterol" -> "beclometasone_formoterol".
func MedicineKey(vtm string) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.ToLower(vtm) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(r)
		} else {
			pending = true
		}
	}
	return b.String()
}

var loadMedicines = sync.OnceValue(func() []Medicine {
	t := loadRefTable("medicines.csv", "approx_rank", "vtm", "vmp_name", "dmd_vmp_id", "dose_text",
		"bnf_chapter", "bnf_section", "indication", "status", "note")
	var out []Medicine
	seen := map[string]bool{}
	for _, r := range t.rows {
		m := Medicine{
			VTM:        t.str(r, "vtm"),
			Name:       t.str(r, "vmp_name"),
			DMDCode:    t.str(r, "dmd_vmp_id"),
			DoseText:   t.str(r, "dose_text"),
			BNFChapter: t.str(r, "bnf_chapter"),
			BNFSection: t.str(r, "bnf_section"),
			Indication: t.str(r, "indication"),
			Status:     t.str(r, "status"),
			Rank:       t.integer(r, "approx_rank"),
			Note:       t.str(r, "note"),
		}
		m.Key = MedicineKey(m.VTM)
		if seen[m.Key] {
			panic(fmt.Sprintf("datasets: medicines.csv: repeated key %s", m.Key))
		}
		seen[m.Key] = true
		out = append(out, m)
	}
	return out
})

// Medicines returns every medicine in approximate rank order, including those
// without a verified dm+d code (check HasCode).
func Medicines() []Medicine {
	return append([]Medicine(nil), loadMedicines()...)
}

// MedicineByKey looks a medicine up by key (see MedicineKey), e.g.
// "metformin", "co_codamol", "beclometasone_formoterol".
func MedicineByKey(key string) (Medicine, bool) {
	for _, m := range loadMedicines() {
		if m.Key == key {
			return m, true
		}
	}
	return Medicine{}, false
}
