package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
)

// Rule is a rule ready to run.
type Rule struct {
	datasets.Rule
	unit string // what the rule counts: prescriptions, patients, encounters, readings
	eval evalFunc
}

// evalFunc checks one patient, reporting through the tally.
type evalFunc func(v *view, t *tally)

// kind is one generic rule shape: the parameters it reads and how it turns
// them into an evaluator.
type kind struct {
	unit     string
	required []string
	optional []string
	compile  func(x *index, r *datasets.Rule) (evalFunc, error)
}

// kinds is every kind a rule may name. docs/audit.md describes each.
var kinds map[string]kind

func init() {
	kinds = map[string]kind{
		"drug_when_observation":           {"prescriptions", []string{"drug", "observation"}, []string{"age", "started", "same_day", "raised", "unless"}, compileDrugWhenObservation},
		"drug_with_condition":             {"prescriptions", []string{"drug", "condition", "mode"}, []string{"grace_days", "within_days", "started"}, compileDrugWithCondition},
		"drug_age":                        {"prescriptions", []string{"drug", "age"}, []string{"unless", "started", "sex"}, compileDrugAge},
		"drug_duration":                   {"prescriptions", []string{"drug", "within_days"}, []string{"condition", "to_last_contact"}, compileDrugDuration},
		"concurrent_drugs":                {"patients", []string{"drugs"}, nil, compileConcurrentDrugs},
		"concurrent_conditions":           {"patients", []string{"conditions"}, nil, compileConcurrentConditions},
		"observation_pair":                {"readings", []string{"pair"}, []string{"drug"}, compileObservationPair},
		"observation_repeat":              {"readings", []string{"observation", "condition"}, nil, compileObservationRepeat},
		"condition_vs_observation":        {"patients", []string{"condition", "observation", "mode"}, []string{"grace_days"}, compileConditionVsObservation},
		"encounter_reason":                {"encounters", []string{"settings"}, []string{"observations"}, compileEncounterReason},
		"encounter_during_admission":      {"encounters", []string{"settings"}, nil, compileEncounterDuringAdmission},
		"encounter_outside_hours":         {"encounters", []string{"settings", "classes"}, []string{"hours", "working_days"}, compileEncounterOutsideHours},
		"encounter_for_condition":         {"encounters", []string{"condition", "settings"}, []string{"admission_methods", "encounter_types", "age"}, compileEncounterForCondition},
		"encounter_without_drug":          {"encounters", []string{"condition", "settings", "drug"}, []string{"age"}, compileEncounterWithoutDrug},
		"encounter_without_observation":   {"encounters", []string{"condition", "settings"}, []string{"observations", "encounter_types", "within_days", "age", "any_onset"}, compileEncounterWithoutObservation},
		"registration_order":              {"patients", []string{"settings"}, nil, compileRegistrationOrder},
		"encounter_before_window":         {"encounters", []string{"settings"}, nil, compileEncounterBeforeWindow},
		"prescription_encounter_window":   {"prescriptions", nil, nil, compilePrescriptionEncounterWindow},
		"death_cause":                     {"patients", nil, nil, compileDeathCause},
		"events_after_death":              {"patients", nil, nil, compileEventsAfterDeath},
		"condition_observation":           {"patients", []string{"condition", "observation"}, []string{"population_age", "where", "unless", "unless_recorded"}, compileConditionObservation},
		"condition_without_drug":          {"patients", []string{"condition", "drug"}, []string{"population_age", "where", "score", "on", "unless", "unless_recorded", "events", "diagnosed_days", "recorded_within_days"}, compileConditionWithoutDrug},
		"drug_after_condition":            {"patients", []string{"condition", "drug", "within_days"}, []string{"age", "observation", "unless_recorded"}, compileDrugAfterCondition},
		"drug_after_observation":          {"patients", []string{"where", "drug", "within_days"}, []string{"population_age", "unless", "unless_recorded"}, compileDrugAfterObservation},
		"first_drug":                      {"patients", []string{"drugs", "condition"}, nil, compileFirstDrug},
		"drug_after_allergy":              {"prescriptions", []string{"drug", "allergy"}, nil, compileDrugAfterAllergy},
		"drug_after_recorded":             {"prescriptions", []string{"drug", "recorded"}, []string{"observation"}, compileDrugAfterRecorded},
		"recorded_beside_drug":            {"observations", []string{"drug", "recorded"}, nil, compileRecordedBesideDrug},
		"recorded_beside_dose":            {"observations", []string{"programmes", "recorded", "within_days"}, nil, compileRecordedBesideDose},
		"first_contact":                   {"conditions", []string{"condition", "settings"}, nil, compileFirstContact},
		"encounter_after_condition":       {"patients", []string{"condition", "settings"}, []string{"admission_methods", "encounter_types"}, compileEncounterAfterCondition},
		"elective_without_referral":       {"admissions", []string{"condition", "within_days"}, nil, compileElectiveWithoutReferral},
		"cause_of_death":                  {"patients", []string{"causes"}, []string{"age", "condition", "mode", "observation"}, compileCauseOfDeath},
		"drug_without_drug":               {"prescriptions", []string{"drugs"}, []string{"unless", "unless_recorded", "age", "started", "sex"}, compileDrugWithoutDrug},
		"drug_with_drug":                  {"prescriptions", []string{"drugs"}, []string{"age", "started", "observation"}, compileDrugWithDrug},
		"observation_eligibility":         {"observations", []string{"observation"}, []string{"age", "sex"}, compileObservationEligibility},
		"observation_by_role":             {"observations", []string{"observation", "roles"}, nil, compileObservationByRole},
		"observation_in_setting":          {"observations", []string{"observation", "settings"}, nil, compileObservationInSetting},
		"observation_result":              {"observations", []string{"observation"}, []string{"condition", "mode", "recorded", "within_days", "where"}, compileObservationResult},
		"observation_without_observation": {"observations", []string{"observations", "within_days"}, []string{"preceded_by", "followed_by", "condition", "observation"}, compileObservationWithoutObservation},
		"observation_not_followed":        {"readings", []string{"observation", "followed_by", "within_days"}, []string{"drug"}, compileObservationNotFollowed},
		"reading_not_acted_on":            {"readings", []string{"observation", "condition", "conditions", "drug", "followed_by", "settings", "within_days"}, []string{"unless", "unless_recorded", "age", "on"}, compileReadingNotActedOn},
		"observation_not_investigated":    {"readings", []string{"observation", "followed_by", "within_days", "settings"}, []string{"drug"}, compileObservationNotInvestigated},
		"reading_not_admitted":            {"readings", []string{"observation", "settings", "within_days"}, []string{"condition", "admitted_to", "age_days"}, compileReadingNotAdmitted},
		"diagnosed_in":                    {"conditions", []string{"condition", "settings"}, []string{"admission_methods", "age_days", "classes"}, compileDiagnosedIn},
		"observation_after_condition":     {"episodes", []string{"condition", "observation", "within_days"}, []string{"age", "age_days", "admission_methods", "from_date", "settings", "stays_extend"}, compileObservationAfterCondition},
		"encounter_without_contact":       {"encounters", []string{"settings", "contact_settings"}, []string{"admission_methods", "within_hours"}, compileEncounterWithoutContact},
		"observation_before_death":        {"patients", []string{"condition", "observations", "within_days"}, []string{"settings"}, compileObservationBeforeDeath},
		"death_without_contact":           {"patients", []string{"causes", "within_days"}, nil, compileDeathWithoutContact},
		"drug_at_death":                   {"patients", []string{"condition", "drug"}, nil, compileDrugAtDeath},
		"immunisation_interval":           {"immunisations", []string{"programmes", "within_days"}, nil, compileImmunisationInterval},
		"immunisation_point":              {"schedule points", []string{"programmes", "point_days", "within_days", "by_age_days", "observation"}, []string{"from_date"}, compileImmunisationPoint},
		"drug_stopped_before_death":       {"patients", []string{"condition", "drug", "observation", "within_days"}, nil, compileDrugStoppedBeforeDeath},
		"contact_on_death_day":            {"patients", []string{"settings", "observations"}, []string{"within_days"}, compileContactOnDeathDay},
	}
}

// Kinds returns the names of the rule kinds, sorted.
func Kinds() []string {
	var out []string
	for k := range kinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// compile prepares rules to run (see New).
func compile(set *datasets.RuleSet) ([]*Rule, *index, error) {
	x := newIndex()
	var out []*Rule
	for i := range set.Rules {
		r := set.Rules[i]
		k, ok := kinds[r.Kind]
		if !ok {
			return nil, nil, fmt.Errorf("rule %s: unknown kind %q (kinds: %s)", r.ID, r.Kind, strings.Join(Kinds(), ", "))
		}
		for _, p := range r.Params {
			if !slices.Contains(k.required, p) && !slices.Contains(k.optional, p) {
				return nil, nil, fmt.Errorf("rule %s: kind %s does not read %q (it reads %s)", r.ID, r.Kind, p,
					strings.Join(append(slices.Clone(k.required), k.optional...), ", "))
			}
		}
		for _, p := range k.required {
			if !slices.Contains(r.Params, p) {
				return nil, nil, fmt.Errorf("rule %s: kind %s needs %q", r.ID, r.Kind, p)
			}
		}
		eval, err := k.compile(x, &r)
		if err != nil {
			return nil, nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		out = append(out, &Rule{Rule: r, unit: k.unit, eval: eval})
	}
	return out, x, nil
}

// Load compiles the embedded rules (datasets/rules.yaml), returning the
// loader's warnings.
func Load() (*Rules, []string, error) {
	set, warnings, err := datasets.Rules()
	if err != nil {
		return nil, nil, err
	}
	rs, err := New(set)
	return rs, warnings, err
}

// Rules is a compiled rule set with the lookups its rules share.
type Rules struct {
	List []*Rule
	x    *index
}

// New compiles a rule set. A rule with an unknown kind, a parameter its
// kind does not read, a missing parameter, or parameters that make no
// sense for the kind is an error naming the rule.
func New(set *datasets.RuleSet) (*Rules, error) {
	list, x, err := compile(set)
	if err != nil {
		return nil, err
	}
	return &Rules{List: list, x: x}, nil
}

// Select keeps the rules with the given ids, in file order; an unknown id
// is an error. No ids keeps every rule.
func (rs *Rules) Select(ids []string) (*Rules, error) {
	if len(ids) == 0 {
		return rs, nil
	}
	out := &Rules{x: rs.x}
	for _, id := range ids {
		if !slices.ContainsFunc(rs.List, func(r *Rule) bool { return r.ID == id }) {
			return nil, fmt.Errorf("no rule %q (cohortgen audit --list shows them)", id)
		}
	}
	for _, r := range rs.List {
		if slices.Contains(ids, r.ID) {
			out.List = append(out.List, r)
		}
	}
	return out, nil
}

// mode reads a with/without parameter.
func mode(r *datasets.Rule) (with bool, err error) {
	switch r.Mode {
	case "with":
		return true, nil
	case "without":
		return false, nil
	}
	return false, fmt.Errorf("mode %q: want with or without", r.Mode)
}

// optionalAge checks a rule's optional age range: when given, it needs a
// bound (below, at_least, ...).
func optionalAge(r *datasets.Rule) error {
	if r.Age != nil && !r.Age.Set() {
		return fmt.Errorf("age needs a bound (below, at_least, ...)")
	}
	return nil
}
