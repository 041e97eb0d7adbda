package datasets

import (
	"fmt"
	"sort"
	"sync"
)

// AgeCount is England's mid-2023 population at one age, by sex.
type AgeCount struct{ Age, Female, Male int }

// MaxPopulationAge is the last age in Population; it stands for "this age and
// over".
const MaxPopulationAge = 90

var loadPopulation = sync.OnceValue(func() []AgeCount {
	t := loadRefTable("population_england_mid2023.csv", "age", "female", "male")
	out := make([]AgeCount, MaxPopulationAge+1)
	seen := make([]bool, MaxPopulationAge+1)
	for _, row := range t.rows {
		a := AgeCount{Age: t.integer(row, "age"), Female: t.integer(row, "female"), Male: t.integer(row, "male")}
		if a.Age < 0 || a.Age > MaxPopulationAge || seen[a.Age] {
			panic(fmt.Sprintf("datasets: population: bad or repeated age %d", a.Age))
		}
		seen[a.Age] = true
		out[a.Age] = a
	}
	for age, ok := range seen {
		if !ok {
			panic(fmt.Sprintf("datasets: population: age %d missing", age))
		}
	}
	return out
})

// Population returns England's mid-2023 population (ONS MYE2) by single year
// of age and sex: 91 entries, index == age, the last (age 90) meaning 90 and
// over.
func Population() []AgeCount {
	return append([]AgeCount(nil), loadPopulation()...)
}

type qxPoint struct {
	age          int
	female, male float64
}

var loadLifeTable = sync.OnceValue(func() []qxPoint {
	t := loadRefTable("life_table_qx.csv", "age", "female", "male")
	var pts []qxPoint
	for _, row := range t.rows {
		f, _ := t.float(row, "female", false)
		m, _ := t.float(row, "male", false)
		pts = append(pts, qxPoint{age: t.integer(row, "age"), female: f, male: m})
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].age < pts[j].age })
	for i := 1; i < len(pts); i++ {
		if pts[i].age == pts[i-1].age {
			panic(fmt.Sprintf("datasets: life table: repeated age %d", pts[i].age))
		}
	}
	return pts
})

// DeathProbability returns the probability that a person of exact age age
// dies within a year (qx, ONS national life tables England 2020-22, approx).
// Between the published ages (0, 1, 5, 10, ..., 100) it interpolates linearly;
// below 0 it uses age 0 and beyond the last published age it holds that
// value. sex is "female" or "male" ("f"/"m" also accepted); any other value
// gives the mean of the two.
func DeathProbability(age int, sex string) float64 {
	pts := loadLifeTable()
	pick := func(p qxPoint) float64 {
		switch normSex(sex) {
		case "female":
			return p.female
		case "male":
			return p.male
		}
		return (p.female + p.male) / 2
	}
	if age <= pts[0].age {
		return pick(pts[0])
	}
	last := pts[len(pts)-1]
	if age >= last.age {
		return pick(last)
	}
	i := sort.Search(len(pts), func(i int) bool { return pts[i].age >= age })
	hi, lo := pts[i], pts[i-1]
	if hi.age == age {
		return pick(hi)
	}
	f := float64(age-lo.age) / float64(hi.age-lo.age)
	return pick(lo) + f*(pick(hi)-pick(lo))
}

// PopulationByAge returns the mid-2023 England population by sex (0 female,
// 1 male) and single year of age 0..maxAge, spreading the published 90+
// group over 90..maxAge along the life table's survival curve.
func PopulationByAge(maxAge int) [2][]float64 {
	var w [2][]float64
	sexes := [2]string{"female", "male"}
	for s := range w {
		w[s] = make([]float64, maxAge+1)
	}
	for _, ac := range Population() {
		if ac.Age < 90 {
			w[0][ac.Age], w[1][ac.Age] = float64(ac.Female), float64(ac.Male)
			continue
		}
		for s, total := range [2]float64{float64(ac.Female), float64(ac.Male)} {
			surv := make([]float64, maxAge+1-90)
			alive, sum := 1.0, 0.0
			for k := range surv {
				surv[k] = alive
				sum += alive
				alive *= 1 - DeathProbability(90+k, sexes[s])
			}
			for k := range surv {
				w[s][90+k] = total * surv[k] / sum
			}
		}
	}
	return w
}
