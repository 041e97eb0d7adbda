package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// worker generates patients into a batch. Each worker owns its scratch
// space; nothing in it survives from one patient to the next except
// capacity.
type worker struct {
	plan        *Plan
	b           *models.Batch
	ids         idMaker
	values      []float64 // the chunk observation values are carved from (value, values.go)
	presWeights []float64 // scratch: the weights of the person's exacerbations in one presentation draw
	anaemiaRows []int     // scratch: a person's iron deficiency anaemia rows (anaemiareferral.go)
	hasCond     []bool
	// heldLevel, when its level is set, is the level of one observation
	// the next condition drawn has in the person (its effect set to
	// reach it; infarct.go: heart failure at a heart attack's reading)
	heldLevel struct {
		slot         int
		level, usual float64
		set          bool
	}
	per             person
	keys            []uint64
	gpBySeq         []string          // scratch: a patient's encounter practitioners by row id sequence
	rxSeqs          []bool            // scratch: the row id sequences of the encounters a patient's prescriptions were issued at
	rxEncSeqs       []int             // scratch: each of a patient's prescriptions' encounter sequence number (setPrescribers)
	frailtyContacts []frailtyContact  // scratch: the contacts frailtyCoding reads (frailty.go)
	adminRecord     adminCallRecord   // scratch: what adminCalls reads of a person's record (admincallrecord.go)
	takesCache      problemTakesCache // the contact readings of the problems looked up last (contactreadingtakes.go)
	rxPlans         rxPlanCache       // the medicine plans of the product codes looked up last (rxplancache.go)
	lastPrescriber  struct {          // the last practitioner prescribes looked up
		id string
		ok bool
	}
	events            []reviewEvent             // scratch: the patient's review schedule
	okOpts            []bool                    // scratch: which options of a treatment line are allowed
	quitPick          []float64                 // scratch: the stop-smoking medicines' shares on a day (quitsupport.go)
	alcoholPick       []float64                 // scratch: the relapse-prevention medicines' weights on a day (alcoholmedicines.go)
	curEnc            string                    // the review encounter being written, "" outside one
	joint             jointReview               // the patient's latest review appointment, which reviews due soon after join (recall.go)
	stepDeclined      bool                      // the review's step up due was declined: coded at the review (declinedstep.go)
	steppedDown       bool                      // the review stopped a drug to step treatment down: coded at the review (stepdown.go)
	flaresDeclined    *datasets.UntreatedReason // the review's offer after recurrent flares was declined: coded at the review (flares.go)
	taperEvent        reviewEvent               // the taper review a remission just seen booked (remission.go); zero when none
	recurEvent        reviewEvent               // the new episode a resolution just drew (recurrentepisode.go); zero when none
	advised           *datasets.ObservationCode // lifestyle advice to code at the review being held (lifestyle.go); nil none
	lifestyleEvent    reviewEvent               // the follow-up that starts a first line held back for lifestyle advice (lifestyle.go); zero when none
	bpEvent           reviewEvent               // the review another condition's high reading calls for (bpelsewhere.go); zero when none
	clinicEvent       reviewEvent               // a clinic attendance the review just held booked to start a line (clinicstart.go); zero when none
	monitorDue        pendingMonitor            // the blood tests the review just held leaves to book once its condition's next review is known (monitoring.go)
	diagnosing        *datasets.Threshold       // the definition of the condition a visit's readings diagnose (diagnosing.go), nil outside one
	rechecking        bool                      // a result-stop repeat test is being recorded (resultstop.go): not repeated again
	aeRepeating       bool                      // A&E's repeat of a result that sent the patient there is being recorded (resultstop.go): not acted on again
	mildRechecking    bool                      // a mildly raised result's repeat is being recorded (resultstop.go mildRecheck)
	anaemiaRechecking bool                      // a low haemoglobin's repeat blood count is being recorded (anaemia.go): not answered again
	whiteRepeating    bool                      // a low white cell count's repeat is being recorded (lowwhitecount.go): not repeated again
	egfrRepeating     bool                      // a new low eGFR's repeat is being recorded (newlowegfr.go): not repeated again
	bandRepeating     bool                      // a reading past a condition's band is being repeated (bandrepeat.go): not repeated again
	tgRepeating       bool                      // a very high triglyceride's repeat is being recorded (hightriglycerides.go): not repeated again
	storesRechecking  bool                      // the blood test after iron for empty stores is being recorded (ironstores.go): not rechecked again
	storesProblem     string                    // the problem of the course that recheck follows (ironstores.go)
	bloodsProblem     string                    // the episode (a condition id) whose bloods after a call are being recorded (remotebloods.go)
	anaemiaAnswering  bool                      // a low haemoglobin is being answered (anaemia.go): a ferritin read inside it is its own (ironstores.go)
	anaemiaHeld       bool                      // a haemoglobin a test holds below the threshold is being recorded (episodetests.go): answered, if at all, once held
	ferritinFollows   bool                      // a test list being recorded reads a ferritin after the count (episodetests.go): no ferritin added (confirmferritin.go)
	anyAge            bool                      // an adult-only observation taken at any age (confirmferritin.go: an adolescent's ferritin)
	recheckDue        []pendingRecheck          // follow-ups of medicines a result stopped, to book in the care pass (rechallenge.go)
	rechallenged      bool                      // a medicine was re-challenged at the review being written (startPlanned)
	atSpecialist      bool                      // the specialist review is being written: progression steps may be taken (progression.go)
	stageSpans        []daySpan                 // scratch: the runs of low staging results by stage (renalreferral.go)
	shifts            []float64                 // per slot: a scenario's shift of the usual level, nil when none
	stageLow          float64                   // how much lower a staged course aims than stagedCourse's draw (state_constraints.go)
	stageStep         float64                   // restaged's step for stageLow, halved at each overshoot (0: not stepped yet)
	stageDir          float64                   // the direction of restaged's last step (+1 lower, -1 higher)
	lastPres          int                       // the presentation reasonFor last chose, -1 none
	sepsisEps         map[string]*sepsisEpisode // sepsisVitals' episodes of the person, by condition id (febrileinfant.go)
	pendingGP         gpSlot                    // the GP contact gpOther is deciding, not yet written (encounterStart), id "" when none or not yet formatted (pendingGPID): a copy, so the slot stays on the stack
	backdate          models.Date               // a course started now began on this day (0: today)
	withdrawn         bool                      // some prescription of this patient was withdrawn (empty id)
	obsWithdrawn      bool                      // some observation of this patient was withdrawn (empty id; frailty.go)
	passes            int                       // patients generated, regenerations included (what a cohort member costs)
	onsets            []models.Date             // scratch: episodeOnsets' list, valid until its next call (recurrence.go)
	contactEnds       []models.Timestamp        // scratch: the patient's closed encounters' end times by row id sequence (readingtimes.go)
	encSet            seqSet                    // scratch: a set of the patient's encounters (encountersRecording, childCheckups), one user at a time
	ladderRows        []string                  // scratch: ladderContacts' condition rows
	ladderOut         []ladderContact           // scratch: ladderContacts' list, valid until its next call
	notBrought        []int                     // scratch: childCheckups' check-ups not brought
	admitted          []admissionDay            // scratch: admissionDays' list
	bleeding          ironDeficiency            // scratch: the episode bleedingDeficiencies visits (a local moved to the heap through the visit)
	startIssues       []startIssue              // scratch: withdrawStarts' issues in start order
	groupEnds         map[any]models.Date       // scratch: withdrawStarts' end of each group's latest kept issue, cleared at each call
	pastEGFR          []slotReading             // scratch: withdrawPastLimits' eGFRs written
	pastResults       []slotReading             // scratch: withdrawPastLimits' results of a start rule written
	renewals          [][2]int                  // scratch: requestedIssues' renewals, the issue renewed and the renewal (requestissue.go)
	pastCodes         []barredCode              // scratch: withdrawBarredIssues' recorded contraindications written
	pastLifts         []liftReading             // scratch: withdrawBarredIssues' results that lift them
	readingStreams    []distributions.Stream    // scratch: contactReadings' streams, one per entry measured
	slowRows          []int32                   // scratch: a slow-heart rule's pulse readings in time order (slowheartlate.go, slowheartworkup.go)
	efi               frailtyState              // scratch: the eFI's reading of the person for a start bar (frailtyCategory)
	efiFrom           []float64                 // the ages person efiFor-1 has the eFI's unmodelled deficits from (unmodelledFrom)
	efiFor            int64                     // 1 + the index of the person efiFrom is for; 0 none
	reportedTests     []*testResultPlan         // the tests a laboratory reports days after the sample (culturereport.go), found at the first culture asked about
}

func newWorker(p *Plan) *worker {
	w := &worker{plan: p}
	n := len(p.obsKeys)
	w.per.baseline = make([]float64, n)
	w.per.hasBase = make([]bool, n)
	w.per.lastVal = make([]float64, n)
	w.per.lastAt = make([]models.Timestamp, n)
	w.per.hasLast = make([]bool, n)
	w.per.readings = newReadingIndex(n)
	return w
}

// Generate appends the records of patients [first, end) to b, which it
// resets first.
func (p *Plan) Generate(first, end int64, b *models.Batch) error {
	w := newWorker(p)
	return w.generate(first, end, b)
}

func (w *worker) generate(first, end int64, b *models.Batch) error {
	b.Reset(first)
	w.b = b
	if w.plan.Opts.Since != models.NoDate && b.Changes == nil {
		b.Changes = &models.Changes{}
	}
	for i := first; i < end; i++ {
		if err := w.patient(i); err != nil {
			return err
		}
	}
	return nil
}

// patient appends patient i's record, as it stood at the end of the as-of
// day, to the batch (on a delta run, only what changed since).
func (w *worker) patient(i int64) error {
	o := offsetsOf(w.b)
	if err := w.simulate(i); err != nil {
		return err
	}
	w.setPrescribers(o.prescriptions, o.encounters)
	w.linkDiagnoses(&w.per, o) // diagnosislink.go
	w.oneProblemRows(o)        // oneproblem.go: eczema's flares as one problem
	w.registrations(&w.per)
	w.cutAt(&w.per, w.plan.Opts.AsOf, o)
	if since := w.plan.Opts.Since; since != models.NoDate {
		w.keepChanges(&w.per, since, o)
	}
	return nil
}

// simulate appends patient i's life, simulated to the horizon, to the
// batch: demographics, conditions, then the timeline of encounters with
// their observations and prescriptions. A scenario cohort member whose record
// lacks an event its constraints need is generated once more with the
// missing events added (same streams, so the same person), then has any
// constrained observation trajectory shifted into range.
func (w *worker) simulate(i int64) error {
	b := w.b
	var cp *cohortPlan
	if len(w.plan.layout) > 0 {
		cp = w.plan.cohortAt(i)
	}
	start := offsetsOf(b) // each regeneration starts the patient's rows again from here
	c0, o0 := start.conditions, start.observations
	w.stageLow, w.stageStep, w.stageDir = 0, 0, 0
	if err := w.patientOnce(i, cp, true, nil); err != nil {
		return err
	}
	if cp == nil || (len(cp.obs) == 0 && len(cp.encs) == 0 && cp.stageHi == 0) {
		return nil
	}
	if extras := w.missingEvents(&w.per, o0); len(extras) > 0 {
		extras = append(w.per.extras, extras...)
		start.truncate(b)
		if err := w.patientOnce(i, cp, false, extras); err != nil {
			return err
		}
	}
	for pass := 0; pass < maxStagePasses; pass++ {
		if !w.restaged(&w.per, c0) {
			break
		}
		extras := w.per.extras
		start.truncate(b)
		if err := w.patientOnce(i, cp, false, extras); err != nil {
			return err
		}
	}
	// Move the person's state by the shifts the constraints need and
	// generate once more, so that care responds to the shifted readings;
	// any remaining gap (visit noise) is closed on the rows.
	// The first shift also makes up for the treatment the shifted readings
	// will bring (treatmentAhead), so most members land at the first
	// shifted pass; a shifted state can still change decisions (a drug's
	// response, a line the rules rule out) and so the visit noise drawn
	// after them: measure again and repeat, a few times at most, until the
	// readings land in range by themselves (about 2 passes per member in
	// all: TestShiftedMembersAreGeneratedAboutTwice).
	var total, last []float64
	for pass := 0; pass < maxShiftPasses; pass++ {
		delta := w.neededShifts(&w.per, o0, pass == 0)
		if !anyNonZero(delta) {
			break
		}
		for k := range last {
			// The reading overshot back across the range: a decision that
			// flips with the level (a drug stopped at a renal limit) sits
			// in the step, so halve it rather than swing between the two.
			if delta[k]*last[k] < 0 {
				delta[k] /= 2
			}
		}
		last = delta
		if total == nil {
			total = make([]float64, len(delta))
		}
		for k := range total {
			total[k] += delta[k]
		}
		extras := w.per.extras
		start.truncate(b)
		if err := w.patientOnceShifted(i, cp, extras, total); err != nil {
			return err
		}
	}
	// A shifted state can take away a visit the first pass had (brief h57e:
	// depression shifted above its care target on the last step lost the
	// recheck that read the PHQ-9 the cohort asks for): the events still
	// missing are added, on the shifted state, before the rows are closed.
	if total != nil {
		if extras := w.missingEvents(&w.per, o0); len(extras) > 0 {
			extras = append(w.per.extras, extras...)
			start.truncate(b)
			if err := w.patientOnceShifted(i, cp, extras, total); err != nil {
				return err
			}
		}
	}
	w.shiftObservations(&w.per, o0)
	return nil
}

// maxShiftPasses bounds the regenerations of a cohort member whose
// observation constraints need a shifted state.
const maxShiftPasses = 4

func anyNonZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}

// patientOnceShifted generates the patient again with their usual levels
// moved by shifts (per observation slot).
func (w *worker) patientOnceShifted(i int64, cp *cohortPlan, extras []extraEvent, shifts []float64) error {
	w.shifts = shifts
	defer func() { w.shifts = nil }()
	return w.patientOnce(i, cp, false, extras)
}

// patientOnce generates the patient in one pass. With plan set, a cohort
// member's constraint events are planned once demographics are known;
// otherwise extras are the events to add.
func (w *worker) patientOnce(i int64, cp *cohortPlan, plan bool, extras []extraEvent) error {
	p := w.plan
	b := w.b
	w.passes++
	// Start from a clean person, keeping only the scratch slices' capacity:
	// nothing of the previous patient may leak into this one.
	per := &w.per
	*per = person{conds: per.conds[:0], baseline: per.baseline, hasBase: per.hasBase,
		lastVal: per.lastVal, lastAt: per.lastAt, hasLast: per.hasLast, cohort: cp, extras: extras,
		courses: per.courses[:0], stays: per.stays[:0], egfrSeen: per.egfrSeen[:0], falls: per.falls[:0], stopSeen: per.stopSeen[:0], retested: per.retested[:0], slowHeart: per.slowHeart[:0], episodes: per.episodes, opened: per.opened[:0], gpReferrals: per.gpReferrals[:0], episodeRepeats: per.episodeRepeats[:0], reviewStarts: per.reviewStarts[:0], riskScored: per.riskScored[:0], assessedRepeats: per.assessedRepeats[:0], allergies: per.allergies[:0], barred: per.barred[:0], pregnancies: per.pregnancies[:0],
		gpDays: per.gpDays, plannedDays: per.plannedDays, referrals: per.referrals[:0], presHeld: per.presHeld[:0], clinicVisits: per.clinicVisits[:0], partOf: per.partOf[:0], heldContacts: per.heldContacts[:0], triage: per.triage[:0],
		childReviews: per.childReviews[:0], datedRows: per.datedRows[:0], urgentRows: per.urgentRows[:0], symptomRows: per.symptomRows[:0], renalAcute: per.renalAcute[:0], pendingChecks: per.pendingChecks[:0], vteSpans: per.vteSpans[:0],
		bpIndex: bpIndex{rows: per.bpIndex.rows[:0]}, phoneIndex: phoneIndex{rows: per.phoneIndex.rows[:0]}, adminCalls: per.adminCalls[:0], resultsGiven: per.resultsGiven[:0],
		condIndex: condIndex{at: per.condIndex.at[:0]}, readings: per.readings.emptied()}
	if len(per.episodes) != len(p.presentations) {
		per.episodes = make([]episode, len(p.presentations))
	}
	clear(per.episodes)
	clear(per.hasBase)
	clear(per.hasLast)
	idStream := distributions.NewStream(p.Opts.Seed, uint64(i), purposeIDs)
	per.id = w.ids.patient(&idStream)
	per.idHash = hash64(per.id, "")

	b.Patients = append(b.Patients, models.Patient{})
	if err := w.demographics(i, &b.Patients[len(b.Patients)-1], per); err != nil {
		return err
	}
	c0, e0, o0, r0 := len(b.Conditions), len(b.Encounters), len(b.Observations), len(b.Prescriptions)
	i0, a0 := len(b.Immunisations), len(b.Allergies)
	per.encFrom, per.condFrom, per.obsFrom, per.rxFrom = e0, c0, o0, r0
	if plan && cp != nil && len(cp.encs) > 0 {
		per.extras = w.plannedEvents(per, per.extras[:0])
	}
	w.drawSmoking(per)
	w.drawConditions(per)
	w.endStage(per)
	w.drawAllergies(per)
	w.diagnosisDue(per) // urgent.go: before the stays and end-of-life care that keep off the days before it
	w.causeOfDeath(per)
	w.drawAlcohol(per)   // after the cause of death, whose alcohol dependence makes a higher-risk drinker
	w.prognosis(per)     // the living in their last years: on the palliative care register
	w.planResidence(per) // residence.go: a care home or housebound, seen at home from then
	w.noNewDiagnosesInDecline(per)
	w.roomForDiagnosingClinic(per) // memoryclinicroom.go: the memory service diagnoses a dementia in time
	pt := &b.Patients[len(b.Patients)-1]
	pt.CauseOfDeathCode, pt.CauseOfDeath = per.causeCode, per.causeText
	w.hospitalStays(per)
	w.drawContraception(per)      // contraception.go: its episode, before the pregnancies it keeps from
	w.teratogenContraception(per) // teratogen.go: stretched, or begun, beside methotrexate
	w.planPregnancies(per)        // pregnancy.go: before the care whose medicines a pregnancy stops
	w.fragilityFractures(per)
	w.heartFailureAfterInfarct(per) // infarct.go: after the stays (the heart attacks), before the GP's care
	w.causeSeenBeforeDeath(per)     // causeseen.go: the GP contact that saw a pneumonia before a death at home
	w.reserveVerification(per)      // after it: a sepsis may be seen on the day of death
	w.urgentPathways(per)
	w.planHormone(per) // hormone.go
	w.referralsBeforeOperations(per)
	bloodsTo := w.episodeBloods(per, c0) // episodebloods.go: before the care that reads its results (nitrofurantoin below eGFR 45)
	w.exacerbations(per)
	care := distributions.NewStream(p.Opts.Seed, uint64(i), purposeCare)
	w.chronicCare(per, &care)
	w.useRescuePacks(per)                  // rescuepackuse.go: once the reviews have issued the packs
	per.careWritten = true                 // latecount.go
	w.stopRuledOutUnseen(per, per.lastDay) // unseenstop.go: a condition whose first review falls after the record's end
	w.codePendingAlsoNotTaken(per)         // cvdrisk.go
	w.replacementTherapy(per)
	w.acuteEpisodes(per)
	w.childHealth(per)
	w.background(per)
	w.repeatHighReadings(per)      // bprepeat.go: once the GP contacts that read blood pressure are written
	w.vte(per)                     // vte.go: once every stay is written (a stay raises the risk for 90 days)
	w.cardioversions(per)          // cardioversion.go: once the AF's and a VTE's anticoagulants are written
	w.episodeBloods(per, bloodsTo) // the acute episodes the GP contacts just written opened (tiredness, heavy periods)
	w.episodeFollowUps(per)        // episodefollowup.go: once every A&E attendance and stay is written
	// fractureclinic.go: after background, whose A&E attendances see the wrist fractures
	w.fractureClinics(per)
	w.careAfterCheck(per) // checkstatin.go: the statin a health check's score brought
	w.referredClinics(per)
	w.clinicListings(per)
	w.startAtReviews(per)       // steppedcare.go, before the repeats it may add
	w.treatAtContacts(per)      // contactladder.go, once the GP contacts are all written
	w.treatWhenSeenAgain(per)   // seenagain.go, once the GP contacts are all written
	w.writeEpisodeRepeats(per)  // episodedays.go
	w.flareRepeats(per)         // flarerepeat.go: an eczema's emollient on repeat
	w.interactionChecks(per)    // interactions.go: an INR days into an antibiotic, once the warfarin is written
	w.withdrawBarredStarts(per) // startbars.go: a hypnotic issued beside a later-written opioid
	w.lateFragilityFractures(per)
	w.fractureRiskScores(per) // fracturerisk.go: once every fracture and fracture clinic is written
	w.courseReviews(per)      // coursereview.go: once every course and review is written
	w.terminalDecline(per)
	w.livingRegister(per)
	w.verifyDeath(per)
	w.recordUnexpectedDeath(per)
	w.addExtras(per)
	w.childCheckups(per)
	w.immunisations(per)
	w.herpesZoster(per, b.Immunisations[i0:]) // herpeszoster.go: reads the shingles doses just given
	// teratogen.go: the episode beside a stopped teratogen ends after its washout
	w.teratogenStop(per)
	w.contraception(per)
	w.pregnancyRecords(per) // pregnancyrecord.go: once the contraception visits are written
	w.pregnancyLevels(per)  // pregnancylevels.go: lithium levels through a recorded pregnancy
	w.menopause(per)
	w.quitAttempts(per) // quitsupport.go
	w.cervicalScreening(per)
	w.eyeScreening(per)
	w.screeningProgrammes(per) // programmes.go
	w.notCancerReferrals(per)  // notcancer.go: urgent suspected-cancer referrals that find no cancer
	w.markerMonitoring(per)    // markers.go: a prostate cancer's PSA, once the cancer's contacts are written
	// contactmeasure.go: the temperature before the contacts that record
	// it when nothing else is; a chest illness's readings once they are
	// written, the contact that sends the patient in too
	w.contactReadings(per, 0, 1)
	w.residenceStatus(per)  // residence.go: coded at the first home visit it brings
	w.homeVisitRecords(per) // homevisitrecords.go: once every contact is written
	w.gpSentContacts(per)   // gpsentin.go: once every stay is written; records its own readings
	w.contactReadings(per, 1, len(w.plan.contactReadings))
	w.chestAntibiotics(per)   // chestantibiotic.go: once the contacts' readings are written
	w.olderPeopleCare(per)    // frailty.go: reads every contact and condition; books its own visits
	w.childSafeguarding(per)  // safeguarding.go: once every A&E attendance is written; books its own visits
	w.dischargeReferrals(per) // dischargereferral.go: once every stay is written
	w.aeTests(per)
	w.directAdmitTests(per)    // aetests.go: the same tests at an admission the GP arranged
	w.overdoseBloods(per)      // overdosebloods.go: once every A&E attendance and stay is written
	w.stayTests(per)           // staytests.go: an echocardiogram after a heart attack
	w.infantUTIScans(per)      // infantutiscan.go: once the stays' scans are written
	w.writeResultFalls(per)    // resultfall.go: an acute kidney injury's eGFR, seen since the episode began
	w.firstContactTests(per)   // firstcontacttests.go: a urine culture for a man's or a young child's UTI
	w.febrileAmberUrine(per)   // febrileamber.go: once every reading is written, before the cultures' results
	w.persistingTests(per)     // persistingtests.go: a child's joint pain of 6 weeks has bloods
	w.anaemiaReferrals(per)    // anaemiareferral.go: once the blood counts are written and held
	w.sepsisVitals(per)        // sepsisvitals.go: once every A&E attendance and stay is written
	w.febrileInfantAdmits(per) // febrileinfant.go: once every reading is written (a sepsis's vitals too)
	w.symptomReasonsKept(per)  // diagnosingtest.go: before the problems are dated by their contacts
	w.presentingReasons(per)   // presentsas.go: likewise
	w.notAfterContacts(per)
	w.readingsWithinContacts(per, o0) // readingtimes.go: once every reading is written
	w.restageReasons(per, b.Encounters[e0:])
	w.immunisationReasons(b.Immunisations[i0:], b.Encounters[e0:])
	w.withdrawRenalStarts(per)         // renalstarts.go: an NSAID started on a later-written low eGFR
	w.withdrawStartsAfterEpisodes(per) // afterepisode.go: an NSAID started after a later-written kidney injury
	w.holdInEpisodes(per)              // episodehold.go: an ACE inhibitor paused in a kidney injury
	w.withdrawRenalAcute(per)          // renalstarts.go: nitrofurantoin issued on a later-written low eGFR
	w.withdrawBarredStarts(per)        // startbars.go: a hypnotic issued beside a later-written opioid
	w.stopBesideVTE(per)               // vte.go: an NSAID or antiplatelet beside a VTE's anticoagulant
	w.harmfulDrinking(per)             // harmfuldrinking.go: once every AUDIT-C is written
	w.alcoholLiverTests(per)           // alcoholliver.go: once every GP contact is written
	w.persistentDrinking(per)          // persistentdrinking.go: once every AUDIT-C is written, the reassessments too
	w.alcoholMedicines(per)            // alcoholmedicines.go: at the full AUDIT and a GP consultation after the referral
	w.writeTestResults(per)            // testresults.go: once every test is written
	w.boneDecisionsByRisk(per)         // bonedecisionrisk.go: once the FRAX scores have their values
	w.cultureResults(per)              // cultureresult.go: once the cultures have their organisms
	w.adminCalls(per)                  // admincalls.go: once every test, stay and episode is written
	w.slowHeartsAtContacts(per)        // slowheartlate.go: a pulse under 50 at any GP contact, once every contact is written
	w.holdRaisesAtSlowPulses(per)      // slowheartraise.go: a dose raised after a slow pulse written later
	w.slowBlackoutReferrals(per)       // slowheartae.go: a blackout in A&E with a pulse under 50, once its stops are made
	w.posturalBlackouts(per)           // posturalblackout.go: an older person's blackout in A&E, lying and standing
	w.slowHeartWorkUps(per)            // slowheartworkup.go: a pulse under 50 on no rate-slowing medicine, once the slow-heart stops are made
	w.asymptomaticFollowUps(per)       // asymptomatic.go: once every contact is written
	w.readingsWithinContacts(per, o0)  // again: the drinking reassessments above time their codes from an AUDIT-C late in its contact
	w.requestedIssues(per)             // requestissue.go: once every repeat is written, before the last safety step
	w.withdrawPastLimits(per)          // pastlimits.go: the safety step, once every result is written; what the steps after it write is not checked by it
	w.withdrawRefusals(per)            // refusalbeside.go: once every issue is written
	w.lateCompanions(per)              // latecompanions.go: a PPI for an NSAID beside an SSRI written later
	w.faintReviews(per)                // afterfaint.go: once every contact and issue is written
	w.oralEndsAtSyringe(per)           // syringedriver.go: once every issue is written
	w.oralEndsAtLastDays(per)          // lastdaysstop.go: likewise
	w.cultureReports(per)              // culturereport.go: last, once every step that reads a culture at its contact has run
	if w.withdrawn {                   // issues stopped on their own day never reach the record
		b.Prescriptions = keepLive(b.Prescriptions, r0, func(rx *models.Prescription) models.ID { return rx.PrescriptionID })
		w.withdrawn = false
	}
	if w.obsWithdrawn { // a routine medication review a structured one replaced (frailty.go)
		b.Observations = keepLive(b.Observations, o0, func(o *models.Observation) models.ID { return o.ObservationID })
		w.obsWithdrawn = false
	}

	// Each table in time order within the patient; ties keep generation order.
	orderBy(b.Conditions[c0:], func(c *models.Condition) int64 { return int64(c.OnsetDate) + 1<<40 }, &w.keys)
	orderBy(b.Encounters[e0:], func(e *models.Encounter) int64 { return secondsKey(int64(e.StartTime)) }, &w.keys)
	orderBy(b.Observations[o0:], func(o *models.Observation) int64 { return secondsKey(int64(o.EffectiveTime)) }, &w.keys)
	orderBy(b.Prescriptions[r0:], func(r *models.Prescription) int64 { return int64(r.StartDate) + 1<<40 }, &w.keys)
	orderBy(b.Immunisations[i0:], func(m *models.Immunisation) int64 { return secondsKey(int64(m.OccurrenceTime)) }, &w.keys)
	orderBy(b.Allergies[a0:], func(a *models.Allergy) int64 { return int64(a.OnsetDate) + 1<<40 }, &w.keys)
	return nil
}

// immunisationReasons copies to each influenza dose given for a risk group
// the reason its visit ended with: restaging may have moved the visit's
// reason to the condition's row current on the day.
func (w *worker) immunisationReasons(imms []models.Immunisation, encs []models.Encounter) {
	for i := range imms {
		m := &imms[i]
		if m.ReasonConditionID == "" {
			continue
		}
		for k := range encs {
			if encs[k].EncounterID == m.EncounterID {
				m.ReasonConditionID = encs[k].ReasonConditionID
				break
			}
		}
	}
}

// keepLive drops, in place, the rows from index from on whose id is zero
// (withdrawn after they were written).
func keepLive[T any](rows []T, from int, id func(*T) models.ID) []T {
	kept := rows[:from]
	for i := from; i < len(rows); i++ {
		if !id(&rows[i]).IsZero() {
			kept = append(kept, rows[i])
		}
	}
	return kept
}
