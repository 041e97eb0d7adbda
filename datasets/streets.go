package datasets

import "sync"

var loadStreetStems = sync.OnceValue(func() []string {
	t := loadRefTable("street_stems.csv", "stem")
	var out []string
	for _, r := range t.rows {
		out = append(out, t.str(r, "stem"))
	}
	return out
})

var loadStreetSuffixes = sync.OnceValue(func() []WeightedName {
	t := loadRefTable("street_suffixes.csv", "suffix", "weight")
	var out []WeightedName
	for _, r := range t.rows {
		w, _ := t.float(r, "weight", false)
		out = append(out, WeightedName{Name: t.str(r, "suffix"), Weight: w})
	}
	return out
})

// StreetStems returns the stems for synthetic street names (trees, birds,
// flowers, landscape and old English words), for example "Kestrel". The list
// is this project's own.
func StreetStems() []string {
	return append([]string(nil), loadStreetStems()...)
}

// StreetSuffixes returns street-name suffixes ("Road", "Close", ...) with
// relative weights (this project's judgement, not measured). A street name is
// a stem, a space and a suffix: "Kestrel Close".
func StreetSuffixes() []WeightedName {
	return append([]WeightedName(nil), loadStreetSuffixes()...)
}
