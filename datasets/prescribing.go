package datasets

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"sync"
)

//go:embed prescribing.yaml
var prescribingYAML []byte

// Prescribing is the safe-prescribing knowledge the generator applies (see
// prescribing.yaml): one drug per exclusive class, class replacements, renal
// limits and contraindications.
type Prescribing struct {
	ExclusiveClasses  []ClassRule        `yaml:"exclusive_classes"`
	Replaces          []ReplaceRule      `yaml:"replaces"`
	Renal             []RenalRule        `yaml:"renal"`
	ClassLimits       []ClassLimit       `yaml:"class_limits"` // classlimits.go
	Contraindications []Contraindication `yaml:"contraindications"`
	AfterEvent        []AfterEvent       `yaml:"after_event"`
	Companions        []Companion        `yaml:"companions"`
	StartCover        []StartCover       `yaml:"start_cover"` // startcover.go
	Monitoring        []Monitoring       `yaml:"monitoring"`
	StartTests        []StartTest        `yaml:"start_tests"` // starttests.go
	TriedFirst        []TriedFirst       `yaml:"tried_first"` // triedfirst.go
	// ContraceptionEligibility: the UKMEC criteria a habit, a reading or a
	// cancer site decides, for every hormone course: contraception and HRT
	// (hormonecourse.go in the generator).
	ContraceptionEligibility []EligibilityRule `yaml:"contraception_eligibility"`
	Repeats                  Repeats           `yaml:"repeats"`
	StateEffects             []StateEffect     `yaml:"state_effects"`
	ResultStops              []ResultStop      `yaml:"result_stops"`
	SlowHeart                []SlowHeartRule   `yaml:"slow_heart"`
	SlowHeartWorkUp          *SlowHeartWorkUp  `yaml:"slow_heart_workup"`
	SlowHeartAtAE            *SlowHeartAtAE    `yaml:"slow_heart_at_ae"` // slowheartae.go
	// LowPressureRaise: no dose of a blood-pressure-lowering class is
	// raised at a low systolic (lowpressure.go; brief h70g).
	LowPressureRaise *LowPressureRaise `yaml:"low_pressure_raise"`
	DoseCriteria     []DoseCriteria    `yaml:"dose_criteria"`
	MaintenanceDose  []MaintenanceDose `yaml:"maintenance_dose"`
	AvailableFrom    []AvailableFrom   `yaml:"available_from"` // availablefrom.go
	// Starters: the titration course a long-term medicine's first issue is
	// (starter.go; the generator's starter.go).
	Starters []Starter `yaml:"starters"`
	// PregnancyLevels: a medicine's level taken more often while a
	// pregnancy is recorded (pregnancylevels.go; the generator's too).
	PregnancyLevels []PregnancyLevel `yaml:"pregnancy_levels"`
	// PregnancyDoses: a medicine's dose raised while a pregnancy is
	// recorded and lowered back at its end (pregnancydose.go; the
	// generator's too).
	PregnancyDoses []PregnancyDose `yaml:"pregnancy_doses"`
	// ProgressionSteps: dose steps that wait for the disease's years and its
	// specialist review (progression.go).
	ProgressionSteps []ProgressionStep `yaml:"progression_steps"`
	// RecordedContraindications: a coded reason that says a class is
	// contraindicated bars that class from the day it is recorded
	// (recordedcontra.go in the generator).
	RecordedContraindications []RecordedContraindication `yaml:"recorded_contraindications"`
	// DeclinedClasses: a coded refusal of a class of medicines, never
	// written beside a medicine of that class (refusalbeside.go in the
	// generator), and the code of a step declined on treatment (brief h69b).
	DeclinedClasses []DeclinedClass `yaml:"declined_classes"`
	// Interactions: a short course called for beside a running medicine it
	// interacts with is monitored or avoided (interactions.go).
	Interactions []Interaction `yaml:"interactions"`
	// Pregnancy: the classes never issued while a pregnancy is recorded
	// (pregnancy.go in the generator).
	Pregnancy struct {
		Classes []string `yaml:"classes"`
		// Medicines are medicines.csv keys kept from pregnancy as Classes
		// are, where their class is not (amlodipine: nifedipine is given).
		Medicines []string `yaml:"medicines"`
		AlsoStop  []string `yaml:"also_stop"` // medicines.csv keys
		// Analgesic is given for a short course whose first choice is of an
		// AnalgesicFor class, or a weak opioid from WeakOpioidUntilDay days
		// after the last period, in a known pregnancy.
		Analgesic          string   `yaml:"analgesic"`
		AnalgesicFor       []string `yaml:"analgesic_for"`
		WeakOpioidUntilDay int      `yaml:"weak_opioid_until_day"`
		// NearTerm: short courses of these medicines that would run on or
		// past FromDay days after the last period give Instead, for Days
		// (nitrofurantoin at term: neonatal haemolysis; brief h57e).
		NearTerm *NearTermSwap `yaml:"near_term"`
		// Courses: short courses of these medicines run for their own days
		// in a known pregnancy, and are given at the first contact whatever
		// the course's chance (a UTI in pregnancy: 7 days of nitrofurantoin,
		// an immediate prescription; NICE NG109, brief h58f).
		Courses []PregnancyCourse `yaml:"courses"`
		// RepeatsStopped: classes whose repeats are stopped at the visit
		// that confirms a pregnancy, Analgesic issued in their place for the
		// rest of it, and not restarted after (short courses go on as above).
		RepeatsStopped []string `yaml:"repeats_stopped"`
		// Restart: a repeat stopped for a pregnancy is issued again after
		// it; those HeldWhileBreastfeeding BreastfeedingDays after a birth.
		Restart                bool `yaml:"restart"`
		HeldWhileBreastfeeding struct {
			Classes   []string `yaml:"classes"`
			Medicines []string `yaml:"medicines"`
		} `yaml:"held_while_breastfeeding"`
		BreastfeedingDays int `yaml:"breastfeeding_days"`
	} `yaml:"pregnancy"`
	// EpisodeHolds: medicines paused during an acute episode (the
	// generator's episodehold.go; brief h64c).
	EpisodeHolds []EpisodeHold `yaml:"episode_holds"`
}

// MaintenanceDose moves a long-term course of Medicine for Condition (a
// catalogue key) down to its maintenance dose, regimen step Step, at the
// first review AfterDays or more after it started, for Share of the people
// on it (a PPI for reflux at the lowest dose that controls the symptoms,
// NICE CG184; twentieth review).
type MaintenanceDose struct {
	Medicine  string  `yaml:"medicine"`
	Condition string  `yaml:"condition"`
	Step      int     `yaml:"step"`
	AfterDays int     `yaml:"after_days"`
	Share     float64 `yaml:"share"`
	Source    string  `yaml:"source"`
}

// DoseCriteria gives a medicine its lower dose (regimen step Step) when at
// least AtLeast of its criteria hold on the day it is started or reviewed
// (apixaban 2.5 mg twice daily in AF with two of age 80 or more, weight 60
// kg or less and a raised serum creatinine: SmPC; twelfth review).
type DoseCriteria struct {
	Medicine string          `yaml:"medicine"`
	Step     int             `yaml:"step"`
	AtLeast  int             `yaml:"at_least"`
	Criteria []DoseCriterion `yaml:"criteria"`
	Source   string          `yaml:"source"`
}

// DoseCriterion is one criterion: an age (MinAge or more), or the latest
// reading of Observation within WithinDays at most AtMost or below Below.
type DoseCriterion struct {
	MinAge      int     `yaml:"min_age"`
	Observation string  `yaml:"observation"`
	AtMost      float64 `yaml:"at_most"`
	Below       float64 `yaml:"below"`
	WithinDays  int     `yaml:"within_days"`
	// CreatinineAtLeast: the criterion holds when the serum creatinine
	// that gives the latest eGFR reading (Observation, the eGFR) at the
	// person's age and sex under the catalogue's CKD-EPI equation is at
	// least this, umol/L (apixaban's 133; h67b). The record holds eGFR.
	CreatinineAtLeast float64 `yaml:"creatinine_at_least"`
	Note              string  `yaml:"note"`
}

// Holds reports whether the criterion holds at age, with the latest
// reading v of its observation (ok false: none within its days); for
// CreatinineAtLeast v is the creatinine read from that eGFR.
func (c DoseCriterion) Holds(age int, v float64, ok bool) bool {
	if c.Observation == "" {
		return age >= c.MinAge
	}
	return ok && (c.AtMost > 0 && v <= c.AtMost || c.Below > 0 && v < c.Below || c.CreatinineAtLeast > 0 && v >= c.CreatinineAtLeast)
}

// ResultAdmit is the stay a result at a rule's hospital_at leads to: about
// StayDays long (log-normal), with a repeat of the result Hours (least,
// most) in, lowered by Fall (mean, sd) from the result that sent the
// patient in: the treatment's effect.
type ResultAdmit struct {
	StayDays float64    `yaml:"stay_days"`
	Hours    [2]int     `yaml:"hours"`
	Fall     [2]float64 `yaml:"fall"`
	Source   string     `yaml:"source"`
}

// ResultStop: a result of Observation at AtLeast or more stops the
// medicines and classes named on its day, and they are not started or
// issued again until a later result is below it (a potassium of 6.0 stops
// ACE inhibitors, ARBs and spironolactone). The test is repeated
// RecheckDays later (least, most); at HospitalAt or more (0: never) the
// patient is sent to hospital the same day. A rule with Below instead of
// AtLeast acts on a result below it (a white cell count under 3.5 withholds
// methotrexate; forty-sixth session): it has no hospital_at, mild_at or
// start_above, and RecheckDays may be left out when its rechallenge books
// the repeat.
type ResultStop struct {
	Observation string   `yaml:"observation"`
	AtLeast     float64  `yaml:"at_least"`
	Below       float64  `yaml:"below"`
	Medicines   []string `yaml:"medicines"`
	Classes     []string `yaml:"classes"`
	RecheckDays [2]int   `yaml:"recheck_days"`
	// RecheckWith are the other tests taken from the sample that repeats
	// the result (a low white cell count on methotrexate is repeated with
	// the rest of its monitoring bloods).
	RecheckWith []string `yaml:"recheck_with"`
	// RecheckTests are tests recorded alone at the repeat of a result at
	// AtLeast or more, and at the same-day hospital attendance of one at
	// HospitalAt or more (a 12-lead ECG at a potassium of 6.0 or more,
	// h69e); test_results.yaml gives each its finding.
	RecheckTests       []string `yaml:"recheck_tests"`
	RecheckTestsSource string   `yaml:"recheck_tests_source"`
	HospitalAt         float64  `yaml:"hospital_at"`
	// HospitalBelow is a below rule's hospital_at: a result under it
	// sends the patient to hospital the same day (a sodium under 125,
	// h68g).
	HospitalBelow float64 `yaml:"hospital_below"`
	// RepeatHospital: a repeat (RecheckDays) still at AtLeast or more,
	// the medicines already withheld, sends the patient to hospital the
	// same day too (h64b: a repeat of 6.3 waited for the next review).
	RepeatHospital       bool   `yaml:"repeat_hospital"`
	RepeatHospitalSource string `yaml:"repeat_hospital_source"`
	// AERepeatSD, when set, is the spread of A&E's repeat of a result
	// that sent the patient there, about that result (h70a: a GP's 7.0
	// confirmed at A&E, not redrawn from the usual level as 3.3).
	AERepeatSD     float64 `yaml:"ae_repeat_sd"`
	AERepeatSource string  `yaml:"ae_repeat_source"`
	// Admit, when set, admits from A&E a result at HospitalAt or more
	// that sent the patient there (a potassium of 6.5 or more is an
	// emergency, treated and monitored, h71f).
	Admit *ResultAdmit `yaml:"admit"`
	// MildAt, when set, is a lower level (below AtLeast) at which the
	// result stops nothing but is repeated within MildRecheckDays: mild
	// hyperkalaemia, 5.5-5.9 (fifteenth review).
	MildAt          float64 `yaml:"mild_at"`
	MildRecheckDays [2]int  `yaml:"mild_recheck_days"`
	// MildLower, when set: a mild result also lowers a running course of
	// one of its medicines to its halved dose (spironolactone 25 mg on
	// alternate days at a potassium of 5.5-5.9; h57c).
	MildLower *MildLower `yaml:"mild_lower"`
	// Problem, when set, is the acute problem a result that acts is coded
	// as on its day (Hyperkalaemia); the same-day A&E attendance names it
	// as its reason (tenth review).
	Problem *ResultProblem `yaml:"problem"`
	// StartAbove, when set (below AtLeast), is a level above which the
	// medicines of StartMedicines are not started, while a running course
	// goes on to AtLeast: a mineralocorticoid receptor antagonist is not
	// started at a potassium above 5.0 (seventeenth review). StartSource
	// gives its source.
	StartAbove     float64  `yaml:"start_above"`
	StartMedicines []string `yaml:"start_medicines"`
	// StartClasses are classes whose medicines StartAbove limits too: an
	// ACE inhibitor or ARB is not started at a potassium above 5.0 (NICE
	// NG203; twenty-fourth review).
	StartClasses []string `yaml:"start_classes"`
	StartSource  string   `yaml:"start_source"`
	// NotRestarted, when set: a medicine of its class stopped by the result
	// and not started again has its reason coded at the next review of a
	// condition whose first line it is (twenty-second review: ACE inhibitors
	// contraindicated after hyperkalaemia in albuminuric CKD).
	NotRestarted *NotRestarted `yaml:"not_restarted"`
	Source       string        `yaml:"source"`
}

// MildLower is a result rule's dose reduction at a mild result: a running
// course of one of Medicines moves to its regimen step Step (regimens.csv,
// the halved dose), unless it is on it already; the mild repeat follows.
type MildLower struct {
	Medicines []string `yaml:"medicines"`
	Step      int      `yaml:"step"`
	Source    string   `yaml:"source"`
	// StepDownClasses: a running course of a medicine of these classes
	// above the first step of its ladder moves one step down (ramipril
	// 10 mg to 5 mg at a potassium of 5.5-5.9; h59a). At its first step it
	// goes on, and the mild repeat follows.
	StepDownClasses []string `yaml:"step_down_classes"`
	StepDownSource  string   `yaml:"step_down_source"`
	// StopOnStep: a mild result on a course of Medicines already at Step
	// (the halved dose, no lower one) stops it, as a result of AtLeast
	// does (h60a: spironolactone 25 mg on alternate days went on at
	// 5.5-5.9). StopSource gives its source.
	StopOnStep bool   `yaml:"stop_on_step"`
	StopSource string `yaml:"stop_source"`
}

// NotRestarted is the reason coded for a medicine of Class a result
// stopped and no one started again.
type NotRestarted struct {
	Class  string          `yaml:"class"`
	Reason UntreatedReason `yaml:"reason"`
	Source string          `yaml:"source"`
	// Rechallenge, when set: at the first review of its condition with the
	// latest result back below Rechallenge.Below, a course of the class the
	// result stopped is started again at its lowest dose for a share of
	// people; the rest have Reason coded there (twenty-fourth review).
	Rechallenge *Rechallenge `yaml:"rechallenge"`
}

// Rechallenge is the restart of a medicine a result stopped, once a later
// result is back below Below: for Share of people (the decision is made
// once per stop), at the lowest dose of its ladder.
type Rechallenge struct {
	Below float64 `yaml:"below"`
	// AtLeast is the recovered level of a rule that acts below a level
	// (a white cell count back to 3.5 or more); Below is for at_least rules.
	AtLeast float64 `yaml:"at_least"`
	Share   float64 `yaml:"share"`
	Source  string  `yaml:"source"`
	// RecheckDays (least, most): the result is tested again this many days
	// after the stop, and a follow-up of the condition the medicine was for
	// ReviewAfterDays after the test decides, not the next routine review
	// (twenty-fifth review: a year for hypertension alone). RecheckSource
	// cites them.
	RecheckDays     [2]int `yaml:"recheck_days"`
	ReviewAfterDays [2]int `yaml:"review_after_days"`
	RecheckSource   string `yaml:"recheck_source"`
}

// ResultProblem is an acute problem coded from a result: a condition row
// with its own key, resolved Days after its onset.
type ResultProblem struct {
	Key         string `yaml:"key"`
	Snomed      string `yaml:"snomed"`
	ICD10       string `yaml:"icd10"`
	Description string `yaml:"description"`
	Days        int    `yaml:"days"`
	Source      string `yaml:"source"`
}

// Acts reports whether a result v stops the rule's medicines: at AtLeast
// or more, or below Below.
func (r ResultStop) Acts(v float64) bool {
	if r.Below > 0 {
		return v < r.Below
	}
	return v >= r.AtLeast
}

// Recovered reports whether a later result v lets a medicine the result
// stopped be started again.
func (c Rechallenge) Recovered(v float64) bool {
	if c.AtLeast > 0 {
		return v >= c.AtLeast
	}
	return v < c.Below
}

// AppliesTo reports whether the result stops the medicine.
func (r ResultStop) AppliesTo(key string) bool {
	if slices.Contains(r.Medicines, key) {
		return true
	}
	return slices.ContainsFunc(r.Classes, func(c string) bool { return InClass(key, c) })
}

// LimitsStart reports whether StartAbove keeps the medicine from starting:
// it is one of StartMedicines or of a class of StartClasses.
func (r ResultStop) LimitsStart(key string) bool {
	if slices.Contains(r.StartMedicines, key) {
		return true
	}
	return slices.ContainsFunc(r.StartClasses, func(c string) bool { return InClass(key, c) })
}

// SlowHeartRule keeps a rate-slowing medicine (a beta-blocker) from a slow
// heart: not started while the latest reading of Observation is below
// Below; a review that reads below it on the medicine halves the dose (to
// regimen step LowerStep), or stops it when already halved or the medicine
// has no such step, recording Reason; once stopped so it is not started
// again (ninth review).
type SlowHeartRule struct {
	Medicine    string  `yaml:"medicine"`
	Class       string  `yaml:"class"`
	Observation string  `yaml:"observation"` // observation_codes.csv key
	Below       float64 `yaml:"below"`
	LowerStep   int     `yaml:"lower_step"` // the regimen step of the halved dose (regimens.csv); 0: none
	// RaiseBelow: the dose is not raised while the latest reading is below
	// it (at least Below; 0: Below): a beta-blocker for heart failure is
	// not titrated up at a heart rate under 60 (fifteenth review).
	RaiseBelow float64 `yaml:"raise_below"`
	// RaiseClearDays: nor while a reading below Below was recorded in
	// that many days before (0: the latest reading alone; h59b).
	RaiseClearDays int `yaml:"raise_clear_days"`
	// StartBelow: the medicine is not started while the latest reading is
	// below it (at least Below; 0: Below): digoxin is not started for a
	// rate already controlled, donepezil not at a pulse under 60 (h67b).
	// A running course is judged on Below alone.
	StartBelow float64 `yaml:"start_below"`
	// AnswerDays: a reading below Below at any GP contact is answered
	// already when the medicine was changed (halved or stopped) within this
	// many days after it (slowheartlate.go; h59b, moved to data by h60c).
	AnswerDays int             `yaml:"answer_days"`
	Reason     UntreatedReason `yaml:"reason"`
	Source     string          `yaml:"source"`
	// LadderDown (h67c): on a titration ladder of its own (bisoprolol for
	// heart failure with reduced ejection fraction) a reading below Below
	// on the halved dose (LowerStep) or under it takes the dose one ladder
	// step down, not off: the medicine stops only from the ladder's lowest
	// dose. LadderSource cites it.
	LadderDown   bool   `yaml:"ladder_down"`
	LadderSource string `yaml:"ladder_source"`
}

// SlowHeartWorkUp is what a GP does at a slow pulse that no medicine
// explains (h60c): a reading of Observation below Below at a GP contact, on
// none of the slow_heart rules' medicines, has the Tests recorded at that
// contact unless an ECG (the first test) lies within ClearDays before it.
type SlowHeartWorkUp struct {
	Observation string   `yaml:"observation"` // observation_codes.csv key
	Below       float64  `yaml:"below"`
	Tests       []string `yaml:"tests"` // observation_codes.csv keys, the ECG first
	ClearDays   int      `yaml:"clear_days"`
	Source      string   `yaml:"source"`
}

// AppliesTo reports whether the slow-heart rule covers the medicine.
func (r SlowHeartRule) AppliesTo(key string) bool { return applies(r.Medicine, r.Class, key) }

// EligibilityRule rules a contraceptive class out (UKMEC category 3 or 4)
// for a current smoker from an age, a latest reading of an observation at
// or above a value, a cancer of a primary site, or a venous thromboembolism
// on the record. One criterion per rule.
type EligibilityRule struct {
	Class         string  `yaml:"class"`
	SmokerFromAge int     `yaml:"smoker_from_age"`
	Observation   string  `yaml:"observation"` // observation_codes.csv key
	AtLeast       float64 `yaml:"at_least"`
	WithinDays    int     `yaml:"within_days"`
	CancerSite    string  `yaml:"cancer_site"` // a catalogue cancer site key
	// VTE: a deep vein thrombosis or pulmonary embolism (catalogue vte) ever
	// recorded. The VTE is written before the hormone courses are drawn
	// (generator/worker.go), from the conditions table rather than the
	// conditions drawn at the start.
	VTE      bool   `yaml:"vte"`
	Category int    `yaml:"category"` // UKMEC 3 or 4
	Source   string `yaml:"source"`
}

// StateEffect: a medicine (or class) moves the usual level of Observation by
// Delta while it runs, whatever it is given for (potassium raised by an ACE
// inhibitor), from the day it starts.
type StateEffect struct {
	Medicine    string  `yaml:"medicine"`
	Class       string  `yaml:"class"`
	Observation string  `yaml:"observation"`
	Delta       float64 `yaml:"delta"`
	Source      string  `yaml:"source"`
	// Susceptible, when set: the effect falls mostly on a subgroup (a
	// thiazide's or an SSRI's hyponatraemia, h68g), whose members have
	// Susceptible.Delta added to Delta while it runs.
	Susceptible *Susceptible `yaml:"susceptible"`
}

// Susceptible is the subgroup a medicine's effect falls on: a share Share
// of people at FromAge, multiplied by PerDecade for each ten years older
// (divided for each younger), at most MaxShare. A person is in it when
// their own draw (one per person and effect) is below the share at their
// age on the day.
type Susceptible struct {
	Share     float64 `yaml:"share"`
	FromAge   float64 `yaml:"from_age"`
	PerDecade float64 `yaml:"per_decade"`
	MaxShare  float64 `yaml:"max_share"`
	Delta     float64 `yaml:"delta"`
	Source    string  `yaml:"source"`
}

// ShareAt is the subgroup's share at age.
func (s Susceptible) ShareAt(age float64) float64 {
	return min(s.MaxShare, s.Share*math.Pow(s.PerDecade, (age-s.FromAge)/10))
}

// AppliesTo reports whether the effect is the medicine's.
func (e StateEffect) AppliesTo(key string) bool { return applies(e.Medicine, e.Class, key) }

// Repeats: how reviews and repeat issues are spaced. Reviews of a patient's
// conditions falling due within CombineWithinDays of an earlier review are
// held at that appointment; a repeat still covering the patient for more
// than ReorderDays is not issued again (its authorisation runs on).
type Repeats struct {
	CombineWithinDays int    `yaml:"combine_within_days"`
	ReorderDays       int    `yaml:"reorder_days"`
	IssueDays         int    `yaml:"issue_days"`     // the least supply of one issue
	MaxIssueDays      int    `yaml:"max_issue_days"` // the longest one issue may be re-authorised to run
	Source            string `yaml:"source"`
}

// Monitoring: someone on Medicine has Observation measured every EveryDays
// while it runs (INR for warfarin), at visits of its own between reviews;
// with EveryDays 0, only at StartDays after it starts (kidney function after
// an ACE inhibitor).
type Monitoring struct {
	Medicine    string `yaml:"medicine"`
	Observation string `yaml:"observation"`
	// Also: observations taken from the same blood sample (potassium with
	// the eGFR of a U&E), recorded with Observation.
	Also      []string `yaml:"also"`
	EveryDays int      `yaml:"every_days"`
	// Baseline: the test's value before the medicine acts (an INR of about
	// 1 on the day warfarin starts), mean and spread.
	Baseline [2]float64 `yaml:"baseline"`
	// NotOnStartDay: the test itself is not taken on the day the medicine
	// starts, only the Also tests (a lithium level means nothing before the
	// first dose; the kidney, thyroid and calcium tests are its baseline).
	NotOnStartDay bool `yaml:"not_on_start_day"`
	// ReadIfTaken: a test of the sample already recorded at the
	// appointment (the start's own bloods, start_tests) is read there, not
	// taken again (brief h57d: a DOAC's FBC, U&E and ALT).
	ReadIfTaken bool `yaml:"read_if_taken"`
	// StartDays: the tests of the first weeks, days after the start, before
	// the interval settles to EveryDays.
	StartDays []int `yaml:"start_days"`
	// Range and RecheckDays: a result outside the range is tested again
	// RecheckDays later (least, most) instead of at the usual interval.
	Range       [2]float64 `yaml:"range"`
	RecheckDays [2]int     `yaml:"recheck_days"`
	// Response, when set, reads the start schedule's tests for the fall
	// the medicine should make, and raises the dose when it falls short
	// (doseresponse.go; the statin's non-HDL at 3 months, h57b).
	Response *DoseResponse `yaml:"response"`
	// LevelSteps, when set, moves the dose by the level the tests read
	// (lithium, brief h70f; levelsteps.go).
	LevelSteps *LevelSteps `yaml:"level_steps"`
	Source     string      `yaml:"source"`
}

// Companion: a medicine of Class issued to someone aged FromAge or more
// comes with the medicine With for as long (a PPI with an NSAID from 65),
// unless a medicine of class UnlessRunning already runs.
type Companion struct {
	Class   string `yaml:"class"`
	FromAge int    `yaml:"from_age"`
	// OrRunning: classes that call for the companion at any age when one of
	// them runs beside the medicine (a PPI with an NSAID or an antiplatelet
	// taken with an SSRI or an oral steroid; eighteenth review).
	OrRunning []string `yaml:"or_running"`
	With      string   `yaml:"with"`
	// IfRuledOut is the companion given when With is ruled out on the day
	// (lansoprazole when omeprazole meets clopidogrel); empty: none then.
	IfRuledOut    string `yaml:"if_ruled_out"`
	UnlessRunning string `yaml:"unless_running"`
	// Share of the people it is due for who are given it (decided once per
	// person and medicine); 0: everyone.
	Share  float64 `yaml:"share"`
	Source string  `yaml:"source"`
}

// AfterEvent lets a medicine started as an onset event's course (catalogue
// onset_event.course) run alongside drugs of the classes named, which the
// exclusive-class, contraindication and replacement rules otherwise keep
// apart, for the length of that course only.
type AfterEvent struct {
	Medicine  string   `yaml:"medicine"`
	Alongside []string `yaml:"alongside"`
	Source    string   `yaml:"source"`
}

// ClassRule names a class with its source.
type ClassRule struct {
	Class  string `yaml:"class"`
	Source string `yaml:"source"`
}

// ReplaceRule: starting a drug of class Starting stops drugs of class Stops.
type ReplaceRule struct {
	Starting string `yaml:"starting"`
	Stops    string `yaml:"stops"`
	Source   string `yaml:"source"`
}

// RenalRule limits a medicine (or class) by eGFR.
type RenalRule struct {
	Medicine  string  `yaml:"medicine"`
	Class     string  `yaml:"class"`
	StopBelow float64 `yaml:"stop_below"`
	// StartBelow (twentieth review): below it the medicine is not started
	// (a course already running goes on, to stop_below); at least StopBelow.
	StartBelow float64     `yaml:"start_below"`
	Reduce     []RenalDose `yaml:"reduce"`
	CapBelow   float64     `yaml:"cap_below"`
	MaxStep    int         `yaml:"max_step"`
	// Caps (fx65b): further ceilings, one per eGFR band, for a medicine
	// whose permitted maximum falls step by step with the kidneys
	// (allopurinol); cap_below/max_step is one band of the same kind.
	Caps []RenalCap `yaml:"caps"`
	// CapHolds: a course once lowered to MaxStep below CapBelow is not
	// raised above it again on a later, better reading.
	CapHolds bool `yaml:"cap_holds"`
	// Settled (h67f): a dose is raised above (or started above) a band's
	// ceiling only when the eGFR results clear it across 3 months, as CKD
	// is staged, so a better reading at a band's edge does not raise a dose
	// the last one lowered; it is lowered on the latest, as without it
	// (generator/renalsettled.go). With reduce bands (sitagliptin, h69d) a
	// course a band lowered goes back up to the settled eGFR's band
	// (generator/renalraiseback.go).
	Settled bool `yaml:"settled"`
	// SlowTitration (h71g): below its eGFR a dose is raised no sooner than
	// its days after the last change (allopurinol in CKD: smaller steps,
	// here the same steps further apart; generator/slowtitration.go).
	SlowTitration *SlowTitration `yaml:"slow_titration"`
	Source        string         `yaml:"source"`
}

// SlowTitration is a renal titration pace: below eGFR Below, at least
// StepDays between dose raises.
type SlowTitration struct {
	Below    float64 `yaml:"below"`
	StepDays int     `yaml:"step_days"`
	Source   string  `yaml:"source"`
}

// RaiseAfterDays is the least number of days between dose raises at an
// eGFR (0: no renal pace).
func (r *RenalRule) RaiseAfterDays(egfr float64) int {
	if r == nil || r.SlowTitration == nil || egfr >= r.SlowTitration.Below {
		return 0
	}
	return r.SlowTitration.StepDays
}

// RenalCap is a renal ceiling band: below eGFR Below, no step above MaxStep.
type RenalCap struct {
	Below   float64 `yaml:"below"`
	MaxStep int     `yaml:"max_step"`
}

// Ceiling is the highest regimen step renal function allows at an eGFR: the
// lowest max_step of the bands (cap_below and caps) the eGFR is below; ok is
// false above every band (no renal ceiling).
func (r *RenalRule) Ceiling(egfr float64) (maxStep int, ok bool) {
	if r.CapBelow > 0 && egfr < r.CapBelow {
		maxStep, ok = r.MaxStep, true
	}
	for _, c := range r.Caps {
		if egfr < c.Below && (!ok || c.MaxStep < maxStep) {
			maxStep, ok = c.MaxStep, true
		}
	}
	return maxStep, ok
}

// CapLimit is the highest eGFR below which a ceiling applies (0: none).
func (r *RenalRule) CapLimit() float64 {
	limit := r.CapBelow
	for _, c := range r.Caps {
		limit = max(limit, c.Below)
	}
	return limit
}

// RenalDose is a renal dose band: below eGFR Below, the regimen step Step.
type RenalDose struct {
	Below float64 `yaml:"below"`
	Step  int     `yaml:"step"`
}

// DoseStep is the regimen step renal function calls for at an eGFR: the
// step of the lowest band the eGFR is below; ok is false above every band
// (the usual dose).
func (r *RenalRule) DoseStep(egfr float64) (step int, ok bool) {
	lowest := 0.0
	for _, b := range r.Reduce {
		if egfr < b.Below && (!ok || b.Below < lowest) {
			step, lowest, ok = b.Step, b.Below, true
		}
	}
	return step, ok
}

// Floor is the lowest eGFR at which the regimen step is still the renal
// dose: a product must not be issued below it (sitagliptin 100 mg below 45,
// 50 mg below 30). It is at least StopBelow.
func (r *RenalRule) Floor(step int) float64 {
	floor := r.StopBelow
	stepAt := func(egfr float64) int {
		s, ok := r.DoseStep(egfr)
		if !ok {
			return 0
		}
		return s
	}
	for _, b := range r.Reduce {
		if b.Below > floor && stepAt(b.Below) == step && stepAt(b.Below-1e-9) != step {
			floor = b.Below
		}
	}
	return floor
}

// Contraindication rules a medicine or class out while a condition is held
// or while a drug of ClassRunning is.
type Contraindication struct {
	Medicine     string `yaml:"medicine"`
	Class        string `yaml:"class"`
	Condition    string `yaml:"condition"`
	ClassRunning string `yaml:"class_running"`
	// FromAge, when set, makes the rule one about starting the medicine from
	// that age (a running course goes on): alone, the medicine is not
	// started at all (amitriptyline from 75); with class_running, not while
	// a medicine of the class runs or is issued over the course (zopiclone
	// at 80 beside an opioid). Nineteenth review.
	FromAge int `yaml:"from_age"`
	// AndRunning, with class_running, rules the medicine out only while a
	// medicine of one of these classes runs too: an NSAID beside an ACE
	// inhibitor or ARB and a diuretic (the "triple whammy"; twenty-second
	// review).
	AndRunning []string `yaml:"and_running"`
	// Frailty, when set, bars starting the medicine while the person's
	// frailty (frailty.yaml eFI category) is this category or worse; a
	// running course goes on (zopiclone in moderate frailty; twenty-second
	// review).
	Frailty string `yaml:"frailty"`
	// SwitchTo, with class_running, is the medicine a running course of the
	// ruled-out medicine is switched to, at the same dose step, on the day a
	// medicine of the class starts (omeprazole for reflux becomes lansoprazole
	// when clopidogrel starts; twenty-fourth review). Without it the course is
	// stopped that day (an NSAID when an anticoagulant starts), and its
	// condition's own reviews decide what, if anything, follows.
	SwitchTo string `yaml:"switch_to"`
	// AfterEpisode, alone, rules the medicine out from the first day of an
	// episode of this presentation (catalogue presentations key): not
	// started after it, and a running course stopped then (an NSAID after
	// an acute kidney injury; twenty-seventh review).
	AfterEpisode string `yaml:"after_episode"`
	// ForDays, with after_episode, bars the medicine for this many days
	// from the first day of each episode, not for the rest of the record
	// (an NSAID for 90 days after a self-poisoning; brief h53c).
	ForDays int    `yaml:"for_days"`
	Source  string `yaml:"source"`
}

// Applies reports whether a rule naming a medicine or a class covers the
// medicine key.
func applies(ruleMedicine, ruleClass, key string) bool {
	return (ruleMedicine != "" && ruleMedicine == key) || (ruleClass != "" && InClass(key, ruleClass))
}

// AppliesTo reports whether the renal rule covers the medicine.
func (r RenalRule) AppliesTo(key string) bool { return applies(r.Medicine, r.Class, key) }

// AppliesTo reports whether the contraindication covers the medicine.
func (c Contraindication) AppliesTo(key string) bool { return applies(c.Medicine, c.Class, key) }

// RecordedContraindication is a SNOMED CT code (a coded reason for no
// treatment) that, once on the record, bars medicines of its classes: the
// record must not say a class is contraindicated and then issue it.
type RecordedContraindication struct {
	Snomed      string   `yaml:"snomed"`
	Description string   `yaml:"description"`
	Classes     []string `yaml:"classes"`
	Source      string   `yaml:"source"`
}

// DeclinedClass is a SNOMED CT refusal of the medicines of its classes
// ("Calcium channel blocker declined"): the record does not write it while
// one of them is issued or runs.
type DeclinedClass struct {
	Snomed      string   `yaml:"snomed"`
	Description string   `yaml:"description"`
	Classes     []string `yaml:"classes"`
	Source      string   `yaml:"source"`
}

// LoadPrescribing parses and checks the embedded prescribing rules.
var LoadPrescribing = sync.OnceValues(func() (*Prescribing, error) {
	var p Prescribing
	if err := decodeStrict(prescribingYAML, &p); err != nil {
		return nil, fmt.Errorf("prescribing.yaml: %w", err)
	}
	classes := knownClasses()
	known := func(med, class string) error {
		if med != "" {
			if _, ok := MedicineByKey(med); !ok {
				return fmt.Errorf("unknown medicine %q", med)
			}
		}
		if class != "" && !classes[class] {
			return fmt.Errorf("unknown class %q", class)
		}
		if (med == "") == (class == "") {
			return fmt.Errorf("name one of medicine or class")
		}
		return nil
	}
	if err := p.LowPressureRaise.check(classes); err != nil {
		return nil, err
	}
	for _, rc := range p.RecordedContraindications {
		if rc.Snomed == "" || len(rc.Classes) == 0 || rc.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: recorded_contraindications %q: needs snomed, classes and source", rc.Snomed)
		}
		for _, c := range rc.Classes {
			if err := known("", c); err != nil {
				return nil, fmt.Errorf("prescribing.yaml: recorded_contraindications %s: %w", rc.Snomed, err)
			}
		}
	}
	for _, dc := range p.DeclinedClasses {
		if dc.Snomed == "" || dc.Description == "" || len(dc.Classes) == 0 || dc.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: declined_classes %q: needs snomed, description, classes and source", dc.Snomed)
		}
		for _, c := range dc.Classes {
			if err := known("", c); err != nil {
				return nil, fmt.Errorf("prescribing.yaml: declined_classes %s: %w", dc.Snomed, err)
			}
		}
	}
	if err := checkClassLimits(p.ClassLimits, classes); err != nil {
		return nil, err
	}
	for _, c := range p.ExclusiveClasses {
		if err := known("", c.Class); err != nil {
			return nil, fmt.Errorf("prescribing.yaml: exclusive_classes: %w", err)
		}
	}
	for _, r := range p.Replaces {
		if !classes[r.Starting] || !classes[r.Stops] {
			return nil, fmt.Errorf("prescribing.yaml: replaces: unknown class in %s -> %s", r.Starting, r.Stops)
		}
	}
	for _, r := range p.Renal {
		if err := known(r.Medicine, r.Class); err != nil {
			return nil, fmt.Errorf("prescribing.yaml: renal: %w", err)
		}
		if r.StartBelow != 0 && r.StartBelow <= r.StopBelow {
			return nil, fmt.Errorf("prescribing.yaml: renal %s%s: start_below must be above stop_below", r.Medicine, r.Class)
		}
		if r.CapHolds && r.CapBelow <= 0 {
			return nil, fmt.Errorf("prescribing.yaml: renal %s%s: cap_holds needs cap_below", r.Medicine, r.Class)
		}
		for _, c := range r.Caps {
			if c.Below <= r.StopBelow || c.MaxStep < 0 {
				return nil, fmt.Errorf("prescribing.yaml: renal %s%s: a caps band needs below above stop_below and a max_step of 0 or more", r.Medicine, r.Class)
			}
		}
		if st := r.SlowTitration; st != nil && (st.Below <= r.StopBelow || st.StepDays <= 0 || st.Source == "") {
			return nil, fmt.Errorf("prescribing.yaml: renal %s%s: slow_titration needs below above stop_below, step_days above 0 and a source", r.Medicine, r.Class)
		}
		for _, b := range r.Reduce {
			if b.Below <= r.StopBelow || b.Step <= 0 {
				return nil, fmt.Errorf("prescribing.yaml: renal %s%s: a reduce band needs below above stop_below and a step above 0", r.Medicine, r.Class)
			}
		}
	}
	for _, c := range p.Contraindications {
		if err := known(c.Medicine, c.Class); err != nil {
			return nil, fmt.Errorf("prescribing.yaml: contraindications: %w", err)
		}
		if c.Frailty != "" {
			f, err := LoadFrailty()
			if err != nil {
				return nil, err
			}
			if f.Category(c.Frailty) < 0 || c.Condition != "" || c.ClassRunning != "" || c.FromAge != 0 || c.ForDays != 0 {
				return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: frailty names a frailty.yaml category and goes alone", c.Medicine, c.Class)
			}
			continue
		}
		if c.AfterEpisode != "" { // the presentation key is checked where the catalogue is read (generator plan)
			if c.Condition != "" || c.ClassRunning != "" || c.FromAge != 0 || c.SwitchTo != "" || c.ForDays < 0 {
				return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: after_episode goes alone (for_days from 0)", c.Medicine, c.Class)
			}
			continue
		}
		if c.ForDays != 0 {
			return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: for_days is for after_episode", c.Medicine, c.Class)
		}
		if c.FromAge > 0 && c.Condition != "" || c.FromAge < 0 {
			return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: from_age (above 0) goes alone or with class_running", c.Medicine, c.Class)
		}
		if c.FromAge == 0 && (c.Condition == "") == (c.ClassRunning == "") {
			return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: name one of condition or class_running", c.Medicine, c.Class)
		}
		if c.ClassRunning != "" && !classes[c.ClassRunning] {
			return nil, fmt.Errorf("prescribing.yaml: unknown class_running %q", c.ClassRunning)
		}
		if len(c.AndRunning) > 0 && (c.ClassRunning == "" || c.FromAge != 0) {
			return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: and_running goes with class_running, without from_age", c.Medicine, c.Class)
		}
		for _, cls := range c.AndRunning {
			if !classes[cls] {
				return nil, fmt.Errorf("prescribing.yaml: unknown and_running class %q", cls)
			}
		}
		if c.SwitchTo != "" {
			if _, ok := MedicineByKey(c.SwitchTo); !ok || c.Medicine == "" || c.ClassRunning == "" || len(c.AndRunning) > 0 || c.FromAge != 0 || applies(c.Medicine, c.Class, c.SwitchTo) {
				return nil, fmt.Errorf("prescribing.yaml: contraindication of %s%s: switch_to names a known medicine other than the one ruled out, which a medicine (not a class) and class_running alone rule out", c.Medicine, c.Class)
			}
		}
	}
	for _, e := range p.ContraceptionEligibility {
		n := 0
		for _, set := range []bool{e.SmokerFromAge > 0, e.Observation != "", e.CancerSite != "", e.VTE} {
			if set {
				n++
			}
		}
		_, obs := ObservationByKey(e.Observation)
		switch {
		case !classes[e.Class]:
			return nil, fmt.Errorf("prescribing.yaml: contraception_eligibility: unknown class %q", e.Class)
		case n != 1:
			return nil, fmt.Errorf("prescribing.yaml: contraception_eligibility of %s: name one of smoker_from_age, observation, cancer_site or vte", e.Class)
		case e.Observation != "" && (!obs || e.WithinDays <= 0):
			return nil, fmt.Errorf("prescribing.yaml: contraception_eligibility of %s: observation %q needs a key of observation_codes.csv and within_days", e.Class, e.Observation)
		case e.Category != 3 && e.Category != 4 || e.Source == "":
			return nil, fmt.Errorf("prescribing.yaml: contraception_eligibility of %s: needs UKMEC category 3 or 4 and a source", e.Class)
		}
	}
	for _, a := range p.AfterEvent {
		if err := known(a.Medicine, ""); err != nil || len(a.Alongside) == 0 {
			return nil, fmt.Errorf("prescribing.yaml: after_event %q: needs a known medicine and alongside classes", a.Medicine)
		}
		for _, c := range a.Alongside {
			if !classes[c] {
				return nil, fmt.Errorf("prescribing.yaml: after_event %s: unknown class %q", a.Medicine, c)
			}
		}
	}
	for i := range p.StartCover {
		if err := p.StartCover[i].check(classes); err != nil {
			return nil, err
		}
	}
	for _, c := range p.Companions {
		if !classes[c.Class] || !classes[c.UnlessRunning] || c.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: companion of %s: needs a known class, with (a medicine), unless_running (a class) and a source", c.Class)
		}
		if _, ok := MedicineByKey(c.With); !ok {
			return nil, fmt.Errorf("prescribing.yaml: companion of %s: unknown medicine %q", c.Class, c.With)
		}
		if _, ok := MedicineByKey(c.IfRuledOut); c.IfRuledOut != "" && !ok {
			return nil, fmt.Errorf("prescribing.yaml: companion of %s: unknown medicine %q", c.Class, c.IfRuledOut)
		}
		for _, o := range c.OrRunning {
			if !classes[o] {
				return nil, fmt.Errorf("prescribing.yaml: companion of %s: unknown class %q in or_running", c.Class, o)
			}
		}
		if c.Share < 0 || c.Share > 1 {
			return nil, fmt.Errorf("prescribing.yaml: companion of %s: share must be between 0 and 1", c.Class)
		}
	}
	for _, e := range p.StateEffects {
		if _, ok := ObservationByKey(e.Observation); known(e.Medicine, e.Class) != nil || !ok || e.Delta == 0 || e.Source == "" ||
			e.Susceptible != nil && (e.Susceptible.Share <= 0 || e.Susceptible.PerDecade <= 0 || e.Susceptible.MaxShare <= 0 || e.Susceptible.MaxShare > 1 || e.Susceptible.Delta == 0 || e.Susceptible.Source == "") {
			return nil, fmt.Errorf("prescribing.yaml: state_effects of %s%s: needs a known medicine or class and observation, a delta and a source", e.Medicine, e.Class)
		}
	}
	for _, r := range p.ResultStops {
		_, obs := ObservationByKey(r.Observation)
		low := r.Below > 0 // acts below a level: no hospital_at, mild_at or start_above
		rechecked := r.RecheckDays[0] > 0 && r.RecheckDays[1] >= r.RecheckDays[0] ||
			low && r.RecheckDays == [2]int{} && r.NotRestarted != nil && r.NotRestarted.Rechallenge != nil && r.NotRestarted.Rechallenge.RecheckDays != [2]int{}
		bad := !obs || (r.AtLeast > 0) == low || r.AtLeast < 0 || len(r.Medicines)+len(r.Classes) == 0 || r.Source == "" || !rechecked ||
			low && (r.HospitalAt != 0 || r.MildAt != 0 || r.StartAbove != 0) || (r.HospitalAt != 0 && r.HospitalAt < r.AtLeast) ||
			r.RepeatHospital && (low || r.RepeatHospitalSource == "") || r.HospitalBelow != 0 && (!low || r.HospitalBelow >= r.Below) ||
			r.AERepeatSD < 0 || r.AERepeatSD > 0 && (r.HospitalAt == 0 || r.AERepeatSource == "") ||
			r.Admit != nil && (r.HospitalAt == 0 || r.Admit.StayDays <= 0 || r.Admit.Hours[0] <= 0 || r.Admit.Hours[1] < r.Admit.Hours[0] || r.Admit.Fall[1] < 0 || r.Admit.Source == "") ||
			(r.MildAt != 0 && (r.MildAt >= r.AtLeast || r.MildRecheckDays[0] <= 0 || r.MildRecheckDays[1] < r.MildRecheckDays[0]))
		if pr := r.Problem; pr != nil {
			bad = bad || pr.Key == "" || pr.Snomed == "" || pr.Description == "" || pr.Days <= 0 || pr.Source == ""
		}
		for _, m := range r.Medicines {
			bad = bad || known(m, "") != nil
		}
		for _, k := range r.RecheckWith {
			_, ok := ObservationByKey(k)
			bad = bad || !ok || k == r.Observation
		}
		for _, k := range r.RecheckTests {
			_, ok := ObservationByKey(k)
			bad = bad || !ok || k == r.Observation || r.RecheckTestsSource == ""
		}
		limits := len(r.StartMedicines) + len(r.StartClasses)
		bad = bad || (r.StartAbove != 0 || limits > 0) &&
			(r.StartAbove <= 0 || r.StartAbove >= r.AtLeast || limits == 0 || r.StartSource == "")
		for _, m := range r.StartMedicines {
			bad = bad || known(m, "") != nil
		}
		for _, c := range r.StartClasses {
			bad = bad || known("", c) != nil
		}
		for _, c := range r.Classes {
			bad = bad || known("", c) != nil
		}
		if n := r.NotRestarted; n != nil {
			bad = bad || !slices.Contains(r.Classes, n.Class) || n.Reason.Snomed == "" || n.Reason.Description == "" || n.Source == ""
			if c := n.Rechallenge; c != nil {
				bad = bad || !low && (c.Below <= 0 || c.Below > r.AtLeast || c.AtLeast != 0) || low && (c.AtLeast < r.Below || c.Below != 0) || c.Share <= 0 || c.Share > 1 || c.Source == "" ||
					c.RecheckDays != [2]int{} && (c.RecheckDays[0] <= 0 || c.RecheckDays[1] < c.RecheckDays[0] || c.ReviewAfterDays[0] <= 0 || c.ReviewAfterDays[1] < c.ReviewAfterDays[0] || c.RecheckSource == "")
			}
		}
		if bad {
			return nil, fmt.Errorf("prescribing.yaml: result_stops of %q: needs a known observation, at_least or below (one), known medicines or classes, recheck_with other known observations, recheck_days [least, most] above 0 (a below rule may leave them to its rechallenge), hospital_at, mild_at and start_above only with at_least, hospital_at 0 or at least at_least, mild_at 0 or below at_least with mild_recheck_days [least, most] above 0, start_above (below at_least) with known start_medicines or start_classes and a start_source, not_restarted of one of its classes with a reason (snomed, description) and a source (its rechallenge: below, above 0 and at most at_least, or for a below rule at_least, at least its below, a share in (0, 1], a source, and recheck_days and review_after_days [least, most] above 0 with a recheck_source when set), and a source", r.Observation)
		}
	}
	for _, r := range p.SlowHeart {
		if _, ok := ObservationByKey(r.Observation); known(r.Medicine, r.Class) != nil || !ok || r.Below <= 0 || (r.RaiseBelow != 0 && r.RaiseBelow < r.Below) || (r.StartBelow != 0 && r.StartBelow < r.Below) || r.AnswerDays <= 0 || r.Reason.Snomed == "" || r.Source == "" || r.LadderDown != (r.LadderSource != "") || r.LadderDown && r.LowerStep <= 0 {
			return nil, fmt.Errorf("prescribing.yaml: slow_heart of %s%s: needs a known medicine or class and observation, below, raise_below and start_below 0 or at least below, answer_days above 0, a reason and a source (ladder_down with a lower_step and a ladder_source)", r.Medicine, r.Class)
		}
	}
	if err := p.SlowHeartAtAE.check(); err != nil {
		return nil, err
	}
	if r := p.SlowHeartWorkUp; r != nil {
		_, ok := ObservationByKey(r.Observation)
		for _, k := range r.Tests {
			_, known := ObservationByKey(k)
			ok = ok && known
		}
		if !ok || r.Below <= 0 || len(r.Tests) == 0 || r.ClearDays <= 0 || r.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: slow_heart_workup: needs a known observation and tests, below and clear_days above 0, and a source")
		}
	}
	for _, r := range p.DoseCriteria {
		bad := known(r.Medicine, "") != nil || r.Step <= 0 || r.AtLeast <= 0 || r.AtLeast > len(r.Criteria) || r.Source == ""
		for _, c := range r.Criteria {
			_, obs := ObservationByKey(c.Observation)
			byAge := c.Observation == "" && c.MinAge > 0 && c.AtMost == 0 && c.Below == 0 && c.CreatinineAtLeast == 0
			tests := 0
			for _, t := range []float64{c.AtMost, c.Below, c.CreatinineAtLeast} {
				if t > 0 {
					tests++
				}
			}
			byReading := obs && c.MinAge == 0 && tests == 1 && c.WithinDays > 0
			bad = bad || !byAge && !byReading
		}
		if bad {
			return nil, fmt.Errorf("prescribing.yaml: dose_criteria of %q: needs a known medicine, step above 0, at_least between 1 and the number of criteria, each criterion min_age or a known observation with one of at_most, below or creatinine_at_least and within_days, and a source", r.Medicine)
		}
	}
	for _, r := range p.MaintenanceDose {
		if known(r.Medicine, "") != nil || r.Condition == "" || r.Step <= 0 || r.AfterDays <= 0 || r.Share <= 0 || r.Share > 1 || r.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: maintenance_dose of %q: needs a known medicine, a condition, step and after_days above 0, a share above 0 and at most 1, and a source", r.Medicine)
		}
	}
	if r := p.Repeats; r.CombineWithinDays <= 0 || r.ReorderDays <= 0 || r.IssueDays <= 0 || r.MaxIssueDays < r.IssueDays || r.Source == "" {
		return nil, fmt.Errorf("prescribing.yaml: repeats: needs combine_within_days, reorder_days and issue_days above 0 and max_issue_days of issue_days or more and a source")
	}
	if err := p.checkTriedFirst(known); err != nil {
		return nil, err
	}
	if err := p.checkAvailableFrom(known); err != nil {
		return nil, err
	}
	if err := p.checkStarters(known); err != nil {
		return nil, err
	}
	if err := p.checkPregnancyLevels(known); err != nil {
		return nil, err
	}
	if err := p.checkPregnancyDoses(known); err != nil {
		return nil, err
	}
	if err := p.checkProgressionSteps(known); err != nil {
		return nil, err
	}
	if err := p.checkStartTests(known); err != nil {
		return nil, err
	}
	if err := p.checkInteractions(known); err != nil {
		return nil, err
	}
	for _, m := range p.Monitoring {
		_, obs := ObservationByKey(m.Observation)
		for _, a := range m.Also {
			if _, ok := ObservationByKey(a); !ok {
				obs = false
			}
		}
		if err := known(m.Medicine, ""); err != nil || !obs || m.EveryDays < 0 || (m.EveryDays == 0 && len(m.StartDays) == 0) || m.Source == "" {
			return nil, fmt.Errorf("prescribing.yaml: monitoring of %q: needs a known medicine and observation, every_days (0: only the start_days tests) and a source", m.Medicine)
		}
		if m.Range[1] > 0 && (m.Range[0] >= m.Range[1] || m.RecheckDays[0] <= 0 || m.RecheckDays[1] < m.RecheckDays[0]) ||
			m.Baseline[1] < 0 || slices.ContainsFunc(m.StartDays, func(d int) bool { return d <= 0 }) {
			return nil, fmt.Errorf("prescribing.yaml: monitoring of %q: range needs least < most with recheck_days [least, most] above 0; baseline a spread of 0 or more; start_days above 0", m.Medicine)
		}
		if err := m.LevelSteps.check(&m); err != nil {
			return nil, err
		}
		if err := m.Response.check(&m); err != nil {
			return nil, err
		}
	}
	return &p, nil
})

// PregnancyCourse is prescribing.yaml pregnancy courses: short courses of
// Medicines in a known pregnancy run Days at the regimens.csv dose Step
// (whose dose text says those days), and Immediate gives them at the
// contact whatever the course's chance.
type PregnancyCourse struct {
	Medicines []string `yaml:"medicines"`
	Days      int      `yaml:"days"`
	Step      int      `yaml:"step"`
	Immediate bool     `yaml:"immediate"`
	Source    string   `yaml:"source"`
}

// NearTermSwap is prescribing.yaml pregnancy near_term: a medicine to avoid
// from a day of the pregnancy (counted from the last period), and the one
// given in its place for a short course.
type NearTermSwap struct {
	FromDay   int      `yaml:"from_day"`
	Medicines []string `yaml:"medicines"`
	Instead   string   `yaml:"instead"`
	Days      int      `yaml:"days"`
	Source    string   `yaml:"source"`
}

// EpisodeHold is a medicine withheld during an acute episode and restarted
// after it (brief h64c, the "sick day" hold of an acute kidney injury): the
// issues of Classes are paused from the first day of an episode of
// presentation Episode to the GP's check after it (the episode's bloods),
// where they restart.
type EpisodeHold struct {
	Episode string   `yaml:"episode"`
	Classes []string `yaml:"classes"`
	Source  string   `yaml:"source"`
}
