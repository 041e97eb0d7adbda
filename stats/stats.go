// Package stats measures a generated dataset against the published figures it
// was calibrated to: age/sex structure (ONS mid-2023), recorded prevalence of
// each QOF register, comorbidity, activity per person-year, deaths by age, and
// care quality against published QOF/National Diabetes Audit achievement.
package stats

import (
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// Figure is one measured value beside its reference.
type Figure struct {
	Group     string  `json:"group"`
	Name      string  `json:"name"`
	Value     float64 `json:"value"`
	Reference float64 `json:"reference"`
	// Published is the England-wide figure when Reference is it moved to
	// this population's age and sex mix (indirect standardisation, see
	// standardise.go); 0 when Reference is the published figure itself.
	Published float64 `json:"published,omitempty"`
	// NoReference: there is no published figure to set beside Value (it is
	// shown for information; Reference is 0 and means nothing).
	NoReference bool   `json:"no_reference,omitempty"`
	Unit        string `json:"unit"`
	// Diff is (Value-Reference)/Reference.
	Diff float64 `json:"diff"`
	// Tolerance is the allowed |Diff|; 0 means the figure is shown, not checked.
	// With Points it is the allowed |Value-Reference| in the figure's own
	// unit instead (percentage points, for care quality).
	Tolerance float64 `json:"tolerance,omitempty"`
	Points    bool    `json:"tolerance_in_points,omitempty"`
	// Advisory figures are compared with their tolerance (OK says whether
	// they are within it) but never count as failures, so --strict ignores
	// them; Note says why.
	Advisory bool   `json:"advisory,omitempty"`
	Note     string `json:"note,omitempty"`
	// SE is the standard error of Value from sampling alone.
	SE float64 `json:"se"`
	// OK: within tolerance, or outside it by no more than 3 standard errors
	// (sampling noise could explain the rest). OUT therefore means the
	// figure is outside its tolerance beyond what chance explains.
	OK      bool  `json:"ok"`
	ByNoise bool  `json:"ok_by_noise,omitempty"`
	N       int64 `json:"n"` // people or events behind the value
	// Lift, for comorbidity: the share among people with the index
	// condition over the share among adults without it (1 = independent).
	Lift   float64 `json:"lift,omitempty"`
	Source string  `json:"source,omitempty"`
	// Status of the reference, where the catalogue records it: verified
	// (read in a stored copy of the source) or approx.
	Status string `json:"status,omitempty"`
}

// Report is every figure for one dataset.
type Report struct {
	Dataset  string `json:"dataset"`
	Patients int64  `json:"patients"` // background patients measured
	// CohortPatients were generated for scenario cohorts and are not measured.
	CohortPatients int64  `json:"cohort_patients,omitempty"`
	AsOf           string `json:"as_of"`
	// Population says whom a scenario restricted the ordinary patients to
	// (empty: everyone, like England).
	Population string   `json:"population,omitempty"`
	Figures    []Figure `json:"figures"`
	Summary    Summary  `json:"summary"`
	// Cohorts are the scenario's cohorts, subgroups and personas.
	Cohorts []Cohort `json:"cohorts,omitempty"`
	// Example is an ordinary patient whose record shows the model at work:
	// the lowest patient id among the living aged 50-85 with the most
	// catalogue conditions (at most four counted).
	Example string `json:"example_patient_id,omitempty"`
}

// Failures returns the checked figures outside tolerance.
func (r *Report) Failures() []Figure {
	var out []Figure
	for _, f := range r.Figures {
		if f.checked() && !f.OK {
			out = append(out, f)
		}
	}
	return out
}

// checked reports whether the figure can fail.
func (f *Figure) checked() bool { return f.Tolerance > 0 && !f.Advisory }

func (r *Report) add(f Figure) {
	if f.Reference != 0 {
		f.Diff = (f.Value - f.Reference) / f.Reference
	}
	band := f.Tolerance * math.Abs(f.Reference) // the tolerance in the figure's unit
	if f.Points {
		band = f.Tolerance
	}
	gap := math.Abs(f.Value - f.Reference)
	within := gap <= band
	noise := gap <= band+3*f.SE
	f.OK = f.Tolerance == 0 || within || noise
	f.ByNoise = f.Tolerance > 0 && !within && noise
	r.Figures = append(r.Figures, f)
}

// Tolerances from the realism issue: prevalence within 10%, activity within 15%.
const (
	prevalenceTolerance = 0.10
	activityTolerance   = 0.15
	ageSexTolerance     = 0.10
	mortalityTolerance  = 0.25
	minCheckedCases     = 100 // figures resting on fewer cases are shown, not checked
)

type patientRow struct {
	PatientID string      `parquet:"patient_id"`
	Cohort    string      `parquet:"cohort,optional"`
	Sex       string      `parquet:"sex"`
	BirthDate models.Date `parquet:"birth_date,date"`
	DeathDate models.Date `parquet:"death_date,date,optional"`
}

type conditionRow struct {
	PatientID    string      `parquet:"patient_id"`
	ConditionKey string      `parquet:"condition_key"`
	Chronic      bool        `parquet:"chronic"`
	OnsetDate    models.Date `parquet:"onset_date,date"`
}

type encounterRow struct {
	PatientID       string           `parquet:"patient_id"`
	Setting         string           `parquet:"setting"`
	Class           string           `parquet:"class"`
	StartTime       models.Timestamp `parquet:"start_time,timestamp(microsecond:utc)"`
	AdmissionMethod string           `parquet:"admission_method,optional"`
	PractitionerID  string           `parquet:"practitioner_id,optional"`
}

type person struct {
	male         bool
	birth, death models.Date
	conds        uint64 // bit per catalogue condition
}

// Options say how the dataset was made (from its manifest).
type Options struct {
	AsOf         models.Date
	HistoryYears int
	// HistoryStart, when set, is the first day of the history window (a
	// dataset cut at an as-of date other than its population date); it
	// takes the place of HistoryYears.
	HistoryStart models.Date
	// Overrides are the scenario's whole-population prevalence overrides:
	// the targets move with them.
	Overrides []Override
	// BandOverridden are the conditions a scenario overrides within an age
	// band only: their registers are shown, not checked (the reference
	// curve does not follow band overrides).
	BandOverridden []string
	// Cohorts are the scenario's cohorts, as the manifest lists them.
	Cohorts []CohortInfo
	// Population, when not nil, restricts the ordinary patients' ages or
	// sex: their age/sex structure is compared with it, not with England.
	Population *scenario.Population
}

// Override multiplies or sets a condition's target prevalence.
type Override struct {
	Condition string
	Multiply  *float64
	Set       *float64
}

func applyOverrides(cat *datasets.Catalogue, overrides []Override) {
	for _, o := range overrides {
		for i := range cat.Conditions {
			c := &cat.Conditions[i]
			if c.Key != o.Condition {
				continue
			}
			if o.Multiply != nil {
				c.Target *= *o.Multiply
			}
			if o.Set != nil {
				c.Target = *o.Set
			}
			c.Source = "scenario override of " + c.Source
		}
	}
}

// Compute reads the dataset in dir and builds its report.
func Compute(dir string, opts Options) (*Report, error) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		return nil, err
	}
	if len(cat.Conditions) > 64 {
		return nil, fmt.Errorf("stats: more than 64 conditions")
	}
	condBit := map[string]int{}
	for i, c := range cat.Conditions {
		condBit[c.Key] = i
	}
	people := map[string]*person{}
	var everyone []*person // people in file order: sums over it are the same in every run
	var inCohorts int64
	err = eachRow(dir, models.TablePatients, func(r *patientRow) {
		if r.Cohort != "" { // scenario cohorts are chosen, not sampled: leave them out
			inCohorts++
			return
		}
		p := &person{male: r.Sex == "male", birth: r.BirthDate, death: r.DeathDate}
		people[r.PatientID] = p
		everyone = append(everyone, p)
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(dir, models.TableConditions, func(r *conditionRow) {
		if bit, ok := condBit[r.ConditionKey]; ok && r.Chronic && r.OnsetDate <= opts.AsOf {
			if p := people[r.PatientID]; p != nil {
				p.conds |= 1 << bit
			}
		}
	})
	if err != nil {
		return nil, err
	}
	applyOverrides(cat, opts.Overrides)
	rep := &Report{Dataset: dir, Patients: int64(len(people)), CohortPatients: inCohorts, AsOf: opts.AsOf.String()}
	if opts.Population != nil && opts.Population.Restricted() {
		rep.Population = describePopulation(opts.Population)
	}
	alive := make([]*person, 0, len(people))
	for _, p := range everyone {
		if p.death == models.NoDate {
			alive = append(alive, p)
		}
	}
	curves := referenceCurves(cat)
	ageSexFigures(rep, alive, opts)
	prevalenceFigures(rep, cat, curves, alive, opts)
	prevalenceByAgeFigures(rep, cat, curves, alive, opts.AsOf)
	comorbidityFigures(rep, cat, alive, opts.AsOf)
	if err := activityFigures(rep, cat, curves, dir, people, everyone, opts); err != nil {
		return nil, err
	}
	if err := presentationFigures(rep, cat, dir, people, everyone, opts); err != nil {
		return nil, err
	}
	if err := aeCaseMixFigures(rep, cat, dir, people, opts); err != nil {
		return nil, err
	}
	mortalityFigures(rep, everyone, opts)
	if err := careQualityFigures(rep, cat, dir, people, condBit, opts.AsOf); err != nil {
		return nil, err
	}
	// A dataset written before these tables existed has no figures for them.
	if hasTable(dir, models.TableImmunisations) {
		if err := immunisationFigures(rep, dir, people, opts.AsOf); err != nil {
			return nil, err
		}
	}
	if hasTable(dir, models.TableAllergies) {
		if err := allergyFigures(rep, dir, people, opts.AsOf); err != nil {
			return nil, err
		}
	}
	if hasTable(dir, models.TableRegistrations) {
		if err := registrationFigures(rep, dir, people, opts.AsOf); err != nil {
			return nil, err
		}
	}
	if hasTable(dir, models.TablePractitioners) {
		if err := practiceContactFigures(rep, dir, people, opts.AsOf); err != nil {
			return nil, err
		}
	}
	rep.Example = examplePatient(people, opts.AsOf)
	rep.Summary = rep.Summarise()
	if rep.Cohorts, err = cohortSummaries(dir, opts.Cohorts, opts.AsOf); err != nil {
		return nil, err
	}
	return rep, nil
}

func ageAt(p *person, d models.Date) int { return models.YearsBetween(p.birth, d) }

// ageSexFigures compares the living population's share in each 10-year band
// and sex with ONS mid-2023, or, for a scenario that restricts ages or sex,
// with the ONS population within that restriction (weighted by its custom
// age bands, when it has them), the distribution its patients are drawn from.
func ageSexFigures(rep *Report, alive []*person, opts Options) {
	const bands = 10 // 0-9 ... 80-89, 90+
	weights, source := [2][]float64(onsMix()), "ONS mid-2023 England"
	if pop := opts.Population; pop != nil && pop.Restricted() {
		weights = pop.AgeSexWeights(weights)
		source = "ONS mid-2023 England within the scenario population (" + describePopulation(pop) + ")"
	}
	var ref [2][bands]float64
	var refTotal float64
	for s := range weights {
		for age, n := range weights[s] {
			ref[s][min(age/10, bands-1)] += n
			refTotal += n
		}
	}
	var got [2][bands]int64
	for _, p := range alive {
		s := 0
		if p.male {
			s = 1
		}
		got[s][min(ageAt(p, opts.AsOf)/10, bands-1)]++
	}
	for s, sex := range []string{"female", "male"} {
		for b := 0; b < bands; b++ {
			if ref[s][b] == 0 && got[s][b] == 0 {
				continue // outside the population
			}
			name := fmt.Sprintf("%s %d-%d", sex, b*10, b*10+9)
			if b == bands-1 {
				name = sex + " 90+"
			}
			rep.add(Figure{Group: "population", Name: name, Unit: "%",
				Value:     100 * float64(got[s][b]) / float64(max(len(alive), 1)),
				SE:        percentSE(got[s][b], int64(len(alive))),
				Reference: 100 * ref[s][b] / refTotal, N: got[s][b],
				Tolerance: tolIf(got[s][b], ageSexTolerance), Source: source})
		}
	}
}

// describePopulation says in a few words whom a scenario population holds.
func describePopulation(pop *scenario.Population) string {
	var parts []string
	switch {
	case pop.AgeMax > 0:
		parts = append(parts, fmt.Sprintf("ages %d-%d", pop.AgeMin, pop.AgeMax))
	case pop.AgeMin > 0:
		parts = append(parts, fmt.Sprintf("ages %d+", pop.AgeMin))
	}
	if pop.Sex != "" {
		parts = append(parts, pop.Sex)
	}
	if len(pop.AgeBands) > 0 {
		parts = append(parts, fmt.Sprintf("%d custom age bands", len(pop.AgeBands)))
	}
	return strings.Join(parts, ", ")
}

// percentSE is the standard error, in percent, of a proportion of num in den.
func percentSE(num, den int64) float64 {
	if den == 0 {
		return 0
	}
	p := float64(num) / float64(den)
	return 100 * math.Sqrt(p*(1-p)/float64(den))
}

func tolIf(n int64, tol float64) float64 {
	if n < minCheckedCases {
		return 0
	}
	return tol
}

// prevalenceFigures compares each QOF register's recorded prevalence among
// the living, over the register's ages, with the published figure moved to
// the population's age/sex mix (see standardise.go).
func prevalenceFigures(rep *Report, cat *datasets.Catalogue, curves [][2][]float64, alive []*person, opts Options) {
	asOf := opts.AsOf
	banded := map[string]bool{}
	for _, k := range opts.BandOverridden {
		banded[k] = true
	}
	type register struct {
		code, name, denom, source string
		minAge                    int
		bits                      uint64
		excluded                  uint64 // conditions that rule its own out (catalogue excludes)
		conds                     []int
		target                    float64
		banded                    bool
	}
	var order []string
	regs := map[string]*register{}
	condBit := map[string]int{}
	for i, c := range cat.Conditions {
		condBit[c.Key] = i
	}
	for i, c := range cat.Conditions {
		if c.FromHealthCheck {
			continue // no register and no prevalence to measure: a health check brings it
		}
		r := regs[c.Register]
		if r == nil {
			r = &register{code: c.Register, name: c.Name, minAge: c.RegisterMinAge, denom: c.TargetDenominator, source: c.Source}
			regs[c.Register] = r
			order = append(order, c.Register)
		} else {
			r.name = c.Register + " register"
			r.source += "; " + c.Source
		}
		r.bits |= 1 << i
		for _, x := range c.Excludes {
			r.excluded |= 1 << condBit[x]
		}
		r.conds = append(r.conds, i)
		r.banded = r.banded || banded[c.Key]
		r.target += c.Target // conditions sharing a register exclude each other
	}
	sort.Strings(order)
	for _, r := range regs {
		r.excluded &^= r.bits // (type 2 diabetes rules out type 1: both are the DM register)
	}
	mix, ons := livingMix(alive, asOf), onsMix()
	for _, code := range order {
		r := regs[code]
		var den, num int64
		for _, p := range alive {
			age := ageAt(p, asOf)
			if r.denom == "all" || age >= r.minAge {
				den++
			}
			// QOF's NDH register leaves out people with diabetes: the
			// hyperglycaemia that came before it (fifteenth review)
			if age >= r.minAge && p.conds&r.bits != 0 && p.conds&r.excluded == 0 {
				num++
			}
		}
		ages := fmt.Sprintf("%d+", r.minAge)
		if r.denom == "all" || r.minAge == 0 {
			ages = "all ages"
		}
		pattern := func(s, age int) float64 {
			if age < r.minAge {
				return 0
			}
			v := 0.0
			for _, ci := range r.conds {
				v += curves[ci][s][age]
			}
			return v
		}
		inDenominator := func(age int) bool { return r.denom == "all" || age >= r.minAge }
		label := ages // a condition with no QOF register (reflux) shows its ages alone
		if code != "" {
			label = code + ", " + ages
		}
		f := Figure{Group: "prevalence", Name: fmt.Sprintf("%s (%s)", r.name, label), Unit: "%",
			Value: 100 * float64(num) / float64(max(den, 1)), SE: percentSE(num, den), N: num,
			Tolerance: tolIf(num, prevalenceTolerance), Source: r.source}
		f.setExpected(r.target, standardise(r.target, pattern, inDenominator, mix, ons))
		if r.banded {
			f.Advisory, f.Note = true, "shown, not checked: the scenario overrides this condition within an age band, which the reference does not follow"
		}
		rep.add(f)
	}
}

// setExpected sets the reference to the standardised expectation, keeping
// the published figure beside it when the two differ by more than 1%.
func (f *Figure) setExpected(published, expected float64) {
	f.Reference = expected
	if published != 0 && math.Abs(expected/published-1) > 0.01 {
		f.Published = published
	}
}

// examplePatient picks Report.Example.
func examplePatient(people map[string]*person, asOf models.Date) string {
	best, bestN := "", 0
	for id, p := range people {
		if a := ageAt(p, asOf); p.death != models.NoDate || a < 50 || a > 85 {
			continue
		}
		n := min(bits.OnesCount64(p.conds), 4)
		if n > bestN || (n == bestN && n > 0 && id < best) {
			best, bestN = id, n
		}
	}
	return best
}
