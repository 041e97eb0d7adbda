package datasets

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Types of the catalogue's clinical-course model: how a condition's defining
// measurement develops, progresses and is treated to a target; how disease is
// staged, referred, and causes death; presentations that give every visit a
// reason; smoking histories. See catalogue.yaml and docs/clinical-model.md.

// Diagnosis places the defining measurement at diagnosis: the person's usual
// level crosses the defined_by threshold at onset by a margin drawn from an
// exponential distribution with this mean, having risen (or fallen) towards
// it over DevelopsOverYears before, so records never jump at diagnosis.
type Diagnosis struct {
	MarginMean        float64 `yaml:"margin_mean"`
	DevelopsOverYears float64 `yaml:"develops_over_years"`
	Found             *Found  `yaml:"found"`
	// Confirm: the diagnosis confirms an earlier reading past the
	// threshold (confirm.go in the generator).
	Confirm *Confirm `yaml:"confirm"`
}

// Confirm makes a diagnosis the second of two findings, as the guidelines
// ask: a reading past the threshold FirstDaysBefore (a range of days)
// before the diagnosis, unless one already on the record within
// [UsesWithin, UsesFrom] days before it counts (hypertension found at a CHD
// review four weeks before; CKD with a low eGFR at a diabetes review six
// months before). Ambulatory, when set, is the out-of-clinic monitoring
// between the two that confirms it (NICE NG136: ambulatory blood pressure).
// SymptomaticShare of diagnoses need no first reading: the person had the
// condition's classic symptoms, and one reading is enough (WHO 2011: an
// HbA1c of 48 or more with symptoms of diabetes). The first reading's
// visit is about the first of Reasons the person holds then (the
// monitoring that took the blood), and about nothing without one.
type Confirm struct {
	FirstDaysBefore  [2]int      `yaml:"first_days_before"`
	Observations     []string    `yaml:"observations"` // recorded at the first reading's visit
	Contact          string      `yaml:"contact"`      // who takes it (workforce.yaml contacts)
	UsesFrom         int         `yaml:"uses_from"`
	UsesWithin       int         `yaml:"uses_within"`
	Ambulatory       *Ambulatory `yaml:"ambulatory"`
	SymptomaticShare float64     `yaml:"symptomatic_share"`
	SymptomsSource   string      `yaml:"symptoms_source"`
	// Symptoms are the findings (observation_codes.csv keys, no value)
	// coded at a symptomatic diagnosis: why one reading was enough
	// (seventeenth review).
	Symptoms []string `yaml:"symptoms"`
	// ApartDays: no other reading of the defining observation is taken
	// this many days before the diagnosis (nor the first reading later
	// than that), so that the two readings are weeks apart; 0: unused
	// (seventeenth review: a confirming HbA1c days after the first).
	ApartDays int      `yaml:"apart_days"`
	Reasons   []string `yaml:"reasons"` // condition keys
	Source    string   `yaml:"source"`
}

// Ambulatory is out-of-clinic monitoring coded DaysBefore (a range) before
// the diagnosis: daytime averages of the defining measurement (Code) and a
// companion (CompanionCode of observation Companion), each its usual clinic
// level less Below (and CompanionBelow) plus noise of sd Noise; the first is
// at least AtLeast (it confirmed the diagnosis). CompanionAtLeast is the
// companion's own threshold (85 beside 135): monitoring confirms when
// either average reaches its threshold, and WhiteCoat, when set, reads the
// earlier monitoring that did not.
type Ambulatory struct {
	DaysBefore       [2]int     `yaml:"days_before"`
	Code             string     `yaml:"code"`
	Below            float64    `yaml:"below"`
	AtLeast          float64    `yaml:"at_least"`
	Companion        string     `yaml:"companion"`
	CompanionCode    string     `yaml:"companion_code"`
	CompanionBelow   float64    `yaml:"companion_below"`
	CompanionAtLeast float64    `yaml:"companion_at_least"`
	Noise            float64    `yaml:"noise"`
	WhiteCoat        *WhiteCoat `yaml:"white_coat"`
	Source           string     `yaml:"source"`
}

// WhiteCoat is an earlier work-up that did not confirm: a raised clinic
// reading DaysBefore (a range) before the diagnosis and the monitoring
// MonitorAfter (a range) days after it, whose averages, the usual level
// then less the ambulatory offsets plus noise, are both under their
// thresholds. The practice codes nothing (NICE NG136: hypertension is not
// diagnosed) and measures again later; when the averages of that day
// would have confirmed, no such work-up is written (the diagnosis is the
// later one the model drew).
type WhiteCoat struct {
	DaysBefore   [2]int `yaml:"days_before"`
	MonitorAfter [2]int `yaml:"monitor_after"`
	Source       string `yaml:"source"`
}

// LifestyleFirst holds back a treated person's first line at a diagnosis
// whose defining reading is below Below: lifestyle advice first, and the
// drug at a follow-up Days (a range) later (NICE NG136 stage 1).
type LifestyleFirst struct {
	Below float64 `yaml:"below"`
	// Without: conditions that start the drug at the diagnosis whatever
	// the reading (NICE NG136 1.4.10: established cardiovascular disease,
	// renal disease, diabetes).
	Without []string `yaml:"without"`
	// Code: the observation (no value) coded at the diagnosis when the
	// drug waits: the advice given.
	Code string `yaml:"code"`
	Days [2]int `yaml:"days"`
	// TargetFrom80: from 80 (the care target's above_from_80 age) the
	// first line waits at any diagnosis under Below, comorbidities or not,
	// and starts at the follow-up only when its reading is above the care
	// target at the age (relaxed in frailty: step_down above); under it,
	// later reviews start it when the target is missed (NICE NG136 1.4.12).
	TargetFrom80 bool `yaml:"target_from_80"`
	// AmbulatoryBelow (with TargetFrom80): from 80 a diagnosis whose
	// ambulatory daytime systolic average (at_diagnosis confirm) is under
	// this is stage 1 whatever the clinic reading, and waits too (NICE
	// NG136 stage 2: clinic 160/100 and an ambulatory average of 150/95).
	AmbulatoryBelow float64 `yaml:"ambulatory_below"`
	Source          string  `yaml:"source"`
}

// RepeatFirst holds back a treated person's first line at a diagnosis
// whose reading of When's observation, in the diagnosing sample, is on
// When's side (a free T4 in the reference range: subclinical
// hypothyroidism), and repeats the diagnosing measurement (the condition's
// diagnosed_at) at a follow-up Days (a range) later. The line starts there
// only when the repeat is past diagnosed_at again; one that has
// normalised starts nothing, and a later review's reading past it books
// another repeat (NICE NG145 1.6; issue 9).
type RepeatFirst struct {
	When   Threshold `yaml:"when"`
	Days   [2]int    `yaml:"days"`
	Source string    `yaml:"source"`
}

// Found brings a developing condition's diagnosis forward for people whose
// other conditions are reviewed with its defining measurement: at such a
// review, a reading past the threshold when the usual level is past it too
// (what confirmation, such as ambulatory blood pressure, would find) makes
// the diagnosis AfterDays later, instead of at the drawn date. Without it
// a CHD review could record a diagnostic blood pressure every year until
// hypertension is diagnosed years on.
type Found struct {
	AtReviewsOf []string `yaml:"at_reviews_of"`
	AfterDays   int      `yaml:"after_days"`
	Source      string   `yaml:"source"`
	// Confirmed (twentieth review): the review's reading finds the
	// condition only when an earlier reading past the threshold is on the
	// record as at_diagnosis.confirm reads one (uses_from to uses_within
	// days before, none on the healthy side since): CKD is coded at the
	// review that sees the second eGFR below 60 at least 90 days after the
	// first. Needs a confirm.
	Confirmed bool `yaml:"confirmed"`
	// CodedShare is the share of people found so whom the practice codes
	// (0: all): drawn once a person, so the rest keep the drawn diagnosis
	// date, uncoded until then. CodedSource gives its source.
	CodedShare  float64 `yaml:"coded_share"`
	CodedSource string  `yaml:"coded_source"`
	// OnReading (session 50): the review's reading past the threshold
	// finds the condition the person is developing even while the usual
	// level is still short of it; the repeat AfterDays later is the
	// diagnosis's reading. A non-diabetic hyperglycaemia review reading 48
	// or more had waited, year after year, for the level itself to pass 48.
	OnReading bool `yaml:"on_reading"`
}

// Progression scales a condition's trend_per_year for each person: a
// log-normal factor (median 1, log-sd RateSD), multiplied by FasterWith for
// each named condition the person also has.
type Progression struct {
	RateSD     float64      `yaml:"rate_sd"`
	FasterWith []RateFactor `yaml:"faster_with"`
}

// RateFactor multiplies a progression rate for people with another condition
// (Given), or for people smoking (Smoking: current) when the condition is
// diagnosed.
type RateFactor struct {
	Given   string  `yaml:"given"`
	Smoking string  `yaml:"smoking"`
	Times   float64 `yaml:"times"`
}

// Target is the treatment target a review checks: treatment is intensified
// when the review's reading is above Above (AboveFrom80 from age 80, when set).
type Target struct {
	Observation string  `yaml:"observation"`
	Above       float64 `yaml:"above"`
	AboveFrom80 float64 `yaml:"above_from_80"`
	// BelowPredicted, instead of Above, makes a reading under this share of
	// the level predicted for the person's age and sex miss the target (FEV1
	// under 60% of predicted in COPD).
	BelowPredicted float64 `yaml:"below_predicted"`
	// Escalate is the chance, at a review with the target missed, that the
	// clinician intensifies treatment (titrates or adds the next line); the
	// remainder is clinical inertia or a patient's choice.
	Escalate float64 `yaml:"escalate"`
	// EscalateFrom80 replaces Escalate from age 80 when set: treatment is
	// intensified more cautiously in the very old (falls, postural hypotension).
	EscalateFrom80 float64 `yaml:"escalate_from_80"`
	// TitrateFrom80, when set, is the chance from age 80 that a line
	// titrated by chance (titrate_by_chance) is raised at a review above its
	// level, in place of EscalateFrom80: raising the dose of the drug running
	// (amlodipine 5 to 10 mg) is a smaller change than adding another
	// (twenty-sixth review).
	TitrateFrom80 float64 `yaml:"titrate_from_80"`
	// Recheck books a follow-up review (about three months on, as after a
	// change of treatment) when a treated person's reading first misses the
	// target, so that a second miss is acted on then and not a year later
	// at the next routine review.
	Recheck bool `yaml:"recheck"`
	// MissAtOtherReviews: a reading above the target taken at a review of
	// another condition that can find this one (at_diagnosis.found
	// at_reviews_of) counts as a review's reading in the run of misses: the
	// second above the target in a row, there or here, joins this
	// condition's review to that appointment, where the step up is decided
	// (h62f). A reading at the target there ends the run.
	MissAtOtherReviews bool `yaml:"miss_at_other_reviews"`
	// ChangeAfterDays is the least time from the last change of treatment
	// to the next step up (0: 90 days, about three months, as for blood
	// pressure and HbA1c). An antidepressant is judged after 4-8 weeks
	// (NICE NG222), sooner than a blood pressure tablet.
	ChangeAfterDays int `yaml:"change_after_days"`
	// Exacerbations: exacerbations of the condition (presentations that
	// require it) since its previous review miss the target at this review,
	// whatever the reading: treatment is stepped up after exacerbations
	// (COPD, NICE NG115; asthma attacks, NICE NG245), not only by a reading.
	Exacerbations *ExacerbationRule `yaml:"exacerbations"`
	// FlaresStart: a person not yet treated is started on the first line,
	// whatever the reading, at a review after recurrent exacerbations
	// (urate-lowering therapy after recurrent gout flares, NICE NG219 1.5.1;
	// seventeenth review).
	FlaresStart *FlaresStart `yaml:"flares_start"`
	// NotWith: people with one of these conditions are not stepped up by
	// this target (asthma with COPD: the COPD pathway, with an inhaled
	// corticosteroid for asthmatic features, treats the airways disease).
	NotWith []string `yaml:"not_with"`
	// Declined: at a review where a step up is due and not taken, the share
	// where the person declined it (a shared decision), coded by the
	// condition's untreated reason DeclinedCode, at most once a year; the
	// rest is clinical inertia, with nothing coded (fifteenth review).
	Declined     float64 `yaml:"declined"`
	DeclinedCode string  `yaml:"declined_code"`
	// DeclinedFrailCode, when set, is coded in place of DeclinedCode where
	// the step down's frailty holds (StepDown: from its age, in its eFI
	// category): a step not taken there is the clinician's judgement (falls,
	// postural hypotension), not the person's refusal (h61b).
	DeclinedFrailCode string `yaml:"declined_frail_code"`
	// DeclinedByClass: a step declined by a person already on a line is
	// coded as the refusal of the next drug's class (prescribing.yaml
	// declined_classes), or by this reason where no class refusal names it
	// ("Drug declined by patient"), not DeclinedCode, which refuses the
	// treatment the person takes (brief h69b).
	DeclinedByClass *UntreatedReason `yaml:"declined_by_class"`
	// StepDown relaxes treatment in the very old: at a review from FromAge
	// reading below Below on two lines or more, the latest line stops
	// (sixteenth review: NICE NG28 relaxes HbA1c targets in frailty).
	StepDown *StepDown `yaml:"step_down"`
	// ReadingSteps bounds what the review's reading alone steps up to
	// (twenty-sixth review: COPD breathlessness, NICE NG115).
	ReadingSteps *ReadingSteps `yaml:"reading_steps"`
	// Severe: a reading far above the target is acted on at the review
	// that finds it, not at a second miss three months on (h52c).
	Severe *SevereMiss `yaml:"severe"`
	// High: a second reading in a row at High.AtLeast or more, on
	// treatment, is stepped up by its own chance, and a step not taken
	// there is declined by its own share (h57c).
	High   *HighMiss `yaml:"high"`
	Source string    `yaml:"source"`
}

// HighMiss is a care target's high band (Target.High): at a review whose
// reading and the one before both miss the target, this one at AtLeast or
// more, on treatment, the step up due is taken with chance Escalate in
// place of the target's escalate (less inertia well above the target), and
// one not taken is the person's decision with share Declined in place of
// the target's declined (coded at most once a year, as that is). An HbA1c
// of 64 or more twice on metformin in type 2 diabetes (NICE NG28).
type HighMiss struct {
	AtLeast  float64 `yaml:"at_least"`
	Escalate float64 `yaml:"escalate"`
	Declined float64 `yaml:"declined"`
	// AtOnce: the first reading in the band is acted on at its review, as
	// a second miss would be (a clinic systolic of 160 or more on
	// treatment, stage 2: h58c), not checked again first.
	AtOnce bool `yaml:"at_once"`
	// Untreated: the band also offers the first line again to a person not
	// on it (a decline, or "not indicated", coded years before): stage 2
	// hypertension is offered treatment at any age and the offer is made
	// again at review (NICE NG136); one not taken is coded as declined
	// again, at most once a year (h61b).
	Untreated bool `yaml:"untreated"`
	// RepeatDays: a reading in the band at a GP contact that is not this
	// condition's review (a check-up, a contact about another problem), in
	// a person diagnosed with it, is read again at a check booked this many
	// days later, unless another reading falls in that time; RepeatSevereDays in
	// place of it for a reading in the severe band (h61b).
	RepeatDays       [2]int `yaml:"repeat_days"`
	RepeatSevereDays [2]int `yaml:"repeat_severe_days"`
	RepeatSource     string `yaml:"repeat_source"`
	// AtOtherReviews: a reading in the band taken at a review of another
	// condition that can find this one (at_diagnosis.found.at_reviews_of:
	// a CHD, diabetes, CKD or stroke review's blood pressure) is acted on
	// as at this condition's own review, once it is diagnosed: its review
	// joins that appointment (h60b).
	AtOtherReviews bool   `yaml:"at_other_reviews"`
	Source         string `yaml:"source"`
}

// HighBand is the target's high band, or nil (no target, or no band).
func (t *Target) HighBand() *HighMiss {
	if t == nil {
		return nil
	}
	return t.High
}

// HighAt reports whether reading is in the target's high band.
func (t *Target) HighAt(reading float64) bool {
	return t.High != nil && reading >= t.High.AtLeast
}

// SevereMiss is a care target's severe reading (Target.Severe): a review
// reading AtLeast or more, in someone already treated, steps treatment up
// at that review, with chance Escalate in place of the target's escalate
// (inertia aside) and whatever the time since the last change; without a
// step left, the pathway's referral follows as after a second miss.
type SevereMiss struct {
	AtLeast  float64 `yaml:"at_least"`
	Escalate float64 `yaml:"escalate"`
	Source   string  `yaml:"source"`
}

// SevereAt reports whether reading is a severe one for the target.
func (t *Target) SevereAt(reading float64) bool {
	return t.Severe != nil && reading >= t.Severe.AtLeast
}

// ReadingSteps is how a target's reading (a symptom grade, not a
// measurement: the MRC dyspnoea grade in COPD) steps treatment up. Now: one
// reading missing the target steps up at that review, not a second in a
// row (a person still breathless on a short-acting bronchodilator is
// offered the long-acting one then, NICE NG115 1.2.15). UpToLine: the
// reading misses only until this line (1-based, as the catalogue numbers
// lines) is reached; the lines beyond follow exacerbations alone (NG115
// 1.2.19: triple therapy after exacerbations on LAMA + LABA), but for
// people holding a BeyondWith condition (COPD with asthmatic features, on
// LABA + ICS: NG115 1.2.20 steps to triple for symptoms too).
type ReadingSteps struct {
	Now        bool     `yaml:"now"`
	UpToLine   int      `yaml:"up_to_line"`
	BeyondWith []string `yaml:"beyond_with"`
	Source     string   `yaml:"source"`
}

// FlaresStart starts the first line at a review with chance Share when the
// exacerbations treated anywhere (GP, A&E, admission) number Flares or more
// in the WithinDays before it, one of them since the previous review. The
// review's own uniform draw decides (no new draw), so no stream moves.
type FlaresStart struct {
	Flares     int     `yaml:"flares"`
	WithinDays int     `yaml:"within_days"`
	Share      float64 `yaml:"share"`
	// FollowUp books a review this many days (a range) after the flare that
	// makes the offer due, for a person not treated from the diagnosis, so
	// that the offer is made once the flare has settled and not at the
	// next yearly review, which death or a move may forestall (issue 9:
	// 18 of 48 people with two flares or more were never offered ULT).
	FollowUp *[2]int `yaml:"follow_up_days"`
	// Declined is coded at a review where the offer is due and not taken
	// (the rest of Share): the person's decision, on the record.
	Declined *UntreatedReason `yaml:"declined"`
	// DiagnosisFlare counts the diagnosis as the first flare (h70d: gout is
	// diagnosed at an acute attack, so the first flare after it is the second
	// attack, and NG219's offer is due then).
	DiagnosisFlare bool   `yaml:"diagnosis_flare"`
	Source         string `yaml:"source"`
}

// StepDown is a target's step down in the very old (Target.StepDown).
type StepDown struct {
	FromAge int     `yaml:"from_age"`
	Below   float64 `yaml:"below"`
	// Above, when set, is the relaxed target from FromAge, and in
	// end-of-life care when EndOfLife is set: treatment is stepped up, or a
	// line titrated to a level raised, only above it (seventeenth review:
	// people of 85 and over were intensified towards 48-58).
	Above     float64 `yaml:"above"`
	EndOfLife bool    `yaml:"end_of_life"`
	// Frailty, when set (an eFI category of frailty.yaml: mild, moderate,
	// severe), limits the step down and the relaxed target from FromAge to
	// people living with that category of frailty or a more severe one on
	// the day; end-of-life care relaxes the target whatever the frailty
	// (h47d: deprescribing antihypertensives in frail people of 80 and over).
	Frailty string `yaml:"frailty"`
	// FrailAnyAge, when set (an eFI category), relaxes the target and steps
	// down at any age in that category of frailty or a more severe one, as
	// from FromAge (brief h70g: glargine raised 22 -> 40 units and
	// mealtime insulin added in severe frailty under 85).
	FrailAnyAge string `yaml:"frail_any_age"`
	// SevereAbove, when set, is the relaxed target instead of Above in
	// severe frailty (eFI) (brief h73b: glargine raised at an HbA1c of 65 in
	// severe frailty, where Strain et al. 2021 aim below 69).
	SevereAbove float64 `yaml:"severe_above"`
	// LowBelow, when set, steps down from FromAge at a review reading below
	// it whatever the frailty (brief h70g: people of 80 and over on two
	// antihypertensives or more read a systolic under 110).
	LowBelow float64 `yaml:"low_below"`
	// Dual: under the relaxed target, a drug of class Stop running beside
	// one of class Beside stops (a sulfonylurea with insulin).
	Dual   *DualStop `yaml:"dual"`
	Source string    `yaml:"source"`
}

// DualStop names two classes whose combination is de-escalated in the
// very old (StepDown.Dual): Stop stops while Beside runs.
type DualStop struct {
	Stop   string `yaml:"stop"`
	Beside string `yaml:"beside"`
	// AnyReading: the pair is undone whatever the review reads, not only
	// under the relaxed target (brief h73b: the insulin, titrated to the
	// relaxed target, takes the sulfonylurea's place).
	AnyReading bool   `yaml:"any_reading"`
	Source     string `yaml:"source"`
}

// ExacerbationRule is how exacerbations count at a review: one since the
// previous review misses the target (as a reading would: a second miss in a
// row steps treatment up), and Admitted emergency admissions with one since
// then, or Treated ones treated anywhere (GP, A&E, admission) within the
// WithinDays before the review, one of them since then, step up at once (0:
// that threshold unused).
type ExacerbationRule struct {
	// RescuePack: the short courses a person who has had an exacerbation
	// keeps at home to start at the next (COPD, NICE NG115); nil none.
	RescuePack *RescuePack `yaml:"rescue_pack"`
	Admitted   int         `yaml:"admitted"`
	Treated    int         `yaml:"treated"`
	WithinDays int         `yaml:"within_days"`
	// FollowUp books a review of the condition this many days (a range)
	// after an exacerbation treated in emergency care (A&E or an emergency
	// admission; after discharge), where treatment is reviewed; nil: none.
	FollowUp *[2]int `yaml:"follow_up_days"`
	// FollowUpDue: the follow-up is booked after an exacerbation treated by
	// the GP too when it makes the step up due (the Treated-th within
	// WithinDays), so that the decision is taken within weeks, not at the
	// annual review (COPD, NICE NG115; nineteenth review).
	FollowUpDue bool `yaml:"follow_up_due"`
	// Escalate, when set, is the chance of a step up at a review where the
	// exacerbations call for it now (an admission, or Treated within
	// WithinDays), in place of the target's escalate (which stands for the
	// clinical inertia of a reading); one not taken may be declined
	// (care_target declined).
	Escalate float64 `yaml:"escalate"`
	// OneTitrates: a single exacerbation since the last review, treated
	// anywhere, calls for the step now when that step is a dose of the line
	// already taken (asthma's low- to moderate-dose MART), and every one is
	// followed up (follow_up_days); a new line still waits for Treated within
	// WithinDays (h58d: BTS/SIGN/NICE NG245 review after any attack and step
	// up; montelukast stays an add-on for asthma still uncontrolled).
	OneTitrates bool `yaml:"one_titrates"`
	// FollowUpWorking: follow_up_days counts working days (weekends and
	// England's bank holidays skipped), so an attack on a Friday is seen by
	// the Tuesday (h62d: NICE QS25 and BTS/SIGN/NICE NG245, within 2 working
	// days; calendar days 1-4 saw a third of attacks later).
	FollowUpWorking bool `yaml:"follow_up_working"`
	// OnStep: a single exacerbation since the last review treated in A&E
	// that came on the step taken (ChangeAfter days or more after the last
	// change of treatment, so the step had had its time) calls for the next
	// step now, a new line included, by the target's own escalate (h62d:
	// NICE NG245 (2024), an attack is a sign of poor control: review and
	// consider stepping up). One treated by the GP is left to OneTitrates
	// and the recheck; one within ChangeAfter of a change only misses.
	OnStep bool   `yaml:"on_step"`
	Source string `yaml:"source"`
}

// ExacerbationRates draws an exacerbation's episodes treated by the GP or in
// A&E as events of their own, per year with the condition by age band,
// before the care simulation (so a review can count them); the
// presentation then has no gp or ae weights.
type ExacerbationRates struct {
	GP []float64 `yaml:"gp"`
	AE []float64 `yaml:"ae"`
	// Shape: people differ in their risk of exacerbations (those who have
	// had them have more): a person's rates are multiplied by a factor drawn
	// once, gamma-distributed with mean 1 and this shape (the counts are then
	// negative binomial, overdispersed as observed).
	Shape  float64 `yaml:"shape"`
	Source string  `yaml:"source"`
}

// ChangeAfter is the least number of days between two changes of
// treatment made to reach the target.
func (t *Target) ChangeAfter() int {
	if t.ChangeAfterDays > 0 {
		return t.ChangeAfterDays
	}
	return 90
}

// At is the target's limit and chance of escalation for a person of the age:
// from 80, the very-old values where the pathway sets them.
func (t *Target) At(age int) (limit, escalate float64) {
	limit, escalate = t.Above, t.Escalate
	if age >= 80 {
		if t.AboveFrom80 > 0 {
			limit = t.AboveFrom80
		}
		if t.EscalateFrom80 > 0 {
			escalate = t.EscalateFrom80
		}
	}
	return limit, escalate
}

// LimitAt is the target's limit for a person of the age (At's limit).
func (t *Target) LimitAt(age int) float64 {
	limit, _ := t.At(age)
	return limit
}

// TitrateChance is the chance, at a review of a person of the age above a
// line's level, that a line titrated by chance is raised: escalate (the
// review's escalate chance) or, from 80, TitrateFrom80 when set.
func (t *Target) TitrateChance(age int, escalate float64) float64 {
	if age >= 80 && t.TitrateFrom80 > 0 {
		return t.TitrateFrom80
	}
	return escalate
}

// Stage is one coded stage of a progressive condition, entered when the
// staging observation falls below Below.
type Stage struct {
	Below       float64 `yaml:"below"`
	Snomed      string  `yaml:"snomed"`
	ICD10       string  `yaml:"icd10"`
	Description string  `yaml:"description"`
}

// Referral sends the patient to an outpatient clinic when a review's reading
// crosses a threshold, or when treatment to target has run out of lines.
type Referral struct {
	Observation   string   `yaml:"observation"`
	Below         *float64 `yaml:"below"`
	AtLeast       *float64 `yaml:"at_least"`
	WhenExhausted bool     `yaml:"when_exhausted"`
	// AtSecondMiss (with WhenExhausted): the last line missing the care
	// target at two reviews in a row exhausts the pathway whatever the
	// escalate chance (that chance is inertia in adding a drug; with no
	// drug left the step is the referral: NICE NG136 on four drugs).
	AtSecondMiss bool `yaml:"at_second_miss"`
	// AgainAfterYears (with AtSecondMiss): a referral made this many years
	// ago or more is made again at a review that is a second miss in a row
	// on the exhausted pathway (the advice sought before the record opened
	// is not on it); 0: once. AgainSource cites it.
	AgainAfterYears float64 `yaml:"again_after_years"`
	AgainSource     string  `yaml:"again_source"`
	// AtDiagnosis: every new diagnosis is referred (heart failure for an
	// echocardiogram and specialist assessment, a first seizure, suspected
	// dementia to a memory service).
	AtDiagnosis bool `yaml:"at_diagnosis"`
	// Days is how long after the decision the clinic sees the person
	// (inclusive range); 14-55 days when unset.
	Days [2]int `yaml:"days"`
	// Recorded names the observation (observation_codes.csv key) the GP
	// codes for the referral at the review; with Community, the service is
	// one whose appointments never reach the record (NHS Talking
	// Therapies, to which people are directed to refer themselves): the code
	// is all there is, and no clinic is booked (thirteenth review).
	Recorded  string `yaml:"recorded"`
	Community bool   `yaml:"community"`
	// MinAge and MaxAge (0: none) limit the rule to people of those ages
	// on the day: NHS Talking Therapies is an adult service, and a young
	// person is referred to children's mental health services instead.
	MinAge int `yaml:"min_age"`
	MaxAge int `yaml:"max_age"`
	// Twice: the reading must cross the threshold at this review and at the
	// condition's review before it (depression that stays severe, not one
	// bad week). AfterChanges: only once treatment has been changed this
	// many times (a dose raised, a drug switched) or the pathway is
	// exhausted. OrDeclined: also, on this reading alone, when treatment was
	// declined and still stood declined at the previous review. Chance: the
	// share of reviews meeting all this that refer (0: every one); one not
	// referred is considered again at the next (fourteenth review: NICE
	// NG222 specialist referral).
	Twice        bool    `yaml:"twice"`
	AfterChanges int     `yaml:"after_changes"`
	OrDeclined   bool    `yaml:"or_declined"`
	Chance       float64 `yaml:"chance"`
	Source       string  `yaml:"source"`
	// Procedure, an observation_codes.csv key, is coded at the clinic
	// attendance a diagnosis referral books: the echocardiogram of heart
	// failure's specialist assessment (thirteenth review).
	Procedure string `yaml:"procedure"`
	// Readings, numeric observations, are measured at that procedure: the
	// ejection fraction an echocardiogram reports (sixteenth review).
	Readings []string `yaml:"readings"`
	// InPrimaryCare limits an at-diagnosis rule to a diagnosis the practice
	// makes: one that presented in hospital (angina found after a heart
	// attack) was assessed there and is not sent to the clinic again
	// (eighteenth review: the rapid access chest pain clinic).
	InPrimaryCare bool `yaml:"in_primary_care"`
	// Sooner, when set, books the clinic within its own Days when the
	// reading of Observation recorded at the deciding visit is above Above:
	// an NT-proBNP above 2,000 ng/L has the echocardiogram within 2 weeks,
	// not 6 (seventeenth review).
	Sooner *ReferralSooner `yaml:"sooner"`
	// Sustained (a rule on a reading below its threshold): also due when
	// the record holds two readings below it the condition's sustained
	// days or more apart, whichever review read them (twenty-fifth review:
	// an eGFR below 30 at diabetes and hypertension reviews while the CKD
	// review read 32).
	Sustained bool `yaml:"sustained"`
	// Declined: from an age, a share of the people a rule would refer
	// decide with their GP not to be referred, coded by Recorded instead of
	// a clinic (NICE NG203 1.5.5: the person's wishes and comorbidities).
	Declined *ReferralDeclined `yaml:"declined"`
	// FromLine (a rule on a reading; catalogue line numbers from 1): only
	// someone whose treatment has reached this line is referred: type 2
	// diabetes above 86 mmol/mol on triple therapy or beyond, not a new
	// diagnosis that metformin has yet to act on (brief h51d).
	FromLine int `yaml:"from_line"`
	// StartsLine (catalogue line number; 0: none): the clinic the referral
	// books starts that line, unless it runs already: the diabetes team
	// starts insulin (NICE NG28 1.7). A referral made before the record
	// opens, or whose clinic cannot be held, starts it on the day decided.
	StartsLine int `yaml:"starts_line"`
	// BeforeRecord: a condition diagnosed before the record opens, with
	// none of the Readings on the record, is referred for the Procedure at
	// its first review in the record: heart failure diagnosed years ago, its
	// echocardiogram not on the record, has its ejection fraction measured
	// again, so the type that decides its treatment is on the record (issue
	// 9, session 54: 7 of 172 living people with heart failure had no
	// ejection fraction, generate -n 20000 -s 83).
	BeforeRecord bool `yaml:"before_record"`
	// UnlessTreatedWith (a rule on a reading): not due for a holder of one
	// of these conditions while the condition's first line runs: NICE
	// NG203 1.5.5 refers an ACR of 70 mg/mmol or more unless known to be
	// caused by diabetes and already appropriately treated (brief h54e).
	UnlessTreatedWith []string `yaml:"unless_treated_with"`
	// Reassess (h67c): the Procedure repeated once the treatment has had
	// time to act: due, once, at the first review in the record at least
	// AfterDays after the latest reading of the first of Readings (since
	// the diagnosis) when that reading is at most AtMost: heart failure
	// with a reduced ejection fraction has its echocardiogram repeated
	// after its treatment is optimised, where an improvement shows.
	Reassess *ReferralReassess `yaml:"reassess"`
	// AssessmentOnly: the clinic assesses the person once and care returns
	// to the practice; the condition's clinic follow-up
	// (clinic_after_referral) is not started by this rule (brief h54e).
	AssessmentOnly bool `yaml:"assessment_only"`
	// Course: the attendances the service gives after its first and the
	// practice's follow-up (referralcourse.go; brief h75d).
	Course *ReferralCourse `yaml:"course"`
}

// Sustained is how long apart two staging readings past a threshold must
// be for the state to count as lasting (CKD: more than 3 months, NICE NG203
// 1.1): the stage they show is coded, and a referral rule marked sustained
// is due.
type Sustained struct {
	Days   int    `yaml:"days"`
	Source string `yaml:"source"`
}

// ReferralDeclined is a referral not made, from FromAge, for Share of the
// people due it, coded by the observation Recorded.
type ReferralDeclined struct {
	FromAge  int     `yaml:"from_age"`
	Share    float64 `yaml:"share"`
	Recorded string  `yaml:"recorded"`
	Source   string  `yaml:"source"`
}

// ReferralReassess is when a referral repeats its procedure (Referral
// Reassess).
type ReferralReassess struct {
	AtMost    float64 `yaml:"at_most"`
	AfterDays int     `yaml:"after_days"`
	Source    string  `yaml:"source"`
}

// ReferralSooner is a reading above which a referral's clinic comes sooner.
type ReferralSooner struct {
	Observation string  `yaml:"observation"`
	Above       float64 `yaml:"above"`
	Days        [2]int  `yaml:"days"`
	Source      string  `yaml:"source"`
}

// check reports what is wrong with a referral rule: it needs one trigger
// (a reading, an exhausted pathway or the diagnosis) and a source.
func (r *Referral) check(where string) error {
	triggers := 0
	if r.Observation != "" {
		triggers++
		if (r.Below == nil) == (r.AtLeast == nil) {
			return fmt.Errorf("%s: referral on %s needs one of below or at_least", where, r.Observation)
		}
	}
	if r.WhenExhausted {
		triggers++
	}
	if r.AtSecondMiss && !r.WhenExhausted {
		return fmt.Errorf("%s: at_second_miss refines a when_exhausted referral", where)
	}
	if r.AgainAfterYears < 0 || (r.AgainAfterYears > 0) != (r.AgainSource != "") || r.AgainAfterYears > 0 && !r.AtSecondMiss {
		return fmt.Errorf("%s: again_after_years refines an at_second_miss referral, with again_source", where)
	}
	if r.AtDiagnosis {
		triggers++
	}
	if r.BeforeRecord {
		triggers++
		if r.Procedure == "" || len(r.Readings) == 0 {
			return fmt.Errorf("%s: a before_record referral needs the procedure and the readings it looks for", where)
		}
	}
	if ra := r.Reassess; ra != nil {
		triggers++
		if r.Procedure == "" || len(r.Readings) == 0 || ra.AfterDays <= 0 || ra.Source == "" {
			return fmt.Errorf("%s: a reassess referral needs the procedure, the readings it repeats, after_days above 0 and a source", where)
		}
	}
	if (r.Twice || r.AfterChanges > 0) && r.Observation == "" || r.OrDeclined && r.AfterChanges == 0 || r.Chance < 0 || r.Chance > 1 {
		return fmt.Errorf("%s: twice and after_changes refine a referral on a reading; or_declined needs after_changes; chance is a share", where)
	}
	if r.Community && r.Recorded == "" {
		return fmt.Errorf("%s: a community referral needs the code it is recorded by (recorded)", where)
	}
	if r.Sustained && r.Below == nil {
		return fmt.Errorf("%s: sustained refines a referral below a reading", where)
	}
	if dc := r.Declined; dc != nil {
		if _, ok := ObservationByKey(dc.Recorded); !ok || dc.Share <= 0 || dc.Share > 1 || dc.FromAge < 0 || dc.Source == "" {
			return fmt.Errorf("%s: declined needs a share in (0, 1], a from_age, a source and a recorded code in observation_codes.csv", where)
		}
	}
	if (r.FromLine > 0 || r.StartsLine > 0) && r.Observation == "" || r.FromLine < 0 || r.StartsLine < 0 {
		return fmt.Errorf("%s: from_line and starts_line refine a referral on a reading (line numbers from 1)", where)
	}
	if len(r.UnlessTreatedWith) > 0 && r.Observation == "" {
		return fmt.Errorf("%s: unless_treated_with refines a referral on a reading", where)
	}
	if r.Course != nil {
		if err := r.Course.check(where, r); err != nil {
			return err
		}
	}
	if r.InPrimaryCare && !r.AtDiagnosis {
		return fmt.Errorf("%s: in_primary_care limits an at_diagnosis referral", where)
	}
	if triggers != 1 || r.Source == "" || r.Days[0] < 0 || r.Days[1] < r.Days[0] {
		return fmt.Errorf("%s: a referral needs one trigger (observation, when_exhausted, at_diagnosis, before_record or reassess), a source and days [lo, hi]", where)
	}
	return nil
}

// OnsetEvent is how an acute-onset condition (a heart attack, a stroke)
// presents: an emergency admission; secondary prevention then starts within
// StartWithinDays of discharge.
type OnsetEvent struct {
	Setting         string  `yaml:"setting"` // emergency_admission
	Share           float64 `yaml:"share"`   // of new diagnoses that present this way
	StartWithinDays int     `yaml:"start_within_days"`
	// ViaAE: the event comes to hospital through A&E (an ambulance for a
	// heart attack or a stroke), never as a GP's referral.
	ViaAE       bool   `yaml:"via_ae"`
	Snomed      string `yaml:"snomed"` // the acute event's own code, when it differs
	ICD10       string `yaml:"icd10"`
	Description string `yaml:"description"`
	// AllUnder: under this age every new diagnosis is a same-day hospital
	// contact, an emergency admission: those of the share with the event's
	// own code, the rest admitted for the condition itself (a child with
	// suspected type 1 diabetes is sent to the paediatric team the same day
	// and starts insulin there, NICE NG18). 0: the share alone.
	AllUnder int `yaml:"all_under"`
	// StayDays, when set, is the median stay of the event's admission (log
	// normal, StaySpread its log standard deviation) instead of the usual
	// stay by age: a stroke (fifteenth review). StaySource cites it.
	StayDays   float64 `yaml:"stay_days"`
	StaySpread float64 `yaml:"stay_spread"`
	StaySource string  `yaml:"stay_source"`
	// FromDischargeDays [least, most], when set, puts the first review, the
	// one that starts secondary prevention, that many days after the event's
	// discharge instead of 7 to StartWithinDays days after the event: the
	// medicines were started on the ward and the discharge letter brings them
	// to the GP (a heart attack, NICE NG185). FromDischargeSource cites it.
	FromDischargeDays   [2]int `yaml:"from_discharge_days"`
	FromDischargeSource string `yaml:"from_discharge_source"`
	// StartedOnWard: the admission itself starts the first line and the
	// person leaves on it (new type 1 diabetes, whose insulin starts in
	// hospital: NICE NG17, NG18, JBDS DKA): the condition's first review is
	// held at the discharge, its first issue made on the admission's
	// encounter, instead of a contact after it (brief h75a). Every
	// admission the event writes does so, the share's and all_under's.
	// StartedOnWardSource cites it.
	StartedOnWard       bool   `yaml:"started_on_ward"`
	StartedOnWardSource string `yaml:"started_on_ward_source"`
	// Course is a medicine given for a fixed time after the event, on top of
	// the condition's long-term lines (a second antiplatelet for 12 months
	// after a myocardial infarction).
	Course *EventCourse `yaml:"course"`
	// Lines are later treatment lines the event makes more likely: after a
	// myocardial infarction a beta-blocker is offered to everyone (NICE
	// NG185), where stable angina takes one by the line's own chance. For
	// someone who presents with the event, the line is reached (from the
	// diagnosis) with Probability in all, its plan's draw included
	// (thirteenth review).
	Lines []EventLine `yaml:"lines"`
}

// EventLine is a treatment line reached with Probability after an onset
// event, instead of the line's own probability.
type EventLine struct {
	Line        int     `yaml:"line"`
	Probability float64 `yaml:"probability"`
	Source      string  `yaml:"source"`
	// NotTaken are the coded reasons, by weight, of those the event leaves
	// without the line (a beta-blocker after an MI contraindicated or
	// refused; brief h71e), coded at the condition's first review as a
	// line's not_taken is; NotTakenSource gives their source.
	NotTaken       []UntreatedReason `yaml:"not_taken"`
	NotTakenSource string            `yaml:"not_taken_source"`
}

// EventCourse is a time-limited treatment after an acute event: one of the
// options (chosen as a treatment line's are, among those the prescribing
// rules allow) runs for Days from the event, then stops. The combinations it
// may make with drugs the rules otherwise keep apart are listed in
// prescribing.yaml (after_event).
type EventCourse struct {
	Days    int          `yaml:"days"`
	Options []DrugOption `yaml:"options"`
	Source  string       `yaml:"source"`
}

// EventKey is the condition key of the problem-list row an onset event with
// its own code is written as (a myocardial infarction in coronary heart
// disease: "chd_event"); empty when the event has no code of its own.
func (c *Condition) EventKey() string {
	if c.OnsetEvent == nil || c.OnsetEvent.Snomed == "" {
		return ""
	}
	return c.Key + "_event"
}

// EndOfLife is the medicines review of an expected death (one from a chronic
// condition held, which shows a terminal decline): a GP visit between
// DeprescribeDaysBefore[1] and [0] days before death stops every preventive
// medicine (medicine_classes.csv preventive), and none is started or
// re-issued after it; medicines for symptoms go on.
type EndOfLife struct {
	DeprescribeDaysBefore [2]int `yaml:"deprescribe_days_before"`
	// DeprescribeAfterEntry: the medicines review comes this many days
	// (a range) after the palliative care register entry, for those on it,
	// instead of in the last weeks (sixteenth review: NICE NG142 reviews
	// medicines when the last year of life is recognised).
	DeprescribeAfterEntry [2]int `yaml:"deprescribe_after_entry"`
	// FewerDrugs: at that review the lines of a condition's pathway a
	// frail, dying person no longer needs stop (tight control of type 2
	// diabetes: one drug left).
	FewerDrugs []FewerDrugs `yaml:"fewer_drugs"`
	// CareDaysBefore: end-of-life care (the palliative care register entry
	// and the first home visit) begins this many days before death; from
	// then no routine review or planned operation is booked.
	CareDaysBefore [2]int `yaml:"care_days_before"`
	// Trajectories: the time on the palliative care register before an
	// expected death, by illness trajectory (a cause of death's
	// trajectory), kept within CareDaysBefore.
	Trajectories map[string]RegisterTime `yaml:"trajectories"`
	// Register is the problem recorded when end-of-life care begins.
	Register CodedProblem `yaml:"register"`
	// HomeVisitsFromAge: in end-of-life care people of this age and over
	// (at death) are seen at home; younger people may still come to the
	// surgery.
	HomeVisitsFromAge int `yaml:"home_visits_from_age"`
	// Anticipatory is the set of "just in case" medicines prescribed for
	// the last days of life; nil: none.
	Anticipatory *Anticipatory `yaml:"anticipatory"`
	// SyringeDriver is the continuous subcutaneous infusion of the last
	// days of an expected death at home (h71c; nil: none).
	SyringeDriver *SyringeDriver `yaml:"syringe_driver"`
	// RegisterReviews: the longest time between contacts on the
	// palliative care register; nil: no minimum.
	RegisterReviews *RegisterReviews `yaml:"register_reviews"`
	// SymptomControl is the set of medicines started at the first visit of
	// end-of-life care for deaths from some causes (a strong opioid and a
	// laxative in cancer); nil: none.
	SymptomControl *SymptomControl `yaml:"symptom_control"`
	// Verification: the observation (observation_codes.csv key) a GP
	// records on the day of an expected death outside hospital, verifying
	// it; nil: none.
	Verification *DeathVerification `yaml:"verification"`
	// Unexpected: the observation recorded when the practice learns of a
	// death outside hospital with no end-of-life care on the record (a
	// sudden death, verified by an ambulance crew or the police and
	// reported to the coroner); nil: none.
	Unexpected *DeathVerification `yaml:"unexpected"`
	// Resuscitation: the decision about cardiopulmonary resuscitation the
	// GP records at the palliative care register entry, for a share of the
	// people put on it; nil: none.
	Resuscitation *ResuscitationDecision `yaml:"resuscitation"`
	// MonitoringStops: the routine monitoring no longer taken at any
	// review or follow-up once end-of-life care has begun; nil: none.
	MonitoringStops *MonitoringStops `yaml:"monitoring_stops"`
	// HospitalShare: the share of deaths from a cause with no share of its
	// own (causes_of_death hospital_share) that end an emergency admission,
	// so that all deaths together die in hospital as often as ONS records.
	HospitalShare  float64 `yaml:"hospital_share"`
	HospitalSource string  `yaml:"hospital_source"`
	Source         string  `yaml:"source"`
}

// RegisterTime is how long people dying on one illness trajectory are on
// the palliative care register before death: log-normal, with this median
// in days and this spread of its logarithm.
type RegisterTime struct {
	MedianDays float64 `yaml:"median_days"`
	Sigma      float64 `yaml:"sigma"`
}

// DeathVerification is the record of an expected death verified outside
// hospital: a GP home visit on the day with this observation.
type DeathVerification struct {
	Observation string `yaml:"observation"`
	Source      string `yaml:"source"`
	// Hours: the local hours the GP's verifying visit is made in (no
	// out-of-hours service is modelled: a death in the night is verified
	// in the morning); nil on the unexpected death's call.
	Hours *VisitHours `yaml:"hours"`
}

// ResuscitationDecision is a "not for attempted CPR" decision (an
// observation_codes.csv key, recorded with no value) made with the person
// and their family when they are put on the palliative care register, for
// Share of them (twenty-first review).
type ResuscitationDecision struct {
	Observation string  `yaml:"observation"`
	Share       float64 `yaml:"share"`
	// DyingAtHome: the share of the people with no decision at the register
	// entry who have it coded at the home visit that prescribes anticipatory
	// medicines, the plan to die outside hospital (brief h75f; 0: none).
	DyingAtHome float64 `yaml:"dying_at_home"`
	Source      string  `yaml:"source"`
}

// Anticipatory medicines: prescribed together at a GP home visit
// DaysBefore days before an expected death (never before end-of-life care
// begins), for a Share of the people whose decline the GP sees, so that
// symptoms in the last days can be treated without waiting for a
// prescription. Each medicine is a course (drug, supply days, the drug
// used when the prescribing rules rule it out on the day).
//
// They belong to a plan to die at home (or in a hospice or care home):
// AdmittedShare of the people they are prescribed for are still admitted
// and die in hospital, in place of the usual place-of-death share.
type Anticipatory struct {
	DaysBefore     [2]int        `yaml:"days_before"`
	Share          float64       `yaml:"share"`
	Medicines      []ShortCourse `yaml:"medicines"`
	Source         string        `yaml:"source"`
	AdmittedShare  float64       `yaml:"admitted_share"`
	AdmittedSource string        `yaml:"admitted_source"`
}

// SymptomControl is a set of medicines started when end-of-life care begins,
// for a share of the people whose underlying cause of death starts with one
// of Causes (ICD-10 leading characters).
type SymptomControl struct {
	Causes    []string       `yaml:"causes"`
	Share     float64        `yaml:"share"`
	Medicines []ShortCourse  `yaml:"medicines"`
	Titrate   *OpioidTitrate `yaml:"titrate"`
	// Pain starts the medicines (brief h74d): nil, at the first visit of
	// end-of-life care as before.
	Pain   *SymptomPain `yaml:"pain"`
	Source string       `yaml:"source"`
}

// SymptomPain is the pain that starts the strong opioid of end-of-life care
// (brief h74d): coded (Observation, an observation_codes.csv key) at the
// contact that starts it, the first visit of the care for AtEntry of the
// people, else a home visit about the pain on a day drawn evenly between
// that visit and the death.
type SymptomPain struct {
	Observation string  `yaml:"observation"`
	AtEntry     float64 `yaml:"at_entry"`
	Source      string  `yaml:"source"`
}

// OpioidTitrate raises the regular opioid (the first symptom-control
// medicine) a regimen step at a reissue for Share of the people, up to
// MaxStep (h71c).
type OpioidTitrate struct {
	Share   float64 `yaml:"share"`
	MaxStep int     `yaml:"max_step"`
	Source  string  `yaml:"source"`
}

// CodedProblem is a problem-list entry the generator writes: its key and
// codes.
type CodedProblem struct {
	Key         string `yaml:"key"`
	Snomed      string `yaml:"snomed"`
	ICD10       string `yaml:"icd10"`
	Description string `yaml:"description"`
}

// SmokingRR is the relative risk of a condition in current and ex-smokers
// against never-smokers.
type SmokingRR struct {
	Current float64 `yaml:"current"`
	Ex      float64 `yaml:"ex"`
}

// DeathCause is the underlying cause of death a condition leads to, with its
// weight against the other candidate causes of a person who dies.
type DeathCause struct {
	ICD10       string  `yaml:"icd10"`
	Description string  `yaml:"description"`
	Weight      float64 `yaml:"weight"`
	// SuddenShare is the share of these deaths that are sudden (a cardiac
	// arrest at home): no terminal decline, no end-of-life care before them.
	SuddenShare float64 `yaml:"sudden_share"`
	// Trajectory is the illness trajectory of an expected death from it
	// (catalogue end_of_life trajectories: cancer, organ_failure, frailty),
	// which sets how long the person is on the palliative care register
	// before it. Empty: a condition that gives no warning of death (an
	// uncomplicated one: hypertension, asthma); every death from it is
	// sudden, with no end-of-life care.
	Trajectory string `yaml:"trajectory"`
	// Severity scales the weight by how severe the condition is at death.
	Severity *CauseSeverity `yaml:"severity"`
	// Wasting is the loss of an observation's usual level (weight, in
	// cancer cachexia) over the last days of an expected death from it.
	Wasting *Wasting `yaml:"wasting"`
	// Recent multiplies the weight when the condition was diagnosed within
	// Days of the death: a death months after a cancer diagnosis is mostly
	// a death from that cancer.
	Recent *RecentCause `yaml:"recent"`
	// WithinDays: the cause is certified only for a death within this many
	// days of the condition's diagnosis, its acute event (a stroke); 0: at
	// any time. Late is the cause offered after it (the late effects of a
	// stroke); nil: none, and the death goes to another cause.
	WithinDays int         `yaml:"within_days"`
	Late       *DeathCause `yaml:"late"`
	// FromStage: the cause is certified only once the disease has reached a
	// stage (CKD stage 4); nil: at any stage.
	FromStage *StageGate `yaml:"from_stage"`
	// TrajectoryWith: the trajectory holds only for a person who also holds
	// one of these conditions (catalogue keys) before the death: coronary
	// heart disease declines as organ failure once the heart fails; without
	// it its deaths are sudden. Empty: always.
	TrajectoryWith []string `yaml:"trajectory_with"`
	// YieldsTo: the cause is not certified as the underlying cause when one
	// of these conditions (catalogue keys), held before the death, offers a
	// cause of its own: the death is certified as that condition's, which
	// takes this cause's weight (heart failure as the ischaemic heart
	// disease behind it; the late effects of a stroke as an active heart
	// failure). Empty: never.
	YieldsTo []string `yaml:"yields_to"`
}

// StageGate is the stage (index into the condition's stages) a cause of
// death needs: its staging reading's usual level is past the stage's
// threshold from HeldDays before the death, long enough for the readings
// that code the stage to be on the record.
type StageGate struct {
	Stage    int    `yaml:"stage"`
	HeldDays int    `yaml:"held_days"`
	Source   string `yaml:"source"`
}

// RecentCause is a cause's weight multiplier for a diagnosis shortly before
// death.
type RecentCause struct {
	Days   int     `yaml:"days"`
	Factor float64 `yaml:"factor"`
	Source string  `yaml:"source"`
}

// Wasting takes Percent off an observation's usual level, in proportion
// over the Days before death, or from the diagnosis when it was within
// FromDiagnosisWithinDays of death (and more than Days before it).
type Wasting struct {
	Observation             string  `yaml:"observation"`
	Percent                 float64 `yaml:"percent"`
	Days                    int     `yaml:"days"`
	FromDiagnosisWithinDays int     `yaml:"from_diagnosis_within_days"`
}

// From is the day the wasting of a death on day death from a condition
// diagnosed on day onset begins.
func (wa *Wasting) From(onset, death models.Date) models.Date {
	from := death - models.Date(wa.Days)
	if onset < from && death-onset <= models.Date(wa.FromDiagnosisWithinDays) {
		return onset // a cancer that kills within the year takes weight from its diagnosis
	}
	return from
}

// MonitoringStops lists the observations (catalogue keys) of routine
// chronic-disease monitoring that stop on the palliative care register, and
// the routine examination (LastObservations: blood pressure, pulse,
// weight) that stops at any GP contact in the last LastDays before an
// expected death.
type MonitoringStops struct {
	Observations     []string `yaml:"observations"`
	LastDays         int      `yaml:"last_days"`
	LastObservations []string `yaml:"last_observations"`
	Source           string   `yaml:"source"`
}

// CauseSeverity scales a condition's cause-of-death weight by the person's
// usual level of an observation at death against the level predicted for
// their age and sex: the full weight at or below FullBelow of predicted,
// Least times it at or above LeastAbove, in proportion between.
type CauseSeverity struct {
	Observation string  `yaml:"observation"`
	FullBelow   float64 `yaml:"full_below_predicted"`
	LeastAbove  float64 `yaml:"least_above_predicted"`
	Least       float64 `yaml:"least"`
}

// Factor is the weight's multiplier for a level that is ratio of predicted.
func (cs *CauseSeverity) Factor(ratio float64) float64 {
	switch {
	case cs == nil || ratio <= cs.FullBelow:
		return 1
	case ratio >= cs.LeastAbove:
		return cs.Least
	}
	return 1 - (1-cs.Least)*(ratio-cs.FullBelow)/(cs.LeastAbove-cs.FullBelow)
}

// ElectiveReferral times the GP consultation and the clinic attendance that
// come before a planned operation on a new problem.
type ElectiveReferral struct {
	GPDaysBefore      [2]int `yaml:"gp_days_before"`       // the GP first sees it this many days before the operation
	ClinicDaysAfterGP [2]int `yaml:"clinic_days_after_gp"` // the clinic sees it this many days after the GP
	// Uncoded weighs, beside the presentations' elective weights, the
	// planned procedures the model does not book: a waiting list draws it
	// and admits no one, so the other presentations keep their volume.
	Uncoded BySex  `yaml:"uncoded"`
	Source  string `yaml:"source"`
}

// BackgroundCause is a cause of death not tied to a catalogue condition, by
// age band (weights per band).
type BackgroundCause struct {
	Key         string    `yaml:"key"`
	ICD10       string    `yaml:"icd10"`
	Snomed      string    `yaml:"snomed"`
	Description string    `yaml:"description"`
	Weight      []float64 `yaml:"weight"`
	Source      string    `yaml:"source"`
	// MinAge: the cause is certified only from this age (old age at 80+).
	MinAge int `yaml:"min_age"`
	// MaxAgeDays: the cause is certified only for a death this young, in
	// days (a complication of prematurity in the neonatal period); 0: any.
	MaxAgeDays int `yaml:"max_age_days"`
	// InfantWeight is the weight under one year, where the first band's
	// (0-5 years) does not fit (an accident, rare in infancy); nil: the
	// first band's.
	InfantWeight *float64 `yaml:"infant_weight"`
	// MinAgeDays: the cause is certified only from this age in days (a
	// sudden infant death from 7 days); 0: any.
	MinAgeDays int `yaml:"min_age_days"`
	// InHospital: such a death happens in hospital, the baby in the
	// neonatal unit from birth (0: as other deaths, ONS place of death).
	InHospital bool `yaml:"in_hospital"`
	// AtHome: such a death is not the end of an admission (a sudden infant
	// death: the baby is found at home and pronounced dead in the emergency
	// department, not admitted); false: as hospital_share says.
	AtHome bool `yaml:"at_home"`
	// HospitalShare: the share of such deaths that end an emergency
	// admission (an acute infection: most are admitted and die on the
	// ward); 0: the share of all deaths (ONS place of death).
	HospitalShare float64 `yaml:"hospital_share"`
	// HospitalSource is where HospitalShare comes from.
	HospitalSource string `yaml:"hospital_source"`
	// Unexplained: offered only to people none of whose conditions offers a
	// cause of death (old age is not certified beside a disease that
	// explains the death).
	Unexplained bool `yaml:"unexplained"`
	// History is the problem the record shows years before such a death
	// (alcohol dependence before alcoholic cirrhosis); nil: none needed.
	History *CauseHistory `yaml:"history"`
	// Diagnosed is the disease itself, diagnosed some years before the
	// death it causes (alcoholic liver disease before a death from it); nil:
	// the cause has no earlier diagnosis (an accident, a poisoning).
	Diagnosed *CauseHistory `yaml:"diagnosed"`
	// Trajectory is the illness trajectory of such a death (catalogue
	// end_of_life trajectories: old age is frailty's, alcoholic cirrhosis
	// organ failure's); with it the death is expected and the disease
	// diagnosed before it (Diagnosed) is what end-of-life care is for.
	// Empty: the death is sudden.
	Trajectory string `yaml:"trajectory"`
	// AdmittedWith: when such a death ends an admission, the presentations
	// (catalogue keys) that bring the person in, on the day or just before
	// it (an accident: a head injury, a hip fracture); none: any acute one.
	AdmittedWith []string `yaml:"admitted_with"`
	// MaleRelative is a man's weight as a share of a woman's (suicide: about
	// three times); 0: the same for both.
	MaleRelative float64 `yaml:"male_relative"`
	// RaisedBy multiplies the weight for a person holding any of its
	// conditions on the day of death (suicide after depression or a severe
	// mental illness); nil: none.
	RaisedBy *CauseRaisedBy `yaml:"raised_by"`
	// FromBirth is the malformation a congenital cause of death is: on the
	// record from birth or the first weeks, with the hospital care a child
	// dying of it has (congenital.go); nil: not congenital.
	FromBirth *CongenitalCare `yaml:"from_birth"`
	// SeenBefore: a death from it outside hospital comes at the end of an
	// illness the GP saw (pneumonia treated at home or in a care home), not
	// out of nothing; nil: none needed (a heart attack, an accident).
	SeenBefore *CauseSeenBefore `yaml:"seen_before"`
	// CodedAs is the presentation whose problem-list code and term the
	// cause's row takes (a death from pneumonia is a pneumonia on the
	// record, one definition: h67a); its snomed is then not given here. The
	// cause's icd10 and description stay the certificate's (ICD-10 title).
	CodedAs string `yaml:"coded_as"`
	// rowTerm is the term of the row, from CodedAs (codedas.go).
	rowTerm string
}

// RowKey is the condition key of the problem-list row a coded cause is
// written as (a pneumonia days before death, a prematurity from birth).
func (bc *BackgroundCause) RowKey() string { return "cause_" + bc.Key }

// CongenitalCare is a congenital malformation that a death from it needs in
// the record: diagnosed before birth (on the record from the day of birth)
// or in the first weeks, in a neonatal admission, and followed in a
// specialist clinic until death.
type CongenitalCare struct {
	CodedProblem `yaml:",inline"`
	// AntenatalShare of such children are diagnosed before birth, the
	// rest DiagnosedDays [least, most] days after it.
	AntenatalShare float64 `yaml:"antenatal_share"`
	DiagnosedDays  [2]int  `yaml:"diagnosed_days"`
	// StayDays [least, most]: the admission that diagnoses it (from birth
	// when known before it), drawn uniformly.
	StayDays [2]int `yaml:"stay_days"`
	// ClinicEveryDays [least, most]: the clinic sees the child this often
	// after discharge, in the last ClinicYears years of life.
	ClinicEveryDays [2]int `yaml:"clinic_every_days"`
	ClinicYears     int    `yaml:"clinic_years"`
	Source          string `yaml:"source"`
}

// check reports a malformation that is not fully given.
func (cc *CongenitalCare) check() error {
	ok := cc.Key != "" && cc.Snomed != "" && cc.ICD10 != "" && cc.Source != "" &&
		cc.AntenatalShare >= 0 && cc.AntenatalShare <= 1 &&
		cc.DiagnosedDays[0] >= 0 && cc.DiagnosedDays[1] >= cc.DiagnosedDays[0] &&
		cc.StayDays[0] > 0 && cc.StayDays[1] >= cc.StayDays[0] &&
		cc.ClinicEveryDays[0] > 0 && cc.ClinicEveryDays[1] >= cc.ClinicEveryDays[0] && cc.ClinicYears > 0
	if !ok {
		return fmt.Errorf("from_birth %s: needs key, snomed, icd10, source, antenatal_share in [0, 1], diagnosed_days, stay_days, clinic_every_days [least, most] and clinic_years", cc.Key)
	}
	return nil
}

// CauseSeenBefore is the GP contact that sees an acute cause of death
// outside hospital: Days before the death (inclusive range), a home visit
// from end_of_life home_visits_from_age (twenty-second review).
type CauseSeenBefore struct {
	Days [2]int `yaml:"days"`
	// TreatedAs is the presentation whose first-contact courses (prescribe)
	// that contact issues: a pneumonia the GP sees at home is treated as
	// any pneumonia is (NICE NG138); empty: none (h66c).
	TreatedAs string `yaml:"treated_as"`
	// KeptHome, when set, is who stays at home with it (brief h74d): nil,
	// anyone the place-of-death share leaves there.
	KeptHome *KeptHome `yaml:"kept_home"`
	Source   string    `yaml:"source"`
}

// KeptHome is who dies of a cause outside hospital: the very old (FromAge)
// and the frail (Frailty, an eFI category), with the decisions the GP
// contact that sees it records (Decisions, observation_codes.csv keys); the
// rest are admitted (brief h74d: a pneumonia with a CRB65 of 2 or more goes
// to hospital, NICE CG191 1.2.3).
type KeptHome struct {
	FromAge   int      `yaml:"from_age"`
	Frailty   string   `yaml:"frailty"`
	Decisions []string `yaml:"decisions"`
	Source    string   `yaml:"source"`
}

// AEKept: see Presentation.AEKept.
type AEKept struct {
	FromDays int     `yaml:"from_days"`
	UnderAge int     `yaml:"under_age"`
	Relative float64 `yaml:"relative"`
	Source   string  `yaml:"source"`
}

// CauseRaisedBy: a background cause's (or a presentation's) weight times
// Relative for a person holding any of Conditions (catalogue keys).
type CauseRaisedBy struct {
	Conditions []string `yaml:"conditions"`
	Relative   float64  `yaml:"relative"`
	Source     string   `yaml:"source"`
}

// CauseHistory is a long-standing problem that a background cause of death
// needs in the record, recorded some years before the death.
type CauseHistory struct {
	CodedProblem `yaml:",inline"`
	YearsBefore  [2]int `yaml:"years_before"` // recorded this many years before death, uniformly
	Source       string `yaml:"source"`
}

// Presentation is a reason for an unplanned or hospital visit: an acute
// problem, an injury, an exacerbation of a condition the person has, or a
// procedure's indication. Weights per age band say how often it is the reason
// in each setting, relative to the other presentations.
type Presentation struct {
	Key          string `yaml:"key"`
	Snomed       string `yaml:"snomed"`
	ICD10        string `yaml:"icd10"`
	Description  string `yaml:"description"`
	Requires     string `yaml:"requires"` // a condition the person must have (exacerbations)
	Sex          string `yaml:"sex"`      // female | male, when only one
	DurationDays int    `yaml:"duration_days"`
	// DurationRange, when set, spreads episodes' lengths: each lasts a
	// number of days drawn log-uniformly between the two (an anxiety
	// episode of weeks or of two years; thirteenth review), DurationDays
	// being the typical one.
	DurationRange [2]int    `yaml:"duration_range"`
	AE            []float64 `yaml:"ae"`
	Emergency     []float64 `yaml:"emergency"`
	Elective      []float64 `yaml:"elective"`
	Outpatient    []float64 `yaml:"outpatient"`
	GP            []float64 `yaml:"gp"`
	MinAge        int       `yaml:"min_age"`
	MaxAge        int       `yaml:"max_age"` // 0: no limit
	// MinAgeDays: no episode in the first days of life (eczema does not
	// begin in the first weeks); 0: no limit.
	MinAgeDays int `yaml:"min_age_days"`
	// GPMinAgeDays: no GP contact for it before this age in days (a
	// neonate with a cough is assessed in hospital, not at the surgery); a
	// GP contact that draws it for a younger baby is not made (the baby is
	// not brought). Other settings are not limited. 0: no limit.
	GPMinAgeDays int `yaml:"gp_min_age_days"`
	// ReconsultDays: how long after its onset a GP contact may still follow
	// up an episode (and extend it to that day), in place of
	// activity.gp_new_problem.reconsult_days (a fever: a week); 0: that.
	ReconsultDays int `yaml:"reconsult_days"`
	// Bloods: the blood tests taken at the practice after an episode
	// begins (acute kidney injury: kidney function again some days after
	// discharge; tiredness: a full blood count and more some days after
	// the GP saw it); nil: none.
	Bloods *EpisodeBloods `yaml:"bloods"`
	// ResultFall: the result the problem itself lowers, measured at its
	// first hospital contact (an acute kidney injury's eGFR); nil: none.
	ResultFall *ResultFall `yaml:"result_fall"`
	// DayCase: its planned procedures (an endoscopy, a cataract removal)
	// are day cases, home the same day; false: four in five are.
	DayCase bool `yaml:"day_case"`
	// MaxAgeDays: no episode after this age in days (a newborn's feeding
	// problem); 0: no limit.
	MaxAgeDays int `yaml:"max_age_days"`
	// MaxPerPerson limits new episodes per person (a cataract is removed
	// once per eye); 0: no limit.
	MaxPerPerson int `yaml:"max_per_person"`
	// MaxFollowUps caps one episode's GP follow-ups when it is lower than
	// activity.gp_new_problem follow_ups allows for its length (insomnia:
	// a contact or two after the first, however long the episode; twenty-
	// second review); 0: that allowance.
	MaxFollowUps int `yaml:"max_follow_ups"`
	// ClinicAttendances caps one episode's clinic attendances when it is
	// lower than activity.outpatient_referral attendances_max (a rapid-access
	// chest pain clinic sees most people once or twice); 0: that cap.
	ClinicAttendances int `yaml:"clinic_attendances"`
	// ReferAfterEpisodes: the GP refers the complaint to a clinic only at
	// this episode or a later one (recurrent otitis media to ENT; a single
	// episode is treated in primary care); 0: any episode.
	ReferAfterEpisodes int `yaml:"refer_after_episodes"`
	// ReferWhen: the GP refers the complaint only when its episodes in the
	// years before meet one of these (recurrent tonsillitis, SIGN 117;
	// recurrence.go); it replaces refer_after_episodes.
	ReferWhen []ReferCriterion `yaml:"refer_when"`
	// Prone: the share of people who have it far more often (recurrence.go).
	Prone *Proneness `yaml:"prone"`
	// ReferShare is the share of the complaint's episodes the GP refers to
	// a clinic; the clinic then sees only those, and never makes up an
	// episode of it to fill its list. 0: not set (the clinic's outpatient
	// weights alone decide, for complaints first found outside general
	// practice, such as a cataract).
	ReferShare float64 `yaml:"refer_share"`
	// ReferShares is refer_share by age band, where the GP's threshold to
	// refer moves with age (indigestion is scoped mostly from 55, NICE
	// CG184); it replaces refer_share.
	ReferShares []float64 `yaml:"refer_shares"`
	// Urgent: from MinAge, the GP's referral of the complaint is an urgent
	// suspected-cancer (two-week-wait) referral, coded at the consultation
	// that makes it (NICE NG12; twenty-seventh review). nil: a routine one.
	Urgent *UrgentReferralOf `yaml:"urgent_referral"`
	// Procedure is the planned procedure a referral of it leads to (an
	// endoscopy, an excision); such a complaint has no elective weights, so
	// a waiting list never makes up an episode of it.
	Procedure *Procedure `yaml:"procedure"`
	// ViaAE: an emergency admission for it comes through A&E (an injury, a
	// broken hip), never as a GP's referral.
	ViaAE bool `yaml:"via_ae"`
	// StayDays is the median length of an emergency admission for it, when
	// it differs from the age-based default (hip fracture).
	StayDays float64 `yaml:"stay_days"`
	// StayByAge gives the median stay by age instead, [from age in whole
	// years, median days] (sepsis: a child's course of IV antibiotics, an
	// older adult's longer recovery; twenty-sixth review).
	StayByAge  [][2]float64  `yaml:"stay_by_age"`
	StaySource string        `yaml:"stay_source"`
	Prescribe  []ShortCourse `yaml:"prescribe"` // treatment at the first GP or A&E contact
	// ContactLadder is the treatment a long-standing complaint gets at its
	// GP contacts, step by step (osteoarthritis pain: a topical NSAID, then
	// an oral one; sixteenth review, generator/contactladder.go); nil: none.
	ContactLadder *ContactLadder `yaml:"contact_ladder"`
	// Assess is the severity score the GP records at the first GP contact
	// and at the reviews of an episode (GAD-7 for anxiety, NICE CG113;
	// fourteenth review).
	Assess *Assessment `yaml:"assess"`
	// CRB65: the severity score that decides where an episode is managed,
	// at the practice or in hospital (pneumonia, NICE CG191; crb65.go);
	// nil: the settings' weights alone.
	CRB65 *CRB65 `yaml:"crb65"`
	// Emergency (an injury, sepsis) presents through A&E or an emergency
	// admission, never first in a clinic or on a waiting list: its outpatient
	// weight is the fracture-clinic follow-up of an episode already open.
	EmergencyOnly bool `yaml:"emergency_only"`
	// NotInPregnancy: no episode from a pregnancy's last period until
	// periods may return (heavy periods; generator/pregnancy.go).
	NotInPregnancy bool `yaml:"not_in_pregnancy"`
	// NotAfterMenopause: no episode after the woman's menopause (her
	// menopause.yaml age): no periods, so no heavy ones (brief h58f).
	NotAfterMenopause bool `yaml:"not_after_menopause"`
	// ElectiveStayDays is the median inpatient stay of its planned operation
	// (a joint replacement); 0: mostly a day case.
	ElectiveStayDays float64 `yaml:"elective_stay_days"`
	// ElectiveMinAge is the youngest age, in whole years, for its planned
	// operation (grommets only after glue ear has been watched for months).
	ElectiveMinAge int `yaml:"elective_min_age"`
	// MaleRelative is, per age band, a man's rate as a share of a woman's
	// (UTI: far rarer in young men): the weights are then women's. Empty:
	// the same for both.
	MaleRelative []float64 `yaml:"male_relative"`
	// OneProblem: its episodes are flares of one long-term problem (atopic
	// eczema), coded once and consulted about at each flare, not a new
	// problem row for every flare (generator/oneproblem.go).
	OneProblem *OneProblem `yaml:"one_problem"`
	// FlareOf: condition keys whose flare it is. In someone who holds one
	// of them (diagnosed by the day), a GP contact that would open it is
	// about that condition instead: a painful joint in rheumatoid arthritis
	// is a flare to review, not a new problem (generator/flareof.go).
	FlareOf []string `yaml:"flare_of"`
	// SameDayHospital sends a young baby seen by the GP with it to hospital
	// the same day (fever or a UTI under 3 months).
	SameDayHospital *SameDayHospital `yaml:"same_day_hospital"`
	// AEAdmit admits a young baby brought to A&E with it by age in days
	// (bronchiolitis under 6 weeks, NICE NG9); a presentation with none
	// admits at A&E as its SameDayHospital does (a feverish baby brought
	// to A&E by the parents is assessed as one the GP sends; NG143).
	AEAdmit *SameDayHospital `yaml:"ae_admit"`
	// InfantRelative shapes its rate by age in days within the first band
	// (fever: uncommon in the first weeks; infantrelative.go).
	InfantRelative *InfantRelative `yaml:"infant_relative"`
	// AEKept: an A&E pick of it for a child from FromDays old and under
	// UnderAge years stands with chance Relative (another problem is drawn
	// otherwise), so that a child old enough to be seen at the GP is seen
	// there while a younger baby, whom the GP does not see for it
	// (GPMinAgeDays), keeps the band's A&E weight (fix75h); nil: none.
	AEKept *AEKept `yaml:"ae_kept"`
	// PerYear: an exacerbation (Requires set) whose GP and A&E episodes are
	// drawn at yearly rates of their own (generator/exacerbations.go).
	PerYear *ExacerbationRates `yaml:"per_year"`
	// Operation is its planned operation: the procedure that types the
	// elective encounter, and whether it is always a day case.
	Operation *Operation `yaml:"operation"`
	// ChildOperation: a child with it is referred at diagnosis and operated
	// on within weeks (an inguinal hernia), not on the adults' waiting list.
	ChildOperation *ChildOperation `yaml:"child_operation"`
	// ReferredBy names who refers its planned operation when not the GP
	// ("dentist": a child's dental caries is seen by a dentist, who refers
	// for extraction under general anaesthesia): no GP consultation comes
	// before the clinic, and the problem reaches the GP record from the
	// hospital clinic's letter. Empty: the GP.
	ReferredBy string `yaml:"referred_by"`
	// FractureClinic books the fracture clinic after A&E (fractureclinic.go).
	FractureClinic *FractureClinic `yaml:"fracture_clinic"`
	// ClinicAfterAE books another specialty's clinic after A&E the same way
	// (acute urinary retention: the trial without catheter, then urology;
	// twenty-seventh review).
	ClinicAfterAE *FractureClinic `yaml:"clinic_after_ae"`
	// ReferUnlessExplained: from an age every episode is referred unless
	// another presentation explains it (explained.go; NICE NG12 haematuria).
	ReferUnlessExplained *ReferUnlessExplained `yaml:"refer_unless_explained"`
	// ReferAtRisk raises the referral share for people at risk from an
	// age (referatrisk.go; chest pain suspected to be angina, NICE CG95).
	ReferAtRisk *ReferAtRisk `yaml:"refer_at_risk"`
	// RaisedBy multiplies its weight in every setting by Relative for a
	// person diagnosed with any of the conditions before the day (self-
	// poisoning in depression; forty-seventh review, generator/raisedby.go);
	// its weights are then those of people without them.
	RaisedBy *CauseRaisedBy `yaml:"raised_by"`
	// GPFollowUp is the GP contact about an A&E or hospital episode some
	// days after the person is home (self-harm: NICE NG225; forty-seventh
	// review, generator/episodefollowup.go); nil: none.
	GPFollowUp *AcuteFollowUp `yaml:"gp_follow_up"`
}

// AfterAEClinic is the clinic that follows the presentation's A&E
// attendance (fracture_clinic, else clinic_after_ae), or nil.
func (pr *Presentation) AfterAEClinic() *FractureClinic {
	if pr.FractureClinic != nil {
		return pr.FractureClinic
	}
	return pr.ClinicAfterAE
}

// Procedure is what a referral of a complaint leads to: the clinic lists a
// share of the episodes it first sees for a day-case procedure, some days
// later; or the GP's referral books the procedure itself (straight to test).
type Procedure struct {
	// Share of the episodes the clinic first sees that it lists (with
	// straight_to_test: of the episodes the GP refers).
	Share float64 `yaml:"share"`
	// Days from the first clinic attendance (or the GP's referral) to the
	// procedure, inclusive.
	Days [2]int `yaml:"days"`
	// StraightToTest: the GP refers for the procedure itself, with no clinic
	// first (direct-access gastroscopy, a straight-to-test colonoscopy).
	StraightToTest bool `yaml:"straight_to_test"`
	// Removes: the procedure takes out what the complaint is of (the
	// tonsils), so there is no episode and no procedure after it.
	Removes bool   `yaml:"removes"`
	Source  string `yaml:"source"`
	// Snomed and Display type the day case by its procedure (a cystoscopy,
	// a colonoscopy: brief h56b), as an operation's is; empty: typed as a
	// day case.
	Snomed  string `yaml:"snomed"`
	Display string `yaml:"display"`
}

// ReferShareIn is the share of the complaint's episodes the GP refers at
// age band b (refer_shares, else refer_share).
func (pr *Presentation) ReferShareIn(b int) float64 {
	if pr.ReferShares != nil {
		return pr.ReferShares[b]
	}
	return pr.ReferShare
}

// Refers reports whether the GP refers some of the complaint's episodes.
func (pr *Presentation) Refers() bool { return pr.ReferShare > 0 || pr.ReferShares != nil }

// Operation is the procedure of a presentation's planned operation.
type Operation struct {
	Snomed  string `yaml:"snomed"`
	Display string `yaml:"display"`
	DayCase bool   `yaml:"day_case"`
	// ResolvedDays: the problem is over this many days after the operation
	// (the wound healed), whatever the episode's own duration; 0: unchanged.
	ResolvedDays int    `yaml:"resolved_days"`
	Source       string `yaml:"source"`
}

// ChildOperation times a child's referral and operation: up to MaxAge
// (whole years) the GP sees the problem GPDaysBefore the operation and the
// clinic ClinicDaysAfterGP, replacing elective_referral's adult timing; a
// child's problem is not seen in clinic without the operation (its
// outpatient weights are 0 at those ages).
type ChildOperation struct {
	MaxAge            int    `yaml:"max_age"`
	GPDaysBefore      [2]int `yaml:"gp_days_before"`
	ClinicDaysAfterGP [2]int `yaml:"clinic_days_after_gp"`
	Source            string `yaml:"source"`
}

// SameDayHospital is a red flag in young babies: under UnderDays old, the
// GP who sees the baby sends them to hospital the same day, where they are
// assessed in A&E (the paediatric assessment) and admitted under
// AdmitUnderDays, or otherwise with chance Admit, for a stay of about
// StayDays (median) of parenteral antibiotics.
type SameDayHospital struct {
	UnderDays      int     `yaml:"under_days"`
	AdmitUnderDays int     `yaml:"admit_under_days"`
	Admit          float64 `yaml:"admit"`
	StayDays       float64 `yaml:"stay_days"`
	Source         string  `yaml:"source"`
}

// SexWeight is the factor on a band's weight for sex (0 female, 1 male) at
// band b: MaleRelative for men, 1 otherwise.
func (pr *Presentation) SexWeight(sex, b int) float64 {
	if sex == 1 && len(pr.MaleRelative) > 0 {
		return pr.MaleRelative[b]
	}
	return 1
}

// ShortCourse is an acute course of a medicine given for an episode.
type ShortCourse struct {
	Drug        string  `yaml:"drug"`
	Probability float64 `yaml:"probability"`
	Days        int     `yaml:"days"`
	MinAge      int     `yaml:"min_age"`
	MaxAge      int     `yaml:"max_age"` // 0: no limit (a child's shorter course beside an adult's)
	// IfAllergic is the drug given instead when a recorded allergy rules
	// Drug out (allergies.yaml avoid_classes); empty: no course then.
	IfAllergic string `yaml:"if_allergic"`
	// IfRuledOut is the drug given when the drug chosen (Drug, or IfAllergic
	// for an allergic patient) is ruled out on the day by prescribing.yaml
	// (an interaction with a running medicine); empty: no course then.
	IfRuledOut string `yaml:"if_ruled_out"`
	// ThenRuledOut is the drug given when IfRuledOut is ruled out on the
	// day too: a gout flare's NSAID ruled out, colchicine avoided at a low
	// eGFR, and a short course of prednisolone given (NICE NG219 1.3;
	// seventeenth review). Empty: no course then.
	ThenRuledOut string `yaml:"then_ruled_out"`
	// Sex, when set, limits the course to one sex (nitrofurantoin for 7
	// days for men, 3 for women: NICE NG109).
	Sex string `yaml:"sex"`
	// Step picks the regimens.csv row of the course (a longer course).
	Step int `yaml:"step"`
	// ForEpisode: after its first Days (an acute issue), the course runs on
	// as a repeat to the episode's end (an SSRI for an anxiety episode,
	// NICE CG113; thirteenth review); never beside a running medicine of its
	// exclusive class, and cut short the day before one starts.
	ForEpisode bool `yaml:"for_episode"`
	// AtReviewDays: the course is decided at the first contact but started
	// at a face-to-face review this many days later (inclusive range), if
	// the episode is still open then: drug treatment after self-help and
	// talking therapy have not helped (NICE CG113 stepped care; fourteenth
	// review). [0, 0]: at the first contact. Without ForEpisode the review
	// issues one more short course (a hypnotic for insomnia no better
	// weeks on, never a repeat; brief h57e).
	AtReviewDays [2]int `yaml:"at_review_days"`
	// AtLeastDays: a for_episode course started at a review (at_review_days)
	// runs at least this many days, and the episode lasts it: an SSRI that
	// has helped an anxiety disorder is continued for a year (brief h71b:
	// 224 of 421 courses stopped within 6 months, with the drawn episode).
	// 0: the course ends with the episode.
	AtLeastDays int `yaml:"at_least_days"`
	// IfSeenAgain: when the episode's first GP contact issued nothing for
	// it (the course's probability: self-care advice), the first GP
	// follow-up about the same episode issues the course: symptoms that
	// have not settled are treated (NICE NG109 1.1.3 and 1.1.9; twenty-sixth
	// review). Only an episode the GP first saw, with nothing issued for it
	// and no hospital care for it before the follow-up.
	IfSeenAgain bool `yaml:"if_seen_again"`
	// UnlessIssued narrows IfSeenAgain (brief h70d): the follow-up issues
	// the course when none of these medicines (keys) was issued for the
	// episode, whatever else was (an eczema flare given an emollient and no
	// topical corticosteroid at its first contact is given one when the
	// child is brought back). Empty: nothing at all issued, as above.
	UnlessIssued []string `yaml:"unless_issued"`
	// OwnStream: the course draws from a stream of its own (per episode),
	// not the episode's, so a course added to a presentation leaves every
	// other draw of the person's record where it was (tranexamic acid for
	// heavy periods beside mefenamic acid; forty-seventh review).
	OwnStream bool `yaml:"own_stream"`
	// AfterEpisodes: the course is issued only at an episode with at least
	// this many episodes of the complaint before it in the record: the step
	// up for a complaint that keeps returning (a moderate topical steroid
	// for eczema flaring again after a mild one, NICE CG57 stepped care;
	// session 52). 0: at any episode. With own_stream, so that a course
	// skipped or added moves no other draw.
	AfterEpisodes int `yaml:"after_episodes"`
	// WithIssued: the course is issued only beside this medicine (a key),
	// issued at the same contact by a course listed before it: the oral
	// antibiotic of moderate to severe acne goes with its topical
	// combination and never alone (NICE NG198 1.5; brief h73e). With
	// own_stream, so that a course skipped moves no other draw.
	WithIssued string `yaml:"with_issued"`
	// FirstChoice: the course is offered before the others listed after it
	// and, when issued, is the contact's treatment: none of them is issued
	// then (the levonorgestrel intrauterine system for heavy periods, NICE
	// NG88 1.5.1; the drugs are for the women who decline it). It is not
	// offered to a woman with a pregnancy beginning within its Days (one
	// trying to conceive does not choose a contraceptive device). With
	// own_stream, so that the offer moves no draw of a woman not taking it.
	FirstChoice bool `yaml:"first_choice"`
	// Older, when set, is the drug the step gives instead from its age: in
	// osteoarthritis from 75, paracetamol rather than an oral NSAID (NICE
	// CKS NSAIDs; twenty-second review).
	Older *OlderChoice `yaml:"older"`
}

// OlderChoice is a short course's drug from FromAge on.
type OlderChoice struct {
	FromAge int    `yaml:"from_age"`
	Drug    string `yaml:"drug"`
	Source  string `yaml:"source"`
}

// ContactLadder is a complaint's treatment at its GP contacts: at a contact
// with none of its courses running, the GP issues Steps[step] (by the
// course's probability, its if_allergic and if_ruled_out choices, as any
// acute course); after a course has been issued, a later contact moves one
// step up with chance StepUp (the pain not controlled), never down. A
// for_episode step runs on as a repeat to the episode's end, and no later
// contact of the episode issues another step.
type ContactLadder struct {
	Steps  []ShortCourse `yaml:"steps"`
	StepUp float64       `yaml:"step_up"`
	// AtDiagnosis: the GP contact that diagnoses the condition the
	// presentation requires is its first contact, treated as one: a first
	// gout attack is treated as a flare (NICE NG219 1.3; seventeenth review:
	// 4 of 417 people diagnosed had a flare treatment that day).
	AtDiagnosis bool `yaml:"at_diagnosis"`
	// PerEpisode: the ladder starts again at its first step with each new
	// episode (a painful joint or sciatica months or years after the last;
	// eighteenth review). Otherwise the step reached holds for the person
	// (the GP knows what was tried for their diabetic neuropathy).
	PerEpisode bool   `yaml:"per_episode"`
	Source     string `yaml:"source"`
}

// check reports what is wrong with a contact ladder.
func (l *ContactLadder) check(where string, drugKnown func(string) error) error {
	if len(l.Steps) == 0 || l.StepUp < 0 || l.StepUp > 1 || l.Source == "" {
		return fmt.Errorf("%s: contact_ladder needs steps, a step_up share between 0 and 1 and a source", where)
	}
	for _, c := range l.Steps {
		// for_episode: the step's course runs on as a repeat to the episode's
		// end (amitriptyline for sciatica, a gabapentinoid for painful
		// diabetic neuropathy; eighteenth review); never decided for a later
		// review (at_review_days).
		if c.Days < 1 || c.Probability <= 0 || c.Probability > 1 || c.AtReviewDays != [2]int{} {
			return fmt.Errorf("%s: contact_ladder %s needs days from 1 and a probability in (0, 1], and is issued at the contact", where, c.Drug)
		}
		if err := c.drugsKnown(drugKnown); err != nil {
			return fmt.Errorf("%s: contact_ladder: %w", where, err)
		}
	}
	return nil
}

// Assessment is a questionnaire score recorded for an episode: drawn
// (whole numbers, uniformly) from First at the first GP contact, from
// Unimproved at the review that starts drug treatment, and from Improved at
// the review that authorises its repeat, for people aged MinAge or more.
type Assessment struct {
	Observation string     `yaml:"observation"` // observation_codes.csv key
	MinAge      int        `yaml:"min_age"`
	First       [2]float64 `yaml:"first"`
	Unimproved  [2]float64 `yaml:"unimproved"`
	Improved    [2]float64 `yaml:"improved"`
	Source      string     `yaml:"source"`
	// Signpost: at the first contact, a score of at least AtLeast is
	// followed, with chance Share, by the self-referral to a talking therapy
	// the GP codes (Recorded, an observation_codes.csv key).
	Signpost *Signpost `yaml:"signpost"`
}

// Signpost is a talking-therapy self-referral coded at an assessed first
// contact whose score reaches AtLeast.
type Signpost struct {
	AtLeast  float64 `yaml:"at_least"`
	Share    float64 `yaml:"share"`
	Recorded string  `yaml:"recorded"`
	Source   string  `yaml:"source"`
}

// check reports what is wrong with an assessment: each range [lo, hi]
// ordered, and a source.
func (a *Assessment) check(where string) error {
	for _, r := range [][2]float64{a.First, a.Unimproved, a.Improved} {
		if r[1] < r[0] || r[0] < 0 {
			return fmt.Errorf("%s: assess ranges need [least, most] from 0", where)
		}
	}
	if a.Observation == "" || a.Source == "" {
		return fmt.Errorf("%s: assess needs an observation and a source", where)
	}
	if sp := a.Signpost; sp != nil {
		if _, ok := ObservationByKey(sp.Recorded); !ok || sp.Share <= 0 || sp.Share > 1 || sp.Source == "" {
			return fmt.Errorf("%s: assess signpost needs a recorded observation_codes.csv key, a share in (0, 1] and a source", where)
		}
	}
	return nil
}

// Alternatives names the course's other drugs by the field that holds each,
// for the loaders to check.
func (c ShortCourse) Alternatives() [4][2]string {
	older := ""
	if c.Older != nil {
		older = c.Older.Drug
	}
	return [4][2]string{{"if_allergic", c.IfAllergic}, {"if_ruled_out", c.IfRuledOut}, {"then_ruled_out", c.ThenRuledOut}, {"older", older}}
}

// Smoking describes adult smoking histories: the share of current and
// ex-smokers by age band, the age smoking starts and the amount smoked.
type Smoking struct {
	Current      []float64 `yaml:"current"` // % by band
	Ex           []float64 `yaml:"ex"`      // % by band
	StartAgeMean float64   `yaml:"start_age_mean"`
	StartAgeSD   float64   `yaml:"start_age_sd"`
	PerDayMedian float64   `yaml:"per_day_median"`
	PerDayLogSD  float64   `yaml:"per_day_log_sd"`
	Source       string    `yaml:"source"`
	// StatusFromAge is the youngest age at which a review records the
	// smoking status (QOF's smoking indicators count people of 15 and
	// over; h56g): a child's asthma review does not ask.
	StatusFromAge int `yaml:"status_from_age"`
	// ExCodedAfterDays: a quit is recorded as "Ex-smoker" only from this
	// many days after the quit date (NCSCT: a quit is counted at 4 weeks);
	// before, a recording still says "Smoker" (brief h75d). ExCodedSource
	// cites it.
	ExCodedAfterDays int    `yaml:"ex_coded_after_days"`
	ExCodedSource    string `yaml:"ex_coded_source"`
	// Cessation is the advice and support offered to a current smoker
	// whenever their smoking status is recorded.
	Cessation *Cessation `yaml:"cessation"`
	// QuitSupport is a smoker's attempt to stop with a medicine from the
	// practice (quitsupport.go).
	QuitSupport *QuitSupport `yaml:"quit_support"`
}

// Cessation records Observation (a coded procedure with no value: smoking
// cessation advice) beside a current smoker's recorded smoking status, at
// Share of the recordings.
type Cessation struct {
	Observation string  `yaml:"observation"`
	Share       float64 `yaml:"share"`
	Source      string  `yaml:"source"`
}

// CareQualityTarget is a published care-quality achievement (QOF, National
// Diabetes Audit) that `cohortgen stats` compares the dataset with.
type CareQualityTarget struct {
	Key       string  `yaml:"key"`
	Name      string  `yaml:"name"`
	Percent   float64 `yaml:"percent"`
	Tolerance float64 `yaml:"tolerance"` // percentage points
	Source    string  `yaml:"source"`
	Status    string  `yaml:"status"` // verified | approx
}

// EndStage is what happens when a staged condition's measurement falls past
// its end-stage threshold (kidney failure, eGFR below 15): after a delay the
// person starts replacement therapy (dialysis, coded as its own problem, with
// a clinic attendance), and from then on the measurement no longer tracks the
// disease; or, when they die within ConservativeYears of reaching it, they
// are on conservative care and the end stage is their likeliest cause of
// death.
type EndStage struct {
	Key            string  `yaml:"key"` // condition_key of the replacement therapy's problem row
	Below          float64 `yaml:"below"`
	StartBelow     float64 `yaml:"start_below"`      // dialysis is planned once the usual level passes this
	StartAfterDays [2]int  `yaml:"start_after_days"` // and starts this many days later, uniform
	Snomed         string  `yaml:"snomed"`           // the replacement therapy's problem code
	ICD10          string  `yaml:"icd10"`
	Description    string  `yaml:"description"`
	// ConservativeYears: a person who dies within this many years of
	// reaching the end stage is managed conservatively (no dialysis).
	ConservativeYears float64 `yaml:"conservative_years"`
	// ConservativeShare of those who die within ConservativeYears choose
	// conservative care; the rest start dialysis and die on it.
	ConservativeShare float64     `yaml:"conservative_share"`
	CauseOfDeath      *DeathCause `yaml:"cause_of_death"` // replaces the condition's own once reached
	Source            string      `yaml:"source"`
}

// EpisodeBloods is a presentation's blood tests after the episode begins:
// the observations, taken Days[0]-Days[1] after the hospital discharge (or
// the A&E visit, or the GP contact that opened it), with their source.
type EpisodeBloods struct {
	Observations []string `yaml:"observations"`
	Days         [2]int   `yaml:"days"`
	Source       string   `yaml:"source"`
	// Recovery, when set: the episode is over only when the check shows
	// Observation recovered (at least AtLeast); otherwise it is repeated
	// RecheckDays after, and the episode stays open until then (an eGFR
	// still below 60 after an acute kidney injury; eighteenth review).
	Recovery *Recovery `yaml:"recovery"`
}

// Recovery: see EpisodeBloods.Recovery.
type Recovery struct {
	Observation string  `yaml:"observation"`
	AtLeast     float64 `yaml:"at_least"`
	RecheckDays [2]int  `yaml:"recheck_days"`
	// Unless: conditions whose diagnosis before the check makes the lower
	// level the person's own (CKD: an eGFR below 60 is their baseline).
	Unless []string `yaml:"unless"`
	Source string   `yaml:"source"`
}

// AfterAdmission is what an emergency for the condition's acute problem
// brings (thirteenth review): a review FollowUpDays after discharge (or the
// attendance), where the drug of treatment line Line is started when none
// runs, or raised one regimen step when it does.
type AfterAdmission struct {
	Line         int    `yaml:"line"`
	FollowUpDays [2]int `yaml:"follow_up_days"`
	Source       string `yaml:"source"`
}

// FewerDrugs stops, at the end-of-life medicines review, the courses of
// the condition's treatment lines StopLines (1 the first line).
type FewerDrugs struct {
	Condition string `yaml:"condition"`
	StopLines []int  `yaml:"stop_lines"`
	// Classes: instead of a condition's lines, every course of a medicine
	// in one of these classes (medicine_classes.csv), whatever condition it
	// was given for (an SGLT2 inhibitor for diabetes, CKD or heart failure).
	Classes []string `yaml:"classes"`
	Source  string   `yaml:"source"`
	// LastDays: the lines stop only in the last so many days of an
	// expected death (a second medicines review then), or at the register
	// review when death is that near or a reading shows the need has gone
	// (StopBelow); 0: at the register review. The living on the register
	// keep them until such a reading.
	LastDays int `yaml:"last_days"`
	// StopBelow: a reading of the observation below the value, taken at
	// the register review for the lines' sake, stops them then.
	StopBelow *ReadingBelow `yaml:"stop_below"`
	// ThenUnmeasured: observations a home visit's examination no longer
	// takes once the lines have stopped (nothing left to adjust by them).
	ThenUnmeasured []string `yaml:"then_unmeasured"`
	LastSource     string   `yaml:"last_source"`
}

// ReadingBelow is an observation (observation_codes key) and a value a
// reading falls below.
type ReadingBelow struct {
	Observation string  `yaml:"observation"`
	Below       float64 `yaml:"below"`
}

// StayFor is the median length in days of an emergency admission for the
// presentation at age (StayByAge, else StayDays); 0: the age-based default.
func (pr *Presentation) StayFor(age int) float64 {
	days := pr.StayDays
	for _, a := range pr.StayByAge {
		if float64(age) >= a[0] {
			days = a[1]
		}
	}
	return days
}

// UrgentReferralOf is the suspected-cancer referral a complaint's referral
// is from an age: observation_codes.csv keys, with its source.
type UrgentReferralOf struct {
	Observation string `yaml:"observation"`
	Symptom     string `yaml:"symptom"` // the presenting symptom coded with it (the audit's two-week-wait rule)
	MinAge      int    `yaml:"min_age"`
	Source      string `yaml:"source"`
	// ClinicDays (least, most), when set with a straight-to-test
	// procedure: the suspected-cancer clinic (or its nurse-led triage
	// assessment) sees the person this many days after the referral, and
	// the test follows TestDays after that clinic, inside the 28-day
	// Faster Diagnosis Standard (brief h55e). Before, the colonoscopy came
	// 7-28 days after the referral with no attendance in between.
	ClinicDays [2]int `yaml:"clinic_days"`
	TestDays   [2]int `yaml:"test_days"`
	// ClinicSource gives the days' source.
	ClinicSource string `yaml:"clinic_source"`
}

// Clinic reports whether the referral books a clinic before its test.
func (u *UrgentReferralOf) Clinic() bool { return u != nil && u.ClinicDays[1] > 0 }

// RescuePack is the stand-by courses issued at a review, by Share, to a
// person with an exacerbation in the WithinDays before it and no pack in the
// EveryDays before (h71d).
type RescuePack struct {
	Courses    []ShortCourse `yaml:"courses"`
	Share      float64       `yaml:"share"`
	WithinDays int           `yaml:"within_days"`
	EveryDays  int           `yaml:"every_days"`
	// Ladder: the regimens.csv ladder whose dose text says the courses are
	// kept at home, to start at an exacerbation (h72f); "": the usual doses.
	Ladder string `yaml:"ladder"`
	Source string `yaml:"source"`
}

// SyringeDriver is the continuous subcutaneous infusion started, for Share
// of the people with anticipatory medicines who die out of hospital, at a
// GP home visit DaysBefore the death, when the oral route is lost: its
// Medicines are prescribed on the regimens.csv ladder Ladder, and the oral
// symptom-control medicines end the day before (h71c).
type SyringeDriver struct {
	Share      float64       `yaml:"share"`
	DaysBefore [2]int        `yaml:"days_before"`
	Ladder     string        `yaml:"ladder"`
	Medicines  []ShortCourse `yaml:"medicines"`
	Source     string        `yaml:"source"`
	// WithoutDriver is the review of the last days of the people dying at
	// home with no syringe driver (h73g; nil: none).
	WithoutDriver *LastDaysStop `yaml:"without_driver"`
}

// LastDaysStop is the medicines review at a GP home visit in the last days
// (SyringeDriver.DaysBefore) of an expected death at home with no syringe
// driver: the oral long-term medicines of Classes, no longer of
// symptomatic benefit, stop there (h73g).
type LastDaysStop struct {
	Classes []string `yaml:"classes"`
	Source  string   `yaml:"source"`
}
