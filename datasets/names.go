package datasets

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// WeightedName is a name with a relative sampling weight.
type WeightedName struct {
	Name   string
	Weight float64
}

// FirstNameRankExponent sets how fast first-name weights fall with rank: the
// name at rank r gets weight proportional to 1/r^FirstNameRankExponent. ONS
// counts are not carried, so this stands in for them: with 0.7 the top name
// is about 8 times as likely as the 20th.
const FirstNameRankExponent = 0.7

// SurnameRankExponent is used to estimate the frequency of surnames whose
// per-100k figure is not recorded: weight = w0 * (r0/r)^SurnameRankExponent,
// anchored on the last ranked name that has a figure (rank r0, weight w0).
const SurnameRankExponent = 0.7

type firstNameCohort struct {
	year   int
	female []WeightedName
	male   []WeightedName
}

var loadFirstNames = sync.OnceValue(func() []firstNameCohort {
	t := loadRefTable("first_names.csv", "year", "sex", "rank", "name")
	type ranked struct {
		rank int
		name string
	}
	lists := map[int]map[string][]ranked{}
	for _, row := range t.rows {
		y := t.integer(row, "year")
		sex := normSex(t.str(row, "sex"))
		if sex == "" {
			panic(fmt.Sprintf("datasets: first_names.csv: bad sex %q", t.str(row, "sex")))
		}
		if lists[y] == nil {
			lists[y] = map[string][]ranked{}
		}
		lists[y][sex] = append(lists[y][sex], ranked{t.integer(row, "rank"), t.str(row, "name")})
	}
	weigh := func(rs []ranked) []WeightedName {
		sort.Slice(rs, func(i, j int) bool { return rs[i].rank < rs[j].rank })
		out := make([]WeightedName, len(rs))
		total := 0.0
		for i, r := range rs {
			w := 1 / math.Pow(float64(r.rank), FirstNameRankExponent)
			out[i] = WeightedName{Name: r.name, Weight: w}
			total += w
		}
		for i := range out {
			out[i].Weight /= total
		}
		return out
	}
	var cohorts []firstNameCohort
	for y, bySex := range lists {
		if len(bySex["female"]) == 0 || len(bySex["male"]) == 0 {
			panic(fmt.Sprintf("datasets: first_names.csv: year %d lacks a sex", y))
		}
		cohorts = append(cohorts, firstNameCohort{year: y, female: weigh(bySex["female"]), male: weigh(bySex["male"])})
	}
	sort.Slice(cohorts, func(i, j int) bool { return cohorts[i].year < cohorts[j].year })
	return cohorts
})

// FirstNameCohort returns the published birth year whose first-name list is
// used for people born in birthYear: the nearest one, the earlier on a tie
// (1964 uses 1954), the first for anyone born before it and the last for
// anyone born after it.
func FirstNameCohort(birthYear int) int {
	return nearestCohort(birthYear).year
}

func nearestCohort(birthYear int) firstNameCohort {
	cohorts := loadFirstNames()
	best := cohorts[0]
	for _, c := range cohorts[1:] {
		if abs(c.year-birthYear) < abs(best.year-birthYear) {
			best = c
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// FirstNames returns the top-20 first names for the given sex ("female" or
// "male"; "f"/"m" also accepted) in the published cohort nearest to
// birthYear (see FirstNameCohort), in rank order. Weights fall with rank
// (see FirstNameRankExponent) and sum to 1. An unknown sex gives nil.
func FirstNames(sex string, birthYear int) []WeightedName {
	c := nearestCohort(birthYear)
	switch normSex(sex) {
	case "female":
		return append([]WeightedName(nil), c.female...)
	case "male":
		return append([]WeightedName(nil), c.male...)
	}
	return nil
}

// southAsianTop100 are the surnames in the England and Wales top 100 that are
// predominantly borne by people of South Asian heritage.
var southAsianTop100 = []string{"Patel", "Khan", "Singh", "Begum", "Ali", "Hussain"}

var loadSurnames = sync.OnceValue(func() []WeightedName {
	t := loadRefTable("surnames.csv", "rank", "surname", "per_100k")
	type row struct {
		rank int
		name string
		w    float64
		has  bool
	}
	var rows []row
	for _, r := range t.rows {
		w, has := t.float(r, "per_100k", true)
		rows = append(rows, row{t.integer(r, "rank"), t.str(r, "surname"), w, has})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].rank < rows[j].rank })
	out := make([]WeightedName, len(rows))
	anchorRank, anchorW := 0, 0.0
	for i, r := range rows {
		w := r.w
		if r.has {
			anchorRank, anchorW = r.rank, r.w
		} else {
			if anchorRank == 0 {
				panic("datasets: surnames.csv: the first ranked surname needs a per_100k figure")
			}
			w = anchorW * math.Pow(float64(anchorRank)/float64(r.rank), SurnameRankExponent)
		}
		out[i] = WeightedName{Name: r.name, Weight: w}
	}
	return out
})

var loadSupplementarySurnames = sync.OnceValue(func() map[string][]WeightedName {
	t := loadRefTable("surnames_supplementary.csv", "list", "surname", "per_100k")
	out := map[string][]WeightedName{}
	for _, r := range t.rows {
		w, _ := t.float(r, "per_100k", false)
		l := t.str(r, "list")
		out[l] = append(out[l], WeightedName{Name: t.str(r, "surname"), Weight: w})
	}
	return out
})

// Surnames returns the England and Wales top-100 surnames in rank order,
// weighted by approximate frequency per 100,000 people (estimated from rank
// where no figure is recorded; see SurnameRankExponent).
func Surnames() []WeightedName {
	return append([]WeightedName(nil), loadSurnames()...)
}

// blendNames returns primary followed by general, with general's weights
// scaled so that they make up generalShare of the total weight.
func blendNames(primary, general []WeightedName, generalShare float64) []WeightedName {
	var p, g float64
	for _, n := range primary {
		p += n.Weight
	}
	for _, n := range general {
		g += n.Weight
	}
	out := append([]WeightedName(nil), primary...)
	if g == 0 || generalShare <= 0 {
		return out
	}
	k := generalShare / (1 - generalShare) * p / g
	for _, n := range general {
		out = append(out, WeightedName{Name: n.Name, Weight: n.Weight * k})
	}
	return out
}

// SurnamesFor returns the surname list to sample for a person in the given
// Census high-level ethnic group (the Group field of Ethnicity). For "Asian"
// it returns the South Asian surnames of the top 100 (Patel, Khan, Singh,
// Begum, Ali, Hussain) plus the supplementary South Asian list, with the rest
// of the top 100 blended in at 10% of the total weight. For every other group
// it returns Surnames().
func SurnamesFor(group string) []WeightedName {
	if !strings.EqualFold(strings.TrimSpace(group), "Asian") {
		return Surnames()
	}
	isSA := map[string]bool{}
	for _, n := range southAsianTop100 {
		isSA[n] = true
	}
	var sa, rest []WeightedName
	for _, n := range loadSurnames() {
		if isSA[n.Name] {
			sa = append(sa, n)
		} else {
			rest = append(rest, n)
		}
	}
	sa = append(sa, loadSupplementarySurnames()["south_asian"]...)
	return blendNames(sa, rest, 0.10)
}

// SurnamesForEthnicity refines SurnamesFor by NHS ethnic category code: H, J,
// K and L get SurnamesFor("Asian"); R (Chinese) gets the supplementary Chinese
// list with the top 100 blended in at 10%; N (Black African) gets the
// supplementary Black African list with the top 100 blended in at 50% (many
// Black African Britons bear English surnames); every other code gets
// Surnames().
func SurnamesForEthnicity(code string) []WeightedName {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "H", "J", "K", "L":
		return SurnamesFor("Asian")
	case "R":
		return blendNames(loadSupplementarySurnames()["chinese"], loadSurnames(), 0.10)
	case "N":
		return blendNames(loadSupplementarySurnames()["black_african"], loadSurnames(), 0.50)
	}
	return Surnames()
}
