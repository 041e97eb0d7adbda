package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	sc, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("unexpected problems:\n%v", err)
	}
	return sc
}

func TestBuiltinLibraryParsesAndChecksClean(t *testing.T) {
	names := Builtin()
	if len(names) < 8 {
		t.Fatalf("want at least 8 built-in scenarios, got %d: %v", len(names), names)
	}
	for _, want := range []string{"diabetes-clinic", "hypertension-review", "asthma-copd", "frailty-polypharmacy",
		"ae-winter-pressures", "mental-health", "gp-practice", "ckd-cardiovascular", "copd-high-prevalence"} {
		if _, err := BuiltinSource(want); err != nil {
			t.Errorf("built-in %s missing: %v", want, err)
		}
	}
	for _, name := range names {
		src, err := BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		if ps := Check(name+".yaml", src); len(ps) > 0 {
			t.Errorf("%s: %v", name, Problems(ps))
			continue
		}
		sc, err := LoadBuiltin(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if sc.Name != name {
			t.Errorf("%s: name: %q, want the file's name", name, sc.Name)
		}
		if sc.Description == "" || len(sc.Description) > 120 {
			t.Errorf("%s: want a one-line description of at most 120 characters, got %q", name, sc.Description)
		}
		if !strings.HasPrefix(string(src), "# ") || !strings.Contains(string(src), "\n#\n") {
			t.Errorf("%s: want the file to open with a documenting comment block", name)
		}
		if sc.Total() <= 0 || sc.Population.Seed == nil {
			t.Errorf("%s: total %d, seed %v: want patients and a fixed seed", name, sc.Total(), sc.Population.Seed)
		}
		for _, c := range sc.Cohorts {
			var sub int64
			for _, s := range c.Subgroups {
				sub += s.Count
			}
			if sub > c.Count {
				t.Errorf("%s: cohort %s: subgroups %d > count %d", name, c.Name, sub, c.Count)
			}
		}
	}
}

func TestBuiltinDiabetesClinicIsNormalised(t *testing.T) {
	sc, err := LoadBuiltin("diabetes-clinic")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Background != 2000 || len(sc.Cohorts) != 1 || len(sc.Personas) != 2 || sc.Total() != 2042 {
		t.Fatalf("background %d, cohorts %d, personas %d, total %d", sc.Background, len(sc.Cohorts), len(sc.Personas), sc.Total())
	}
	if *sc.Population.Seed != 42 || sc.Population.AsOf != models.DateFromYMD(2025, 3, 31) || *sc.Population.HistoryYears != 10 {
		t.Errorf("population run options: %+v", sc.Population)
	}
	if want := []RegionWeight{{Region: "Y63", Towns: []string{"Leeds"}, Weight: 812000}}; !reflect.DeepEqual(sc.Population.Regions, want) {
		t.Errorf("population regions %+v, want %+v", sc.Population.Regions, want)
	}
	c := sc.Cohorts[0]
	if c.Name != "diabetes clinic" || c.Count != 40 || c.AgeMin != 65 || c.AgeMax != 0 || c.Region != "Y63" || c.Town != "Leeds" ||
		!reflect.DeepEqual(c.Has, []string{"type2_diabetes"}) || !reflect.DeepEqual(c.OnMedicines, []string{"metformin"}) {
		t.Errorf("cohort %+v", c)
	}
	if len(c.Subgroups) != 2 {
		t.Fatalf("subgroups: %+v", c.Subgroups)
	}
	poor, ae := c.Subgroups[0], c.Subgroups[1]
	if poor.Count != 10 || len(poor.Observations) != 1 || poor.Has != nil || poor.Town != "" {
		t.Errorf("subgroups carry only their own constraints: %+v", poor)
	}
	o := poor.Observations[0]
	if o.Observation != "hba1c" || o.Min == nil || *o.Min != 76 || o.Max != nil || o.WithinDays != 365 {
		t.Errorf("hba1c above 75 within 12 months: %+v (min %v)", o, o.Min)
	}
	if want := []EncounterConstraint{{Setting: "ae", WithinDays: 30, AtLeast: 1}}; !reflect.DeepEqual(ae.Encounters, want) {
		t.Errorf("ae within 30 days: %+v", ae.Encounters)
	}
	m := sc.Personas[0]
	if m.Key != "margaret" || m.GivenName != "Margaret" || m.FamilyName != "Holroyd" || m.Age != 78 || m.Sex != "female" ||
		m.Town != "Leeds" || m.Region != "Y63" || !strings.HasPrefix(m.Story, "Widowed") {
		t.Errorf("persona %+v", m)
	}
	// The parser copies age, conditions and medicines into the constraints.
	if m.AgeMin != 78 || m.AgeMax != 78 || !reflect.DeepEqual(m.Has, m.Conditions) || !reflect.DeepEqual(m.OnMedicines, m.Medicines) ||
		!reflect.DeepEqual(m.Medicines, []string{"metformin", "amlodipine"}) {
		t.Errorf("persona constraints %+v", m.Constraints)
	}
}

func TestNamesResolveToKeys(t *testing.T) {
	sc := mustParse(t, `
cohorts:
  - name: x
    count: 3
    age: {min: 40, max: 90}
    region: North East and Yorkshire
    has: [Type 2 Diabetes, HYPERTENSION]
    on: [Metformin 500mg tablets, "318902004", Atorvastatin]
    not_on: [gliclazide]
    observations:
      - HbA1c: {min: 50, max: 70}
      - BMI: {above: 30, below: 35.5}
  - name: y
    count: 1
    region: Y56
    town: tower hamlets
  - name: z
    count: 1
    town: stockton on tees
    encounters:
      - A&E: {at_least: 2}
      - inpatient: {class: ss}
`)
	x := sc.Cohorts[0]
	if x.AgeMin != 40 || x.AgeMax != 90 || x.Region != "Y63" {
		t.Errorf("ages or region: %+v", x.Constraints)
	}
	if !reflect.DeepEqual(x.Has, []string{"type2_diabetes", "hypertension"}) {
		t.Errorf("has %v", x.Has)
	}
	if !reflect.DeepEqual(x.OnMedicines, []string{"metformin", "ramipril", "atorvastatin"}) {
		t.Errorf("on %v (VMP name, dm+d code, VTM)", x.OnMedicines)
	}
	hb, bmi := x.Observations[0], x.Observations[1]
	if *hb.Min != 50 || *hb.Max != 70 || hb.WithinDays != 0 {
		t.Errorf("min/max are inclusive: %v %v", *hb.Min, *hb.Max)
	}
	// BMI is recorded to one decimal: above 30 is 30.1 or more, below 35.5 is 35.4 or less.
	if *bmi.Min != 30.1 || *bmi.Max != 35.4 {
		t.Errorf("bmi above 30 below 35.5: %v..%v, want 30.1..35.4", *bmi.Min, *bmi.Max)
	}
	if y := sc.Cohorts[1]; y.Region != "Y56" || y.Town != "Tower Hamlets" {
		t.Errorf("town: %+v", y.Constraints)
	}
	z := sc.Cohorts[2]
	if z.Town != "Stockton-on-Tees" || z.Region != "Y63" {
		t.Errorf("a town alone sets its region: %+v", z.Constraints)
	}
	want := []EncounterConstraint{{Setting: "ae", AtLeast: 2}, {Setting: "inpatient", Class: "SS", AtLeast: 1}}
	if !reflect.DeepEqual(z.Encounters, want) {
		t.Errorf("encounters %+v", z.Encounters)
	}
}

func TestDurations(t *testing.T) {
	for in, want := range map[string]int{"1 day": 1, "30 days": 30, "6 weeks": 42, "1 month": 30, "3 months": 91,
		"6 months": 183, "12 months": 365, "18 months": 548, "1 year": 365, "2 years": 730, "a year": 365,
		"last 30 days": 30, "the last 12 months": 365, "  2   Years ": 730} {
		got, err := parseDuration(in)
		if err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"30", "0 days", "-1 days", "1 fortnight", "days", "twelve months", "101 years", "1.5 years"} {
		if got, err := parseDuration(in); err == nil {
			t.Errorf("%q: got %d days, want an error", in, got)
		}
	}
}

func TestAgesAndRanges(t *testing.T) {
	for in, want := range map[string][2]int{"70": {70, 70}, `"65+"`: {65, 0}, "40-64": {40, 64}, `"18 to 30"`: {18, 30},
		"{min: 50}": {50, 0}, "{max: 17}": {0, 17}, "{min: 2, max: 5}": {2, 5}, "0-1": {0, 1}} {
		sc := mustParse(t, "cohorts:\n  - name: a\n    count: 1\n    age: "+in+"\n")
		if got := [2]int{sc.Cohorts[0].AgeMin, sc.Cohorts[0].AgeMax}; got != want {
			t.Errorf("age %s: %v, want %v", in, got, want)
		}
	}
}

func TestPopulationShapes(t *testing.T) {
	sc := mustParse(t, `
population:
  size: 2_500
  seed: 18446744073709551615
  age: 18+
  sex: female
  age_bands:
    - {age: 18-64, weight: 3}
    - {age: 65+, weight: 1}
  regions:
    - london
    - {region: midlands, weight: 2.5, towns: [Leicester, Derby]}
    - {towns: [Bristol]}
`)
	p := sc.Population
	if sc.Background != 2500 || *p.Seed != 1<<64-1 || p.AgeMin != 18 || p.AgeMax != 0 || p.Sex != "female" {
		t.Errorf("population %+v, background %d", p, sc.Background)
	}
	if want := []AgeBandWeight{{18, 64, 3}, {65, MaxAge, 1}}; !reflect.DeepEqual(p.AgeBands, want) {
		t.Errorf("age bands %+v", p.AgeBands)
	}
	want := []RegionWeight{{"Y56", nil, 1}, {"Y60", []string{"Leicester", "Derby"}, 2.5}, {"Y58", []string{"Bristol"}, 1}}
	if !reflect.DeepEqual(p.Regions, want) {
		t.Errorf("regions %+v\nwant %+v", p.Regions, want)
	}
	// towns: weights each region by its listed towns' populations.
	sc = mustParse(t, "population:\n  size: 10\n  towns: [Leeds, Bradford, Camden]\n")
	want = []RegionWeight{{"Y63", []string{"Leeds", "Bradford"}, 812000 + 546000}, {"Y56", []string{"Camden"}, 210000}}
	if !reflect.DeepEqual(sc.Population.Regions, want) {
		t.Errorf("towns %+v", sc.Population.Regions)
	}
}

func TestPrevalenceOverrides(t *testing.T) {
	sc := mustParse(t, `
population: {size: 100}
prevalence:
  - copd: {multiply: 2}
  - type2_diabetes: {set: 12%, age: 65+}
  - type2_diabetes: {set: 2.5, age: 40-64}
  - dementia: {multiply: 0}
`)
	two, twelve, half, zero := 2.0, 12.0, 2.5, 0.0
	want := []PrevalenceOverride{{Condition: "copd", Multiply: &two}, {Condition: "type2_diabetes", Set: &twelve, AgeMin: 65},
		{Condition: "type2_diabetes", Set: &half, AgeMin: 40, AgeMax: 64}, {Condition: "dementia", Multiply: &zero}}
	if !reflect.DeepEqual(sc.Prevalence, want) {
		t.Errorf("prevalence %+v", sc.Prevalence)
	}
}

func TestAnchorsMergeKeysAndExtensionKeys(t *testing.T) {
	sc := mustParse(t, `
x-elderly: &elderly
  age: 75+
  region: london
cohorts:
  - <<: *elderly
    name: a
    count: 2
    has: [copd]
  - <<: *elderly
    name: b
    count: 3
    region: south-west   # own keys win over merged ones
`)
	a, b := sc.Cohorts[0], sc.Cohorts[1]
	if a.AgeMin != 75 || a.Region != "Y56" || b.AgeMin != 75 || b.Region != "Y58" {
		t.Errorf("merge keys: %+v / %+v", a.Constraints, b.Constraints)
	}
}

func TestParseReturnsEveryProblemAsProblems(t *testing.T) {
	sc, err := Parse("f.yaml", []byte("cohorts:\n  - name: a\n    count: 0\n  - name: b\n    count: 1\n    has: [copd, cpod]\n"))
	if sc != nil {
		t.Error("a scenario with problems must not be returned")
	}
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	want := "f.yaml:3:12: cohorts[0].count: must be 1 or more, got 0\n" +
		`f.yaml:6:17: cohorts[1].has[1]: unknown condition "cpod" (did you mean "copd"?)`
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
}

func TestLoadPicksFileOrBuiltin(t *testing.T) {
	if sc, err := Load("gp-practice"); err != nil || sc.Background != 6000 {
		t.Errorf("built-in by name: %v %v", sc, err)
	}
	if _, err := Load("no-such.yaml"); err == nil {
		t.Error("a missing file must fail")
	}
	if _, err := LoadBuiltin("diabetes"); err == nil || !strings.Contains(err.Error(), `did you mean "diabetes-clinic"?`) {
		t.Errorf("unknown built-in: %v", err)
	}
}

func TestAliasesPointAtRealKeys(t *testing.T) {
	ref, err := loadReference()
	if err != nil {
		t.Fatal(err)
	}
	for alias, keys := range conditionAliases {
		for _, k := range keys {
			if _, ok := ref.conds[k]; !ok {
				t.Errorf("condition alias %q -> unknown %q", alias, k)
			}
		}
	}
	for alias, keys := range medicineAliases {
		for _, k := range keys {
			if _, ok := datasets.MedicineByKey(k); !ok {
				t.Errorf("medicine alias %q -> unknown %q", alias, k)
			}
		}
	}
	for alias, keys := range observationAliases {
		for _, k := range keys {
			if _, ok := ref.cat.Observations[k]; !ok {
				if _, ok := ref.cat.CodedObservations[k]; !ok {
					t.Errorf("observation alias %q -> unknown %q", alias, k)
				}
			}
		}
	}
	for area, towns := range townAreas {
		for _, name := range towns {
			if _, ok := ref.towns[norm(name)]; !ok {
				t.Errorf("area %q -> unknown town %q", area, name)
			}
		}
	}
	for alias, slug := range regionAliases {
		if _, ok := datasets.RegionBySlug(slug); !ok {
			t.Errorf("region alias %q -> unknown %q", alias, slug)
		}
	}
}

func TestSuggestions(t *testing.T) {
	ref, _ := loadReference()
	cases := []struct {
		got  []string
		want []string
	}{
		{suggest("diabetis", ref.condCands), []string{"type2_diabetes", "type1_diabetes"}},
		{suggest("T2DM", ref.condCands), []string{"type2_diabetes"}},
		{suggest("heart attack", ref.condCands), []string{"chd"}},
		{suggest("astma", ref.condCands), []string{"asthma"}},
		{suggest("DEM", ref.condCands), []string{"dementia"}},
		{suggest("frusemide", ref.medCands), []string{"furosemide"}},
		{suggest("simvastatine", ref.medCands), []string{"simvastatin"}},
		{suggest("hba1", ref.obsCands), []string{"hba1c"}},
		{suggest("cholesterol", ref.obsCands), []string{"total_cholesterol"}},
		{suggest("West Yorkshire", ref.townCands), []string{"Leeds", "Bradford", "Wakefield"}},
		{suggest("yorkshire", ref.regCands), []string{"north-east-and-yorkshire"}},
		{suggest("zzzz", ref.condCands), nil},
	}
	for i, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("case %d: %v, want %v", i, c.got, c.want)
		}
	}
}
