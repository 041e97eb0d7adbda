package scenario

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/code4health/cohortgen/datasets"
)

// MaxAge is the oldest age, at the as-of date, that the generator models.
const MaxAge = 105

// reference is what names in a scenario resolve against: the clinical
// catalogue, the medicines, the regions and the towns.
type reference struct {
	cat *datasets.Catalogue

	conds     map[string]*datasets.Condition
	condNorm  map[string]string // norm(key) -> key
	condCands []candidate

	meds     map[string]datasets.Medicine
	medNorm  map[string]string // norm(key|VTM|VMP name) -> key
	medCode  map[string]string // dm+d VMP id -> key
	medCands []candidate
	// indications lists, for each medicine, the conditions whose treatment
	// pathway or co-prescribing uses it; acute, the acute episodes given a
	// short course of it.
	indications map[string][]string
	acute       map[string][]string
	// fromAge is, for each medicine and indication, the youngest age at
	// which the pathway prescribes it (the option's or co-prescription's
	// min_age; atorvastatin for type 1 diabetes from 40).
	fromAge map[string]map[string]int

	obsNorm  map[string]string // norm(key) -> key, numeric and coded
	obsCands []candidate

	towns     map[string]datasets.Town // norm(name) -> town
	townCands []candidate
	regCands  []candidate

	// population by age (0..MaxAge, 90+ spread evenly) and sex, for
	// prevalence ceilings.
	pop [2][MaxAge + 1]float64
}

var loadReference = sync.OnceValues(func() (*reference, error) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		return nil, err
	}
	return newReference(cat), nil
})

// newReference indexes a catalogue (tests pass modified catalogues).
func newReference(cat *datasets.Catalogue) *reference {
	r := &reference{cat: cat, conds: map[string]*datasets.Condition{}, condNorm: map[string]string{},
		meds: map[string]datasets.Medicine{}, medNorm: map[string]string{}, medCode: map[string]string{},
		indications: map[string][]string{}, acute: map[string][]string{}, fromAge: map[string]map[string]int{},
		obsNorm: map[string]string{}, towns: map[string]datasets.Town{}}
	for i := range cat.Conditions {
		c := &cat.Conditions[i]
		r.conds[c.Key] = c
		r.condNorm[norm(c.Key)] = c.Key
	}
	// Suggestions list conditions in catalogue file order of prevalence:
	// commoner conditions first.
	keys := make([]string, 0, len(r.conds))
	for k := range r.conds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		ta, tb := r.conds[keys[a]].Target, r.conds[keys[b]].Target
		if ta != tb {
			return ta > tb
		}
		return keys[a] < keys[b]
	})
	for _, k := range keys {
		c := r.conds[k]
		r.condCands = append(r.condCands, candidate{c.Key, c.Key}, candidate{c.Name, c.Key},
			candidate{c.Description, c.Key}, candidate{c.Register, c.Key})
	}
	for _, alias := range sortedKeys(conditionAliases) {
		for _, k := range conditionAliases[alias] {
			if _, ok := r.conds[k]; ok {
				r.condCands = append(r.condCands, candidate{alias, k})
			}
		}
	}
	for _, c := range cat.Conditions {
		for _, line := range c.Treatment {
			for _, o := range line.Options {
				r.addIndication(o.Drug, c.Key, o.MinAge)
			}
		}
		for _, a := range c.AlsoPrescribe {
			r.addIndication(a.Drug, c.Key, a.MinAge)
		}
	}
	for _, a := range cat.Acute {
		if a.Prescribe != nil {
			r.acute[a.Prescribe.Drug] = append(r.acute[a.Prescribe.Drug], strings.ToLower(a.Name))
		}
	}
	for _, pr := range cat.Presentations { // acute courses for presentations (a UTI, pneumonia)
		for _, rx := range pr.Prescribe {
			r.acute[rx.Drug] = append(r.acute[rx.Drug], strings.ToLower(pr.Description))
		}
	}
	for _, m := range datasets.Medicines() {
		r.meds[m.Key] = m
		for _, s := range []string{m.Key, m.VTM, m.Name} {
			if _, taken := r.medNorm[norm(s)]; !taken {
				r.medNorm[norm(s)] = m.Key
			}
		}
		if m.DMDCode != "" {
			r.medCode[m.DMDCode] = m.Key
		}
		for _, g := range datasets.Regimens(m.Key) { // every product of the medicine
			if _, taken := r.medCode[g.DMDCode]; !taken {
				r.medCode[g.DMDCode] = m.Key
			}
		}
		r.medCands = append(r.medCands, candidate{m.Key, m.Key}, candidate{m.VTM, m.Key})
	}
	for _, alias := range sortedKeys(medicineAliases) {
		for _, k := range medicineAliases[alias] {
			if _, ok := r.meds[k]; ok {
				r.medCands = append(r.medCands, candidate{alias, k})
			}
		}
	}
	obsKeys := append(sortedKeys(cat.Observations), sortedKeys(cat.CodedObservations)...)
	for _, k := range obsKeys {
		r.obsNorm[norm(k)] = k
		r.obsCands = append(r.obsCands, candidate{k, k})
		if oc, ok := datasets.ObservationByKey(k); ok {
			r.obsCands = append(r.obsCands, candidate{oc.Term, k})
		}
	}
	for _, alias := range sortedKeys(observationAliases) {
		for _, k := range observationAliases[alias] {
			if _, ok := r.obsNorm[norm(k)]; ok {
				r.obsCands = append(r.obsCands, candidate{alias, k})
			}
		}
	}
	for _, t := range datasets.Towns() {
		r.towns[norm(t.Name)] = t
		r.townCands = append(r.townCands, candidate{t.Name, t.Name})
	}
	for _, area := range sortedKeys(townAreas) {
		for _, name := range townAreas[area] {
			if _, ok := r.towns[norm(name)]; ok {
				r.townCands = append(r.townCands, candidate{area, name})
			}
		}
	}
	for _, reg := range datasets.Regions() {
		r.regCands = append(r.regCands, candidate{reg.Slug, reg.Slug}, candidate{reg.Name, reg.Slug})
	}
	for _, alias := range sortedKeys(regionAliases) {
		r.regCands = append(r.regCands, candidate{alias, regionAliases[alias]})
	}
	for _, a := range datasets.Population() {
		ages := []int{a.Age}
		if a.Age == datasets.MaxPopulationAge {
			ages = nil
			for x := a.Age; x <= MaxAge; x++ {
				ages = append(ages, x)
			}
		}
		for _, x := range ages {
			r.pop[0][x] = float64(a.Female) / float64(len(ages))
			r.pop[1][x] = float64(a.Male) / float64(len(ages))
		}
	}
	return r
}

func (r *reference) addIndication(drug, cond string, minAge int) {
	if r.fromAge[drug] == nil {
		r.fromAge[drug] = map[string]int{}
	}
	if a, seen := r.fromAge[drug][cond]; !seen || minAge < a {
		r.fromAge[drug][cond] = minAge
	}
	for _, c := range r.indications[drug] {
		if c == cond {
			return
		}
	}
	r.indications[drug] = append(r.indications[drug], cond)
}

// lookupError explains a name that did not resolve.
type lookupError struct{ msg string }

func (e lookupError) Error() string { return e.msg }

func unknown(kind, name string, s []string, fallback string) error {
	if len(s) > 0 {
		return lookupError{fmt.Sprintf("unknown %s %q%s", kind, name, didYouMean(s))}
	}
	if fallback != "" {
		return lookupError{fmt.Sprintf("unknown %s %q (%s)", kind, name, fallback)}
	}
	return lookupError{fmt.Sprintf("unknown %s %q", kind, name)}
}

// condition resolves a condition key; case, spaces, hyphens and underscores
// are ignored ("Type 2 diabetes" is type2_diabetes).
func (r *reference) condition(name string) (string, error) {
	if k, ok := r.condNorm[norm(name)]; ok {
		return k, nil
	}
	if why, ok := notModelled[norm(name)]; ok {
		return "", lookupError{fmt.Sprintf("%q is not in the model: %s", name, why)}
	}
	return "", unknown("condition", name, suggest(name, r.condCands), "conditions: "+strings.Join(r.conditionKeys(), ", "))
}

func (r *reference) conditionKeys() []string {
	var out []string
	for _, c := range r.cat.Conditions {
		out = append(out, c.Key)
	}
	sort.Strings(out)
	return out
}

// medicine resolves a medicine key, VTM or VMP name (ignoring case and
// punctuation) or dm+d VMP id to its key.
func (r *reference) medicine(name string) (string, error) {
	s := strings.TrimSpace(name)
	if k, ok := r.medCode[s]; ok {
		return k, nil
	}
	if k, ok := r.medNorm[norm(s)]; ok {
		return k, nil
	}
	if isDigits(s) {
		return "", lookupError{fmt.Sprintf("unknown dm+d code %s: no medicine in the model has this VMP id", s)}
	}
	if why, ok := notModelled[norm(name)]; ok {
		return "", lookupError{fmt.Sprintf("%q is not in the model: %s", name, why)}
	}
	return "", unknown("medicine", name, suggest(name, r.medCands),
		fmt.Sprintf("not a key, name or dm+d code of the model's %d medicines; see docs/scenarios.md", len(r.meds)))
}

// observation resolves an observation key (numeric or coded).
func (r *reference) observation(name string) (string, error) {
	if k, ok := r.obsNorm[norm(name)]; ok {
		return k, nil
	}
	var keys []string
	for k := range r.cat.Observations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "", unknown("observation", name, suggest(name, r.obsCands), "observations: "+strings.Join(keys, ", "))
}

// region resolves an NHS England region by slug, code or name to its code.
func (r *reference) region(name string) (string, error) {
	if reg, ok := datasets.RegionBySlug(name); ok {
		return reg.Code, nil
	}
	if t, ok := r.towns[norm(name)]; ok {
		reg, _ := datasets.RegionBySlug(t.Region)
		return "", lookupError{fmt.Sprintf("%q is a town in %s, not a region: use town: %s", name, reg.Name, t.Name)}
	}
	var slugs []string
	for _, reg := range datasets.Regions() {
		slugs = append(slugs, reg.Slug)
	}
	return "", unknown("NHS England region", name, suggest(name, r.regCands), "regions: "+strings.Join(slugs, ", "))
}

// town resolves a town name (ignoring case and punctuation).
func (r *reference) town(name string) (datasets.Town, error) {
	if t, ok := r.towns[norm(name)]; ok {
		return t, nil
	}
	if reg, ok := datasets.RegionBySlug(name); ok {
		return datasets.Town{}, lookupError{fmt.Sprintf("%q is a region, not a town: use region: %s", name, reg.Slug)}
	}
	return datasets.Town{}, unknown("town", name, suggest(name, r.townCands),
		fmt.Sprintf("not one of the model's %d towns; see docs/scenarios.md", len(r.towns)))
}

func regionName(code string) string {
	if reg, ok := datasets.RegionBySlug(code); ok {
		return reg.Name
	}
	return code
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// conditionAliases are words course authors use for catalogue conditions;
// they are suggested, never silently accepted.
var conditionAliases = map[string][]string{
	"diabetes": {"type2_diabetes", "type1_diabetes"}, "diabetes mellitus": {"type2_diabetes", "type1_diabetes"},
	"t2dm": {"type2_diabetes"}, "t2d": {"type2_diabetes"}, "dm2": {"type2_diabetes"}, "niddm": {"type2_diabetes"},
	"type ii diabetes": {"type2_diabetes"}, "diabetes type 2": {"type2_diabetes"}, "type two diabetes": {"type2_diabetes"},
	"t1dm": {"type1_diabetes"}, "t1d": {"type1_diabetes"}, "dm1": {"type1_diabetes"}, "iddm": {"type1_diabetes"},
	"type i diabetes": {"type1_diabetes"}, "diabetes type 1": {"type1_diabetes"}, "type one diabetes": {"type1_diabetes"},
	"high blood pressure": {"hypertension"}, "htn": {"hypertension"}, "blood pressure": {"hypertension"},
	"obese": {"obesity"}, "overweight": {"obesity"},
	"prediabetes": {"non_diabetic_hyperglycaemia"}, "pre-diabetes": {"non_diabetic_hyperglycaemia"},
	"ndh": {"non_diabetic_hyperglycaemia"}, "impaired glucose tolerance": {"non_diabetic_hyperglycaemia"},
	"borderline diabetes": {"non_diabetic_hyperglycaemia"}, "hyperglycemia": {"non_diabetic_hyperglycaemia"},
	"coronary artery disease": {"chd"}, "cad": {"chd"}, "ihd": {"chd"}, "ischaemic heart disease": {"chd"},
	"ischemic heart disease": {"chd"}, "angina": {"chd"}, "heart attack": {"chd"}, "myocardial infarction": {"chd"},
	"mi": {"chd"}, "heart disease": {"chd", "heart_failure"},
	"hf": {"heart_failure"}, "chf": {"heart_failure"}, "ccf": {"heart_failure"}, "congestive heart failure": {"heart_failure"},
	"af": {"atrial_fibrillation"}, "afib": {"atrial_fibrillation"}, "a fib": {"atrial_fibrillation"},
	"stroke": {"stroke_tia"}, "tia": {"stroke_tia"}, "cva": {"stroke_tia"}, "mini stroke": {"stroke_tia"},
	"transient ischaemic attack": {"stroke_tia"},
	"chronic kidney disease":     {"ckd"}, "kidney disease": {"ckd"}, "renal disease": {"ckd"}, "renal failure": {"ckd"},
	"peripheral vascular disease": {"pad"}, "pvd": {"pad"}, "peripheral arterial disease": {"pad"}, "claudication": {"pad"},
	"emphysema": {"copd"}, "chronic bronchitis": {"copd"}, "asthmatic": {"asthma"},
	"low mood": {"depression"}, "depressive disorder": {"depression"}, "mdd": {"depression"}, "major depression": {"depression"},
	"schizophrenia": {"smi"}, "bipolar": {"smi"}, "bipolar disorder": {"smi"}, "psychosis": {"smi"},
	"severe mental illness": {"smi"}, "serious mental illness": {"smi"}, "mental illness": {"smi", "depression"},
	"alzheimers": {"dementia"}, "alzheimer's disease": {"dementia"}, "vascular dementia": {"dementia"},
	"malignancy": {"cancer"}, "tumour": {"cancer"}, "tumor": {"cancer"}, "neoplasm": {"cancer"}, "carcinoma": {"cancer"},
	"seizures": {"epilepsy"}, "seizure disorder": {"epilepsy"},
	"intellectual disability": {"learning_disability"}, "learning disabilities": {"learning_disability"}, "ld": {"learning_disability"},
	"fragility fracture": {"osteoporosis"}, "osteoporotic fracture": {"osteoporosis"},
	"ra": {"rheumatoid_arthritis"}, "rheumatoid": {"rheumatoid_arthritis"}, "arthritis": {"rheumatoid_arthritis"},
}

// notModelled explains common requests the model cannot meet.
var notModelled = map[string]string{
	"pregnancy":      "cohortgen has no maternity or pregnancy care",
	"pregnant":       "cohortgen has no maternity or pregnancy care",
	"maternity":      "cohortgen has no maternity or pregnancy care",
	"antenatal":      "cohortgen has no maternity or pregnancy care",
	"insulin":        "insulin is prescribed from secondary-care templates, which the model does not include",
	"hypothyroidism": "the catalogue has no thyroid disease",
}

// medicineAliases are brand names, old names and drug classes, suggested
// only.
var medicineAliases = map[string][]string{
	"glucophage": {"metformin"}, "lipitor": {"atorvastatin"}, "zocor": {"simvastatin"}, "ventolin": {"salbutamol"},
	"eliquis": {"apixaban"}, "xarelto": {"rivaroxaban"}, "lixiana": {"edoxaban"}, "coumadin": {"warfarin"},
	"lustral": {"sertraline"}, "zoloft": {"sertraline"}, "prozac": {"fluoxetine"}, "cipramil": {"citalopram"},
	"zispin": {"mirtazapine"}, "seroquel": {"quetiapine"}, "lasix": {"furosemide"}, "frusemide": {"furosemide"},
	"plavix": {"clopidogrel"}, "januvia": {"sitagliptin"}, "forxiga": {"dapagliflozin"}, "jardiance": {"empagliflozin"},
	"fostair": {"beclometasone_formoterol"}, "istin": {"amlodipine"}, "tritace": {"ramipril"}, "calpol": {"paracetamol"},
	"neurontin": {"gabapentin"}, "lyrica": {"pregabalin"}, "amoxil": {"amoxicillin"}, "cozaar": {"losartan"},
	"statin": {"atorvastatin", "simvastatin"}, "ssri": {"sertraline", "citalopram", "fluoxetine"},
	"doac": {"apixaban", "edoxaban", "rivaroxaban"}, "anticoagulant": {"apixaban", "warfarin"},
	"ace inhibitor": {"ramipril", "lisinopril"}, "acei": {"ramipril", "lisinopril"}, "arb": {"losartan", "candesartan"},
	"beta blocker": {"bisoprolol", "propranolol"}, "calcium channel blocker": {"amlodipine"}, "ccb": {"amlodipine"},
	"sglt2": {"dapagliflozin", "empagliflozin"}, "dpp4": {"sitagliptin"}, "sulfonylurea": {"gliclazide"},
	"antipsychotic": {"quetiapine"}, "inhaler": {"salbutamol", "beclometasone_formoterol"}, "diuretic": {"furosemide", "indapamide"},
	"vitamin d": {"colecalciferol"}, "antiplatelet": {"aspirin", "clopidogrel"},
}

// observationAliases are common names for catalogue observations.
var observationAliases = map[string][]string{
	"a1c": {"hba1c"}, "glycated haemoglobin": {"hba1c"}, "glycated hemoglobin": {"hba1c"}, "haemoglobin a1c": {"hba1c"},
	"hemoglobin a1c": {"hba1c"}, "blood sugar": {"hba1c"}, "glucose": {"hba1c"},
	"bp": {"systolic_bp", "diastolic_bp"}, "blood pressure": {"systolic_bp", "diastolic_bp"},
	"sbp": {"systolic_bp"}, "systolic": {"systolic_bp"}, "dbp": {"diastolic_bp"}, "diastolic": {"diastolic_bp"},
	"body mass index": {"bmi"}, "body weight": {"weight"},
	"gfr": {"egfr"}, "kidney function": {"egfr"}, "creatinine": {"egfr"}, "renal function": {"egfr"},
	"cholesterol": {"total_cholesterol"}, "chol": {"total_cholesterol"},
	"pulse": {"heart_rate"}, "hr": {"heart_rate"},
	"phq": {"phq9"}, "depression score": {"phq9"},
	"fev": {"fev1"}, "lung function": {"fev1", "peak_flow"}, "spirometry": {"fev1"},
	"pef": {"peak_flow"}, "pefr": {"peak_flow"}, "peak expiratory flow": {"peak_flow"},
	"smoking": {"smoking_status"}, "smoker": {"smoking_status"}, "foot exam": {"foot_check"}, "foot": {"foot_check"},
}

// townAreas are counties and cities that are not towns in the model, with
// the model's towns in them.
var townAreas = map[string][]string{
	"west yorkshire":                     {"Leeds", "Bradford", "Wakefield", "Huddersfield", "Halifax"},
	"south yorkshire":                    {"Sheffield", "Doncaster", "Rotherham", "Barnsley"},
	"tyne and wear":                      {"Newcastle upon Tyne", "Sunderland", "Gateshead", "South Shields"},
	"newcastle":                          {"Newcastle upon Tyne"},
	"kingston upon hull":                 {"Hull"},
	"greater manchester":                 {"Manchester", "Salford", "Stockport", "Oldham", "Bolton", "Wigan"},
	"merseyside":                         {"Liverpool", "Birkenhead"},
	"west midlands":                      {"Birmingham", "Coventry", "Wolverhampton"},
	"stoke":                              {"Stoke-on-Trent"},
	"southend":                           {"Southend-on-Sea"},
	"bournemouth christchurch and poole": {"Bournemouth"},
}

// regionAliases are county and area names within NHS England regions.
var regionAliases = map[string]string{
	"yorkshire": "north-east-and-yorkshire", "west yorkshire": "north-east-and-yorkshire",
	"south yorkshire": "north-east-and-yorkshire", "north yorkshire": "north-east-and-yorkshire",
	"north east": "north-east-and-yorkshire", "humber": "north-east-and-yorkshire",
	"tyne and wear": "north-east-and-yorkshire", "greater manchester": "north-west", "merseyside": "north-west",
	"lancashire": "north-west", "cumbria": "north-west", "cheshire": "north-west",
	"west midlands": "midlands", "east midlands": "midlands",
	"east anglia": "east-of-england", "norfolk": "east-of-england", "suffolk": "east-of-england", "essex": "east-of-england",
	"greater london": "london", "kent": "south-east", "sussex": "south-east", "surrey": "south-east",
	"hampshire": "south-east", "thames valley": "south-east", "cornwall": "south-west", "devon": "south-west",
	"somerset": "south-west", "dorset": "south-west",
}
