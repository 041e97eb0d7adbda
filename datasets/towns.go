package datasets

import (
	"fmt"
	"strings"
	"sync"
)

// Town is an English town or city used to place synthetic patients and
// practices.
//
// Population is the Census 2021 usual-resident count (rounded to 1,000) of the
// local authority the town stands for (PopulationBasis names it); a town inside
// a county or large unitary authority stands for that whole authority.
//
// PhonePrefix holds every digit of a fictional telephone number except the last
// three, with UK display spacing, for example "0113 496 0" or "020 7946 0". The
// full number is PhonePrefix followed by three digits 000-999 (see PhoneNumber),
// which always falls inside a 1,000-number range Ofcom reserves for drama: the
// range for the town's own dialling area where one exists, otherwise the
// no-area range 01632 960000-960999.
type Town struct {
	Name            string
	Region          string   // NHS England region code
	Population      int      // approx, Census 2021, local authority basis
	PopulationBasis string   // e.g. "LA Kirklees"
	Outcodes        []string // real postcode outward districts serving the town
	PhonePrefix     string
}

// MobileDramaPrefix is the Ofcom drama range for mobile numbers (07700 900000 -
// 07700 900999), in the same representation as Town.PhonePrefix.
const MobileDramaPrefix = "07700 900"

// NoAreaDramaPrefix is the Ofcom drama range with no geographic area (01632
// 960000 - 01632 960999), in the same representation as Town.PhonePrefix.
const NoAreaDramaPrefix = "01632 960"

var loadTowns = sync.OnceValue(func() []Town {
	t := loadRefTable("towns.csv", "name", "region", "population", "population_basis", "outcodes", "phone_prefix")
	regions, _ := loadRegions()
	known := map[string]bool{}
	for _, r := range regions {
		known[r.Code] = true
	}
	var towns []Town
	for _, row := range t.rows {
		tw := Town{
			Name:            t.str(row, "name"),
			Region:          t.str(row, "region"),
			Population:      t.integer(row, "population"),
			PopulationBasis: t.str(row, "population_basis"),
			Outcodes:        strings.Fields(t.str(row, "outcodes")),
			PhonePrefix:     t.str(row, "phone_prefix"),
		}
		if !known[tw.Region] {
			panic(fmt.Sprintf("datasets: towns.csv: %s has unknown region %q", tw.Name, tw.Region))
		}
		towns = append(towns, tw)
	}
	return towns
})

// Towns returns every town, grouped by region in file order.
func Towns() []Town {
	src := loadTowns()
	out := make([]Town, len(src))
	for i, t := range src {
		t.Outcodes = append([]string(nil), t.Outcodes...)
		out[i] = t
	}
	return out
}

// TownsInRegion returns the towns of one NHS England region, given by code,
// slug or name as RegionBySlug accepts.
func TownsInRegion(region string) []Town {
	r, ok := RegionBySlug(region)
	if !ok {
		return nil
	}
	var out []Town
	for _, t := range Towns() {
		if t.Region == r.Code {
			out = append(out, t)
		}
	}
	return out
}

// PhoneNumber completes a drama-range prefix (Town.PhonePrefix,
// MobileDramaPrefix or NoAreaDramaPrefix) with the last three digits n mod
// 1000, for example PhoneNumber("0113 496 0", 42) == "0113 496 0042".
func PhoneNumber(prefix string, n int) string {
	n %= 1000
	if n < 0 {
		n += 1000
	}
	return fmt.Sprintf("%s%03d", prefix, n)
}
