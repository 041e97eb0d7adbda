package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// maxAge is the oldest age generated; the ONS 90+ group is spread over 90..maxAge.
const maxAge = 105

// Plan is everything precomputed from the options and the embedded data
// before any patient is generated: samplers, calibrated prevalence curves,
// the practice pool. It is read-only once built and shared by all workers.
type Plan struct {
	contactReadings []contactReadingPlan // catalogue contact_readings (contactmeasure.go)
	hypoxicPulse    hypoxicPulsePlan     // catalogue hypoxic_pulse (hypoxicpulse.go)
	chestAntibiotic *chestAntibioticPlan // catalogue chest_antibiotic (chestantibiotic.go); nil when none
	readingTakes    contactReadingTakes  // which contact_readings a contact takes by setting and problem (contactreadingtakes.go)
	aeTests         []episodeTestPlan    // catalogue ae_tests (aetests.go)
	serialSlot      int                  // the observation slot of catalogue serial_test, -1 none (serialtest.go)
	stayTests       []episodeTestPlan    // catalogue stay_tests (staytests.go)
	stayHours       [2]float64           // when in a stay its tests are done, hours after it starts
	afterInfarct    *afterInfarctPlan    // catalogue after_infarct: heart failure a heart attack brings (infarct.go)
	// catalogue first_contact_tests (firstcontacttests.go)
	firstContactTests []episodeTestPlan
	// catalogue persisting_tests and their days (persistingtests.go)
	persistingTests []episodeTestPlan
	persistingDays  models.Date
	sepsis          *sepsisPlan // catalogue sepsis_vitals (sepsisvitals.go)
	Opts            Options
	Cat             *datasets.Catalogue

	// the three test lists split by problem, for episodeTests (testsbyproblem.go)
	aeTestsBy, stayTestsBy, firstContactTestsBy testsByProblem
	persistingTestsBy                           testsByProblem
	testResults                                 []testResultPlan // test_results.yaml (testresults.go)

	windowStart models.Date            // the population date minus HistoryYears
	pop         [2][maxAge + 1]float64 // ONS population by sex and single year of age

	sexAge       *distributions.Alias   // alive at the population date: index = sex*(maxAge+1) + age
	deathYear    *distributions.Alias   // decedents: whole years before the population date the death happened
	deathSexAge  []*distributions.Alias // by those years: sex and age at death
	deathWeights [][]float64            // the weights behind deathSexAge
	layout       []segment              // scenario cohorts by patient index; empty without a scenario
	pDied        float64                // share of patients who died within the window
	infantAges   infantDeathAges        // the age in days of a death under one year (infantdeath.go)

	regions     []datasets.Region
	regionPick  *distributions.Alias
	townsByReg  map[string][]int // region code -> town indexes
	townPick    map[string]*distributions.Alias
	towns       []datasets.Town
	practices   []models.Practice
	townPractic [][]int // town index -> practice indexes
	// listPractices maps a scenario practice's ODS code to its index in
	// practices (scenario_practices.go).
	listPractices map[string]int

	child                 *childPlan // the child health reviews
	practitioners         []models.Practitioner
	practicePractitioners map[string][]models.Practitioner // practice id -> its practitioners
	practiceStaff         map[*models.Practice][][]string  // a practice (in practices) -> its staff ids by role (GPs first), for the hot path
	workforce             *datasets.Workforce              // staff roles and who does each contact (workforce.yaml)
	contactRoles          [numContacts][]roleShare         // per contact, the roles that see the patient
	prescribers           map[string]bool                  // practitioner ids who may sign a prescription

	ethnic     []datasets.Ethnicity
	ethnicPick *distributions.Alias

	firstNames [2][]nameTable // by sex, by birth year - firstNameYear0
	surnames   map[string]nameTable

	streetStems    []string
	streetSuffix   nameTable
	conds          []condPlan
	refusals       []refusal // the codes that refuse or rule out a class, with its classes (refusalbeside.go)
	condIndex      map[string]int
	obsIndex       map[string]int // observation key -> slot
	presBloods     []int          // presentations with discharge_bloods
	obsKeys        []string
	obsCodes       []datasets.ObservationCode
	gradeCodes     [][]datasets.ObservationCode // per slot: a graded observation's code for each grade from its min (graded.go), nil none
	gradedFrom     []int                        // per slot: the slot a graded observation reads (FEV1), -1 none
	obsModels      []*datasets.ObsModel         // nil for coded observations
	obsFrom        []models.Date                // the day each slot's test came into use (NoDate: always; inusefrom.go)
	obsScale       []float64                    // 10^decimals, for rounding
	panelSlots     [][]int                      // per slot: the slots its sample also reports (lipidpanel.go)
	ratioBase      [][]basePart                 // per drug_ratio slot: the own levels its medicines leave (lipidpanel.go)
	notAboveSlot   []int                        // per difference slot: the reading above whose notAbove the calculation is withheld, -1 none
	obsLimits      [][]obsLimit                 // per slot: diagnostic thresholds of conditions
	coded          []codedPlan                  // parallel to obsKeys; empty for numeric
	acute          []acutePlan
	anticipatory   []shortCoursePlan // end-of-life "just in case" medicines (catalogue end_of_life)
	symptomControl []shortCoursePlan // started when end-of-life care begins, by cause (oral morphine in cancer)
	syringe        []shortCoursePlan // the syringe driver's medicines on their ladder (end_of_life syringe_driver; syringedriver.go)
	aeAcute        []int             // acute episodes seen in A&E
	zoster         *zosterPlan       // shingles (herpeszoster.go); nil: none in the catalogue
	encTypes       [numEncKinds]datasets.EncounterType
	medicines      map[string]*datasets.Medicine
	activityByBand activityTable
	// slots of the observations recorded opportunistically at GP visits,
	// and of eGFR, which prescribing reads
	slots struct{ systolic, diastolic, weight, bmi, smoking, hba1c, egfr int }
	cvd   *cvdRiskPlan // the cardiovascular risk assessment (cvdrisk.go), nil none
	// scoreCodes: by catalogue score name, the code a gate's risk score is
	// recorded under (scorerecord.go); a score without one is not recorded
	scoreCodes map[string]*datasets.ObservationCode

	medPlans        map[string]*medPlan       // by medicine key: what prescribing rules say about each
	startCovers     []startCoverPlan          // prescribing.yaml start_cover (startcover.go)
	medPlanByDMD    map[string]*medPlan       // by product code: medPlans[datasets.RegimenByDMD(code).Medicine], one lookup for rxPlan
	classBarAge     int                       // the youngest age of a class bar on a start (startbars.go; 0: none)
	optionPlans     map[string]*medPlan       // line options' copies with a ladder or a date (ladders.go)
	slowHeart       []*slowHeartPlan          // prescribing.yaml slow_heart, resolved (slowheart.go)
	lowPressure     *lowPressurePlan          // prescribing.yaml low_pressure_raise (lowpressure.go)
	slowWorkUp      *slowWorkUpPlan           // prescribing.yaml slow_heart_workup, resolved (slowheartworkup.go)
	slowHeartAE     []string                  // prescribing.yaml slow_heart_at_ae problems (slowheartlate.go)
	slowHeartRefer  *datasets.ObservationCode // and its referral (slowheartae.go)
	slowHeartClinic *referralClinicPlan       // and the cardiology clinic it books (cardiologyclinic.go)
	repeats         datasets.Repeats          // review combining and repeat re-issue spacing (prescribing.yaml repeats)
	stopOf          []*resultStopPlan         // per slot: the result that stops medicines (prescribing.yaml result_stops), nil none
	barsByCode      map[string][]string       // a recorded contraindication's code: the classes it bars (recordedcontra.go)
	apartOf         [][]int                   // per slot: conditions (catalogue index) whose diagnosis is not preceded by it within confirm apart_days (confirm.go)
	presentations   []presPlan
	followUpBound   []models.Date                               // by presentation: no GP contact follows up its episode longer after onset than this or the episode's drawn days (followupbound.go)
	gpSpread        [5]float64                                  // the catalogue's GP weekdays' Spread, Monday to Friday: openDay's weights, made once (timeline.go)
	causeAdmits     [][]int                                     // by background cause of death: the presentations that admit (admitted_with)
	presOpen        [numPresSettings][][2]presTable             // by setting, band, sex
	presCond        []int                                       // presentations that require a condition
	presProne       []int                                       // presentations some people are prone to (recurrence.go)
	presRaised      []int                                       // presentations raised by conditions held (raisedby.go)
	presFollowUp    []int                                       // presentations the GP follows up after A&E (episodefollowup.go)
	presPerYear     []int                                       // those drawn at yearly rates by the GP and A&E (exacerbations.go)
	presSeasonal    []int                                       // those with a season and no required condition, drawn in by their months (seasons.go)
	presAtAge       [numPresSettings][2][seasonAges + 1]float64 // presOpen's weight an age allows, by setting, sex, age (seasons.go)
	listedAtClinic  []int                                       // those a clinic opens and lists for their procedure (procedures.go)
	smokingValue    [3]int                                      // coded value index of never, current, ex

	allergies          []allergyPlan
	confirmedShare     float64 // share of allergy-list entries confirmed
	imm                immPlan
	medReview          datasets.ObservationCode  // the question an untreated reason answers
	drugStopped        datasets.ObservationCode  // a step down's stop, coded at the review that makes it (stepdown.go)
	medReviews         medicationReviewPlan      // the yearly and structured medication reviews (medicationreview.go)
	frailty            frailtyPlan               // the eFI, falls risk and cognitive assessments in older people (frailty.go)
	anaemia            anaemiaPlan               // how a low haemoglobin is answered (anaemia.go)
	lowWhite           lowWhitePlan              // how a low white cell count is repeated (lowwhitecount.go)
	highTG             highTGPlan                // how a very high triglyceride is answered (hightriglycerides.go)
	newLowEGFR         newLowEGFRPlan            // how a new eGFR below 30 is repeated (newlowegfr.go)
	akiRecovery        akiRecoveryPlan           // how kidney function is rechecked after an AKI until it recovers (akirecovery.go)
	cultureResult      *cultureResultPlan        // how a urine culture's result changes the antibiotic (cultureresult.go)
	aeTriage           aeTriagePlan              // whether A&E admits an adult by their state (aetriage.go)
	dayCases           *datasets.DayCases        // day-case list starts and times in the unit; cancer day cases (daycase.go)
	infantScan         *infantScanPlan           // a baby's kidney scan after a first UTI at home (infantutiscan.go)
	febrileChild       *febrileChildPlan         // a feverish child's urine test at an amber sign (febrileamber.go)
	febrileInfant      *febrileInfantPlan        // a baby under 3 months at 38 or more at A&E admitted (febrileinfant.go)
	medRequested       datasets.ObservationCode  // coded at a telephone query about a repeat medicine (checkup.go)
	phoneConsult       datasets.ObservationCode  // coded at an administrative telephone contact (checkup.go)
	adminCalls         *adminCallPlan            // what an administrative telephone contact answers (admincalls.go); nil: nothing
	cessation          *cessationPlan            // smoking cessation advice beside a smoker's status (cessation.go)
	alcohol            *alcoholPlan              // drinking, its readings and brief intervention (alcohol.go); nil without
	homeVisit          homeVisitPlan             // what a home visit that records nothing else records (homevisitrecords.go)
	gpSent             gpSentPlan                // the practice contact before an admission a GP arranges (gpsentin.go)
	quit               *quitPlan                 // stop-smoking medicines from the practice (quitsupport.go)
	deathVerified      *datasets.ObservationCode // recorded when a GP verifies an expected death outside hospital (verification.go)
	notForCPR          *datasets.ObservationCode // a DNACPR decision recorded at the palliative care register entry (resuscitation.go)
	eolStops           []int                     // observation slots of routine monitoring that stop in end-of-life care (eolmonitoring.go)
	eolLastStops       []int                     // observation slots of the routine examination that stop in its last days (eolmonitoring.go)
	eolLastDays        models.Date               // those last days before an expected death
	eolLate            []lateStopPlan            // fewer_drugs entries kept to the last weeks of life (dyingmeds.go)
	deathUnexpected    *datasets.ObservationCode // recorded when the practice learns of an unexpected death outside hospital (suddendeath.go)
	cervical           *cervicalPlan             // cervical screening (screening.go)
	eyeScreening       *eyePlan                  // diabetic eye screening (eyescreening.go)
	programmes         []programmePlan           // breast, bowel and AAA screening (programmes.go)
	contraception      *contraceptionPlan        // hormonal contraception (contraception.go)
	pregnancy          *pregnancyPlan            // pregnancies (pregnancy.go)
	pregnancyLevels    []pregnancyLevelPlan      // levels taken more often in a pregnancy (pregnancylevels.go)
	pregnancyDoses     []pregnancyDosePlan       // doses raised through a pregnancy (pregnancydose.go)
	menopause          *menopausePlan            // the menopause and HRT (menopause.go)
	fractureClinics    []keyedFractureClinic     // presentations with a fracture_clinic (fractureclinic.go)
	dischargeReferrals []dischargeReferralPlan   // conditions' referrals at discharge (dischargereferral.go)
	notCancer          *notCancerPlan            // urgent suspected-cancer referrals that find no cancer (notcancer.go)
	redFlag            *redFlagPlan              // weight loss with indigestion: the urgent endoscopy (ng12upper.go)
	vte                *vtePlan                  // deep vein thrombosis and pulmonary embolism (vte.go)
	overdose           *overdosePlan             // A&E's bloods after an overdose (overdosebloods.go)
	bandSlots          []bool                    // by slot: a condition's band_repeat reads it (bandrepeat.go)
	postural           *posturalPlan             // an older person's blackout: lying and standing pressure (posturalblackout.go)

	// presentations whose episodes pause a medicine (prescribing.yaml
	// episode_holds; episodehold.go), resolved once, not per condition
	holdingEpisodes []string
}

// presPlan is a presentation with its weights per setting, resolved.
type presPlan struct {
	datasets.Presentation
	weights  [2][numPresSettings][]float64 // by sex (male_relative), then setting
	requires int                           // condition index, -1 none
	sex      int                           // -1 either
	courses  []shortCoursePlan
	ladder   []shortCoursePlan // contact_ladder steps (contactladder.go); a step's meds nil: no verified product
	repeats  bool              // a ladder step runs on as a repeat (for_episode): treated first
	bloods   []int             // discharge_bloods resolved to observation slots
	fall     *resultFallPlan   // result_fall resolved (resultfall.go); nil: none
	// followUpCode is what gp_follow_up records (its Recorded; episodefollowup.go)
	followUpCode datasets.ObservationCode
	// followUpAssess: the conditions (plan indexes) whose consulting-room
	// readings gp_follow_up records when held (its Assess; episodefollowup.go)
	followUpAssess []int
	assess         *datasets.ObservationCode // the score recorded for an episode (steppedcare.go); nil: none
	signpost       *datasets.ObservationCode // the talking-therapy self-referral its assess signposts (steppedcare.go)
	crb65          *crb65Plan                // its crb65 resolved (crb65.go); nil: none
	season         *seasonPlan               // its seasons.yaml month weighting (seasons.go); nil: the same all year
}

// shortCoursePlan is an acute course resolved to its medicine.
type shortCoursePlan struct {
	datasets.ShortCourse
	meds  *medPlan
	alt   *medPlan // given instead when an allergy rules meds out; nil: none
	last  *medPlan // given when the rules rule the chosen one out on the day; nil: none
	then  *medPlan // given when the rules rule last out too (ThenRuledOut); nil: none
	older *medPlan // given instead from Older.FromAge; nil: none
	sex   int      // the one sex given it (sexIndex); -1: both
	// notBeside: a contact-ladder step, not issued while the medicine it
	// chose (or one of its exclusive class) already runs (contactladder.go).
	notBeside bool
}

const firstNameYear0 = 1880

type nameTable struct {
	names []string
	pick  *distributions.Alias
}

func newNameTable(list []datasets.WeightedName) nameTable {
	t := nameTable{names: make([]string, len(list))}
	w := make([]float64, len(list))
	for i, n := range list {
		t.names[i], w[i] = n.Name, n.Weight
	}
	t.pick = distributions.NewAlias(w)
	return t
}

func (t nameTable) draw(s *distributions.Stream) string { return t.names[t.pick.Sample(s)] }

// condPlan is a catalogue condition with its calibrated probability curve.
type condPlan struct {
	nurseLed bool // its routine review is a practice nurse's (workforce.yaml nurse_led_reviews)
	*datasets.Condition
	idx          int
	careReview   *datasets.ObservationCode  // what its first review after a diagnosis codes (carereview.go), nil none
	assessed     []datasets.ObservationCode // what its diagnosing contact codes (assessedatdiagnosis.go)
	classCheck   *datasets.ObservationCode  // what its reviews code for a class of medicine running (classcheck.go), nil none
	rescuePack   []shortCoursePlan          // the stand-by courses its reviews issue after an exacerbation (rescuepack.go)
	byPhone      []int                      // what a telephone contact about it asks (slots; phonereview.go), none when empty
	eolReview    []int                      // what its review records in end-of-life care (slots; eolreview.go), nil when it stops there
	diagTests    []datasets.ObservationCode // recorded at the GP visit that diagnoses it (catalogue diagnosis_tests)
	diagReadings []int                      // slots measured at the diagnosing visit only (catalogue diagnosis_readings)
	// childReferral: the code of a child's urgent referral (urgent.go), nil none
	childReferral *datasets.ObservationCode
	admittedFor   []int                  // presentation indexes of AdmittedFor
	base          [2][maxAge + 1]float64 // probability by sex, age, before risk links
	norm          [2][maxAge + 1]float64 // expected risk-link multiplier by sex, age
	// chanceAbove bounds conditionChance by sex and age before the
	// correction, for any conditions held, smoking status or death (+Inf:
	// no bound; chancebound.go)
	chanceAbove [2][maxAge + 1]float64
	// correction undoes what the normalisation misses when the conditions a
	// risk link names are themselves correlated (see correctCorrelation).
	correction   float64
	excludes     []int                      // conditions that rule this one out (both directions)
	sites        []sitePlan                 // primary sites (cancer), each with its codes (sites.go)
	spread       []obsEffect                // per-person SD of effects (effect_sd), applied in heldCondition
	floor        *floorPlan                 // how low the condition alone holds a usual level (usualfloor.go)
	scan         *datasets.ObservationCode  // coded at the scan after a fragility fracture (fragility.go)
	fractureRisk *datasets.ObservationCode  // the FRAX score coded at a fragility fracture's assessment (fracturerisk.go)
	courseCodes  []datasets.ObservationCode // recorded at the review of a long course (coursereview.go)
	risks        []riskPlan
	effects      []obsEffect
	trend        []obsEffect
	lines        []linePlan
	also         []alsoPlan
	event        *linePlan     // the onset event's time-limited course (onset_event.course)
	reviews      []int         // observation slots recorded at reviews
	paedReviews  [][]int       // those of the paediatric team's reviews by age, when they differ (nil: reviews; paedreviews.go)
	paedYearly   []int         // of those, the ones the team records once a year
	reviewsEGFR  bool          // whether they include eGFR (prescribing reads the latest)
	yearly       []int         // of the reviews' slots, those recorded once a year (catalogue reviews yearly)
	atContact    []int         // those measured in the consulting room (contactmeasure.go)
	clinicReads  []int         // those a specialist clinic records at each attendance (clinicdischarge.go)
	clinicLeast  []float64     // each of those readings' lowest written value (0: none)
	symptomReads []symptomRead // what a contact about it assesses once it is long-standing (symptomcontact.go)

	stages     []datasets.Stage
	stagedBy   int // slot the stages read
	targetSlot int // slot the care target reads
	// remissionSlot: the slot an episode's remission reads (-1 none);
	// resolvedCode: what is coded when it ends (remission.go)
	remissionSlot int
	resolvedCode  *datasets.ObservationCode
	notWith       []int // conditions whose holders the care target does not step up (care_target not_with)
	referrals     []referralPlan
	faster        []rateFactor
	found         *foundPlan          // diagnosed early at other conditions' reviews (found.go)
	bandRepeat    *bandRepeatPlan     // a reading past its band repeated (bandrepeat.go)
	confirm       *confirmPlan        // the first reading a diagnosis confirms (confirm.go)
	addOns        []addOnPlan         // medicines its reviews may add to a running one (addons.go)
	protects      []*protectPlan      // the medicines its reviews offer for the organs they protect, protect then also_protect (protect.go)
	smokeNorm     [maxAge + 1]float64 // expected smoking relative risk by age
}

type alsoPlan struct {
	datasets.AlsoPrescribe
	meds    *medPlan
	effects []obsEffect
}

type referralPlan struct {
	datasets.Referral
	slot      int                       // -1 when the referral is not by a reading
	recorded  *datasets.ObservationCode // the code the GP records it by; nil: none
	procedure *datasets.ObservationCode // coded at the clinic attendance (nil: none)
	readings  []int                     // observation slots measured at the procedure
	soonerBy  int                       // the slot of Sooner's observation, -1 none
	declined  *datasets.ObservationCode // the code of a referral declined (Declined; nil: none)
	unless    []int                     // UnlessTreatedWith's condition indices
	reviewBy  int                       // the slot Course's practice follow-up reads, -1 none
}

type rateFactor struct {
	given int // condition index; -1 for the smoking factor
	times float64
}

type riskPlan struct {
	given int
	rr    float64
}

// drugRatio reports whether medicines' effects on the slot are fractions
// of the level (catalogue drug_ratio).
func (p *Plan) drugRatio(slot int) bool {
	m := p.obsModels[slot]
	return m != nil && m.DrugRatio != nil
}

type obsEffect struct {
	obs   int
	delta float64
	ratio bool // a medicine's effect on a drug_ratio observation: a fraction of the level (state.go)
	// sus, when set, is the subgroup a state effect falls on and id the
	// effect's row, which keys the person's draw (state.go)
	sus *datasets.Susceptible
	id  int
}

type linePlan struct {
	datasets.TreatmentLine
	effects []obsEffect
	meds    []*medPlan // per option; nil when the medicine has no verified code
	with    [][]int    // per option: conditions that must be held (indexes)
	without [][]int    // per option: conditions that must not be held
	needs   int        // the observation slot of the line's needs (-1: none)
	// titrateSlot: the observation slot a line without a care target is
	// titrated to (titrate_reads; -1: none, raised at each follow-up)
	titrateSlot int
	alts        []*medPlan // if_ruled_out, in order (nil entries: no verified product)
	// altEffects: each alt's own effects (if_ruled_out_effects), nil
	// where it takes the line's
	altEffects [][]obsEffect
	results    []int // per option: the slot of its result_at_most (-1: none; optionresult.go)
}

// effectsOf is the effects a course of medicine m started for the line
// has: an if_ruled_out medicine's own when the catalogue gives them
// (sitagliptin in metformin's place lowers the HbA1c by its own amount:
// brief h55e), else the line's.
func (l *linePlan) effectsOf(m *medPlan) []obsEffect {
	for i, a := range l.alts {
		if a == m && l.altEffects[i] != nil {
			return l.altEffects[i]
		}
	}
	return l.effects
}

// obsLimit is a diagnostic threshold on an observation: people without the
// condition keep their usual level below it (upper) or above it.
type obsLimit struct {
	cond  int
	value float64
	upper bool
	obs   string // the observation's key (supersedes.go)
}

type codedPlan struct {
	values []datasets.CodedValue
	pick   *distributions.Alias
	refer  []*datasets.ObservationCode // per value: the referral coded with it (codedrefer.go), nil for none
}

type acutePlan struct {
	datasets.Acute
	course       shortCoursePlan          // meds nil when none
	followUpCode datasets.ObservationCode // what a follow-up records (FollowUp.Recorded)
	season       *seasonPlan              // its seasons.yaml month weighting (seasons.go); nil: the same all year
}

type activityTable struct {
	gp, ae, emergency, elective, outpatient [2][]float64
}

func sexIndex(sex string) int {
	if sex == "male" {
		return 1
	}
	return 0
}

var sexNames = [2]string{"female", "male"}

// NewPlan validates the options and precomputes the run's tables.
func NewPlan(opts Options) (*Plan, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		return nil, err
	}
	p := &Plan{Opts: opts, Cat: cat}
	p.windowStart = opts.HistoryStart()

	if err := p.buildPopulation(); err != nil {
		return nil, err
	}
	p.buildInfantDeaths()
	if err := p.buildPlaces(); err != nil {
		return nil, err
	}
	p.buildPeople()
	if err := p.buildWorkforce(); err != nil { // the practices' staff (contacts.go)
		return nil, err
	}
	if err := p.buildClinical(); err != nil {
		return nil, err
	}
	p.markNurseLed()
	if err := p.buildAllergies(); err != nil {
		return nil, err
	}
	if err := p.buildImmunisations(); err != nil {
		return nil, err
	}
	if err := p.buildChildHealth(); err != nil {
		return nil, err
	}
	if err := p.buildScreening(); err != nil {
		return nil, err
	}
	if err := p.buildContraception(); err != nil {
		return nil, err
	}
	if err := p.buildPregnancy(); err != nil {
		return nil, err
	}
	if err := p.buildMenopause(); err != nil {
		return nil, err
	}
	if sc := opts.Scenario; sc != nil {
		if err := p.applyPopulation(&sc.Population); err != nil {
			return nil, err
		}
		if err := p.applyBandOverrides(sc.Prevalence); err != nil {
			return nil, err
		}
		p.boundChances() // the overrides scale base
		if err := p.buildLayout(sc); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// popWeights is the ONS population by sex and single year of age 0..maxAge.
func popWeights() [2][maxAge + 1]float64 {
	var w [2][maxAge + 1]float64
	pop := datasets.PopulationByAge(maxAge)
	for s := range w {
		copy(w[s][:], pop[s])
	}
	return w
}

func (p *Plan) buildPopulation() error {
	p.pop = popWeights()
	pop := &p.pop
	alive := make([]float64, 2*(maxAge+1))
	var nAlive float64
	for s := 0; s < 2; s++ {
		for a := 0; a <= maxAge; a++ {
			alive[s*(maxAge+1)+a] = pop[s][a]
			nAlive += pop[s][a]
		}
	}
	p.sexAge = distributions.NewAlias(alive)
	// Patients ever registered in the window: everyone alive at AsOf plus
	// those who died during it. A death y years before AsOf at age a happened
	// among the people then aged a: those aged a+y today, divided by the
	// life-table chance of surviving from a to a+y. Its weight is that
	// cohort's size times qx(a).
	years := max(p.Opts.HistoryYears, 1)
	perYear := make([]float64, years)
	var nDeaths float64
	for y := 0; y < years; y++ {
		w := make([]float64, 2*(maxAge+1))
		for s := 0; s < 2; s++ {
			for a := 0; a <= maxAge; a++ {
				survived := 1.0
				for k := 0; k < y; k++ {
					survived *= 1 - datasets.DeathProbability(a+k, sexNames[s])
				}
				then := pop[s][min(a+y, maxAge)] / survived
				w[s*(maxAge+1)+a] = then * datasets.DeathProbability(a, sexNames[s])
				perYear[y] += w[s*(maxAge+1)+a]
			}
		}
		p.deathSexAge = append(p.deathSexAge, distributions.NewAlias(w))
		p.deathWeights = append(p.deathWeights, w)
		nDeaths += perYear[y]
	}
	p.deathYear = distributions.NewAlias(perYear)
	if p.Opts.HistoryYears == 0 {
		nDeaths = 0
	}
	p.pDied = nDeaths / (nAlive + nDeaths)
	return nil
}

func (p *Plan) buildPlaces() error {
	p.regions = datasets.Regions()
	p.towns = datasets.Towns()
	p.townsByReg = map[string][]int{}
	for i, t := range p.towns {
		p.townsByReg[t.Region] = append(p.townsByReg[t.Region], i)
	}
	w := make([]float64, len(p.regions))
	for i, r := range p.regions {
		if len(p.townsByReg[r.Code]) == 0 {
			return fmt.Errorf("datasets: region %s has no towns", r.Code)
		}
		if p.Opts.Region == "" || p.Opts.Region == r.Code {
			w[i] = float64(r.Population)
		}
	}
	p.regionPick = distributions.NewAlias(w)
	p.townPick = map[string]*distributions.Alias{}
	for code, idx := range p.townsByReg {
		tw := make([]float64, len(idx))
		for k, ti := range idx {
			tw[k] = float64(p.towns[ti].Population)
		}
		p.townPick[code] = distributions.NewAlias(tw)
	}
	p.streetStems = datasets.StreetStems()
	p.streetSuffix = newNameTable(datasets.StreetSuffixes())
	p.practices, p.townPractic = buildPractices(p)
	return p.addScenarioPractices()
}

func (p *Plan) buildPeople() {
	p.ethnic = datasets.Ethnicities()
	w := make([]float64, len(p.ethnic))
	for i, e := range p.ethnic {
		w[i] = e.Percent
	}
	p.ethnicPick = distributions.NewAlias(w)
	// One table per published birth cohort, shared by the years that use
	// it; indexed by year so the lookup is a slice index.
	maxYear, _, _ := p.Opts.SimulatedTo().YMD()
	for s := 0; s < 2; s++ {
		byCohort := map[int]nameTable{}
		tables := make([]nameTable, maxYear+1-firstNameYear0+1)
		for y := range tables {
			cohort := datasets.FirstNameCohort(firstNameYear0 + y)
			if _, ok := byCohort[cohort]; !ok {
				byCohort[cohort] = newNameTable(datasets.FirstNames(sexNames[s], cohort))
			}
			tables[y] = byCohort[cohort]
		}
		p.firstNames[s] = tables
	}
	p.surnames = map[string]nameTable{}
	for _, e := range p.ethnic {
		if _, ok := p.surnames[e.Group]; !ok {
			p.surnames[e.Group] = newNameTable(datasets.SurnamesFor(e.Group))
		}
	}
}

// firstNameTable returns the given-name table for people of the sex born in the year.
func (p *Plan) firstNameTable(sex int, birthYear int) nameTable {
	t := p.firstNames[sex]
	y := min(max(birthYear-firstNameYear0, 0), len(t)-1)
	return t[y]
}

// buildClinical resolves the catalogue into index-based plans and calibrates
// each condition's prevalence curve against the ONS population.
func (p *Plan) buildClinical() error {
	cat := p.Cat
	for k, name := range encKindNames {
		p.encTypes[k] = cat.EncounterTypes[name]
	}
	p.medicines = map[string]*datasets.Medicine{}
	for _, m := range datasets.Medicines() {
		p.medicines[m.Key] = &m
	}
	p.condIndex = map[string]int{}
	for i := range cat.Conditions {
		p.condIndex[cat.Conditions[i].Key] = i
	}
	if err := p.buildMedPlans(); err != nil {
		return err
	}
	p.obsIndex = map[string]int{}
	addObs := func(key string) {
		if _, ok := p.obsIndex[key]; ok {
			return
		}
		code, _ := datasets.ObservationByKey(key)
		p.obsIndex[key] = len(p.obsKeys)
		p.obsKeys = append(p.obsKeys, key)
		p.obsCodes = append(p.obsCodes, code)
		if m, ok := cat.Observations[key]; ok {
			p.obsModels = append(p.obsModels, &m)
			p.obsFrom = append(p.obsFrom, inUseFrom(&m))
			p.obsScale = append(p.obsScale, math.Pow10(m.Decimals))
			p.coded = append(p.coded, codedPlan{})
		} else {
			vals := cat.CodedObservations[key]
			w := make([]float64, len(vals))
			for i, v := range vals {
				w[i] = v.Weight
			}
			p.obsModels = append(p.obsModels, nil)
			p.obsFrom = append(p.obsFrom, models.NoDate)
			p.obsScale = append(p.obsScale, 1)
			p.coded = append(p.coded, codedPlan{values: vals, pick: distributions.NewAlias(w), refer: codedReferrals(vals)})
		}
	}
	for _, key := range sortedKeys(cat.Observations) {
		if m := cat.Observations[key]; m.Graded == nil && !m.SlotLast {
			addObs(key)
		}
	}
	for _, key := range sortedKeys(cat.CodedObservations) {
		addObs(key)
	}
	// graded observations next (nineteenth review), then those marked
	// slot_last (twenty-fourth review), so that adding one leaves every
	// other slot, and its random streams, where it was
	for _, key := range sortedKeys(cat.Observations) {
		if !cat.Observations[key].SlotLast {
			addObs(key)
		}
	}
	for tier := 0; tier <= maxSlotTier(cat); tier++ { // slot_tier: later tiers after earlier ones
		for _, key := range sortedKeys(cat.Observations) {
			if cat.Observations[key].SlotTier == tier {
				addObs(key)
			}
		}
	}
	if err := p.planGraded(cat); err != nil { // graded.go
		return err
	}
	p.buildPanels() // lipidpanel.go
	for key, slot := range map[string]*int{"systolic_bp": &p.slots.systolic, "diastolic_bp": &p.slots.diastolic,
		"weight": &p.slots.weight, "bmi": &p.slots.bmi, "smoking_status": &p.slots.smoking, "hba1c": &p.slots.hba1c, "egfr": &p.slots.egfr} {
		k, ok := p.obsIndex[key]
		if !ok {
			return fmt.Errorf("catalogue: observation %q is needed for GP visits but not defined", key)
		}
		*slot = k
	}
	effects := func(m map[string]float64) []obsEffect {
		var out []obsEffect
		for _, k := range sortedKeys(m) {
			out = append(out, obsEffect{obs: p.obsIndex[k], delta: m[k]})
		}
		return out
	}
	// a medicine's effects: fractions of the level on a drug_ratio observation
	drugEffects := func(m map[string]float64) []obsEffect {
		out := effects(m)
		for i := range out {
			out[i].ratio = p.drugRatio(out[i].obs)
		}
		return out
	}

	if err := p.resolveMonitoring(); err != nil { // monitoring.go: needs the observation slots
		return err
	}
	if err := p.resolveResultStops(); err != nil { // resultstop.go
		return err
	}
	if err := p.resolveRecordedContraindications(); err != nil { // recordedcontra.go
		return err
	}
	if err := p.resolveAnaemia(); err != nil { // anaemia.go: needs the medicines and observation slots
		return err
	}
	if err := p.resolveInfantScan(); err != nil { // infantutiscan.go
		return err
	}
	if err := p.resolveFebrileChild(); err != nil { // febrileamber.go
		return err
	}
	if err := p.resolveCultureResult(); err != nil { // cultureresult.go: needs the medicines
		return err
	}
	if err := p.resolveHighTriglycerides(); err != nil { // hightriglycerides.go: needs the observation slots
		return err
	}
	if err := p.resolveKidney(); err != nil { // newlowegfr.go: needs the observation slots
		return err
	}
	p.conds = make([]condPlan, len(cat.Conditions))
	for i := range cat.Conditions {
		c := &cat.Conditions[i]
		cp := condPlan{Condition: c, idx: i, effects: effects(c.Effects), spread: effects(c.EffectSD), trend: effects(c.TrendPerYear), sites: buildSites(c)}
		for _, r := range c.Risk {
			cp.risks = append(cp.risks, riskPlan{given: p.condIndex[r.Given], rr: r.RR})
		}
		line := func(line datasets.TreatmentLine) linePlan {
			lp := linePlan{TreatmentLine: line, effects: drugEffects(line.Effects), needs: -1, titrateSlot: -1}
			if line.Needs != nil {
				lp.needs = p.obsIndex[line.Needs.Observation]
			}
			if k, ok := p.obsIndex[line.TitrateReads]; ok && line.TitrateReads != "" {
				lp.titrateSlot = k
			}
			for _, o := range line.Options {
				lp.meds = append(lp.meds, p.optionPlan(o)) // ladders.go
				lp.with = append(lp.with, p.condIndexes(o.With))
				lp.without = append(lp.without, p.condIndexes(o.Without))
				lp.results = append(lp.results, p.resultSlot(o.ResultAtMost)) // optionresult.go
			}
			for _, k := range line.IfRuledOut {
				lp.alts = append(lp.alts, p.medPlans[k])
				var own []obsEffect // nil: the line's effects (altEffects)
				if e, ok := line.IfRuledOutEffects[k]; ok {
					own = drugEffects(e)
				}
				lp.altEffects = append(lp.altEffects, own)
			}
			return lp
		}
		for _, l := range c.Treatment {
			cp.lines = append(cp.lines, line(l))
		}
		if ev := c.OnsetEvent; ev != nil && ev.Course != nil {
			lp := line(datasets.TreatmentLine{Options: ev.Course.Options})
			cp.event = &lp
		}
		if len(c.AlsoPrescribe) > 32 { // heldCondition.alsoLater holds one bit each
			return fmt.Errorf("condition %s: %d also_prescribe entries, at most 32", c.Key, len(c.AlsoPrescribe))
		}
		for _, a := range c.AlsoPrescribe {
			cp.also = append(cp.also, alsoPlan{AlsoPrescribe: a, meds: p.medPlans[a.Drug], effects: drugEffects(a.Effects)})
		}
		if pp := p.resolveProtect(c.Protect); pp != nil { // protect.go
			pp.effects = drugEffects(c.Protect.Effects)
			cp.protects = append(cp.protects, pp)
		}
		for i := range c.AlsoProtect {
			pp := p.resolveProtect(&c.AlsoProtect[i])
			pp.also, pp.effects = true, drugEffects(c.AlsoProtect[i].Effects)
			cp.protects = append(cp.protects, pp)
		}
		if err := p.resolveCourse(&cp); err != nil {
			return err
		}
		if err := resolveMarkers(&cp); err != nil { // markers.go
			return err
		}
		if err := p.resolveHormone(&cp); err != nil { // hormone.go
			return err
		}
		if err := p.resolveReferrals(&cp); err != nil { // urgent.go
			return err
		}
		for _, dt := range c.DiagnosisTests { // checked by the catalogue
			code, _ := datasets.ObservationByKey(dt.Observation)
			cp.diagTests = append(cp.diagTests, code)
		}
		for _, o := range c.DiagnosisReadings { // numeric: checked by the catalogue
			cp.diagReadings = append(cp.diagReadings, p.obsIndex[o])
		}
		cp.remissionSlot = -1
		if r := c.Remission; r != nil { // remission.go
			code, _ := datasets.ObservationByKey(r.Resolved) // known: the catalogue's checks
			cp.remissionSlot, cp.resolvedCode = p.obsIndex[r.Observation], &code
		}
		if cr := c.Reviews.CareReview; cr != nil { // carereview.go
			code, ok := datasets.ObservationByKey(cr.Observation)
			if !ok {
				return fmt.Errorf("condition %s: care_review observation %q has no code", c.Key, cr.Observation)
			}
			cp.careReview = &code
		}
		if cc := c.Reviews.ClassCheck; cc != nil { // classcheck.go
			code, ok := datasets.ObservationByKey(cc.Observation)
			if !ok {
				return fmt.Errorf("condition %s: class_check observation %q has no code", c.Key, cc.Observation)
			}
			cp.classCheck = &code
		}
		if err := p.resolveRescuePack(&cp); err != nil { // rescuepack.go
			return err
		}
		if cv := c.Cardioversion; cv != nil { // cardioversion.go
			if m := p.medPlans[cv.Anticoagulant]; m == nil || !m.inClass("anticoagulant") || cv.Snomed == "" || cv.ClinicDays[0] < cv.BeforeDays || cv.ClinicDays[1] < cv.ClinicDays[0] {
				return fmt.Errorf("condition %s: cardioversion needs a prescribable anticoagulant, a code, and clinic_days from before_days on", c.Key)
			}
		}
		if bp := c.Reviews.ByPhone; bp != nil { // phonereview.go
			for _, o := range bp.Observations {
				k, ok := p.obsIndex[o]
				if !ok {
					return fmt.Errorf("condition %s: by_phone observation %q is not defined", c.Key, o)
				}
				cp.byPhone = append(cp.byPhone, k)
			}
		}
		if er := c.Reviews.EndOfLife; er != nil { // eolreview.go
			cp.eolReview = []int{}
			for _, o := range er.Observations {
				k, ok := p.obsIndex[o]
				if !ok {
					return fmt.Errorf("condition %s: end_of_life review observation %q is not defined", c.Key, o)
				}
				cp.eolReview = append(cp.eolReview, k)
			}
		}
		for _, o := range c.Reviews.Observations {
			cp.reviews = append(cp.reviews, p.obsIndex[o])
			cp.reviewsEGFR = cp.reviewsEGFR || p.obsIndex[o] == p.slots.egfr
			if m := p.obsModels[p.obsIndex[o]]; m != nil && m.AtContact {
				cp.atContact = append(cp.atContact, p.obsIndex[o])
			}
		}
		for _, o := range c.Reviews.Yearly {
			cp.yearly = append(cp.yearly, p.obsIndex[o])
		}
		if cd := c.ClinicDischarge; cd != nil {
			for _, o := range cd.Readings {
				cp.clinicReads = append(cp.clinicReads, p.obsIndex[o])
				cp.clinicLeast = append(cp.clinicLeast, cd.Least[o])
			}
		}
		if pc := c.Reviews.Paediatric; pc != nil {
			p.planPaediatricReviews(&cp, pc)
		}
		p.conds[i] = cp
	}
	// Exclusions apply both ways: whichever of the pair is drawn second is ruled out.
	for i := range p.conds {
		for _, x := range p.conds[i].Excludes {
			j := p.condIndex[x]
			p.conds[i].excludes = append(p.conds[i].excludes, j)
			p.conds[j].excludes = append(p.conds[j].excludes, i)
		}
	}
	if sc := p.Opts.Scenario; sc != nil {
		if err := p.applyWholeOverrides(sc.Prevalence); err != nil {
			return err
		}
	}
	p.obsLimits = make([][]obsLimit, len(p.obsKeys))
	for i := range p.conds {
		if d := p.conds[i].DefinedBy; d != nil {
			l := obsLimit{cond: i, obs: d.Observation}
			if d.AtLeast != nil {
				l.value, l.upper = *d.AtLeast, true
			} else {
				l.value = *d.Below
			}
			slot := p.obsIndex[d.Observation]
			p.obsLimits[slot] = append(p.obsLimits[slot], l)
		}
	}
	p.calibrate()
	p.boundChances() // chancebound.go: after the last change to base, norm or smokeNorm
	p.correctCorrelation()
	p.buildContactReadings()
	p.buildHypoxicPulse()
	p.buildContactReadingTakes()
	if err := p.resolveSymptomContacts(); err != nil { // symptomcontact.go
		return err
	}
	if err := p.buildGPSent(); err != nil {
		return err
	}
	p.buildEpisodeTests()
	p.buildOverdoseBloods()                      // overdosebloods.go
	if err := p.buildTestResults(); err != nil { // testresults.go
		return err
	}
	p.buildSepsisVitals()
	if err := p.buildPresentations(); err != nil {
		return err
	}
	if err := p.resolveAETriage(); err != nil { // aetriage.go: after the presentations
		return err
	}
	if err := p.resolveDayCases(); err != nil { // daycase.go
		return err
	}
	// crb65.go: needs the presentations
	p.buildCRB65()
	p.buildChestAntibiotic()                    // after the presentations
	p.resolveFebrileInfant()                    // febrileinfant.go: needs the presentations, readings and A&E tests
	if err := p.resolveRedFlags(); err != nil { // ng12upper.go: needs the presentations
		return err
	}
	if err := p.resolveResultFalls(); err != nil {
		return err
	}
	if err := p.resolveDischargeBloods(); err != nil {
		return err
	}
	if err := p.resolveSmokingValues(); err != nil {
		return err
	}
	if err := p.resolveCourseReviews(); err != nil {
		return err
	}
	if err := p.resolveBoneScans(); err != nil {
		return err
	}
	if err := p.resolveDischargeReferrals(); err != nil {
		return err
	}
	for i := range p.Cat.Presentations {
		if pr := &p.Cat.Presentations[i]; pr.AfterAEClinic() != nil {
			p.fractureClinics = append(p.fractureClinics, keyedFractureClinic{pr.Key, i, pr.AfterAEClinic(), pr.FractureClinic == nil})
		}
	}
	if err := p.resolveAlcohol(); err != nil {
		return err
	}
	if err := p.resolveCessation(); err != nil {
		return err
	}
	if err := p.resolveHomeVisitRecords(); err != nil {
		return err
	}
	if err := p.resolveQuitSupport(); err != nil {
		return err
	}
	if err := p.resolveVerification(); err != nil {
		return err
	}
	if err := p.resolveResuscitation(); err != nil {
		return err
	}
	if err := p.resolveMonitoringStops(); err != nil {
		return err
	}
	if err := p.resolveLateStops(); err != nil {
		return err
	}
	if err := p.resolveMedicationReviews(); err != nil {
		return err
	}
	if err := p.resolveCVDRisk(); err != nil {
		return err
	}
	refusals, err := p.classRefusals() // refusalbeside.go
	if err != nil {
		return err
	}
	p.refusals = refusals
	p.resolveScoreCodes()
	var ok bool
	if p.medReview, ok = datasets.ObservationByKey("medication_review"); !ok {
		return fmt.Errorf("observation_codes.csv: no medication_review, the question an untreated reason answers")
	}
	if p.drugStopped, ok = datasets.ObservationByKey("drug_therapy_discontinued"); !ok {
		return fmt.Errorf("observation_codes.csv: no drug_therapy_discontinued, the code of a step down's stop")
	}
	if p.medRequested, ok = datasets.ObservationByKey("medication_requested"); !ok {
		return fmt.Errorf("observation_codes.csv: no medication_requested, coded at a query about a repeat medicine")
	}
	if p.phoneConsult, ok = datasets.ObservationByKey("telephone_consultation"); !ok {
		return fmt.Errorf("observation_codes.csv: no telephone_consultation, coded at an administrative telephone contact")
	}
	if err := p.resolveAdminCalls(); err != nil {
		return err
	}
	if err := p.resolveUsualFloors(); err != nil { // usualfloor.go
		return err
	}

	p.vte = newVTEPlan(p)
	p.postural = newPosturalPlan(p)
	for _, a := range cat.Acute {
		ap := acutePlan{Acute: a}
		if f := a.FollowUp; f != nil && f.Recorded != "" {
			ap.followUpCode, _ = datasets.ObservationByKey(f.Recorded) // the catalogue check found it
		}
		if a.Prescribe != nil {
			ap.course = p.shortCourse(*a.Prescribe, p.medPlans[a.Prescribe.Drug])
		}
		if a.Setting == settingAE {
			p.aeAcute = append(p.aeAcute, len(p.acute))
		}
		p.acute = append(p.acute, ap)
	}
	if err := p.resolveSeasons(); err != nil { // seasons.go: needs the presentations and the acute episodes
		return err
	}
	p.zoster = p.planZoster()
	act := cat.Activity
	for s := 0; s < 2; s++ {
		sx := sexNames[s]
		p.activityByBand.gp[s] = act.GPOther.For(sx)
		p.activityByBand.ae[s] = act.AEOther.For(sx)
		p.activityByBand.emergency[s] = act.EmergencyAdmission.For(sx)
		p.activityByBand.elective[s] = act.ElectiveAdmission.For(sx)
		p.activityByBand.outpatient[s] = act.Outpatient.For(sx)
	}
	return p.resolveFrailty() // after the acute plans: it reads a fall follow-up's referral
}

// calibrate scales each condition's age/sex shape so that its expected
// prevalence over the ONS population, within the register's ages, equals the
// catalogue target; then records, for each age and sex, the expected value of
// the risk-link multiplier so that links can be normalised away.
func (p *Plan) calibrate() {
	pop := &p.pop
	for i := range p.conds {
		c := &p.conds[i]
		var num, den float64
		for s := 0; s < 2; s++ {
			shape := c.Shape.For(sexNames[s])
			for a := 0; a <= maxAge; a++ {
				if c.TargetDenominator == "all" || a >= c.RegisterMinAge {
					den += pop[s][a]
				}
				if a >= c.RegisterMinAge {
					num += pop[s][a] * shape[p.Cat.BandOf(a)] * p.survivesExclusions(c, s, a)
				}
			}
		}
		scale := 0.0
		if num > 0 {
			scale = c.Target / 100 * den / num
		}
		for s := 0; s < 2; s++ {
			shape := c.Shape.For(sexNames[s])
			for a := 0; a <= maxAge; a++ {
				c.base[s][a] = math.Min(0.95, scale*shape[p.Cat.BandOf(a)])
				norm := 1.0
				for _, r := range c.risks {
					norm *= 1 + (r.rr-1)*p.conds[r.given].base[s][a]
				}
				c.norm[s][a] = norm
			}
		}
		for a := 0; a <= maxAge; a++ {
			cur, ex := p.smokingShares(a)
			c.smokeNorm[a] = 1 + cur*(c.smokingRR(currentSmoker)-1) + ex*(c.smokingRR(exSmoker)-1)
		}
	}
}

// survivesExclusions is the chance that a person of sex s and age a has none
// of the conditions drawn before c that exclude it.
func (p *Plan) survivesExclusions(c *condPlan, s, a int) float64 {
	v := 1.0
	for _, j := range c.excludes {
		if j < c.idx {
			v *= 1 - p.conds[j].base[s][a]
		}
	}
	return v
}

// maxSlotTier is the highest slot_tier of the catalogue's observations.
func maxSlotTier(cat *datasets.Catalogue) int {
	n := 0
	for _, m := range cat.Observations {
		n = max(n, m.SlotTier)
	}
	return n
}
