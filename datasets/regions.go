package datasets

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Region is one of the seven NHS England commissioning regions.
//
// Population is the sum of the Census 2021 usual-resident counts of the ONS
// regions folded into it (see ONSRegions). NHS regions are built from ICB areas,
// which do not follow ONS region boundaries exactly, so the figure is an
// approximation.
type Region struct {
	Code       string // NHS England region code, e.g. "Y56"
	Name       string // e.g. "London"
	Slug       string // lower-case, hyphenated, e.g. "north-east-and-yorkshire"
	Population int
}

// ONSRegion is one of the nine ONS English regions with its Census 2021
// population and the NHS England region it is folded into.
type ONSRegion struct {
	Code       string // ONS code, e.g. "E12000007"
	Name       string
	Population int
	NHSRegion  string // NHS England region code
}

var loadRegions = sync.OnceValues(func() ([]Region, []ONSRegion) {
	nt := loadRefTable("nhs_regions.csv", "code", "name", "slug")
	var regions []Region
	index := map[string]int{}
	for _, row := range nt.rows {
		r := Region{Code: nt.str(row, "code"), Name: nt.str(row, "name"), Slug: nt.str(row, "slug")}
		if _, dup := index[r.Code]; dup {
			panic(fmt.Sprintf("datasets: nhs_regions.csv: repeated code %s", r.Code))
		}
		index[r.Code] = len(regions)
		regions = append(regions, r)
	}
	ot := loadRefTable("ons_regions.csv", "ons_code", "ons_name", "population", "nhs_region")
	var ons []ONSRegion
	for _, row := range ot.rows {
		o := ONSRegion{
			Code:       ot.str(row, "ons_code"),
			Name:       ot.str(row, "ons_name"),
			Population: ot.integer(row, "population"),
			NHSRegion:  ot.str(row, "nhs_region"),
		}
		i, ok := index[o.NHSRegion]
		if !ok {
			panic(fmt.Sprintf("datasets: ons_regions.csv: %s maps to unknown NHS region %s", o.Name, o.NHSRegion))
		}
		regions[i].Population += o.Population
		ons = append(ons, o)
	}
	for _, r := range regions {
		if r.Population == 0 {
			panic(fmt.Sprintf("datasets: NHS region %s has no ONS region", r.Code))
		}
	}
	sort.Slice(regions, func(a, b int) bool { return regions[a].Code < regions[b].Code })
	return regions, ons
})

// Regions returns the seven NHS England regions in code order (Y56 first).
func Regions() []Region {
	r, _ := loadRegions()
	return append([]Region(nil), r...)
}

// ONSRegions returns the nine ONS regions behind Regions, in ONS code order.
func ONSRegions() []ONSRegion {
	_, o := loadRegions()
	return append([]ONSRegion(nil), o...)
}

// RegionBySlug finds a region by its slug ("london"), its code ("Y56") or its
// name ("North East and Yorkshire"); code and name match case-insensitively,
// and surrounding spaces are ignored.
func RegionBySlug(slug string) (Region, bool) {
	s := strings.TrimSpace(slug)
	regions, _ := loadRegions()
	for _, r := range regions {
		if strings.EqualFold(s, r.Slug) || strings.EqualFold(s, r.Code) || strings.EqualFold(s, r.Name) {
			return r, true
		}
	}
	return Region{}, false
}
