package datasets

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed rules.yaml
var rulesYAML []byte

// RuleSet is the clinical rules `cohortgen audit` checks (rules.yaml): each
// rule names a generic kind implemented in the audit package and gives that
// kind its parameters, so a clinician adds a rule by writing data.
type RuleSet struct {
	// PendingClasses are medicine classes a rule may name before any
	// medicine in medicine_classes.csv belongs to them (insulin, until an
	// insulin product is added). Such a class matches no prescription, and
	// loading warns about every rule that names it.
	PendingClasses []PendingClass `yaml:"pending_classes"`
	Rules          []Rule         `yaml:"rules"`
}

// PendingClass is a class declared ahead of its medicines.
type PendingClass struct {
	Class string `yaml:"class"`
	Note  string `yaml:"note"`
}

// Rule is one clinical rule. ID, Title, Kind, Severity and Source are always
// required; the remaining fields are the parameters of the kind, and each
// kind accepts only its own (the audit package checks which).
type Rule struct {
	ID       string         `yaml:"id"`
	Title    string         `yaml:"title"`
	Kind     string         `yaml:"kind"`
	Severity string         `yaml:"severity"` // hard | audit
	Source   RuleSource     `yaml:"source"`
	Ref      *RuleReference `yaml:"reference"` // audit rules only: a published rate
	Note     string         `yaml:"note"`

	Drug  *DrugSet  `yaml:"drug"`
	Drugs []DrugSet `yaml:"drugs"`
	// On narrows a register to people with a prescription of this set
	// active on the as-of date (atorvastatin 80 mg: the highest dose).
	On         *DrugSet       `yaml:"on"`
	Condition  *ConditionSet  `yaml:"condition"`
	Conditions []ConditionSet `yaml:"conditions"`
	Unless     *ConditionSet  `yaml:"unless"`
	// UnlessRecorded lists SNOMED CT codes (an observation's code or coded
	// value) whose record on or before the as-of date excuses the patient:
	// a coded reason for no treatment (anticoagulation declined).
	UnlessRecorded []string `yaml:"unless_recorded"`
	// Recorded lists SNOMED CT codes (an observation's code or coded value)
	// that bar the drug set from the day they are on the record
	// (drug_after_recorded: "ACE inhibitors contraindicated").
	Recorded    []string         `yaml:"recorded"`
	Events      *EventCount      `yaml:"events"`
	Allergy     *AllergySet      `yaml:"allergy"`
	Observation *ObservationTest `yaml:"observation"`
	// Observations and PrecededBy are observation_codes.csv keys for
	// observation_without_observation: each observation of the first list
	// must have one of the second recorded within WithinDays before it (a
	// suspected-cancer referral and its presenting symptom).
	Observations []string `yaml:"observations"`
	PrecededBy   []string `yaml:"preceded_by"`
	// FollowedBy (observation_not_followed): observation_codes.csv keys,
	// one of which answers a second abnormal reading in a row within
	// WithinDays after it (a blood film after two low white cell counts).
	FollowedBy []string         `yaml:"followed_by"`
	Where      *ObservationTest `yaml:"where"`
	// Score narrows a register to people whose risk score (catalogue
	// scores), added up from the record on the as-of date, is in range.
	Score *ScoreTest       `yaml:"score"`
	Pair  *ObservationPair `yaml:"pair"`
	Age   *Range           `yaml:"age"`
	// AgeDays narrows diagnosed_in and observation_after_condition to
	// problems that began at an age in days in the range (a neonate's cold:
	// below 28; a UTI under 3 months: below 90), and reading_not_admitted
	// to readings at such an age (a baby's temperature, h70a).
	AgeDays       *Range `yaml:"age_days"`
	PopulationAge *Range `yaml:"population_age"`
	// DiagnosedDays, above 0, narrows a condition_without_drug register to
	// people whose condition began at least that many days before the
	// as-of date: the hospital's diagnosis whose treatment starts at the
	// GP review after discharge (heart failure found at a heart attack).
	DiagnosedDays int `yaml:"diagnosed_days"`
	// RecordedWithinDays, above 0, lets a condition_without_drug
	// unless_recorded code excuse only when recorded in that many days up
	// to the as-of date: a decline that stands for a year, to be discussed
	// again at the next yearly review (anticoagulation in AF; h61c).
	RecordedWithinDays int `yaml:"recorded_within_days"`
	// Sex narrows observation_eligibility to a programme's sex (female,
	// male): an observation recorded for the other fails.
	Sex string `yaml:"sex"`
	// Started narrows drug_when_observation, drug_age, drug_with_drug and
	// drug_with_condition (mode since) to the issues that start the drug:
	// none of the set was active in the 28 days before (a later repeat
	// continues a course; seventeenth and nineteenth reviews, session 55).
	Started bool `yaml:"started"`
	// SameDay (drug_when_observation with started): the sample taken at
	// the visit that starts the drug is read too, as the prescriber reads
	// the review's own bloods (h58c).
	SameDay bool `yaml:"same_day"`
	// ToLastContact (drug_duration): a prescription with no end runs to
	// the patient's last contact in the record, not on for ever: a repeat
	// still in force is judged by how long it has gone unreviewed (brief
	// h68a; the record holds no date of leaving the practice).
	ToLastContact bool `yaml:"to_last_contact"`
	// Raised (drug_when_observation) narrows it to the issues that raise
	// the dose: the drug set's products listed from the lowest dose up,
	// the issue of the set before it (running to within 28 days of its
	// start) of a product listed earlier; judged on the readings up to its
	// day, the review's own included (a beta-blocker titrated at a pulse
	// under 60; h59b).
	Raised   bool     `yaml:"raised"`
	Settings []string `yaml:"settings"`
	// Roles are practitioner roles (workforce.yaml staff roles) for
	// observation_by_role: who must have recorded the observation.
	Roles []string `yaml:"roles"`
	// AdmissionMethods narrows encounters to NHS admission method codes
	// (11: elective from a waiting list); EncounterTypes to SNOMED CT
	// encounter types (390906007: a chronic condition review).
	AdmissionMethods []string `yaml:"admission_methods"`
	EncounterTypes   []string `yaml:"encounter_types"`
	// ContactSettings are the settings of the contact an encounter must
	// follow on its day (encounter_without_contact: the practice contact
	// before an admission a GP arranged).
	ContactSettings []string `yaml:"contact_settings"`
	// AdmittedTo are the settings whose encounter answers a reading for
	// reading_not_admitted (default inpatient): [ae, inpatient] for a
	// potassium of 6.5 or more sent in the same day (h69e).
	AdmittedTo []string `yaml:"admitted_to"`
	// WithinHours, when set, asks for the contact in the hours before the
	// encounter rather than on its day (the A&E attendance before an
	// admission through A&E may begin the evening before).
	WithinHours int `yaml:"within_hours"`
	// Classes narrow encounter_outside_hours (and diagnosed_in: VR, a
	// problem diagnosed by telephone, h66d) to encounter classes (FHIR
	// v3-ActCode: HH, a contact where the patient lives) and Hours are the
	// local (UK) hours of the day the encounter must start in (a GP home
	// visit from 08:00 to before 19:00; h60f).
	Classes []string `yaml:"classes"`
	Hours   *Range   `yaml:"hours"`
	// WorkingDays (encounter_outside_hours) also fails an encounter on a
	// day the practice is closed: a weekend or an English bank holiday.
	WorkingDays bool `yaml:"working_days"`
	// Causes are ICD-10 codes (or their leading characters, K70 for every
	// alcoholic liver disease) of the underlying cause of death.
	Causes []string `yaml:"causes"`
	// Programmes narrow immunisation_interval to the immunisations of
	// these programmes (the childhood schedule; h61a).
	Programmes []string `yaml:"programmes"`
	// PointDays (immunisation_point): the due ages in days of the
	// schedule's points (8 weeks: 56), each of which needs a dose or a
	// coded reason within WithinDays, checked for a child whose record
	// reaches ByAgeDays (5 years: 1826; h69a).
	PointDays []int `yaml:"point_days"`
	ByAgeDays int   `yaml:"by_age_days"`
	// AnyOnset (encounter_without_observation): count encounters about a
	// problem whatever its onset, not only one diagnosed before the day (an
	// A&E attendance's triage observations, for the problem it diagnoses
	// too; h56c).
	AnyOnset bool `yaml:"any_onset"`
	// FromDate (YYYY-MM-DD; observation_after_condition): count only
	// episodes that began on or after it, the care asked for having come
	// into use then (the symptomatic FIT from NICE DG30, July 2017; h59e).
	FromDate string `yaml:"from_date"`
	// StaysExtend (observation_after_condition): a stay in hospital that
	// begins inside the window lengthens it by the stay's days (bloods
	// asked for by telephone are taken at the practice after discharge;
	// hospital bloods are not modelled; stop 67).
	StaysExtend bool   `yaml:"stays_extend"`
	Mode        string `yaml:"mode"`
	WithinDays  int    `yaml:"within_days"`
	GraceDays   int    `yaml:"grace_days"`

	// Params lists the parameter fields the rule sets, in file order, so
	// that a kind can refuse parameters it would silently ignore.
	Params []string `yaml:"-"`
}

// RuleSource is where a rule comes from: the guideline, formulary or
// indicator, what it says, and whether that was read in a stored copy of
// the source ("verified") or is recalled or read second-hand ("approx").
type RuleSource struct {
	Ref    string `yaml:"ref" json:"ref"`
	Says   string `yaml:"says" json:"says"`
	Status string `yaml:"status" json:"status"`
}

// RuleReference is a published rate to compare an audit rule's rate with,
// as a percentage of the rule's denominator.
type RuleReference struct {
	Percent float64 `yaml:"percent" json:"percent"`
	Source  string  `yaml:"source" json:"source"`
	Status  string  `yaml:"status" json:"status"`
}

// Range is a test on a number: every bound given must hold. Below and Above
// are strict; AtMost and AtLeast include the bound.
type Range struct {
	Below   *float64 `yaml:"below"`
	AtMost  *float64 `yaml:"at_most"`
	Above   *float64 `yaml:"above"`
	AtLeast *float64 `yaml:"at_least"`
}

// DrugSet selects prescriptions: by medicine key, by class, or by dm+d
// product, optionally narrowed to dose forms. With none of the first three,
// the forms alone select. Count is how many distinct medicines of the set a
// concurrent_drugs rule needs at once (default 1). Doses narrows the set
// to prescriptions with one of these dose instructions (a dose that is two
// tablets of a product, as citalopram 40 mg is here; eighteenth review).
type DrugSet struct {
	Medicines []string `yaml:"medicines"`
	Classes   []string `yaml:"classes"`
	Products  []string `yaml:"products"`
	Forms     []string `yaml:"forms"`
	Doses     []string `yaml:"doses"`
	Count     int      `yaml:"count"`
}

// ConditionSet selects conditions by catalogue key, optionally narrowed to
// SNOMED codes (e.g. one CKD stage). Count is how many distinct codes a
// concurrent_conditions rule needs at once (default 1).
type ConditionSet struct {
	Keys  []string `yaml:"keys"`
	Codes []string `yaml:"codes"`
	Count int      `yaml:"count"`
}

// AllergySet selects allergy-list entries by their allergies.yaml key.
type AllergySet struct {
	Keys []string `yaml:"keys"`
}

// EventCount narrows a register to people with at least AtLeast episodes
// of the Condition set (COPD exacerbations) beginning in the WithinDays
// that end BeforeDays before the as-of date (time for the practice to act
// on them; nineteenth review).
type EventCount struct {
	Condition  ConditionSet `yaml:"condition"`
	AtLeast    int          `yaml:"at_least"`
	WithinDays int          `yaml:"within_days"`
	BeforeDays int          `yaml:"before_days"`
}

// ObservationTest tests readings of one observation (a key of
// observation_codes.csv). The Range tests the value; Value instead tests a
// coded finding (e.g. never_smoked). WithinDays bounds how old the reading
// may be; OrMissing makes "no reading" count as meeting the test; ForDays
// and MinReadings ask for a run of consecutive readings that all meet it.
type ObservationTest struct {
	Key string `yaml:"key"`
	// Keys are more observations the test stands for, read as Key is
	// (observation_eligibility only: the three frailty categories).
	Keys        []string `yaml:"keys"`
	Range       `yaml:",inline"`
	Value       string `yaml:"value"`
	WithinDays  int    `yaml:"within_days"`
	OrMissing   bool   `yaml:"or_missing"`
	ForDays     int    `yaml:"for_days"`
	MinReadings int    `yaml:"min_readings"`
	// ConfirmAtLeast (observation_repeat only; h71f): a reading within
	// WithinDays of one at this level or more is its confirming repeat,
	// excused (an HbA1c of 48 or more repeated weeks later, WHO 2011).
	ConfirmAtLeast float64 `yaml:"confirm_at_least"`
	// Otherwise (where only; h60d) is read when the latest sample has no
	// reading of Key: its own key and range (the non-HDL cholesterol where
	// the laboratory withheld the LDL).
	Otherwise *ObservationTest `yaml:"otherwise"`
}

// ObservationPair tests two observations recorded at the same instant: the
// rule holds when First minus Second falls in Difference.
type ObservationPair struct {
	First      string `yaml:"first"`
	Second     string `yaml:"second"`
	Difference Range  `yaml:"difference"`
	// Less takes each reading of the same instant, times its share, off
	// the difference (a lipid profile: total - LDL - HDL - TG/2.2); a pair
	// without all of them is not counted.
	Less []LessPart `yaml:"less"`
	// Beyond, in place of Difference: the rule holds when the difference
	// is further than Beyond from 0 (either side; rounding allowed for).
	Beyond *float64 `yaml:"beyond"`
	// FirstValue narrows the pairs to those whose first reading is in the
	// range; alone, without Difference or Beyond, every pair counts and
	// the rule holds for those whose first reading is in the range (an
	// LDL calculated at triglycerides above 4.5).
	FirstValue Range `yaml:"first_value"`
}

// Set reports whether the range has any bound.
func (r Range) Set() bool {
	return r.Below != nil || r.AtMost != nil || r.Above != nil || r.AtLeast != nil
}

// Holds reports whether x meets every bound of the range.
func (r Range) Holds(x float64) bool {
	return (r.Below == nil || x < *r.Below) && (r.AtMost == nil || x <= *r.AtMost) &&
		(r.Above == nil || x > *r.Above) && (r.AtLeast == nil || x >= *r.AtLeast)
}

// String writes the range the way a clinician reads it, e.g. "< 30" or
// ">= 15 and < 50".
func (r Range) String() string {
	var parts []string
	for _, b := range []struct {
		op string
		v  *float64
	}{{">", r.Above}, {">=", r.AtLeast}, {"<", r.Below}, {"<=", r.AtMost}} {
		if b.v != nil {
			parts = append(parts, fmt.Sprintf("%s %g", b.op, *b.v))
		}
	}
	return strings.Join(parts, " and ")
}

// ruleFields are the YAML keys of Rule that are not parameters.
var ruleFields = map[string]bool{"id": true, "title": true, "kind": true, "severity": true,
	"source": true, "reference": true, "note": true}

// ParseRules parses and checks a rules document: unknown fields, missing
// sources, and names that resolve to no medicine, class, product,
// observation or condition are errors. Warnings name rules that use a
// pending class, and pending classes that have since gained medicines.
func ParseRules(doc []byte) (set *RuleSet, warnings []string, err error) {
	set = &RuleSet{}
	if err := decodeStrict(doc, set); err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	// A second, untyped pass records which parameters each rule sets.
	var raw struct {
		Rules []yaml.Node `yaml:"rules"`
	}
	if err := yaml.Unmarshal(doc, &raw); err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	for i := range set.Rules {
		node := raw.Rules[i]
		for k := 0; k+1 < len(node.Content); k += 2 {
			if key := node.Content[k].Value; !ruleFields[key] {
				set.Rules[i].Params = append(set.Rules[i].Params, key)
			}
		}
	}
	warnings, err = set.check()
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	return set, warnings, nil
}

type parsedRules struct {
	set      *RuleSet
	warnings []string
	err      error
}

var loadRules = sync.OnceValue(func() parsedRules {
	set, w, err := ParseRules(rulesYAML)
	return parsedRules{set, w, err}
})

// Rules returns the embedded rule set (rules.yaml) and its load warnings.
// The rules are shared: callers must not modify them.
func Rules() (*RuleSet, []string, error) {
	r := loadRules()
	return r.set, r.warnings, r.err
}
