package scenario

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// want is one expected problem: its position and path exactly, and words
// its message must contain.
type want struct {
	at   string // "line:col: path" (path may be empty)
	says string
}

func expectProblems(t *testing.T, name, src string, wants ...want) {
	t.Helper()
	ps := Check("t.yaml", []byte(src))
	if len(ps) != len(wants) {
		t.Errorf("%s: got %d problems, want %d:\n%v", name, len(ps), len(wants), Problems(ps))
		return
	}
	for i, w := range wants {
		prefix := "t.yaml:" + w.at + ": "
		if !strings.HasSuffix(w.at, ": ") && !strings.Contains(w.at, ": ") {
			prefix = "t.yaml:" + w.at + ": "
		}
		got := ps[i].String()
		if !strings.HasPrefix(got, prefix) || !strings.Contains(got, w.says) {
			t.Errorf("%s: problem %d:\n got  %s\n want %s...%s", name, i, got, prefix, w.says)
		}
		if ps[i].Line < 1 || ps[i].Column < 1 {
			t.Errorf("%s: problem without a position: %+v", name, ps[i])
		}
	}
}

func TestYAMLSyntaxErrorsHavePositions(t *testing.T) {
	expectProblems(t, "mapping in a value", "name: x\npopulation: {size: 10}\ncohorts: a: b\n",
		want{"3:11", "YAML syntax error: mapping values are not allowed in this context"})
	expectProblems(t, "unclosed flow list", "cohorts:\n  - name: a\n    count: 5\n    has: [copd\n  - name: b\n",
		want{"4:11", "did not find expected ',' or ']'"})
	expectProblems(t, "unterminated quote", "population:\n  size: 10\n  town: \"Leeds\n",
		want{"3:9", "found unexpected end of stream"})
	expectProblems(t, "tab indentation", "population:\n\tsize: 10\n",
		want{"2:1", "YAML indents with spaces, not tabs"})
	expectProblems(t, "bad indentation", "cohorts:\n  - name: a\n    count: 1\n   has: [copd]\n",
		want{"4:4", "YAML syntax error: did not find expected '-' indicator"})
	expectProblems(t, "two documents", "population: {size: 1}\n---\npopulation: {size: 2}\n",
		want{"3:1", "holds one YAML document"})
	expectProblems(t, "empty", "  \n", want{"1:1", "the file is empty"})
	expectProblems(t, "comments only", "# nothing\n", want{"1:1", "only comments"})
	expectProblems(t, "not a mapping", "- a\n- b\n", want{"1:1", "must be a mapping"})
	expectProblems(t, "unknown anchor", "population: *nope\n", want{"1:17", "unknown anchor 'nope'"})
}

func TestUnknownFieldsAndDuplicates(t *testing.T) {
	expectProblems(t, "fields", `
cohort: []
population:
  size: 10
  history: 5
cohorts:
  - name: a
    count: 1
    medications: [metformin]
    has_not: [copd]
    gender: female
personas:
  - name: Ann Lee
    age: 50
    sex: female
    medications: [metformin]
    storyline: x
`,
		want{"2:1: cohort", `unknown field "cohort" (did you mean "cohorts"?)`},
		want{"5:3: population.history", `(did you mean "history_years"?)`},
		want{"9:5: cohorts[0].medications", `unknown field "medications" (did you mean "on"?)`},
		want{"11:5: cohorts[0].gender", `(did you mean "sex"?)`},
		want{"16:5: personas[0].medications", `(did you mean "medicines"?)`},
		want{"17:5: personas[0].storyline", `(did you mean "story"?)`})
	expectProblems(t, "repeated key", "population:\n  size: 10\n  size: 20\n",
		want{"3:3: population.size", `"size" is given twice (first on line 2)`})
	expectProblems(t, "repeated names", `
cohorts:
  - {name: Clinic, count: 1, has: [copd, COPD]}
  - {name: clinic, count: 1}
personas:
  - {name: Ann Lee, age: 50, sex: female}
  - {name: Ann Smith, age: 60, sex: female}
`,
		want{"3:42: cohorts[0].has[1]", "copd is listed twice (first on line 3)"},
		want{"4:12: cohorts[1].name", `cohort name "clinic" is already used (line 3)`},
		want{"7:12: personas[1].name", `persona key "ann" is already used (line 6)`})
	expectProblems(t, "missing", "cohorts:\n  - has: [copd]\npersonas:\n  - story: x\n",
		want{"2:5: cohorts[0]", `a cohort needs "name"`},
		want{"2:5: cohorts[0]", `a cohort needs "count"`},
		want{"4:5: personas[0]", "a persona needs a name"},
		want{"4:5: personas[0]", `a persona needs "age"`},
		want{"4:5: personas[0]", `a persona needs "sex"`})
}

func TestWrongTypes(t *testing.T) {
	expectProblems(t, "types", `
population:
  size: 2,000
  seed: -1
  as_of: 31/03/2025
  history_years: 60
  sex: 3
cohorts:
  - name: a
    count: forty
    age: old
    has: {copd: yes}
    alive: maybe
    died_within: 30
    observations:
      - hba1c: {above: high, within: 1 fortnight}
      - {hba1c: {above: 50}, bmi: {above: 30}}
    encounters: [[ae]]
  - name: [b]
    count: 1.5
`,
		want{"3:9: population.size", `want a whole number, got "2,000" (write numbers without commas)`},
		want{"4:9: population.seed", "want a whole number from 0 to 18446744073709551615"},
		want{"5:10: population.as_of", `want a date YYYY-MM-DD, got "31/03/2025"`},
		want{"6:18: population.history_years", "must be 50 or less, got 60"},
		want{"7:8: population.sex", `want "female" or "male", got "3"`},
		want{"10:12: cohorts[0].count", `want a whole number, got "forty"`},
		want{"11:10: cohorts[0].age", `want an age such as 70, "65+", "40-64"`},
		want{"12:10: cohorts[0].has", "conditions must be a list, got a mapping"},
		want{"13:12: cohorts[0].alive", `want true or false, got "maybe"`},
		want{"14:18: cohorts[0].died_within", `got the bare number 30: add a unit, e.g. "30 days"`},
		want{"16:24: cohorts[0].observations[0].hba1c.above", `want a number, got "high"`},
		want{"16:38: cohorts[0].observations[0].hba1c.within", `got "1 fortnight" (units: days, weeks, months, years)`},
		want{"17:9: cohorts[0].observations[1]", "each item names one observation"},
		want{"18:18: cohorts[0].encounters[0]", "want `- setting: {...}`, got a list"},
		want{"19:11: cohorts[1].name", "want a name, got a list"},
		want{"20:12: cohorts[1].count", `want a whole number, got "1.5"`})
}

func TestUnknownNamesGetSuggestions(t *testing.T) {
	expectProblems(t, "names", `
population:
  size: 10
  regions: [yorkshire, Leeds]
  towns: [x]
cohorts:
  - name: a
    count: 1
    region: West Yorkshire
    has: [diabetis, T2DM, pregnancy, zzzz]
    on: [metformine, Glucophage, "999999", insulin]
    observations:
      - hba1: {}
      - smoking: {}
    encounters:
      - A and E: {}
      - gp: {class: EMER}
  - name: b
    count: 1
    town: West Yorkshire
  - name: c
    count: 1
    town: Leds
    region: london
`,
		want{"4:13: population.regions[0]", `unknown NHS England region "yorkshire" (did you mean "north-east-and-yorkshire"?)`},
		want{"4:24: population.regions[1]", `"Leeds" is a town in North East and Yorkshire, not a region: use town: Leeds`},
		want{"5:3: population.towns", "give either regions (a weighted list) or towns, not both"},
		want{"9:13: cohorts[0].region", `unknown NHS England region "West Yorkshire" (did you mean "north-east-and-yorkshire"?)`},
		want{"10:11: cohorts[0].has[0]", `unknown condition "diabetis" (did you mean "type2_diabetes" or "type1_diabetes"?)`},
		want{"10:21: cohorts[0].has[1]", `unknown condition "T2DM" (did you mean "type2_diabetes"?)`},
		want{"10:27: cohorts[0].has[2]", `"pregnancy" is not in the model: cohortgen has no maternity or pregnancy care`},
		want{"10:38: cohorts[0].has[3]", `unknown condition "zzzz" (conditions: asthma, atrial_fibrillation, bipolar, cancer, chd`},
		want{"11:10: cohorts[0].on[0]", `unknown medicine "metformine" (did you mean "metformin"?)`},
		want{"11:22: cohorts[0].on[1]", `unknown medicine "Glucophage" (did you mean "metformin"?)`},
		want{"11:34: cohorts[0].on[2]", "unknown dm+d code 999999"},
		want{"11:44: cohorts[0].on[3]", "insulin is prescribed from secondary-care templates"},
		want{"13:9: cohorts[0].observations[0]", `unknown observation "hba1" (did you mean "hba1c"?)`},
		want{"14:9: cohorts[0].observations[1]", `unknown observation "smoking" (did you mean "smoking_status"?)`},
		want{"16:9: cohorts[0].encounters[0]", `unknown encounter setting "A and E" (did you mean "ae"?)`},
		want{"17:21: cohorts[0].encounters[1].gp.class", `class "EMER" is not used for gp encounters in the model (they are AMB, VR or HH)`},
		want{"20:11: cohorts[1].town", `unknown town "West Yorkshire" (did you mean "Leeds", "Bradford" or "Wakefield"?)`},
		want{"23:11: cohorts[2].town", `unknown town "Leds" (did you mean "Leeds"?)`})
	expectProblems(t, "town outside region", "cohorts:\n  - name: a\n    count: 1\n    region: london\n    town: Leeds\n",
		want{"5:11: cohorts[0].town", "Leeds is in North East and Yorkshire, not in London (region, line 4)"})
	expectProblems(t, "coded observation", "cohorts:\n  - name: a\n    count: 1\n    observations: [{smoking_status: {within: 1 year}}]\n",
		want{"4:21: cohorts[0].observations[0]", "smoking_status is a coded finding (Never smoked tobacco, Ex-smoker, Smoker), not a number"})
	// session 47: weekly units and the AUDIT-C are read from the person's drinking
	expectProblems(t, "alcohol observation", "cohorts:\n  - name: a\n    count: 1\n    observations: [{audit_c: {min: 8}}]\n",
		want{"4:21: cohorts[0].observations[0]", "audit_c is read from the person's drinking (catalogue alcohol), which a scenario cannot set"})
	// session 65: the creatinine is worked back from the eGFR state
	expectProblems(t, "derived creatinine", "cohorts:\n  - name: a\n    count: 1\n    observations: [{creatinine: {min: 200}}]\n",
		want{"4:21: cohorts[0].observations[0]", "creatinine is read back from the eGFR (catalogue creatinine from_egfr), which a scenario sets through egfr"})
}

func TestContradictionsAreExplained(t *testing.T) {
	expectProblems(t, "has and has_not", "cohorts:\n  - name: a\n    count: 1\n    has: [copd]\n    has_not: [asthma, COPD]\n",
		want{"5:23: cohorts[0].has_not[1]", "copd is in both has (line 4) and has_not (line 5): a patient cannot both have and not have Chronic obstructive pulmonary disease"})
	expectProblems(t, "exclusive conditions", "cohorts:\n  - name: a\n    count: 1\n    has: [type1_diabetes, type2_diabetes]\n",
		want{"4:27: cohorts[0].has[1]", "type1_diabetes and type2_diabetes exclude each other in the model: a patient has one or the other, never both"})
	expectProblems(t, "on and not_on", "cohorts:\n  - name: a\n    count: 1\n    has: [type2_diabetes]\n    on: [metformin]\n    not_on: [Metformin]\n",
		want{"6:14: cohorts[0].not_on[0]", "metformin is both required (line 5) and ruled out (not_on, line 6)"})
	expectProblems(t, "empty age range", "cohorts:\n  - name: a\n    count: 1\n    age: 80-65\n",
		want{"4:10: cohorts[0].age", "the age range 80-65 is empty: the youngest age (80) is above the oldest (65)"})
	expectProblems(t, "age beyond the model", "cohorts:\n  - name: a\n    count: 1\n    age: 110+\n",
		want{"4:10: cohorts[0].age", "the model's oldest patients are 105"})
	expectProblems(t, "age 10 with dementia", "cohorts:\n  - name: a\n    count: 1\n    age: 10\n    has: [dementia]\n",
		want{"5:11: cohorts[0].has[0]", "dementia is diagnosed from age 50 in the model, so nobody aged 10 has it"})
	expectProblems(t, "persona too young", "personas:\n  - name: Tom Ng\n    age: 10\n    sex: male\n    conditions: [dementia, asthma]\n",
		want{"5:18: personas[0].conditions[0]", "dementia is diagnosed from age 50 in the model, but Tom Ng is 10"})
	expectProblems(t, "no age band has it", "cohorts:\n  - name: a\n    count: 1\n    age: 0-5\n    has: [asthma]\n",
		want{"5:11: cohorts[0].has[0]", "the model gives asthma to nobody aged 0-5"})
	expectProblems(t, "together impossible", "cohorts:\n  - name: a\n    count: 1\n    age: 16-24\n    has: [smi, dementia]\n",
		want{"5:16: cohorts[0].has[1]", "dementia is diagnosed from age 50"})
	expectProblems(t, "alive and died", "cohorts:\n  - name: a\n    count: 1\n    alive: true\n    died_within: 6 months\n",
		want{"5:18: cohorts[0].died_within", "alive: true (line 4) contradicts died_within: 6 months (line 5): a patient who died is not alive"})
	expectProblems(t, "observation bounds", "cohorts:\n  - name: a\n    count: 1\n    has: [type2_diabetes]\n    observations:\n      - hba1c: {above: 80, below: 60}\n      - egfr: {below: 2}\n      - systolic_bp: {min: 300}\n",
		want{"6:9: cohorts[0].observations[0]", "hba1c above 80 and below 60 cannot hold: no value is both"},
		want{"7:9: cohorts[0].observations[1]", "egfr below 2 cannot hold: the model never records egfr below 4"},
		want{"8:9: cohorts[0].observations[2]", "systolic_bp min 300 cannot hold: the model never records systolic_bp above 230"})
	expectProblems(t, "above and min", "cohorts:\n  - name: a\n    count: 1\n    observations:\n      - bmi: {above: 30, min: 31}\n",
		want{"5:26: cohorts[0].observations[0].bmi.min", "give either above or min, not both"})
	expectProblems(t, "observation twice", "cohorts:\n  - name: a\n    count: 1\n    observations:\n      - bmi: {above: 30}\n      - BMI: {within: 1 year}\n",
		want{"6:9: cohorts[0].observations[1]", "bmi is constrained twice (first on line 5)"})
	expectProblems(t, "adult-only observation", "cohorts:\n  - name: a\n    count: 1\n    age: 5-12\n    observations:\n      - bmi: {above: 25}\n",
		want{"6:9: cohorts[0].observations[0]", "the model records bmi only for adults (18 and over), but the patients here are 5-12"})
	expectProblems(t, "unreachable without a condition", "cohorts:\n  - name: a\n    count: 1\n    age: 40+\n    observations:\n      - hba1c: {above: 75, within: 12 months}\n",
		want{"6:9: cohorts[0].observations[0]", "hba1c above 75 within 12 months is beyond what the model gives patients aged 40+ without a condition that raises hba1c (at most about 55); add one of type2_diabetes or type1_diabetes to has"})
	expectProblems(t, "unreachable: ruled out", "cohorts:\n  - name: a\n    count: 1\n    has_not: [type2_diabetes, type1_diabetes]\n    observations:\n      - hba1c: {above: 75}\n",
		want{"6:9: cohorts[0].observations[0]", "every such condition (type2_diabetes and type1_diabetes) is ruled out here"})
}

func TestMedicineContradictions(t *testing.T) {
	expectProblems(t, "indication ruled out", "cohorts:\n  - name: a\n    count: 1\n    has_not: [type2_diabetes]\n    on: [metformin]\n",
		want{"5:10: cohorts[0].on[0]", "the model prescribes metformin only for type2_diabetes, but type2_diabetes is in has_not"})
	expectProblems(t, "indication excluded by has", "cohorts:\n  - name: a\n    count: 1\n    has: [type1_diabetes]\n    on: [gliclazide]\n",
		want{"5:10: cohorts[0].on[0]", "the model prescribes gliclazide only for type2_diabetes, but type2_diabetes is excluded by type1_diabetes"})
	expectProblems(t, "indication too old for the ages", "cohorts:\n  - name: a\n    count: 1\n    age: 18-20\n    on: [metformin]\n",
		want{"5:10: cohorts[0].on[0]", "nobody aged 18-20 can have type2_diabetes"})
	expectProblems(t, "several indications, all ruled out", "cohorts:\n  - name: a\n    count: 1\n    has_not: [hypertension, heart_failure, ckd, chd]\n    on: [ramipril]\n",
		want{"5:10: cohorts[0].on[0]", "the model prescribes ramipril only for hypertension, chd, heart_failure or ckd, but hypertension is in has_not, chd is in has_not, heart_failure is in has_not and ckd is in has_not"})
	// (amitriptyline was the example until session 49 gave it to migraine,
	// cetirizine until h68e gave it to hay fever)
	expectProblems(t, "never prescribed", "cohorts:\n  - name: a\n    count: 1\n    on: [simvastatin, amoxicillin, indapamide]\n",
		want{"4:10: cohorts[0].on[0]", "the model never prescribes simvastatin: no condition in the catalogue is treated with it"},
		want{"4:23: cohorts[0].on[1]", "the model gives amoxicillin only as a short course for lower respiratory tract infection, pneumonia and otitis media, never as a repeat medicine"},
		want{"4:36: cohorts[0].on[2]", "indapamide has no verified dm+d code in the model's medicine list, so it is never prescribed"})
	// One indication left is enough.
	expectProblems(t, "one indication left", "cohorts:\n  - name: a\n    count: 1\n    has_not: [hypertension, heart_failure]\n    on: [ramipril]\n")
}

func TestSubgroupProblems(t *testing.T) {
	expectProblems(t, "counts", "cohorts:\n  - name: a\n    count: 10\n    subgroups:\n      - {name: x, count: 8}\n      - {name: y, count: 5}\n",
		want{"4:5: cohorts[0].subgroups", "the subgroups hold 13 patients (8 + 5) but the cohort has only 10: subgroups are parts of the cohort and never overlap"})
	expectProblems(t, "contradicting the parent", `
cohorts:
  - name: a
    count: 10
    age: 65+
    sex: female
    town: Leeds
    alive: true
    has: [type2_diabetes]
    on: [metformin]
    observations:
      - hba1c: {above: 60}
    subgroups:
      - {name: s1, count: 1, sex: male}
      - {name: s2, count: 1, age: 20-40}
      - {name: s3, count: 1, region: london}
      - {name: s4, count: 1, died_within: 1 year}
      - {name: s5, count: 1, has_not: [type2_diabetes]}
      - {name: s6, count: 1, not_on: [metformin]}
      - {name: s7, count: 1, has: [type1_diabetes]}
      - {name: s8, count: 1, observations: [{hba1c: {below: 50, within: 3 months}}]}
      - {name: s9, count: 1, has: [dementia], age: 65-70}
      - name: s10
        count: 1
        subgroups: []
`,
		want{"14:35: cohorts[0].subgroups[0].sex", "the cohort is female (line 6), so its subgroup cannot be male"},
		want{"15:35: cohorts[0].subgroups[1].age", "the subgroup's ages 20-40 do not overlap the cohort's ages 65+ (line 5)"},
		want{"16:38: cohorts[0].subgroups[2].region", "the cohort is in North East and Yorkshire (line 7), so its subgroup cannot be in London"},
		want{"17:43: cohorts[0].subgroups[3].died_within", "the cohort is alive (line 8), so its subgroup cannot have died"},
		want{"18:40: cohorts[0].subgroups[4].has_not[0]", "type2_diabetes is in both has (line 9) and has_not (line 18)"},
		want{"19:39: cohorts[0].subgroups[5].not_on[0]", "metformin is both required (line 10) and ruled out (not_on, line 19)"},
		want{"20:36: cohorts[0].subgroups[6].has[0]", "type2_diabetes and type1_diabetes exclude each other"},
		want{"21:46: cohorts[0].subgroups[7].observations[0]", `"hba1c above 60" (line 12) and "hba1c below 50 within 3 months" (line 21) cannot both hold: both speak of the latest hba1c result`},
		want{"25:9: cohorts[0].subgroups[9].subgroups", "subgroups cannot have subgroups of their own"})
}

func TestPrevalenceProblems(t *testing.T) {
	expectProblems(t, "prevalence", `
population: {size: 10}
prevalence:
  - copd: {multiply: 2, set: 5}
  - asthma: {}
  - dementia: {set: 50%}
  - copd: {multiply: 2}
  - copd: {multiply: 3}
  - copd: {set: 10, age: 0-15}
  - hypertension: {set: 40, age: 60-80}
  - hypertension: {set: 50, age: 75+}
  - obesity: {set: 140}
  - obesity: {multiply: -1}
  - type2_diabetes: {multiply: 20}
  - diabetis: {multiply: 2}
`,
		want{"4:25: prevalence[0].copd.set", "give either multiply or set, not both"},
		want{"5:5: prevalence[1]", "say how to change asthma: multiply: 2 (twice the usual prevalence) or set: 10% (a prevalence of 10%)"},
		want{"6:21: prevalence[2].dementia.set", "50% for dementia is more than the model can reach: at most 36.1% (only ages 50 and over have dementia, and nobody's chance exceeds 95%)"},
		want{"8:5: prevalence[4]", "copd already has an override for all ages (line 7)"},
		want{"9:17: prevalence[5].copd.set", "the model gives nobody aged 0-15 copd, so its prevalence there cannot be set"},
		want{"11:5: prevalence[7]", "the ages 75+ overlap the override for hypertension at ages 60-80 (line 10)"},
		want{"12:20: prevalence[8].obesity.set", "a prevalence is a percentage from 0 to 100, got 140"},
		want{"13:25: prevalence[9].obesity.multiply", "multiply must be from 0 to 100, got -1"},
		// the percentages follow the catalogue's target; the message names the multiplier
		want{"14:32: prevalence[10].type2_diabetes.multiply", "% × 20) for type2_diabetes is more than the model can reach"},
		want{"15:5: prevalence[11]", `unknown condition "diabetis" (did you mean "type2_diabetes" or "type1_diabetes"?)`})
	expectProblems(t, "zeroed condition in a cohort", "prevalence:\n  - copd: {multiply: 0}\ncohorts:\n  - name: a\n    count: 1\n    has: [copd]\n",
		want{"6:11: cohorts[0].has[0]", "the prevalence section sets copd to 0% for patients of any age, so nobody here can have it"})
}

func TestPopulationProblems(t *testing.T) {
	expectProblems(t, "population", `
population:
  size: 10
  as_of: 1970-01-01
  age: 18+
  age_bands:
    - {age: 0-17, weight: 1}
    - {age: 18-64, weight: 2}
    - {age: 60+, weight: 1}
    - {age: 70+, weight: 0}
  regions:
    - london
    - {region: london, towns: [Camden]}
    - {region: midlands, towns: [Leeds]}
    - {weight: 2}
`,
		want{"4:10: population.as_of", "1970-01-01 cannot be used as the as-of date"},
		want{"7:13: population.age_bands[0].age", "age band 0-17 lies outside the population's ages 18+, so it would hold nobody"},
		want{"9:13: population.age_bands[2].age", "age band 60+ overlaps age band 18-64 (line 8); each age belongs to one band"},
		want{"10:26: population.age_bands[3].weight", "a weight must be more than 0, got 0"},
		want{"13:16: population.regions[1].region", "London is listed twice (first on line 12); list its towns in one entry"},
		want{"14:34: population.regions[2].towns[0]", "Leeds is in North East and Yorkshire, not in Midlands"},
		want{"15:7: population.regions[3]", "a regions entry needs a region or towns"})
	expectProblems(t, "nobody", "population:\n  size: 0\n", want{"1:1", "the scenario generates nobody"})
	expectProblems(t, "no population or cohorts", "name: x\n", want{"1:1", "the scenario generates nobody"})
	expectProblems(t, "as_of range", "population: {size: 1, as_of: 2200-01-01}\n", want{"1:30: population.as_of", "outside 1950-01-01..2100-12-31"})
}

// A catalogue where a condition is given to one sex only shows the
// sex-impossible check (the shipped catalogue has none).
func TestSexImpossibleCondition(t *testing.T) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	for i := range cat.Conditions {
		if cat.Conditions[i].Key == "osteoporosis" {
			cat.Conditions[i].Shape.Male = make([]float64, len(cat.Conditions[i].Shape.Male))
		}
	}
	ref := newReference(cat)
	src := "cohorts:\n  - name: a\n    count: 1\n    sex: male\n    age: 60+\n    has: [osteoporosis]\n  - name: b\n    count: 1\n    age: 60+\n    has: [osteoporosis]\n"
	_, ps := parse("t.yaml", []byte(src), ref)
	if len(ps) != 1 || ps[0].String() != "t.yaml:6:11: cohorts[0].has[0]: the model gives osteoporosis to no male patients" {
		t.Errorf("got %v", ps)
	}
}

func TestEveryProblemIsReportedInFileOrder(t *testing.T) {
	src := `
cohorts:
  - name: a
    count: 0
    has: [diabetis]
  - name: b
    count: 1
    age: 10
    has: [dementia]
population:
  size: -1
`
	ps := Check("t.yaml", []byte(src))
	if len(ps) != 4 {
		t.Fatalf("want 4 problems, got %v", Problems(ps))
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems out of order: %v", Problems(ps))
		}
	}
}
