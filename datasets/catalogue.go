package datasets

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed catalogue.yaml
var catalogueYAML []byte

// Catalogue is the clinical model as data: conditions, their prevalence
// shapes, comorbidity links, reviews, observation effects and treatments;
// acute episodes; activity rates; encounter types. See catalogue.yaml.
type Catalogue struct {
	// Bands are the inclusive upper ages of the age bands every shape and
	// rate uses; the last band is open.
	Bands                 []int                    `yaml:"bands"`
	Observations          map[string]ObsModel      `yaml:"observations"`
	CodedObservations     map[string][]CodedValue  `yaml:"coded_observations"`
	Conditions            []Condition              `yaml:"conditions"`
	Acute                 []Acute                  `yaml:"acute"`
	ComorbidityTargets    []ComorbidityTarget      `yaml:"comorbidity_targets"`
	MultimorbidityTargets []MultimorbidityTarget   `yaml:"multimorbidity_targets"`
	Activity              Activity                 `yaml:"activity"`
	EncounterTypes        map[string]EncounterType `yaml:"encounter_types"`
	Presentations         []Presentation           `yaml:"presentations"`
	BackgroundCauses      []BackgroundCause        `yaml:"causes_of_death"`
	Smoking               Smoking                  `yaml:"smoking"`
	Alcohol               Alcohol                  `yaml:"alcohol"`
	CareQuality           []CareQualityTarget      `yaml:"care_quality"`
	// PresentationRates are published rates of acute problems presenting
	// to general practice (presentationrates.go).
	PresentationRates []PresentationRate `yaml:"presentation_rates"`
	// AECaseMix are published shares of A&E attendances by reason
	// (aecasemix.go).
	AECaseMix []AEShare  `yaml:"ae_case_mix"`
	EndOfLife *EndOfLife `yaml:"end_of_life"`
	// Residence: care home residents and the housebound, seen at home
	// (residence.go); nil: none.
	Residence        *Residence       `yaml:"residence"`
	ElectiveReferral ElectiveReferral `yaml:"elective_referral"`
	// Scores are risk scores added up from the coded record (scores.go).
	Scores map[string]RiskScore `yaml:"scores"`
	// AddOns are medicines added to one running at its highest dose when a
	// review's reading stays above target (addons.go).
	AddOns []AddOn `yaml:"add_ons"`
	// ContactReadings are what a GP measures at a face-to-face contact
	// about a child's acute problem (contactreadings.go).
	ContactReadings []ContactReading `yaml:"contact_readings"`
	// HypoxicPulse raises the pulse of a contact whose saturation is below
	// the person's usual (hypoxicpulse.go); nil: none.
	HypoxicPulse *HypoxicPulse `yaml:"hypoxic_pulse"`
	// ChestAntibiotic decides a chest infection's antibiotic at the practice
	// on the readings of the contact and the patient's risk (brief h72b).
	ChestAntibiotic *ChestAntibiotic `yaml:"chest_antibiotic"`
	// AETests are what A&E records at an attendance about a presentation,
	// StayTests what is done during an admission about one, and
	// FirstContactTests what the first contact about an episode records
	// (episodetests.go).
	AETests []EpisodeTest `yaml:"ae_tests"`
	// OverdoseBloods are A&E's bloods after an overdose (overdosebloods.go).
	OverdoseBloods *OverdoseBloods `yaml:"overdose_bloods"`
	StayTests      *StayTests      `yaml:"stay_tests"`
	// SerialTest repeats an A&E test whose first result is raised, hours
	// later in the same attendance (serial troponin, NICE DG40/CG95).
	SerialTest        *SerialTest   `yaml:"serial_test"`
	FirstContactTests []EpisodeTest `yaml:"first_contact_tests"`
	// PersistingTests are what a contact about an episode that has lasted
	// some weeks records (episodetests.go; brief h57d).
	PersistingTests *PersistingTests `yaml:"persisting_tests"`
	// RemoteBloods is when the blood tests a first contact by telephone
	// asks for are taken, face to face (firstcontacttests.go).
	RemoteBloods *RemoteBloods `yaml:"remote_bloods"`
	// SepsisVitals are what A&E and the admitting ward measure in sepsis,
	// with the early warning score (sepsisvitals.go).
	SepsisVitals *SepsisVitals `yaml:"sepsis_vitals"`
	// VTE is deep vein thrombosis and pulmonary embolism (vte.go).
	VTE *VTE `yaml:"vte"`
	// PosturalBlackout is the lying and standing pressure and the
	// medication review at an older person's blackout (posturalblackout.go).
	PosturalBlackout *PosturalBlackout `yaml:"postural_blackout"`
	// CVDRisk is the cardiovascular risk assessment and the primary
	// prevention statin (cvdrisk.go).
	CVDRisk *CVDRisk `yaml:"cvd_risk"`
	// InfantDeaths is when in the first year a death under one year falls
	// (infantdeaths.go); nil: evenly over the year.
	InfantDeaths *InfantDeaths `yaml:"infant_deaths"`
	// HerpesZoster is shingles: its incidence, lowered by the shingles
	// vaccine on the record, its antiviral and postherpetic neuralgia
	// (herpeszoster.go); nil: no shingles.
	HerpesZoster *HerpesZoster `yaml:"herpes_zoster"`
}

// ObsModel is the population distribution of a numeric observation.
// DrugRatio is an observation's proportional medicine effects: on the part
// of the level above Above, or above the person's own usual levels of the
// AboveLevels observations, each times its share, when they are given (a
// statin lowers the LDL part of total cholesterol and leaves the HDL and
// the triglycerides' VLDL part, total - LDL by Friedewald; h59c).
type DrugRatio struct {
	Above       float64    `yaml:"above"`
	AboveLevels []LessPart `yaml:"above_levels"`
	// LeastAbove, with AboveLevels: the untreated level is kept (softly) at
	// least this far above them (an untreated LDL part is rarely under
	// about 1.2 mmol/L, so a low total goes with a low HDL).
	LeastAbove float64 `yaml:"least_above"`
	Source     string  `yaml:"source"`
}

// Drift is a slow wandering of a person's usual level about their own
// offset: two waves of random phase, each with a period drawn from Years
// (least, most), together of spread SD (weight goes up and down by a few
// kilograms over years, not weeks; thirteenth review).
type Drift struct {
	SD     float64    `yaml:"sd"`
	Years  [2]float64 `yaml:"years"`
	Source string     `yaml:"source"`
}

type ObsModel struct {
	Mean      float64 `yaml:"mean"`      // at age 40
	AgeSlope  float64 `yaml:"age_slope"` // per year of age away from 40
	SD        float64 `yaml:"sd"`        // between people
	Noise     float64 `yaml:"noise"`     // between visits of one person
	Min       float64 `yaml:"min"`
	Max       float64 `yaml:"max"`
	Decimals  int     `yaml:"decimals"`
	AdultOnly bool    `yaml:"adult_only"`
	MaleShift float64 `yaml:"male_shift"` // added to the mean for men
	// SoftMin keeps the usual level off Min (it approaches it ever more
	// slowly) and mirrors a reading below Min above it, so the lowest values
	// thin out instead of piling on the floor (FEV1 in severe COPD).
	SoftMin bool `yaml:"soft_min"`
	// SDBelow, when set, is the between-person spread of people below the
	// mean (SD the spread above it): a skewed distribution such as BMI's,
	// whose thin tail is the low one.
	SDBelow float64 `yaml:"sd_below"`
	// DrugRatio, when set: a medicine's effects on this observation
	// (treatment lines, also_prescribe, add_ons) are fractions of the part
	// of the person's level above DrugRatio.Above, not amounts: -0.4 takes
	// 40% off that part, and two medicines multiply (a statin lowers the
	// non-HDL cholesterol by a percentage and leaves HDL; thirteenth
	// review). The conditions' effects stay amounts.
	DrugRatio *DrugRatio `yaml:"drug_ratio"`
	// Drift, when set, moves the person's usual level slowly over the
	// years (drift.go in the generator).
	Drift *Drift `yaml:"drift"`
	// DerivedFrom "bmi" makes the value the person's BMI at the visit times
	// their height squared (weight); Mean, SD and Noise are then unused.
	DerivedFrom string `yaml:"derived_from"`
	// Graded (with DerivedFrom "fev1"): a symptom grade read from how far
	// the person's usual FEV1 falls short of the predicted for their age
	// and sex (nineteenth review: the MRC dyspnoea scale at a COPD review).
	// The value is the observation's own level (Mean, SD between people,
	// Noise between visits) plus PerDeficit times the shortfall (1 minus
	// usual over predicted), rounded and kept within Min and Max; each grade
	// from Min is coded by its own observation_codes.csv key in Codes (a
	// record holds "MRC Breathlessness Scale: grade 3", not a number).
	Graded *Graded `yaml:"graded"`
	// LogScale: Mean, AgeSlope, MaleShift, SD, Noise and the conditions'
	// effects (and effect_sd) on this observation are in natural-log units,
	// and a reading is e to the power of the level plus noise: a right-skewed
	// distribution with a long tail (urine albumin:creatinine ratio).
	LogScale bool `yaml:"log_scale"`
	// OldAgeNoise, when set, is the visit-to-visit spread from its age on
	// (h47d: systolic pressure varies more between visits in the very old).
	OldAgeNoise *OldAgeNoise `yaml:"old_age_noise"`
	// RisesBelow raises the usual level by PerUnit for each unit the
	// person's usual level of Observation is below Below (potassium as the
	// kidneys fail).
	RisesBelow *RisesBelow `yaml:"rises_below"`
	// AtContact: measured in the consulting room, with no sample sent to a
	// laboratory (blood pressure, weight, heart rate, peak flow, PHQ-9): a
	// face-to-face GP contact about a long-term condition records those of
	// the condition's review list (generator/contactmeasure.go).
	AtContact bool `yaml:"at_contact"`
	// Retest, when set: the least interval between two readings of the
	// test (HbA1c reflects about three months of glucose). A reading due
	// sooner is not taken, except the readings that diagnose a condition
	// and confirm it (generator/retest.go; eighteenth review).
	Retest *Retest `yaml:"retest"`
	// AgeMeans, when set, replaces Mean and AgeSlope: the population mean
	// at each listed age in years ([age, mean], ages rising), straight
	// between them and flat beyond the ends. A child's respiratory rate
	// falls steeply over the first two years and then slowly to the adult
	// level, which no single slope from 40 can follow (twenty-fourth
	// review).
	AgeMeans [][2]float64 `yaml:"age_means"`
	// SlotLast puts the observation's slot after every other one
	// (generator/plan.go), so adding it leaves every other slot, and the
	// random streams keyed by slot, where they were.
	SlotLast bool `yaml:"slot_last"`
	// SlotTier orders the slot_last observations: a higher tier after a
	// lower one (session 47: the alcohol readings after the slot_last ones
	// before them, whose keys sort after theirs).
	SlotTier int `yaml:"slot_tier"`
	// InUseFrom (YYYY-MM-DD), when set, is the day the test came into use
	// in the practice record (h59e: the symptomatic FIT from NICE DG30,
	// 2017): before it no contact takes it, and the care that reads it
	// goes on without it.
	InUseFrom string `yaml:"in_use_from"`
	// Shortfall, when set, moves the usual level by PerDeficit times how far
	// the person's usual level of Observation falls short of the predicted
	// for their age and sex (h56c: the FEV1/FVC ratio falls as airflow
	// obstruction deepens); spirometry.go.
	Shortfall *Shortfall `yaml:"shortfall"`
	// Tracks, when set, correlates the person's own persistent offset with
	// their offset of Observation (h72e: triglycerides with the HDL,
	// inversely), keeping its spread SD; ownoffset.go.
	Tracks *Tracks `yaml:"tracks"`
	// Quotient, when set, makes the value the reading of Of divided by the
	// reading of Over at the same visit (h56c: the FVC is the FEV1 over the
	// FEV1/FVC ratio, so the three spirometry values agree); Mean, SD and
	// Noise are then unused.
	Quotient *Quotient `yaml:"quotient"`
	// FromEGFR, when set, makes the value the serum creatinine that gives
	// the eGFR read at the same visit (creatinine.go, h65b); Mean, SD and
	// Noise are then unused.
	FromEGFR *CKDEPI `yaml:"from_egfr"`
	// FromAge, when set, is the youngest age in years at which the
	// observation can be taken (a peak flow from 5: a younger child cannot
	// do the manoeuvre reliably). Not with adult_only.
	FromAge int `yaml:"from_age"`
	// ChildShare, when set, scales a reading under 18 (the usual level, the
	// person's offset, the conditions' effects and the visit noise alike)
	// by the share of the adult formula's level reached at that age, by sex
	// ([age, share], ages rising, straight between them, 1 from 18): a
	// child's peak flow follows growth, and "% of predicted" means the same
	// at every age (h54b).
	ChildShare *ChildShare `yaml:"child_share"`
	// Panel, when set, lists the observations the laboratory reports from
	// the same sample whenever this one is taken (total cholesterol's lipid
	// profile: HDL, triglycerides, non-HDL and LDL cholesterol; h57b).
	Panel []string `yaml:"panel"`
	// Difference, when set, makes the value the reading of Of less each of
	// Less times its share at the same visit (non-HDL cholesterol is the
	// total less the HDL); Mean, SD and Noise are then unused.
	Difference *Difference `yaml:"difference"`
	// OwnStream draws the visit-to-visit spread from a stream of the
	// reading's own (keyed by the person, the slot and the time), so that
	// recording it moves no draw of the care that follows.
	OwnStream bool `yaml:"own_stream"`
}

// ChildShare is an observation's growth share by sex (ObsModel.ChildShare).
type ChildShare struct {
	Female [][2]float64 `yaml:"female"`
	Male   [][2]float64 `yaml:"male"`
	Source string       `yaml:"source"`
}

// At is the share at age (years) for the sex (1 male): 1 from 18, the
// first listed share below the first age.
func (c *ChildShare) At(age float64, sex int) float64 {
	if c == nil || age >= 18 {
		return 1
	}
	a := c.Female
	if sex == 1 {
		a = c.Male
	}
	pts := append(a[:len(a):len(a)], [2]float64{18, 1})
	if age <= pts[0][0] {
		return pts[0][1]
	}
	for i := 1; i < len(pts); i++ {
		if age <= pts[i][0] {
			f := (age - pts[i-1][0]) / (pts[i][0] - pts[i-1][0])
			return pts[i-1][1] + f*(pts[i][1]-pts[i-1][1])
		}
	}
	return 1
}

// MeanAt is the population mean at age (years) before the male shift:
// AgeMeans read at the age when set, else Mean plus AgeSlope per year away
// from 40.
func (m *ObsModel) MeanAt(age float64) float64 {
	a := m.AgeMeans
	if len(a) == 0 {
		return m.Mean + m.AgeSlope*(age-40)
	}
	if age <= a[0][0] {
		return a[0][1]
	}
	for i := 1; i < len(a); i++ {
		if age <= a[i][0] {
			f := (age - a[i-1][0]) / (a[i][0] - a[i-1][0])
			return a[i-1][1] + f*(a[i][1]-a[i-1][1])
		}
	}
	return a[len(a)-1][1]
}

// Graded: see ObsModel.Graded.
type Graded struct {
	PerDeficit float64  `yaml:"per_deficit"`
	Codes      []string `yaml:"codes"`
	Source     string   `yaml:"source"`
	// Dying, when set: the grade rises as a death from Condition nears
	// (twenty-second review: people dying of COPD were graded MRC 1).
	Dying *GradedDying `yaml:"dying"`
}

// dying is g's Dying (nil when g is nil).
func (g *Graded) dying() *GradedDying {
	if g == nil {
		return nil
	}
	return g.Dying
}

// GradedDying raises a graded observation over the last Years before an
// expected death from Condition: by Rise grades on the day of death, in
// proportion to how far into those years the day is.
type GradedDying struct {
	Condition string  `yaml:"condition"`
	Years     float64 `yaml:"years"`
	Rise      float64 `yaml:"rise"`
	Source    string  `yaml:"source"`
}

// Retest: see ObsModel.Retest.
type Retest struct {
	MinDays int    `yaml:"min_days"`
	Source  string `yaml:"source"`
}

// RisesBelow: see ObsModel.RisesBelow.
type RisesBelow struct {
	Observation string  `yaml:"observation"`
	Below       float64 `yaml:"below"`
	PerUnit     float64 `yaml:"per_unit"`
	// NoisePerUnit widens the visit-to-visit spread by this much for each
	// unit below Below (potassium less steady as the kidneys fail).
	NoisePerUnit float64 `yaml:"noise_per_unit"`
}

// CodedValue is one possible result of a coded observation.
type CodedValue struct {
	Code    string  `yaml:"code"`
	Display string  `yaml:"display"`
	Weight  float64 `yaml:"weight"`
	// Refer names the observation (observation_codes.csv key) coded beside
	// the first recording of this value for a person: the referral it
	// calls for (an abnormal diabetic foot examination to the podiatrist,
	// NICE NG19; h64d). ReferSource cites it.
	Refer       string `yaml:"refer"`
	ReferSource string `yaml:"refer_source"`
}

// BySex holds one value per age band for each sex.
type BySex struct {
	Female []float64 `yaml:"female"`
	Male   []float64 `yaml:"male"`
}

// For returns the band values for "female" or "male".
func (b BySex) For(sex string) []float64 {
	if sex == "male" {
		return b.Male
	}
	return b.Female
}

// Condition is one chronic condition (a QOF register or part of one).
type Condition struct {
	Key            string  `yaml:"key"`
	Name           string  `yaml:"name"`
	Register       string  `yaml:"register"` // QOF register code
	Snomed         string  `yaml:"snomed"`
	ICD10          string  `yaml:"icd10"`
	Description    string  `yaml:"description"`
	RegisterMinAge int     `yaml:"register_min_age"`
	Target         float64 `yaml:"target"` // recorded prevalence, %, over the register ages
	// FromHealthCheck: never drawn by prevalence (target 0); coded only when
	// an NHS Health Check's risk score brings it (cvd_risk health_check
	// statin; twenty-first review).
	FromHealthCheck bool `yaml:"from_health_check"`
	// Asymptomatic: the condition causes no symptom of its own (osteoporosis
	// is found by a scan or a fracture), so a practice contact about it is
	// a follow-up, not an encounter for a symptom (h61g).
	Asymptomatic      bool       `yaml:"asymptomatic"`
	TargetDenominator string     `yaml:"target_denominator"`
	Shape             BySex      `yaml:"shape"`
	DefinedBy         *Threshold `yaml:"defined_by"`
	// BandRepeat repeats a reading past the upper end of the band that
	// defines the condition (defined_by under) in someone who holds it,
	// days later (h71f: an HbA1c of 48 or more in non-diabetic
	// hyperglycaemia, confirmed or not on a second sample).
	BandRepeat *BandRepeat `yaml:"band_repeat"`
	// DiagnosedAt, for a condition not defined by a measurement, is the side
	// of a threshold the reading taken at the diagnosing visit falls on: a
	// PHQ-9 of 5 or more for depression. The measurement does not drive the
	// diagnosis; the one that confirmed it agrees with it. One the reviews
	// do not record is measured at the diagnosing visit only (heart
	// failure's NT-proBNP; thirteenth review).
	DiagnosedAt *Threshold `yaml:"diagnosed_at"`
	// DiagnosisReadings are numeric observations measured at the visit that
	// diagnoses the condition beside its review observations: the free T4
	// measured in the sample whose TSH is raised (NICE NG145 1.2; sixteenth
	// review), not repeated at the reviews.
	DiagnosisReadings []string `yaml:"diagnosis_readings"`
	// DiagnosisTests are the tests recorded at the GP visit that diagnoses
	// the condition, coded with no value (observation_codes.csv keys): the
	// 12-lead ECG that confirms atrial fibrillation (fifteenth review).
	DiagnosisTests []DiagnosisTest    `yaml:"diagnosis_tests"`
	Excludes       []string           `yaml:"excludes"`
	Risk           []Risk             `yaml:"risk"`
	Onset          Onset              `yaml:"onset"`
	Reviews        Reviews            `yaml:"reviews"`
	Effects        map[string]float64 `yaml:"effects"`
	// EffectSD spreads Effects between people (normal, this SD): how severe
	// the condition is in each person (PHQ-9 in depression).
	EffectSD map[string]float64 `yaml:"effect_sd"`
	// UsualFloor bounds how low the condition alone holds a person's usual
	// (well) level of an observation: asthma's peak flow (h61d).
	UsualFloor   *UsualFloor        `yaml:"usual_floor"`
	TrendPerYear map[string]float64 `yaml:"trend_per_year"`
	MortalityRR  float64            `yaml:"mortality_rr"`
	TreatedShare float64            `yaml:"treated_share"`
	// OwnStream: whether the condition is treated, and its lines, are drawn
	// from a stream of its own, not the person's conditions stream, so that
	// treatment added to a condition after the streams were laid out leaves
	// every other condition's draws (who has what) as they were.
	OwnStream bool `yaml:"own_stream"`
	// DrawnApart: whether the person has the condition, and how it began,
	// come from a conditions stream of its own (and its calibration draws
	// from one of its own), so that a condition added to the catalogue
	// leaves every other condition's draws, and so who has what, unchanged
	// (migraine, session 49). Before, each condition added shifted the
	// calibration population's draws and moved a few hundred diagnoses of
	// other conditions.
	DrawnApart    bool            `yaml:"drawn_apart"`
	Untreated     *Untreated      `yaml:"untreated"` // the coded reasons of the untreated share
	Treatment     []TreatmentLine `yaml:"treatment"`
	AlsoPrescribe []AlsoPrescribe `yaml:"also_prescribe"`
	// Protect: a medicine its reviews offer for the organ it protects,
	// whatever the care target (protect.go: dapagliflozin in CKD, TA775).
	Protect *Protect `yaml:"protect"`
	// AlsoProtect: further such medicines, offered at the same reviews
	// after Protect, in order (type 2 diabetes with albuminuria: an ACE
	// inhibitor, then dapagliflozin beside it; h57c). At most 3.
	AlsoProtect []Protect `yaml:"also_protect"`
	Source      string    `yaml:"source"`

	// The clinical course (see course.go).
	Diagnosis   *Diagnosis   `yaml:"at_diagnosis"`
	Progression *Progression `yaml:"progression"`
	CareTarget  *Target      `yaml:"care_target"`

	// RepeatFirst: the first line waits for a repeat of the diagnosing
	// reading at a subclinical diagnosis (course.go).
	RepeatFirst *RepeatFirst `yaml:"repeat_first"`

	// LifestyleFirst: the first line waits at a mild diagnosis (course.go).
	LifestyleFirst *LifestyleFirst `yaml:"lifestyle_first"`
	// SettleFirst: the first line waits for the presenting attack to
	// settle (generator/settlefirst.go).
	SettleFirst *SettleFirst `yaml:"settle_first"`
	// RecurrenceFirst: the first line waits, after a first presentation,
	// for the problem to recur (generator/recurrencefirst.go).
	RecurrenceFirst *RecurrenceFirst `yaml:"recurrence_first"`
	Remission       *Remission       `yaml:"remission"` // how an episode ends (remission.go)
	// AssessedAtDiagnosis: assessments coded at the diagnosing contact
	// (assessedatdiagnosis.go; brief h75d).
	AssessedAtDiagnosis *AssessedAtDiagnosis `yaml:"assessed_at_diagnosis"`
	Precedes            *Precedes            `yaml:"precedes"` // a condition it may come before (remission.go)
	Stages              []Stage              `yaml:"stages"`
	StagedBy            string               `yaml:"staged_by"` // the observation the stages read
	// Sustained: two staging readings this far apart in a stage code it,
	// whatever was read between (course.go Sustained).
	Sustained *Sustained `yaml:"sustained"`
	Referral  []Referral `yaml:"referral"`
	// PresentsAs: the contact that suspects the condition codes this
	// problem and refers; the at-diagnosis referral's clinic diagnoses it
	// (presentsas.go).
	PresentsAs *PresentingProblem `yaml:"presents_as"`
	// SuspectedFirst: the contact that suspects the condition on a symptom
	// comes weeks before the visit whose tests diagnose it (suspected.go).
	SuspectedFirst *SuspectedFirst `yaml:"suspected_first"`
	OnsetEvent     *OnsetEvent     `yaml:"onset_event"`
	// AfterAdmission: an emergency (an A&E attendance or an admission) for
	// an acute problem of the condition brings a review soon after and
	// starts or steps up one line's drug there (heart failure: the loop
	// diuretic after a decompensation; decompensation.go).
	AfterAdmission *AfterAdmission `yaml:"after_admission"`
	// AfterFracture: a fragility fracture in the record brings the person
	// onto this register (osteoporosis; fracture.go).
	AfterFracture *AfterFracture `yaml:"after_fracture"`
	// AfterInfarct: a heart attack whose echocardiogram reads a reduced
	// ejection fraction brings the person onto this register (heart
	// failure; infarct.go).
	AfterInfarct *AfterInfarct `yaml:"after_infarct"`
	// LevelCourse: how the condition's level of one observation moves once
	// treated, and a repeat reading's noise (heart failure's ejection
	// fraction; levelcourse.go).
	LevelCourse *LevelCourse `yaml:"level_course"`
	// DischargeReferral: an emergency admission for an acute problem of
	// the condition ends with a referral the hospital makes at discharge
	// (COPD: pulmonary rehabilitation; dischargereferral.go).
	DischargeReferral *DischargeReferral `yaml:"discharge_referral"`
	SmokingRR         *SmokingRR         `yaml:"smoking_rr"`
	CauseOfDeath      *DeathCause        `yaml:"cause_of_death"`
	Sites             []Site             `yaml:"sites"` // primary sites, each with its codes (sites.go)
	EndStage          *EndStage          `yaml:"end_stage"`
	// UrgentPathway: diagnosed in clinic after an urgent referral, then
	// treated in hospital (urgent.go).
	UrgentPathway *UrgentPathway `yaml:"urgent_pathway"`
	// Admits: the condition itself can be the reason for an emergency
	// admission (heart failure, COPD), unlike, say, hypertension.
	Admits bool `yaml:"admits"`
	// AdmittedFor: the acute problems (presentation keys) that bring a
	// person with the condition into hospital as an emergency, in its place:
	// an emergency admission has an acute reason (AKI in CKD, delirium or a
	// fall in dementia), never the long-term condition alone.
	AdmittedFor []string `yaml:"admitted_for"`
	// Elective: the condition itself can be the reason for planned hospital
	// care (chemotherapy, angiography, cardioversion), unlike hypertension or
	// depression.
	Elective bool `yaml:"elective"`
	// ElectiveFromStage, for a staged condition, is the first stage (index
	// into Stages) from which it is a reason for planned care: CKD from
	// stage 4 (vascular access before dialysis), not a stable 3A (fifteenth
	// review). 0: any stage.
	ElectiveFromStage int `yaml:"elective_from_stage"`
	// ElectiveMaxAge is the oldest age, in whole years, at which the
	// condition itself is a reason for planned care (a cardioversion or an
	// ablation for atrial fibrillation is rare past it; twenty-second
	// review). 0: no limit.
	ElectiveMaxAge int `yaml:"elective_max_age"`
	// Cardioversion: a planned day case for the condition is this
	// procedure, anticoagulated around it (brief h75g; nil: none).
	Cardioversion *Cardioversion `yaml:"cardioversion"`
	// Clinic: the condition is followed up in a specialist outpatient
	// clinic (heart failure, epilepsy), so an outpatient attendance may have
	// it as its reason; hypertension or non-diabetic hyperglycaemia are
	// managed in general practice and are not.
	Clinic bool `yaml:"clinic"`
	// ClinicShare, when set, is the share of the condition's holders a
	// clinic follows up (the rest are cared for by their practice alone):
	// most asthma and COPD is managed in general practice.
	ClinicShare float64 `yaml:"clinic_share"`
	// ClinicAfterReferral: the clinic follows the condition up only once a
	// referral rule has sent the person there (CKD: eGFR below 30).
	ClinicAfterReferral bool `yaml:"clinic_after_referral"`
	// ClinicDischarge, when set, ends the clinic's follow-up some months
	// after it began: the person is discharged to the practice, whose own
	// reviews go on (stable coronary heart disease, stroke, AF, PAD).
	ClinicDischarge *ClinicDischarge `yaml:"clinic_discharge"`
}

// ClinicDischarge bounds a specialist clinic's follow-up of a long-term
// condition and says what each attendance records.
type ClinicDischarge struct {
	// Months after the clinic's first day that it still sees the person.
	Months int `yaml:"months"`
	// Readings are the observations taken at each attendance (blood
	// pressure and pulse in a cardiology or stroke clinic).
	Readings []string `yaml:"readings"`
	// Least is a reading's lowest written value (a lower draw mirrored
	// above it): the clinic's readings are drawn once the care is
	// written, so a pulse under 50 on a beta-blocker could not be acted on.
	Least  map[string]float64 `yaml:"least"`
	Source string             `yaml:"source"`
}

// BandRepeat is the repeat of a reading past a condition's band: Days
// (least, most) after it.
type BandRepeat struct {
	Days   [2]int `yaml:"days"`
	Source string `yaml:"source"`
}

// Threshold is an observation value that makes a diagnosis.
type Threshold struct {
	Observation string   `yaml:"observation"`
	AtLeast     *float64 `yaml:"at_least"`
	Below       *float64 `yaml:"below"`
	// Under closes an at_least band from above: the reading that makes the
	// diagnosis is below it (non-diabetic hyperglycaemia is an HbA1c of
	// 42-47; 48 or more is diabetes's, h71f). nil: no upper end.
	Under *float64 `yaml:"under"`
}

// Past reports whether v is on the threshold's side: at least AtLeast, or
// below Below.
func (t *Threshold) Past(v float64) bool {
	if t.AtLeast != nil {
		return v >= *t.AtLeast
	}
	return v < *t.Below
}

// Risk multiplies the chance of a condition for people who have another.
type Risk struct {
	Given string  `yaml:"given"`
	RR    float64 `yaml:"rr"`
}

// Onset describes when the condition was diagnosed.
type Onset struct {
	MeanYears float64 `yaml:"mean_years"` // mean years from diagnosis to the reference date
	MinAge    int     `yaml:"min_age"`    // no diagnosis before this age
	// RecognisedAt: a condition present from birth (learning disability) is
	// diagnosed at the age it is recognised, drawn from these age bands by
	// weight (uniform within a band) and no later than the person's age on
	// the population date, instead of years before that date.
	RecognisedAt []AgeBand `yaml:"recognised_at"`
	// Survival: a person who dies with the condition was diagnosed a time
	// before the death drawn from its published survival by age at
	// diagnosis, instead of MeanYears (dementia; brief h57e).
	Survival *DiagnosisSurvival `yaml:"survival"`
}

// AgeBand is a range of ages in years, [from, to), with a weight.
type AgeBand struct {
	Ages   [2]float64 `yaml:"ages"`
	Weight float64    `yaml:"weight"`
}

// Reviews is the routine monitoring of a chronic condition.
type Reviews struct {
	PerYear      int      `yaml:"per_year"`
	Observations []string `yaml:"observations"`
	// CourseReview, when set: the review of a long course of one medicine
	// after so many years of it (oral alendronic acid at 5 years, NOGG).
	CourseReview *CourseReview `yaml:"course_review"`
	// FromAge, when set: the routine reviews begin at this age (the
	// learning disability annual health check from 14); a diagnosis made
	// younger is still coded, and its reviews wait for the birthday.
	FromAge int `yaml:"from_age"`
	// Yearly: those of the observations recorded once a year, at a review
	// at least YearlyAfterDays after the last one (the diabetic foot
	// examination, NICE NG19; fourteenth review: it was coded at every
	// review and follow-up).
	Yearly          []string `yaml:"yearly"`
	YearlyAfterDays int      `yaml:"yearly_after_days"`
	// Paediatric: children under its age are under a hospital specialist
	// team, not their GP, for this condition (type 1 diabetes).
	Paediatric *PaediatricCare `yaml:"paediatric"`
	// AfterStart: when the first line starts, follow-up reviews sooner than
	// the usual three months (an antidepressant's first review within two
	// weeks).
	AfterStart *AfterStart `yaml:"after_start"`
	// TitrationDays, when set (least, most), is how soon after a dose
	// change the follow-up that may step it up again comes, instead of the
	// usual three months (heart failure: every 2-4 weeks; tenth review).
	TitrationDays [2]int `yaml:"titration_days"`
	// CareReview, when set: the practice's first review after a diagnosis
	// in the record is held Days (least, most) after it and codes
	// Observation (a cancer care review within 12 months of the diagnosis,
	// QOF CAN004; thirteenth review).
	CareReview *CareReview `yaml:"care_review"`
	// Specialist, when set: the condition's specialist clinic reviews it
	// every few months from the diagnosis and adjusts its medicines
	// (progression.go; Parkinson's disease, NICE NG71).
	Specialist *SpecialistReview `yaml:"specialist"`
	// ClassCheck, when set: a review of a person with a medicine of Class
	// running codes Observation (no value), at most once in EveryDays
	// whichever condition's review it is (inhaler technique checked at the
	// asthma or COPD review of a person using an inhaler; nineteenth review).
	ClassCheck *ClassCheck `yaml:"class_check"`
	// ByPhone, when set: a GP telephone contact about the condition that
	// records nothing else records these, what can be asked by telephone
	// (asthma control and smoking status, not a peak flow or a blood
	// pressure; brief h55c).
	ByPhone *PhoneReview `yaml:"by_phone"`
	// EndOfLife, when set: the routine review goes on in end-of-life care
	// (on the palliative care register) for symptom control, recording
	// these only (the breathlessness grade that steps inhaled therapy up
	// and offers pulmonary rehabilitation in COPD, not the spirometry or
	// the weight; brief h64i). Without it the routine review stops there.
	EndOfLife *PhoneReview `yaml:"end_of_life"`
}

// CourseReview is the review a condition's medicine calls for once it has
// run AfterDays: held within Days (least, most) of that day, it records
// Observations (observation_codes.csv keys: a repeat DXA scan) at the
// condition's review then, or at one booked.
type CourseReview struct {
	Medicine     string   `yaml:"medicine"`
	AfterDays    int      `yaml:"after_days"`
	Days         [2]int   `yaml:"days"`
	Observations []string `yaml:"observations"`
	// ScanBefore is the days from the hospital attendance that takes the
	// observations (a DXA scan) to the review that reads them (h69f).
	ScanBefore [2]int `yaml:"scan_before_days"`
	Source     string `yaml:"source"`
}

// SettleFirst holds back a condition's first line at the contact that
// diagnoses it, to a follow-up Days later (gout: urate-lowering therapy
// once the flare has settled, NICE NG219).
type SettleFirst struct {
	Days   [2]int `yaml:"days"`
	Source string `yaml:"source"`
}

// PhoneReview is what a telephone contact about a condition asks, or what
// its review in end-of-life care records (Reviews.EndOfLife).
type PhoneReview struct {
	Observations []string `yaml:"observations"` // observation_codes.csv keys
	Source       string   `yaml:"source"`
}

// ClassCheck is a check coded at a review of a person on a class of medicine.
type ClassCheck struct {
	Observation string `yaml:"observation"`
	Class       string `yaml:"class"`
	EveryDays   int    `yaml:"every_days"`
	// AfterFlareDays: a review within these days of an exacerbation of the
	// condition makes the check again, unless it was made since (0: none).
	AfterFlareDays int    `yaml:"after_flare_days"`
	Source         string `yaml:"source"`
}

// CareReview is a coded review due some days after a diagnosis.
type CareReview struct {
	Days        [2]int `yaml:"days"`
	Observation string `yaml:"observation"` // observation_codes.csv key
	Source      string `yaml:"source"`
}

// AfterStart is the follow-up reviews after a condition's first medicine
// starts: the first FirstDays later (YoungFirstDays under YoungUnder), then
// Then more, each ThenDays after the one before.
type AfterStart struct {
	FirstDays      [2]int `yaml:"first_days"`
	YoungUnder     int    `yaml:"young_under"`
	YoungFirstDays [2]int `yaml:"young_first_days"`
	Then           int    `yaml:"then"`
	ThenDays       [2]int `yaml:"then_days"`
	Source         string `yaml:"source"`
}

// Days is the range of days to the first follow-up at an age.
func (a *AfterStart) Days(age int) [2]int {
	if age < a.YoungUnder {
		return a.YoungFirstDays
	}
	return a.FirstDays
}

// PaediatricCare is a condition's care by a paediatric specialist team:
// under Under, the diagnosing GP refers the child the same day and the team
// sees them in clinic the next day; reviews are that clinic's (outpatient
// attendances), PerYear a year, instead of the GP's.
type PaediatricCare struct {
	Under   int `yaml:"under"`
	PerYear int `yaml:"per_year"`
	// Observations, when given, are what the team records at its reviews
	// in place of the condition's review observations (a child's diabetes
	// review has no foot examination).
	Observations []string `yaml:"observations"`
	// Yearly: what the team adds once a year (at a review at least the
	// reviews' yearly_after_days after the last), each from its age (brief
	// h73b: NICE NG18, thyroid from diagnosis, ACR and blood pressure from 12).
	Yearly []PaediatricYearly `yaml:"yearly"`
	Source string             `yaml:"source"`
}

// PaediatricYearly is a paediatric team's yearly check from an age.
type PaediatricYearly struct {
	Observations []string `yaml:"observations"`
	FromAge      int      `yaml:"from_age"`
}

// TreatmentLine is a step of a prescribing pathway.
type TreatmentLine struct {
	Line        int                `yaml:"line"`
	Probability float64            `yaml:"probability"` // of reaching this line, given the previous; 0 means 1 for line 1
	AfterYears  float64            `yaml:"after_years"` // mean years after the previous line started
	Options     []DrugOption       `yaml:"options"`
	Effects     map[string]float64 `yaml:"effects"` // on observations once started
	// Titrate: the line's drug is stepped up through its regimens.csv steps
	// while the condition's target is missed, before the next line is added.
	Titrate bool `yaml:"titrate"`
	// TitrateAbove (a titrated line of a pathway with a target): the line's
	// drug is also stepped up at each review whose reading of the target's
	// observation is above this level, without waiting for the target to be
	// missed twice, so that it reaches its full (or highest tolerated) dose
	// before the next line is added (metformin raised while HbA1c is above
	// 48 on it, NICE NG28 1.6; fourteenth review).
	TitrateAbove float64 `yaml:"titrate_above"`
	// TitrateBelow (a titrated line of a pathway with a target): the line's
	// drug is stepped down one regimen step at a review whose reading of the
	// target's observation is below this level (levothyroxine lowered at a
	// TSH below 0.1, over-replacement: NICE NG145 1.5; h63d).
	TitrateBelow float64 `yaml:"titrate_below"`
	// TitrateReads (a titrated line of a pathway without a care_target):
	// the observation whose reading at a review, above TitrateAbove, steps
	// the line's drug up; at or below it the dose stays. Without it such a
	// line is raised at each follow-up whatever the reading. Basal insulin
	// in type 1 diabetes is titrated to the HbA1c (NICE NG17; brief h58h:
	// before, the dose text never changed in 78 of 78 people on it for two
	// years or more with an HbA1c above 58).
	TitrateReads string `yaml:"titrate_reads"`
	// TitrateSource gives the source of titrate_reads' level.
	TitrateSource string `yaml:"titrate_source"`
	// TitrateToTarget: the level is the condition's care_target at the
	// patient's age (above, and above_from_80 from 80), instead of a
	// TitrateAbove of its own: a blood pressure drug raised above 140 under
	// 80 and above 150 from 80, NICE NG136's clinic targets (nineteenth
	// review; one definition of the target since the twenty-sixth).
	TitrateToTarget bool `yaml:"titrate_to_target"`
	// TitrateByChance: the raise at a review above the level happens by the
	// target's escalate chance at the patient's age (clinical inertia), not
	// at every such review (blood pressure drugs; nineteenth review).
	TitrateByChance bool `yaml:"titrate_by_chance"`
	// OwnStream: the line's draws (whether it is reached, after how long)
	// come from the condition's own treatment stream: a line appended to a
	// pathway leaves the person's other draws unchanged.
	OwnStream bool `yaml:"own_stream"`
	// Gate, when set (first line only), holds the line back until a risk
	// score or a reading calls for it (anticoagulation in AF by CHA2DS2-VASc,
	// NICE NG196; an antidepressant by PHQ-9, NG222).
	Gate *LineGate `yaml:"gate"`
	// Needs, when set (a later line), reaches the line only for people
	// whose reading calls for it (lineneeds.go).
	Needs *LineNeeds `yaml:"needs"`
	// NotInEndOfLife, when set, keeps the line from starting in end-of-life
	// care (eolhold.go); a running course goes on.
	NotInEndOfLife *EndOfLifeHold `yaml:"not_in_end_of_life"`
	// NotWhenRelaxed, when set, keeps the line from starting while the care
	// target's relaxed level holds for the person (step_down: the very old,
	// the frail, the dying); a running course goes on (relaxedhold.go).
	NotWhenRelaxed *RelaxedHold `yaml:"not_when_relaxed"`
	// StartedInClinic (first line only): the specialist clinic that the
	// condition's at-diagnosis referral books starts the line, not the GP
	// who makes the diagnosis; the practice continues it from its next
	// review (a DMARD under shared care, NICE NG100). No line starts at the
	// diagnosis itself.
	StartedInClinic bool `yaml:"started_in_clinic"`
	// Trial: the line's drug is stopped some weeks after it starts unless
	// it helped (trial.go; a leukotriene receptor antagonist in asthma).
	Trial *LineTrial `yaml:"trial"`
	// FromDiagnosis (a later line): the line starts at the diagnosis, by its
	// own chance, whether or not the lines before it are reached, and the
	// lines after it follow the line before it (a loop diuretic for the
	// congestion heart failure presents with, beside the ACE inhibitor and
	// beta-blocker, NICE NG106 1.5; twelfth review). No after_years.
	FromDiagnosis bool `yaml:"from_diagnosis"`
	// Skippable (a later line of the chain): a person who does not reach
	// the line by its chance (its needs met) still goes on to the next line
	// of the chain, after the next's own delay; its not_taken reason is
	// coded as usual. An MRA not tolerated or declined does not withhold
	// the SGLT2 inhibitor of heart failure with a reduced ejection fraction
	// (NICE TA679: optimised standard care is an MRA if tolerated; h57c).
	Skippable bool `yaml:"skippable"`
	// AfterMaxDose (a later line, after a line with titrate_above): the line
	// starts at a review whose reading is still above that level once the
	// line before is at its highest dose the patient may have (its last
	// step, or the kidneys' cap), at the titration's own pace and not by the
	// target's escalate chance: febuxostat when allopurinol at its highest
	// dose has not brought the urate below 360 (NICE NG219 1.5; seventeenth
	// review).
	AfterMaxDose bool `yaml:"after_max_dose"`
	// NotTaken (a later line with a probability below 1): the coded
	// reasons, by weight, of the people who do not reach the line by its
	// chance (not by its needs), coded at the condition's first review in
	// the record where no option of the line runs: "Beta blocker
	// contraindicated" in heart failure with a reduced ejection fraction
	// (twentieth review). The draws come from a stream of their own. A line
	// from the diagnosis may have them too (dapagliflozin above 40%, coded
	// once its options' date has come: twenty-second review).
	NotTaken []UntreatedReason `yaml:"not_taken"`
	// NotTakenSource gives the reasons' source.
	NotTakenSource string `yaml:"not_taken_source"`
	// IfRuledOut: the medicines, in order, of which the first the
	// prescribing rules allow is started for the line when every option
	// that suits the person is ruled out (by a result, an allergy, a
	// condition or a drug running): amlodipine when an ACE inhibitor or ARB
	// is barred by a potassium above 5.0 (NICE NG136 1.4.33: a CCB when an
	// ACE inhibitor or ARB is not suitable; twenty-fifth review). Before, a
	// line with nothing allowed waited for a later review to try the same
	// options again. Also given to someone untreated for a rules_out reason
	// (UntreatedReason.RulesOut).
	IfRuledOut []string `yaml:"if_ruled_out"`
	// IfRuledOutSource gives the alternative's source.
	IfRuledOutSource string `yaml:"if_ruled_out_source"`
	// IfRuledOutEffects: an if_ruled_out medicine's own effects on
	// observations, in place of the line's (brief h55e: sitagliptin given
	// where metformin is barred by the kidneys lowers the HbA1c by its own
	// 7 mmol/mol, not by metformin's 11); a medicine not listed takes the
	// line's effects.
	IfRuledOutEffects map[string]map[string]float64 `yaml:"if_ruled_out_effects"`
	// IfRuledOutEffectsSource gives those effects' source.
	IfRuledOutEffectsSource string `yaml:"if_ruled_out_effects_source"`
	// StepChance (a later line of a pathway with a care_target): the chance
	// that a review due to step up onto this line (a second miss in a row,
	// the line before at its highest dose or not titrated) does so, in place
	// of the target's escalate at the age when it is higher; a step not
	// taken is declined as the target says. Resistant hypertension on A+C+D
	// is a decision NICE NG136 1.4.47-1.4.50 makes, not the inertia of an
	// early step (brief h67g).
	StepChance       float64 `yaml:"step_chance"`
	StepChanceSource string  `yaml:"step_chance_source"`
}

// titratesToLevel reports whether the line is raised at a review above a
// level (titrate_above, or the care target's with titrate_to_target).
func (l *TreatmentLine) titratesToLevel() bool { return l.TitrateAbove != 0 || l.TitrateToTarget }

// DrugOption is one drug a line may use, with who it suits.
type DrugOption struct {
	Drug         string   `yaml:"drug"` // medicine key
	Weight       float64  `yaml:"weight"`
	MinAge       int      `yaml:"min_age"`
	MaxAge       int      `yaml:"max_age"`
	EthnicGroups []string `yaml:"ethnic_groups"`
	// With and Without name conditions the person must (or must not) hold
	// on the day the line starts: a diabetic starts an ACE inhibitor or ARB
	// whatever their age (NICE NG136).
	With    []string `yaml:"with"`
	Without []string `yaml:"without"`
	// Ladder names the regimens.csv ladder the option prescribes from (the
	// medicine's own doses for this indication: bisoprolol for heart
	// failure starts at 1.25 mg); "": the medicine's usual regimens.
	Ladder string `yaml:"ladder"`
	// From: the option is not started for this condition before this day
	// (the NICE appraisal that recommended the drug for the indication:
	// dapagliflozin for heart failure, TA679); empty: always.
	From YMD `yaml:"from"`
	// TakeOver: a course of the medicine already running for another
	// condition when the line starts moves onto this option's ladder at
	// the same dose, and is stepped up from there (ramipril begun at 2.5 mg
	// for hypertension, on heart failure's ladder 1.25-10 mg when heart
	// failure follows; twelfth review). Needs a ladder.
	TakeOver bool `yaml:"take_over"`
	// Replaces: medicines (keys) this option stops, when it starts, in
	// their courses for the same condition: maintenance and reliever
	// therapy (MART) with an ICS/formoterol inhaler is the asthma reliever
	// too, so a separate salbutamol inhaler stops (NICE NG245; twelfth
	// review). Unlike prescribing.yaml replaces (every course of a class),
	// it is this indication's: salbutamol for COPD goes on.
	Replaces []string `yaml:"replaces"`
	// ReplacesCoded: a stop by Replaces is a decision the review codes
	// ("Drug therapy discontinued", as a step down's): gliclazide stopped
	// when prandial insulin starts (h64d). Needs Replaces.
	ReplacesCoded  bool   `yaml:"replaces_coded"`
	ReplacesSource string `yaml:"replaces_source"`
	// ResultAtMost: the option is chosen only when the latest result of the
	// observation before the day is at most AtMost (spironolactone at step 4
	// of hypertension at a potassium of 4.5 or less, NICE NG136); none on
	// the record rules it out too, and the line's if_ruled_out is given.
	ResultAtMost *ResultAtMost `yaml:"result_at_most"`
}

// ResultAtMost bars an option above a latest result (DrugOption).
type ResultAtMost struct {
	Observation string  `yaml:"observation"`
	AtMost      float64 `yaml:"at_most"`
	// WithinDays: only a result this recent counts; with none, the test is
	// taken at the review that chooses and read first (h56a); 0: any.
	WithinDays int `yaml:"within_days"`
}

// Suits reports whether the option applies to a person.
func (o DrugOption) Suits(age int, ethnicGroup string) bool {
	if age < o.MinAge || (o.MaxAge > 0 && age > o.MaxAge) {
		return false
	}
	if len(o.EthnicGroups) == 0 {
		return true
	}
	for _, g := range o.EthnicGroups {
		if g == ethnicGroup {
			return true
		}
	}
	return false
}

// AlsoPrescribe is a drug commonly co-prescribed with a condition (statins).
type AlsoPrescribe struct {
	Drug        string             `yaml:"drug"`
	Probability float64            `yaml:"probability"`
	MinAge      int                `yaml:"min_age"`
	Effects     map[string]float64 `yaml:"effects"`
	Step        int                `yaml:"step"` // regimen step (e.g. high-intensity statin)
	// NotTaken are the coded reasons, by weight, of those not given it (the
	// rest of Probability): one is coded at the condition's first review in
	// the record with the drug not running (a statin declined or
	// contraindicated in cardiovascular disease; eighteenth review).
	NotTaken []UntreatedReason `yaml:"not_taken"`
	Source   string            `yaml:"source"`
}

// Acute is a self-limiting episode.
type Acute struct {
	Key          string       `yaml:"key"`
	Name         string       `yaml:"name"`
	Snomed       string       `yaml:"snomed"`
	ICD10        string       `yaml:"icd10"`
	Description  string       `yaml:"description"`
	Setting      string       `yaml:"setting"` // gp | ae
	Rate         []float64    `yaml:"rate"`    // episodes per person-year by band
	DurationDays int          `yaml:"duration_days"`
	Prescribe    *ShortCourse `yaml:"prescribe"`
	// MinAgeDays: no episode before this age in days (an ankle sprain needs
	// a child who walks).
	MinAgeDays int `yaml:"min_age_days"`
	// FollowUp: a GP contact about an A&E episode some days later, for
	// people of an age (an older person's fall: fourteenth review).
	FollowUp *AcuteFollowUp `yaml:"follow_up"`
}

// check reports what is wrong with a follow-up of an episode in setting.
func (f *AcuteFollowUp) check(setting string) error {
	if f == nil {
		return nil
	}
	if setting != "ae" {
		return fmt.Errorf("an A&E episode's only, not %s", setting)
	}
	if f.Share <= 0 || f.Share > 1 || f.RecordedShare < 0 || f.RecordedShare > 1 {
		return fmt.Errorf("share %v and recorded_share %v must be in (0, 1] and [0, 1]", f.Share, f.RecordedShare)
	}
	if f.Days[0] < 1 || f.Days[1] < f.Days[0] {
		return fmt.Errorf("days %v: want a range from 1 day", f.Days)
	}
	if _, ok := ObservationByKey(f.Recorded); f.Recorded != "" && !ok {
		return fmt.Errorf("recorded %q is not in observation_codes.csv", f.Recorded)
	}
	if f.Source == "" {
		return fmt.Errorf("no source")
	}
	return nil
}

// AcuteFollowUp is a GP contact about an A&E episode: from MinAge, with
// chance Share, Days after the attendance (a range), where the
// observation_codes.csv key Recorded (a referral, no value) is coded with
// chance RecordedShare.
type AcuteFollowUp struct {
	MinAge        int     `yaml:"min_age"`
	Share         float64 `yaml:"share"`
	Days          [2]int  `yaml:"days"`
	Recorded      string  `yaml:"recorded"`
	RecordedShare float64 `yaml:"recorded_share"`
	// RecordedMinAge: Recorded is coded only from this age (an adult's
	// community mental health team; no child and adolescent service code
	// was verified); 0: at any age the follow-up is made.
	RecordedMinAge int `yaml:"recorded_min_age"`
	// Assess: catalogue conditions whose consulting-room readings (their
	// reviews' at_contact observations: the PHQ-9 of depression) are
	// recorded at the follow-up when the person holds one, not resolved
	// (the mental state reassessed after self-harm; brief h53c).
	Assess []string `yaml:"assess"`
	// Raised: higher shares for the follow-up and its referral when the
	// episode repeats one or comes with a mental illness (brief h62g); nil:
	// the same shares for everyone.
	Raised *FollowUpRaised `yaml:"raised"`
	Source string          `yaml:"source"`
}

// FollowUpRaised is what raises an A&E episode's follow-up: the person holds
// one of Conditions (catalogue keys) open on the episode's first day, or had
// another episode of the presentation in the RepeatDays before it. Then the
// follow-up is made with chance Share and its referral coded with chance
// RecordedShare, in place of the follow-up's own shares (neither lower).
type FollowUpRaised struct {
	Conditions    []string `yaml:"conditions"`
	RepeatDays    int      `yaml:"repeat_days"`
	Share         float64  `yaml:"share"`
	RecordedShare float64  `yaml:"recorded_share"`
	Source        string   `yaml:"source"`
}

// check validates the raised shares against the follow-up's own (cond: the
// catalogue's conditions, by key).
func (r *FollowUpRaised) check(f *AcuteFollowUp, cond func(string) bool) error {
	if r == nil {
		return nil
	}
	if r.Share < f.Share || r.Share > 1 || r.RecordedShare < f.RecordedShare || r.RecordedShare > 1 {
		return fmt.Errorf("raised: share %v and recorded_share %v must be at least the follow-up's (%v, %v) and at most 1", r.Share, r.RecordedShare, f.Share, f.RecordedShare)
	}
	if len(r.Conditions) == 0 && r.RepeatDays <= 0 {
		return fmt.Errorf("raised: no conditions and no repeat_days: nothing raises it")
	}
	for _, k := range r.Conditions {
		if !cond(k) {
			return fmt.Errorf("raised: condition %q is not in the catalogue", k)
		}
	}
	if r.Source == "" {
		return fmt.Errorf("raised: no source")
	}
	return nil
}

// FirstWeek: a background A&E attendance or emergency admission in the
// first Days of life is kept with chance Relative (the baby is still under
// the maternity team).
type FirstWeek struct {
	Days     int     `yaml:"days"`
	Relative float64 `yaml:"relative"`
	Source   string  `yaml:"source"`
}

// Activity holds background encounter rates per person-year by band and sex.
type Activity struct {
	GPOther                BySex   `yaml:"gp_other"`
	AEOther                BySex   `yaml:"ae_other"`
	EmergencyAdmission     BySex   `yaml:"emergency_admission"`
	ElectiveAdmission      BySex   `yaml:"elective_admission"`
	Outpatient             BySex   `yaml:"outpatient"`
	EmergencyViaAE         float64 `yaml:"emergency_via_ae"`
	PerConditionMultiplier float64 `yaml:"per_condition_multiplier"`
	// GPPerConditionMultiplier raises background GP contacts (gp_other) per
	// chronic condition held, in place of PerConditionMultiplier: GP
	// consultation rates rise more steeply with multimorbidity than
	// hospital activity does.
	GPPerConditionMultiplier float64 `yaml:"gp_per_condition_multiplier"`
	// DispersionShape is the shape of each person's gamma-distributed
	// contact-rate multiplier (mean 1): smaller means more people with no
	// contact in a year and more frequent attenders.
	DispersionShape float64 `yaml:"dispersion_shape"`
	// ReasonShares: the share of GP consultations not tied to a review that
	// concern a chronic condition held (per condition held, capped), and the
	// share of outpatient attendances that follow up one.
	GPChronicShare         float64 `yaml:"gp_chronic_share"`
	OutpatientChronicShare float64 `yaml:"outpatient_chronic_share"`
	// GPNewProblem: how often a GP contact opens a new problem rather than
	// seeing one already on the record (gpnewproblem.go).
	GPNewProblem GPNewProblem `yaml:"gp_new_problem"`
	// OpportunisticHbA1c: when a GP contact outside the reviews takes an
	// HbA1c (opportunistichba1c.go).
	OpportunisticHbA1c OpportunisticHbA1c `yaml:"opportunistic_hba1c"`
	// OutpatientReferral: a clinic's new problems are referred by the GP.
	OutpatientReferral OutpatientReferral `yaml:"outpatient_referral"`
	// ChronicClinicIntervalDays: a clinic follows up a long-term condition
	// held at most once in this many days, however often the person attends
	// clinics for other reasons.
	ChronicClinicIntervalDays int `yaml:"chronic_clinic_interval_days"`
	// EpisodeGapDays: a new episode of an acute problem does not begin
	// within this many days of the person's current episode of it (before
	// its onset or after its end): the same illness, not a second one.
	EpisodeGapDays int `yaml:"episode_gap_days"`
	// FaceToFaceUnderDays: a baby younger than this is seen, not phoned.
	FaceToFaceUnderDays int `yaml:"face_to_face_under_days"`
	// SeenFor: the problems a person up to an entry's max_age is seen
	// face to face for, not managed by telephone (twenty-fifth review).
	SeenFor []SeenFor `yaml:"seen_face_to_face"`
	// GPTelephoneShare: the share of background GP contacts with something
	// to see booked by telephone (the rest face to face, or a home visit);
	// contacts with nothing to see add telephone queries (checkup.go).
	GPTelephoneShare float64 `yaml:"gp_telephone_share"`
	// BloodPressureRecheck: when a contact with nothing else to see
	// measures the blood pressure (bprecheck.go).
	BloodPressureRecheck BloodPressureRecheck `yaml:"blood_pressure_recheck"`
	// GPSentAdmission: the practice contact before an admission a GP
	// arranges (gpsentin.go).
	GPSentAdmission GPSentAdmission `yaml:"gp_sent_admission"`
	// DischargeHours weighs the hours of the day an overnight stay ends
	// in: wards send people home in the afternoon, rarely at night
	// (discharge.go).
	DischargeHours DischargeHours `yaml:"discharge_hours"`
	// GPWeekdays: GP-practice appointments a day over the weekdays; a
	// background contact drawn on a closed day moves to a weekday by them
	// (generator/timeline.go openDay).
	GPWeekdays GPWeekdays `yaml:"gp_weekdays"`
	// ElectiveDeferral: how long after an emergency admission a planned
	// one is postponed (electivedeferral.go).
	ElectiveDeferral ElectiveDeferral `yaml:"elective_deferral"`
	// GPConditionState: when a long-term condition brings GP contacts
	// beyond its review (gpstate.go).
	GPConditionState GPConditionState `yaml:"gp_condition_state"`
	Targets          []ActivityTarget `yaml:"targets"`
	// FirstWeek thins the A&E attendances and emergency admissions the
	// background draws in a baby's first days (twenty-seventh review).
	FirstWeek FirstWeek `yaml:"first_week"`
}

// OutpatientReferral times the GP consultation that refers a new problem to
// a clinic, and gives the share of would-be new clinic problems referred.
type OutpatientReferral struct {
	GPDaysBefore  [2]int  `yaml:"gp_days_before"` // the GP sees it this many days before the clinic
	ReferredShare float64 `yaml:"referred_share"`
	// ChildReferredShare replaces ReferredShare under ChildUnder years.
	ChildReferredShare float64 `yaml:"child_referred_share"`
	// ChildTries: a child's clinic attendance draws up to this many
	// problems before it is not booked (a first ear infection is not
	// referred; the clinic sees another of the child's problems); 0: one.
	ChildTries    int     `yaml:"child_tries"`
	ChildUnder    int     `yaml:"child_under"`
	FollowUpsMean float64 `yaml:"follow_ups_mean"` // clinic follow-ups of a referred problem (Poisson mean)
	// AttendancesMax caps the clinic attendances one referred problem has,
	// the planned follow-ups and any later ones together.
	AttendancesMax int    `yaml:"attendances_max"`
	FollowUpDays   [2]int `yaml:"follow_up_days"` // days between attendances
	// RereferralAfterDays: a complaint a clinic was referred is not referred
	// again (a new episode of it) within this many days of that referral.
	RereferralAfterDays int `yaml:"rereferral_after_days"`
	// Uncoded weighs, beside the presentations' outpatient weights, the
	// clinic attendances about problems the model does not book there: a
	// draw of it books nothing. A complaint the GP refers by its
	// refer_share has no outpatient weights, and this keeps the weight it
	// had, so that the other complaints' attendances are not raised.
	Uncoded BySex  `yaml:"uncoded"`
	Source  string `yaml:"source"`
}

// ComorbidityTarget is a published share of people with one condition who
// also have another.
type ComorbidityTarget struct {
	Index    string  `yaml:"index"`
	Comorbid string  `yaml:"comorbid"`
	Percent  float64 `yaml:"percent"`
	Source   string  `yaml:"source"`
}

// MultimorbidityTarget is a published share of people in an age range with
// two or more long-term conditions.
type MultimorbidityTarget struct {
	MinAge  int     `yaml:"min_age"`
	MaxAge  int     `yaml:"max_age"`
	Percent float64 `yaml:"percent"`
	Source  string  `yaml:"source"`
}

// ActivityTarget is a published rate of activity per person per year.
type ActivityTarget struct {
	Key           string  `yaml:"key"` // gp | ae | emergency_admission | elective_admission | outpatient
	Name          string  `yaml:"name"`
	PerPersonYear float64 `yaml:"per_person_year"`
	Source        string  `yaml:"source"`
	// Shown, when set, says why the figure is shown and not checked (the
	// model books only part of what the published figure counts).
	Shown string `yaml:"shown"`
}

// EncounterType is the class and SNOMED CT type of an encounter kind.
type EncounterType struct {
	Class   string `yaml:"class"`
	Code    string `yaml:"code"`
	Display string `yaml:"display"`
	// Records are what a visit of this type that records nothing else
	// records (visitrecords.go), all but EmptyShare of them.
	Records       []VisitRecord `yaml:"records"`
	EmptyShare    float64       `yaml:"empty_share"`
	RecordsSource string        `yaml:"records_source"`
}

// BandOf returns the index of the age band holding age.
func (c *Catalogue) BandOf(age int) int {
	for i, hi := range c.Bands {
		if age <= hi {
			return i
		}
	}
	return len(c.Bands) - 1
}

// Condition returns the condition with the key.
func (c *Catalogue) Condition(key string) (*Condition, bool) {
	for i := range c.Conditions {
		if c.Conditions[i].Key == key {
			return &c.Conditions[i], true
		}
	}
	return nil, false
}

// LoadCatalogue parses and checks the embedded catalogue. Conditions come
// back ordered so that every condition follows those its risks and
// exclusions name.
func LoadCatalogue() (*Catalogue, error) {
	return ParseCatalogue(catalogueYAML)
}

// ParseCatalogue parses and checks a catalogue document.
func ParseCatalogue(doc []byte) (*Catalogue, error) {
	var c Catalogue
	if err := decodeStrict(doc, &c); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if err := c.resolveCodedAs(); err != nil { // codedas.go: before the checks that read the causes' codes
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	order, err := c.dependencyOrder()
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	c.Conditions = order
	return &c, nil
}

func (c *Catalogue) check() error {
	n := len(c.Bands)
	if n == 0 {
		return fmt.Errorf("no age bands")
	}
	bands := func(where string, v []float64) error {
		if len(v) != n {
			return fmt.Errorf("%s has %d values, want one per age band (%d)", where, len(v), n)
		}
		for _, x := range v {
			if x < 0 {
				return fmt.Errorf("%s has a negative value", where)
			}
		}
		return nil
	}
	obsKnown := func(key string) bool {
		_, num := c.Observations[key]
		_, coded := c.CodedObservations[key]
		return num || coded
	}
	drugKnown := func(key string) error {
		if _, ok := MedicineByKey(key); !ok {
			return fmt.Errorf("unknown medicine %q", key)
		}
		return nil
	}
	keys := map[string]bool{}
	for _, cond := range c.Conditions {
		if cond.Key == "" || keys[cond.Key] {
			return fmt.Errorf("condition key %q empty or repeated", cond.Key)
		}
		keys[cond.Key] = true
	}
	for _, cond := range c.Conditions {
		where := "condition " + cond.Key
		if cond.Snomed == "" || (cond.Target <= 0) != cond.FromHealthCheck {
			return fmt.Errorf("%s: needs snomed and a positive target (0 when from_health_check)", where)
		}
		for i := range cond.Referral {
			if err := cond.Referral[i].check(where); err != nil {
				return err
			}
			if r := &cond.Referral[i]; r.FromLine > len(cond.Treatment) || r.StartsLine > len(cond.Treatment) {
				return fmt.Errorf("%s: referral from_line and starts_line name one of its %d treatment lines", where, len(cond.Treatment))
			}
			if cond.Referral[i].Sustained && (cond.Sustained == nil || cond.Referral[i].Observation != cond.StagedBy) {
				return fmt.Errorf("%s: a sustained referral reads the staging observation, with the condition's sustained", where)
			}
		}
		if err := cond.checkPresentsAs(where); err != nil {
			return err
		}
		if err := cond.checkAssessedAtDiagnosis(where); err != nil {
			return err
		}
		if err := cond.checkRecurrenceFirst(where); err != nil {
			return err
		}
		if err := cond.checkSuspectedFirst(where); err != nil {
			return err
		}
		if su := cond.Sustained; su != nil && (len(cond.Stages) == 0 || su.Days <= 0 || su.Source == "") {
			return fmt.Errorf("%s: sustained needs stages, days and a source", where)
		}
		if cd := cond.ClinicDischarge; cd != nil && (!cond.Clinic || cd.Months <= 0 || cd.Source == "") {
			return fmt.Errorf("%s: clinic_discharge needs clinic: true, months above 0 and a source", where)
		}
		if (cond.ClinicShare != 0 || cond.ClinicAfterReferral) && !cond.Clinic ||
			cond.ClinicShare < 0 || cond.ClinicShare > 1 || cond.ClinicAfterReferral && len(cond.Referral) == 0 {
			return fmt.Errorf("%s: clinic_share (0-1) and clinic_after_referral (which needs a referral rule) go with clinic: true", where)
		}
		if err := bands(where+" shape.female", cond.Shape.Female); err != nil {
			return err
		}
		if u := cond.Untreated; u != nil {
			if err := u.check(cond.Key, keys); err != nil {
				return err
			}
			open := false
			for _, r := range u.Reasons { // grounds (h67c), as a line's not_taken has them
				for _, k := range r.With {
					if !keys[k] {
						return fmt.Errorf("%s: untreated reason %q: with names unknown condition %q", where, r.Description, k)
					}
				}
				if n := r.Reading; n != nil {
					if _, ok := c.Observations[n.Observation]; !ok || (n.AtMost == nil) == (n.Above == nil) || n.Source == "" {
						return fmt.Errorf("%s: untreated reason %q: reading takes a numeric observation, one of at_most or above, and a source", where, r.Description)
					}
				}
				open = open || !r.Grounded() && len(r.Without) == 0
			}
			if !open {
				return fmt.Errorf("%s: untreated: one reason at least needs no grounds and has no without, for those without them", where)
			}
			if u.rulesOut() && (len(cond.Treatment) == 0 || len(cond.Treatment[0].IfRuledOut) == 0) {
				return fmt.Errorf("%s: an untreated reason with rules_out needs the first line's if_ruled_out", where)
			}
		}
		if err := cond.Onset.Survival.check(where); err != nil {
			return err
		}
		for _, b := range cond.Onset.RecognisedAt {
			if b.Ages[0] < 0 || b.Ages[1] <= b.Ages[0] || b.Weight <= 0 {
				return fmt.Errorf("%s: onset.recognised_at needs ages [from, to) with to above from and a weight above 0", where)
			}
		}
		if f := cond.UsualFloor; f != nil {
			if _, ok := c.Observations[f.Observation]; !ok || f.Share <= 0 || f.Share >= 1 || f.Source == "" {
				return fmt.Errorf("%s: usual_floor needs a numeric observation, a share_of_predicted between 0 and 1 and a source", where)
			}
		}
		for k, sd := range cond.EffectSD {
			if _, ok := cond.Effects[k]; !ok || sd <= 0 {
				return fmt.Errorf("%s: effect_sd %s needs an effect on %s and a positive sd", where, k, k)
			}
		}
		if err := bands(where+" shape.male", cond.Shape.Male); err != nil {
			return err
		}
		if d := cond.DefinedBy; d != nil {
			if _, ok := c.Observations[d.Observation]; !ok || (d.AtLeast == nil) == (d.Below == nil) {
				return fmt.Errorf("%s: defined_by needs a numeric observation and one of at_least or below", where)
			}
			if d.Under != nil && (d.AtLeast == nil || *d.Under <= *d.AtLeast) {
				return fmt.Errorf("%s: defined_by under closes an at_least band from above", where)
			}
		}
		if br := cond.BandRepeat; br != nil && (cond.DefinedBy == nil || cond.DefinedBy.Under == nil || br.Days[0] <= 0 || br.Days[1] < br.Days[0] || br.Source == "") {
			return fmt.Errorf("%s: band_repeat needs a defined_by under, days [least, most] and a source", where)
		}
		if d := cond.DiagnosedAt; d != nil {
			if _, ok := c.Observations[d.Observation]; !ok || (d.AtLeast == nil) == (d.Below == nil) || cond.DefinedBy != nil {
				return fmt.Errorf("%s: diagnosed_at needs a numeric observation, one of at_least or below, and no defined_by", where)
			}
		}
		for _, o := range cond.DiagnosisReadings {
			if _, ok := c.Observations[o]; !ok {
				return fmt.Errorf("%s: diagnosis_readings: %q is not a numeric observation", where, o)
			}
		}
		for _, r := range cond.Risk {
			if !keys[r.Given] || r.RR <= 0 {
				return fmt.Errorf("%s: risk given unknown condition %q or rr <= 0", where, r.Given)
			}
		}
		for _, x := range cond.Excludes {
			if !keys[x] {
				return fmt.Errorf("%s: excludes unknown condition %q", where, x)
			}
		}
		reviewObs := cond.Reviews.Observations
		if pc := cond.Reviews.Paediatric; pc != nil {
			reviewObs = append(append([]string(nil), reviewObs...), pc.Observations...)
			for _, y := range pc.Yearly {
				reviewObs = append(reviewObs, y.Observations...)
			}
		}
		for _, o := range reviewObs {
			if !obsKnown(o) {
				return fmt.Errorf("%s: reviews record unknown observation %q", where, o)
			}
		}
		if cd := cond.ClinicDischarge; cd != nil {
			for _, o := range cd.Readings {
				if !obsKnown(o) {
					return fmt.Errorf("%s: clinic_discharge records unknown observation %q", where, o)
				}
			}
		}
		for _, m := range []map[string]float64{cond.Effects, cond.TrendPerYear} {
			for o := range m {
				if _, ok := c.Observations[o]; !ok {
					return fmt.Errorf("%s: effect on unknown numeric observation %q", where, o)
				}
			}
		}
		for _, o := range cond.Reviews.Yearly {
			if !slices.Contains(cond.Reviews.Observations, o) || cond.Reviews.YearlyAfterDays <= 0 {
				return fmt.Errorf("%s: reviews yearly %q: want one of the review's observations, and yearly_after_days above 0", where, o)
			}
		}
		if td := cond.Reviews.TitrationDays; td != [2]int{} && (td[0] <= 0 || td[1] < td[0]) {
			return fmt.Errorf("%s: reviews titration_days %v: want [least, most] above 0", where, td)
		}
		for li, line := range cond.Treatment {
			if len(line.Options) == 0 {
				return fmt.Errorf("%s: treatment line %d has no options", where, line.Line)
			}
			if (line.TitrateAbove != 0 || line.TitrateToTarget) && (!line.Titrate || cond.CareTarget == nil && line.TitrateReads == "") {
				return fmt.Errorf("%s: treatment line %d: titrate_above and titrate_to_target are for a titrated line of a pathway with a care_target (or titrate_reads)", where, line.Line)
			}
			if line.TitrateReads != "" && (cond.CareTarget != nil || line.TitrateAbove <= 0 || line.TitrateSource == "") {
				return fmt.Errorf("%s: treatment line %d: titrate_reads is for a pathway without a care_target, with titrate_above and titrate_source", where, line.Line)
			}
			if line.TitrateToTarget && (line.TitrateAbove != 0 || cond.CareTarget.Above <= 0) {
				return fmt.Errorf("%s: treatment line %d: titrate_to_target reads the care_target's above, in place of titrate_above", where, line.Line)
			}
			if line.TitrateByChance && !line.titratesToLevel() {
				return fmt.Errorf("%s: treatment line %d: titrate_by_chance goes with titrate_above or titrate_to_target", where, line.Line)
			}
			if line.StepChance != 0 && (li == 0 || cond.CareTarget == nil || line.StepChance < 0 || line.StepChance > 1 || line.StepChanceSource == "") {
				return fmt.Errorf("%s: treatment line %d: step_chance is for a later line of a pathway with a care_target, in (0, 1], with a step_chance_source", where, line.Line)
			}
			if line.AfterMaxDose && (li == 0 || !cond.Treatment[li-1].titratesToLevel()) {
				return fmt.Errorf("%s: treatment line %d: after_max_dose follows a line with titrate_above or titrate_to_target", where, line.Line)
			}
			if line.FromDiagnosis && (li == 0 || line.AfterYears != 0) {
				return fmt.Errorf("%s: treatment line %d: from_diagnosis is for a later line with no after_years", where, line.Line)
			}
			for _, opt := range line.Options {
				if err := drugKnown(opt.Drug); err != nil {
					return fmt.Errorf("%s: line %d: %w", where, line.Line, err)
				}
				if opt.Ladder != "" && len(LadderRegimens(opt.Drug, opt.Ladder)) == 0 {
					return fmt.Errorf("%s: line %d: option %s names ladder %q with no regimens.csv rows", where, line.Line, opt.Drug, opt.Ladder)
				}
				for _, r := range opt.Replaces {
					if err := drugKnown(r); err != nil {
						return fmt.Errorf("%s: line %d: option %s: replaces: %w", where, line.Line, opt.Drug, err)
					}
				}
				if opt.ReplacesCoded && (len(opt.Replaces) == 0 || opt.ReplacesSource == "") {
					return fmt.Errorf("%s: line %d: option %s: replaces_coded needs replaces and replaces_source", where, line.Line, opt.Drug)
				}
				if opt.TakeOver && opt.Ladder == "" {
					return fmt.Errorf("%s: line %d: option %s: take_over needs a ladder", where, line.Line, opt.Drug)
				}
				for _, k := range append(append([]string(nil), opt.With...), opt.Without...) {
					if !keys[k] {
						return fmt.Errorf("%s: line %d: option %s names unknown condition %q", where, line.Line, opt.Drug, k)
					}
				}
			}
			if err := line.checkIfRuledOut(drugKnown); err != nil {
				return fmt.Errorf("%s: line %d: %w", where, line.Line, err)
			}
			for o := range line.Effects {
				if _, ok := c.Observations[o]; !ok {
					return fmt.Errorf("%s: line %d: effect on unknown observation %q", where, line.Line, o)
				}
			}
			if _, ok := c.Observations[line.TitrateReads]; line.TitrateReads != "" && !ok {
				return fmt.Errorf("%s: line %d: titrate_reads unknown observation %q", where, line.Line, line.TitrateReads)
			}
			for m, effects := range line.IfRuledOutEffects {
				for o := range effects {
					if _, ok := c.Observations[o]; !ok {
						return fmt.Errorf("%s: line %d: if_ruled_out_effects of %s on unknown observation %q", where, line.Line, m, o)
					}
				}
			}
		}
		for _, line := range cond.Treatment {
			open := false
			for _, r := range line.NotTaken {
				if r.Snomed == "" || r.Description == "" || r.Weight <= 0 || len(r.Without) > 0 || line.NotTakenSource == "" || line.Line == 1 || line.Line > 8 || line.Probability <= 0 || line.Probability >= 1 {
					return fmt.Errorf("%s: line %d not_taken: a later line (2 to 8) with a probability below 1, a code, a description and a weight each (no without), and not_taken_source", where, line.Line)
				}
				for _, k := range r.With {
					if !keys[k] {
						return fmt.Errorf("%s: line %d not_taken %q: with names unknown condition %q", where, line.Line, r.Description, k)
					}
				}
				if n := r.Reading; n != nil {
					if _, ok := c.Observations[n.Observation]; !ok || n.AtMost == nil || n.Above != nil {
						return fmt.Errorf("%s: line %d not_taken %q: reading takes a numeric observation and at_most", where, line.Line, r.Description)
					}
				}
				open = open || !r.Grounded()
			}
			if len(line.NotTaken) > 0 && !open {
				return fmt.Errorf("%s: line %d not_taken: one reason at least needs no grounds (with, reading), for those without them", where, line.Line)
			}
		}
		for _, a := range cond.AlsoPrescribe {
			if err := drugKnown(a.Drug); err != nil {
				return fmt.Errorf("%s: also_prescribe: %w", where, err)
			}
			open := len(a.NotTaken) == 0
			for _, r := range a.NotTaken {
				if r.Snomed == "" || r.Description == "" || r.Weight <= 0 || len(r.Without) > 0 || a.Source == "" {
					return fmt.Errorf("%s: also_prescribe %s not_taken: a code, a description and a weight each (no without), and the entry's source", where, a.Drug)
				}
				// grounds (h68b), as an untreated reason has them: "Lipid
				// lowering therapy contraindicated" only beside them
				for _, k := range r.With {
					if !keys[k] {
						return fmt.Errorf("%s: also_prescribe %s not_taken %q: with names unknown condition %q", where, a.Drug, r.Description, k)
					}
				}
				if n := r.Reading; n != nil {
					if _, ok := c.Observations[n.Observation]; !ok || (n.AtMost == nil) == (n.Above == nil) || n.Source == "" {
						return fmt.Errorf("%s: also_prescribe %s not_taken %q: reading takes a numeric observation, one of at_most or above, and a source", where, a.Drug, r.Description)
					}
				}
				open = open || !r.Grounded()
			}
			if !open {
				return fmt.Errorf("%s: also_prescribe %s not_taken: one reason at least needs no grounds (with, reading), for those without them", where, a.Drug)
			}
		}
	}
	for _, a := range c.Acute {
		if err := bands("acute "+a.Key+" rate", a.Rate); err != nil {
			return err
		}
		if a.Setting != "gp" && a.Setting != "ae" {
			return fmt.Errorf("acute %s: setting %q, want gp or ae", a.Key, a.Setting)
		}
		if a.Prescribe != nil {
			if err := a.Prescribe.drugsKnown(drugKnown); err != nil {
				return fmt.Errorf("acute %s: %w", a.Key, err)
			}
		}
		if err := a.FollowUp.check(a.Setting); err != nil {
			return fmt.Errorf("acute %s: follow_up: %w", a.Key, err)
		}
	}
	if err := c.checkCourse(keys, bands, drugKnown); err != nil {
		return err
	}
	if err := c.HerpesZoster.check(keys, bands, drugKnown); err != nil {
		return fmt.Errorf("herpes_zoster: %w", err)
	}
	if err := c.checkAfterFracture(); err != nil {
		return err
	}
	if err := c.checkAfterInfarct(); err != nil {
		return err
	}
	if err := c.checkLevelCourses(); err != nil {
		return err
	}
	if err := c.checkDischargeReferrals(); err != nil {
		return err
	}
	if err := c.checkFractureClinics(); err != nil {
		return err
	}
	if err := c.checkReferUnlessExplained(); err != nil {
		return err
	}
	if err := c.checkReferAtRisk(); err != nil {
		return err
	}
	if err := c.checkFound(); err != nil {
		return err
	}
	if err := c.checkInfantDeaths(); err != nil {
		return err
	}
	if err := c.checkConfirm(); err != nil {
		return err
	}
	act := c.Activity
	for name, r := range map[string]BySex{"gp_other": act.GPOther, "ae_other": act.AEOther,
		"emergency_admission": act.EmergencyAdmission, "elective_admission": act.ElectiveAdmission,
		"outpatient": act.Outpatient} {
		if err := bands("activity "+name+".female", r.Female); err != nil {
			return err
		}
		if err := bands("activity "+name+".male", r.Male); err != nil {
			return err
		}
	}
	for _, k := range []string{"gp_consultation", "gp_problem", "gp_telephone", "gp_home_visit", "chronic_review",
		"ae_attendance", "emergency_admission", "elective_admission", "day_case", "outpatient", "cervical_screening"} {
		if _, ok := c.EncounterTypes[k]; !ok {
			return fmt.Errorf("encounter_types: missing %q", k)
		}
	}
	for name, et := range c.EncounterTypes {
		if err := c.checkVisitRecords(name, et); err != nil {
			return err
		}
	}
	for _, t := range c.ComorbidityTargets {
		if !keys[t.Index] || !keys[t.Comorbid] {
			return fmt.Errorf("comorbidity_targets: unknown condition in %s -> %s", t.Index, t.Comorbid)
		}
	}
	for key, m := range c.Observations {
		if err := m.OldAgeNoise.check(key, m.Noise); err != nil {
			return err
		}
		if _, err := m.InUseFromDate(); err != nil {
			return fmt.Errorf("observation %q: %w", key, err)
		}
		if m.DerivedFrom != "" && m.DerivedFrom != "bmi" && m.DerivedFrom != "smoking" && m.DerivedFrom != "fev1" && m.DerivedFrom != "alcohol" {
			return fmt.Errorf("observation %q: derived_from %q (bmi, smoking, fev1 or alcohol)", key, m.DerivedFrom)
		}
		if err := c.checkSpirometry(key, m); err != nil {
			return err
		}
		if err := c.checkTracks(key, m); err != nil { // ownoffset.go
			return err
		}
		if err := c.checkCKDEPI(key, m); err != nil { // creatinine.go
			return err
		}
		if err := c.checkPanel(key, m); err != nil { // lipidpanel.go
			return err
		}
		if g := m.Graded; (g != nil) != (m.DerivedFrom == "fev1") || g != nil && (g.PerDeficit <= 0 || g.Source == "" || len(g.Codes) != int(m.Max-m.Min)+1 || m.Decimals != 0) {
			return fmt.Errorf("observation %q: graded is derived_from fev1, with per_deficit above 0, a source and one code a whole grade from min to max", key)
		}
		if d := m.Graded.dying(); d != nil && (!keys[d.Condition] || d.Years <= 0 || d.Rise <= 0 || d.Source == "") {
			return fmt.Errorf("observation %q: graded dying needs a catalogue condition, years and rise above 0 and a source", key)
		}
		if g := m.Graded; g != nil {
			for _, k := range g.Codes {
				if o, ok := ObservationByKey(k); !ok || o.Snomed == "" {
					return fmt.Errorf("observation %q: graded code %q has no SNOMED code in observation codes", key, k)
				}
			}
		}
		if _, ok := ObservationByKey(key); !ok {
			return fmt.Errorf("observation %q has no code in observation codes", key)
		}
		if d := m.Drift; d != nil && (d.SD <= 0 || d.Years[0] <= 0 || d.Years[1] < d.Years[0] || d.Source == "") {
			return fmt.Errorf("observation %q: drift needs sd above 0, years [least, most] above 0 and a source", key)
		}
		if r := m.DrugRatio; r != nil && r.Above < 0 {
			return fmt.Errorf("observation %q: drug_ratio above must not be negative", key)
		}
		if err := c.checkRatioLevels(key, m.DrugRatio); err != nil {
			return err
		}
		if r := m.Retest; r != nil && (r.MinDays <= 0 || r.Source == "") {
			return fmt.Errorf("observation %q: retest needs min_days above 0 and a source", key)
		}
		if cs := m.ChildShare; cs != nil {
			for _, a := range [][][2]float64{cs.Female, cs.Male} {
				for i, x := range a {
					if x[0] >= 18 || x[1] <= 0 || x[1] > 1 || i > 0 && x[0] <= a[i-1][0] {
						return fmt.Errorf("observation %q: child_share needs rising ages under 18 and shares in (0, 1]", key)
					}
				}
			}
		}
		if m.FromAge > 0 && m.AdultOnly {
			return fmt.Errorf("observation %q: from_age with adult_only", key)
		}
		for i, a := range m.AgeMeans {
			if m.AgeSlope != 0 || m.LogScale || i > 0 && a[0] <= m.AgeMeans[i-1][0] || a[1] < m.Min || a[1] > m.Max {
				return fmt.Errorf("observation %q: age_means needs rising ages, means within min and max, and no age_slope nor log_scale", key)
			}
		}
	}
	for key, vals := range c.CodedObservations {
		if _, ok := ObservationByKey(key); !ok {
			return fmt.Errorf("coded observation %q has no code in observation codes", key)
		}
		for _, v := range vals {
			if _, ok := ObservationByKey(v.Refer); v.Refer != "" && (!ok || v.ReferSource == "") || v.Refer == "" && v.ReferSource != "" {
				return fmt.Errorf("coded observation %q value %s: refer needs an observation codes key and refer_source", key, v.Code)
			}
		}
	}
	if err := c.checkCVDRisk(keys, drugKnown); err != nil {
		return err
	}
	if err := c.checkAddOns(keys, drugKnown); err != nil {
		return err
	}
	if err := c.checkTrials(); err != nil {
		return err
	}
	if err := c.checkScores(keys); err != nil {
		return err
	}
	if err := c.checkGPNewProblem(); err != nil {
		return err
	}
	if err := c.checkProtect(); err != nil {
		return err
	}
	if err := c.checkRelaxedHolds(); err != nil { // relaxedhold.go
		return err
	}
	if err := c.checkEndOfLifeHolds(); err != nil {
		return err
	}
	if err := c.checkLineNeeds(); err != nil {
		return err
	}
	if err := c.checkOpportunisticHbA1c(); err != nil {
		return err
	}
	if err := c.checkGPConditionState(); err != nil {
		return err
	}
	if err := c.checkBloodPressureRecheck(); err != nil {
		return err
	}
	if err := c.checkGPSentAdmission(); err != nil {
		return err
	}
	if err := c.checkDiagnosisTests(); err != nil {
		return err
	}
	if err := c.checkElectiveStages(); err != nil {
		return err
	}
	if err := c.checkEpisodeTests(); err != nil {
		return err
	}
	if err := c.checkSerialTest(); err != nil {
		return err
	}
	if err := c.checkHypoxicPulse(); err != nil {
		return err
	}
	if err := c.checkChestAntibiotic(); err != nil {
		return err
	}
	if err := c.checkContactReadings(); err != nil {
		return err
	}
	if err := c.checkOverdoseBloods(); err != nil {
		return err
	}
	if err := c.checkVTE(); err != nil {
		return err
	}
	if err := c.checkPosturalBlackout(); err != nil {
		return err
	}
	if err := c.checkSepsisVitals(); err != nil {
		return err
	}
	if err := c.checkPresentationRates(); err != nil {
		return err
	}
	if err := c.Activity.DischargeHours.check(); err != nil {
		return err
	}
	if err := c.Activity.GPWeekdays.check(); err != nil {
		return err
	}
	if err := c.Activity.ElectiveDeferral.check(); err != nil {
		return err
	}
	if f := c.Activity.FirstWeek; f.Days < 0 || f.Relative < 0 || f.Relative > 1 || (f.Days > 0 && f.Source == "") {
		return fmt.Errorf("activity.first_week needs days >= 0, relative in 0..1 and a source")
	}
	if err := c.checkAECaseMix(); err != nil {
		return err
	}
	return checkCareQuality(c.CareQuality)
}

// dependencyOrder sorts conditions so that each comes after every condition
// its risk links and exclusions refer to (stable: ties keep file order).
func (c *Catalogue) dependencyOrder() ([]Condition, error) {
	index := map[string]int{}
	for i, cond := range c.Conditions {
		index[cond.Key] = i
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := make([]int, len(c.Conditions))
	var out []Condition
	var visit func(i int, path []string) error
	visit = func(i int, path []string) error {
		switch state[i] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("risk links form a cycle: %s", strings.Join(append(path, c.Conditions[i].Key), " -> "))
		}
		state[i] = visiting
		deps := []string{}
		for _, r := range c.Conditions[i].Risk {
			deps = append(deps, r.Given)
		}
		sort.Strings(deps)
		for _, d := range deps {
			if err := visit(index[d], append(path, c.Conditions[i].Key)); err != nil {
				return err
			}
		}
		state[i] = done
		out = append(out, c.Conditions[i])
		return nil
	}
	for i := range c.Conditions {
		if err := visit(i, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeStrict decodes one YAML document into v, refusing fields v does not
// have (a misspelt key is an error, not a silent default).
func decodeStrict(doc []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// DiagnosisTest is a test recorded at a condition's diagnosing visit.
type DiagnosisTest struct {
	Observation string `yaml:"observation"` // an observation_codes.csv key
	Source      string `yaml:"source"`
}

// checkDiagnosisTests checks that each diagnosis test is a coded
// observation with a source.
func (c *Catalogue) checkDiagnosisTests() error {
	for i := range c.Conditions {
		for _, t := range c.Conditions[i].DiagnosisTests {
			if _, ok := ObservationByKey(t.Observation); !ok || t.Source == "" {
				return fmt.Errorf("condition %s: diagnosis_tests %q needs an observation_codes.csv key and a source", c.Conditions[i].Key, t.Observation)
			}
		}
	}
	return nil
}

// checkElectiveStages checks that an elective_from_stage names a stage of
// an elective condition, and that an elective_max_age belongs to one.
func (c *Catalogue) checkElectiveStages() error {
	for i := range c.Conditions {
		cd := &c.Conditions[i]
		if f := cd.ElectiveFromStage; f != 0 && (!cd.Elective || f < 0 || f >= len(cd.Stages)) {
			return fmt.Errorf("condition %s: elective_from_stage %d needs elective and a stage of its stages", cd.Key, f)
		}
		if a := cd.ElectiveMaxAge; a != 0 && (!cd.Elective || a < 0) {
			return fmt.Errorf("condition %s: elective_max_age %d needs elective and a positive age", cd.Key, a)
		}
	}
	return nil
}

// SeenFor: acute problems a person up to MaxAge years is examined for: a
// GP contact drawn as a telephone call that finds one is face to face.
type SeenFor struct {
	MaxAge   int      `yaml:"max_age"`
	Problems []string `yaml:"problems"`
	// Diagnosis: only the contact on the episode's first day, where it is
	// diagnosed, is face to face; a later call about it (not better) may
	// stay a call (h66d).
	Diagnosis bool   `yaml:"diagnosis"`
	Source    string `yaml:"source"`
}

// UsualFloor is the lowest share of the predicted level (the observation's
// formula for the person's age and sex) at which a condition alone holds a
// person's usual level when they are well: a level drawn below it is
// mirrored back above it. A chronically lower level belongs to a condition
// of Unless (COPD lowers the peak flow further), which lifts the floor.
type UsualFloor struct {
	Observation string   `yaml:"observation"`
	Share       float64  `yaml:"share_of_predicted"`
	Unless      []string `yaml:"unless"`
	Source      string   `yaml:"source"`
}

// Cardioversion is a planned procedure that needs an anticoagulant running
// BeforeDays before it and AfterDays after it (NICE NG196 1.6): coded as the
// day case's type; a person with none running then is started on
// Anticoagulant at a specialist clinic ClinicDays before the procedure.
type Cardioversion struct {
	Snomed        string `yaml:"snomed"`
	Display       string `yaml:"display"`
	Anticoagulant string `yaml:"anticoagulant"` // a prescribing.yaml medicine
	BeforeDays    int    `yaml:"before_days"`
	AfterDays     int    `yaml:"after_days"`
	ClinicDays    [2]int `yaml:"clinic_days"`
	Source        string `yaml:"source"`
}
