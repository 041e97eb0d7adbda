package scenario

import "testing"

func TestPracticeListsAreNormalised(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(`
population:
  size: 100
  town: Leeds
  practice: Larkfield Surgery
cohorts:
  - name: on the list
    count: 5
    has: [copd]
  - name: elsewhere
    count: 5
    town: Bradford
  - name: own practice
    count: 5
    practice: {name: Moor Lane Surgery, town: York, ods: zz9001}
personas:
  - name: Ann Lee
    age: 50
    sex: female
    town: Leeds
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Practice{{Name: "Larkfield Surgery", ODS: "ZZ9002", Town: "Leeds"}, {Name: "Moor Lane Surgery", ODS: "ZZ9001", Town: "York"}}
	if len(sc.Practices) != 2 || sc.Practices[0] != want[0] || sc.Practices[1] != want[1] {
		t.Fatalf("practices %+v, want %+v", sc.Practices, want)
	}
	if pr := sc.Population.Practice; pr == nil || *pr != want[0] || len(sc.Population.Regions) != 1 || sc.Population.Regions[0].Towns[0] != "Leeds" {
		t.Fatalf("population practice %+v, regions %+v", pr, sc.Population.Regions)
	}
	for i, w := range []*Practice{&want[0], nil, &want[1]} {
		got := sc.Cohorts[i].Practice
		if (got == nil) != (w == nil) || (got != nil && *got != *w) {
			t.Errorf("cohort %d: practice %+v, want %+v", i, got, w)
		}
	}
	if c := sc.Cohorts[0]; c.Town != "Leeds" || c.Region != "Y63" {
		t.Errorf("a cohort on the list lives in its town: %s %s", c.Town, c.Region)
	}
	if c := sc.Cohorts[2]; c.Town != "York" {
		t.Errorf("a practice sets its cohort's town: %s", c.Town)
	}
	if pr := sc.Personas[0].Practice; pr == nil || *pr != want[0] {
		t.Errorf("a persona in the practice's town is on its list: %+v", pr)
	}
}

func TestPracticeProblems(t *testing.T) {
	expectProblems(t, "practice problems", `
population:
  size: 10
  towns: [Leeds, Bradford]
  practice: {name: A, town: Leeds}
cohorts:
  - name: a
    count: 1
    practice: {name: B, ods: B86001, town: Leeds}
  - name: b
    count: 1
    practice: C
  - name: c
    count: 1
    town: Hull
    practice: {name: D, town: Leeds}
  - name: d
    count: 1
    practice: {name: E, town: Leeds, ods: ZZ9005}
  - name: e
    count: 1
    practice: {name: F, town: York, ods: ZZ9005}
`,
		want{"4:3: population.towns", "the population is the list of A, in Leeds, so its towns must be that town"},
		want{"9:30: cohorts[0].practice.ods", `ODS code is ZZ9 and three digits, e.g. ZZ9001, got "B86001"`},
		want{"12:15: cohorts[1].practice", `say which town practice "C" is in`},
		want{"16:15: cohorts[2].practice", "practice D is in Leeds, but the town is Hull (line 15)"},
		want{"22:42: cohorts[4].practice.ods", "ZZ9005 is already the code of E in Leeds (line 19)"})
}
