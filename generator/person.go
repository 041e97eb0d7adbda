package generator

import (
	"math"
	"strconv"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Stream purposes: each aspect of a patient draws from its own stream, so
// changing how one aspect is generated leaves the others as they were.
const (
	purposeIDs uint64 = iota + 1
	purposeDemographics
	purposeConditions
	purposeActivity
	purposeObservationBaseline
	purposeExtras
	purposeRiskFactors
	purposeAdmissions
	purposeAcute
	purposeDeath
	purposeCare
	purposeEndStage
	purposeImmunisations
	purposeAllergies
	purposeChildHealth
	purposeOverlapLayout      // not per patient: which positions of a cohort each overlapping subgroup takes
	purposeUntreated          // the coded reason for no treatment (untreated.go)
	purposeRedFlag            // a young baby sent to hospital the same day (redflag.go)
	purposeUrgent             // the suspected-cancer pathway (urgent.go)
	purposeSite               // a cancer's primary site (sites.go)
	purposeScoreConsider      // a treatment considered at a borderline risk score (scoregate.go)
	purposeEffectSpread       // how severe a condition is in this person (catalogue effect_sd)
	purposeMonitoring         // blood tests a medicine needs between reviews (monitoring.go)
	purposeFound              // the review schedule of a condition found early (found.go)
	purposeAddOn              // whether a review adds a medicine to one at its highest dose (addons.go)
	purposeCessation          // whether a current smoker's recorded status comes with cessation advice (cessation.go)
	purposeTreatmentPlan      // treatment drawn apart from the conditions stream (catalogue own_stream)
	purposeCheckupReason      // the problem a child's otherwise empty GP appointment is about (activity.go)
	purposeCovid              // COVID-19 vaccination: the primary course and boosters (covid.go)
	purposeCervicalScreening  // cervical screening: attendance, results and follow-up (screening.go)
	purposeContraception      // hormonal contraception: who, which method, the visits (contraception.go)
	purposeClinicShare        // whether a specialist clinic follows up this person's long-term condition (clinicshare.go)
	purposeMonitorReview      // a running medicine's blood test taken at a review, before its decisions (monitoring.go)
	purposeResultStop         // the repeat test or hospital visit after a result that stops medicines (resultstop.go)
	purposeFragility          // whether a fragility fracture is followed up, scanned and confirmed (fragility.go)
	purposeExacerbations      // exacerbations treated by the GP or in A&E, a year at a time (exacerbations.go)
	purposeContactReadings    // what a GP measures at a contact about a child's acute problem (contactmeasure.go)
	purposeReferral           // whether the GP refers an episode of a complaint to a clinic (gprefers.go)
	purposeDischargeBloods    // the blood tests at the practice after an episode (episodebloods.go)
	purposeTrial              // whether a trial line's drug helps and goes on (trial.go)
	purposeProcedure          // whether a clinic lists an episode for its procedure, and when (procedures.go)
	purposeHormone            // a cancer's endocrine therapy: whether, which, how long (hormone.go)
	purposeDrift              // the slow drift of a person's usual level of an observation (drift.go)
	purposeCareReview         // the day and contact of a condition's first coded care review (carereview.go)
	purposeAcceptsLater       // whether someone who declined a gated first line takes it at a later review (reoffer.go)
	purposeEpisodeDays        // how long an episode of a presentation with a duration_range lasts (episodedays.go)
	purposeEventLines         // the lines an onset event brings (eventlines.go)
	purposeAfterAdmission     // the review after an emergency for a condition's acute problem (decompensation.go)
	purposeAETests            // the tests recorded at an A&E attendance (aetests.go)
	purposeSevereReferral     // whether a review where depression stays severe refers to the mental health team (severespecialist.go)
	purposeStepCare           // an episode's scores and the review that starts its drug (steppedcare.go)
	purposeAcuteFollowUp      // the GP contact after an A&E episode (acutefollowup.go)
	purposeEyeScreening       // diabetic eye screening: attendance and days (eyescreening.go)
	purposeMedicationReview   // the day of a structured medication review (medicationreview.go)
	purposeEventStay          // the stay of an onset event's admission (hospital.go eventStay)
	purposeProne              // whether a person is prone to a recurrent complaint (recurrence.go)
	purposeConfirm            // the readings a diagnosis confirms, and their visits (confirm.go)
	purposeLifestyleFirst     // the follow-up that starts a first line held back for lifestyle advice (lifestyle.go)
	purposePrognosis          // a living person's death to come and their place on the palliative care register (prognosis.go)
	purposeRemission          // when an episode ends and whether the remission holds (remission.go)
	purposeDeclinedStep       // whether a step up due and not taken was the person's decline (declinedstep.go)
	purposePrecursor          // whether a condition came before another it leads to, and when (precursor.go)
	purposeContactLadder      // whether a GP contact about a long-standing complaint treats it, and at which step (contactladder.go)
	purposeRecurrence         // whether a resolved episode recurs, when, and the new episode's course (recurrentepisode.go)
	purposeCompanion          // whether a person a companion medicine is due for is given it (companions.go share)
	purposeCVDRisk            // whether a statin offered at a cardiovascular risk of 10% or more is taken (cvdrisk.go)
	purposeProgrammeScreen    // breast, bowel and AAA screening: invitations, attendance, results (programmes.go)
	purposeStartTests         // the values of the blood tests taken before a medicine starts and in its first year (starttests.go)
	purposeHomeVisitRecords   // what a home visit that records nothing else records (homevisitrecords.go)
	purposeQuitAttempt        // a smoker's quit attempts with a stop-smoking medicine (quitattempts.go)
	purposeMaintenanceDose    // whether a long-term course moves down to its maintenance dose (maintenancedose.go)
	purposeLineNotTaken       // why a treatment line not reached by its chance was not given (linenottaken.go)
	purposeCancerRoute        // a cancer's route to diagnosis and its presenting symptom (presenting.go)
	purposeFrailty            // the ages the eFI deficits the model does not record begin (frailty.go)
	purposeFallsAssessment    // whether a fall's GP contact records a falls risk assessment (frailty.go)
	purposeDeliriumFollowUp   // the cognitive assessment after delirium: whether and when (frailty.go)
	purposeFrailtyReview      // the day of severe frailty's structured medication review (frailty.go)
	purposeFoundCoded         // whether a practice codes a condition its reviews' readings found (found.go coded_share)
	purposeGPSentContact      // the practice contact before an admission a GP arranges: its time and readings (gpsentin.go)
	purposeFallAdmission      // whether and when the GP follows up an admission for a fall or a broken hip (falladmission.go)
	purposeCheckStatin        // whether a statin offered after a health check's score of 10% or more is taken, and its care (checkstatin.go)
	purposeResuscitation      // whether the palliative care register entry records a DNACPR decision (resuscitation.go)
	purposeFractureClinic     // whether and when a fracture seen in A&E is followed up in the fracture clinic (fractureclinic.go)
	purposeCongenital         // when a congenital cause of death was diagnosed, and its hospital care (congenital.go)
	purposeCauseSeen          // the GP contact that sees an acute cause of death outside hospital: its day (causeseen.go)
	purposeTerminalAE         // the A&E attendance before a final admission, and its hour when moved to a day (hospital.go terminalAdmission)
	purposeContactStartTests  // the values of the blood tests taken at a GP contact before a short course starts (contactstarttests.go)
	purposeRechallenge        // whether a medicine a result stopped is started again once the result is back in range (rechallenge.go)
	purposeExtraReadings      // the contact readings after the first: a chest illness's respiratory rate and saturation (contactmeasure.go)
	purposeBirthDeathTime     // the time of birth, and of a death in hospital, on their days (lifetimes.go)
	purposeReferralDeclined   // whether an older person due a referral declines it (renalreferral.go)
	purposeReferOthers        // the clinic day of a referral made at another condition's review (renalreferral.go)
	purposeRecheck            // the day of the follow-up that re-reads a result that stopped a medicine (rechallenge.go)
	purposeSeenAgain          // the course issued at the follow-up of an untreated episode (seenagain.go)
	purposeSepsisVitals       // a sepsis episode's severity and its vital signs at A&E and on admission (sepsisvitals.go)
	purposeClinicAfterAE      // whether and when a clinic_after_ae follows an A&E attendance (fractureclinic.go; urinary retention)
	purposeExplained          // whether visible haematuria at 45+ is explained by a urinary infection (explained.go)
	purposeLowHaemoglobin     // the iron and the repeat blood count after a low haemoglobin (anaemia.go)
	purposeScreenProcedure    // whether and when a screening clinic's test is booked: the colonoscopy after an abnormal bowel kit (screencolonoscopy.go)
	purposeSuspectedCancer    // a suspected-cancer referral that is not cancer: the FIT result, the referral, its clinic (suspectedcancer.go)
	purposeAEAdmit            // whether a young baby seen in A&E with bronchiolitis or a fever is admitted, and the stay (redflag.go)
	purposeStayTests          // a stay's tests: their hour and results (staytests.go)
	purposeFirstContactTests  // the tests at an episode's first contact (firstcontacttests.go)
	purposeAlcohol            // a person's drinking, and the brief intervention after an AUDIT-C (alcohol.go)
	purposeInjuryFollowUp     // whether and when the GP sees an older person after A&E for a broken wrist or a head injury (injuryfollowup.go)
	purposeRehabAtDischarge   // whether an admission for a COPD exacerbation ends with a pulmonary rehabilitation referral (aftercare.go)
	purposeStartScan          // whether and when a baseline bone scan follows an aromatase inhibitor's start (aftercare.go)
	purposeRSVVaccine         // whether and when an older adult has the RSV vaccine (rsvvaccine.go)
	purposeEpisodeFollowUp    // the GP contact after an A&E episode of self-harm, and its referral (episodefollowup.go)
	purposeOwnCourse          // a first-contact course drawn on its own (own_stream: heavy periods' tranexamic acid, hospital.go)
	purposeHerpesZoster       // shingles: the rash, its contact, antiviral and postherpetic neuralgia (herpeszoster.go)
	purposeMenopause          // a woman's menopause age, her symptoms' consultation and HRT (menopause.go)
	purposeInfarct            // a heart attack's size, its tests' own spread and the heart failure it brings (infarct.go)
	purposeVTE                // deep vein thrombosis and pulmonary embolism: when, which, the course (vte.go)
	purposeIronDeficiency     // whether a heavy-periods episode carries an iron deficiency, and how deep (irondeficiency.go)
	purposeAnaemiaReferral    // the clinic day of an iron deficiency anaemia's suspected cancer referral (anaemiareferral.go)
	purposeTrialWithdrawal    // when a trial line's drug that helped is withdrawn (trial.go: migraine prevention)
	purposeSerialTest         // the second sample of a raised A&E troponin: when, and its change (serialtest.go)
	purposePregnancy          // a woman's pregnancies by year of age, and their visits (pregnancy.go)
	purposeFromDischarge      // the day after an onset event's discharge that its first review comes (care.go)
	purposeWhiteCoat          // an earlier raised reading whose monitoring did not confirm hypertension (whitecoat.go)
	purposePregnancyCare      // a pregnancy's antenatal visits and vaccines (pregnancycare.go)
	purposeResultFall         // the result an acute kidney injury lowers: its share and the reading's noise (resultfall.go)
	purposeSpecialistStart    // a referral whose clinic starts a line (the diabetes team's insulin): its clinic day and the clinic's draws (specialiststart.go)
	purposeLowWhiteCount      // the repeat blood count of a low white cell count: its day and its reading (lowwhitecount.go)
	purposeRemoteBloods       // the day of the practice blood test a telephone first contact asks for (remotebloods.go)
	purposeAddOnFerritin      // the ferritin added to a low count's sample before iron deficiency is coded (confirmferritin.go)
	purposeIronStores         // the oral iron a low ferritin with a normal haemoglobin starts (ironstores.go)
	purposeMarker             // a cancer's tumour marker after its diagnosis: course, level and tests (markers.go)
	purposeFlaresFollowUp     // the day of the review that offers ULT after recurrent gout flares (flares.go)
	purposeBoneDecision       // the reason coded when a fragility fracture is not followed by bone protection (bonedecision.go)
	purposeAlcoholLiver       // the liver function tests of alcohol dependence (alcoholliver.go)
	purposeHPylori            // a dyspepsia's Helicobacter pylori test and its result (hpylori.go)
	purposeChildContact       // what a child's face-to-face contact about a long-term condition measures (childcontact.go)
	purposeProtect            // whether an offer of a condition's protecting medicine is taken (protect.go)
	purposeRenalSwitch        // the medicine given when the kidneys bar a line's every option (renalswitch.go)
	purposeStrokeRisk         // the anticoagulant started when the stroke risk rises between AF reviews (strokerisk.go)
	purposeStartCover         // the response to a medicine given as cover while another is first started (startcover.go)
	purposeUrgentClinic       // the suspected-cancer clinic before a straight-to-test procedure (urgentclinic.go)
	purposePhoneReview        // what a telephone contact about a long-term condition asks (phonereview.go)
	purposeSymptomAssessment  // what a contact about a long-standing condition assesses for it (symptomcontact.go)
	purposeDyingMedicines     // the blood pressure read at the end-of-life medicines review and the visit of the last weeks' review (dyingmeds.go)
	purposeResultFirst        // the test an option's result_at_most takes first when none is recent (optionresult.go)
	purposeHarmfulDrinking    // a higher-risk drinker's full AUDIT: dependent or not, and its score (harmfuldrinking.go)
	purposeTestResult         // the result of a test coded as done: a culture's growth, an ECG's rhythm, a T-score (testresults.go)
	purposeInteractionCheck   // the day of the blood test a short course beside an interacting medicine needs (interactions.go)
	purposeSpirometry         // the FEV1/FVC ratio's blow-to-blow spread at a spirometry (spirometry.go)
	purposeCourseReview       // the day of a long course's review when none of the condition's falls then (coursereview.go)
	purposeOwnReading         // an own_stream reading's visit spread: the lipid profile's HDL and triglycerides (lipidpanel.go)
	purposeDoseResponse       // whether a start test's short fall raises the dose (doseresponse.go)
	purposeRuledOut           // the test and result clinic of a suspected-cancer referral that finds no cancer (ruledout.go)
	purposeReadingSpread      // a contact reading's spread between illnesses: a fever's temperature (contactmeasure.go)
	purposeAlcoholReassess    // the drinking asked again at an alcohol disorder's yearly consultation (alcoholliver.go)
	purposeResidence          // whether and from when a very old person lives in a care home or is housebound (residence.go)
	purposeClinicReadings     // the readings a specialist clinic records at an attendance (clinicdischarge.go)
	purposeStoresWorkUp       // the test for the cause of empty iron stores at the contact that treats them (ironstores.go)
	purposePersistingTests    // the tests at the first contact about an episode that has lasted weeks (persistingtests.go)
	purposeVTECare            // a VTE's baseline bloods, its 3-month review and its anticoagulant's blood tests (vtecare.go)
	purposeBPElsewhere        // the hypertension review a high reading at another condition's review joins (bpelsewhere.go)
	purposeAlcoholMedicines   // thiamine and a relapse-prevention medicine after a drinking disorder is coded (alcoholmedicines.go)
	purposeSlowHeartWorkUp    // the ECG and bloods at a slow pulse no medicine explains (slowheartworkup.go)
	purposeHighTriglycerides  // a very high triglyceride's repeat and referral days (hightriglycerides.go)
	purposeSpecialistReview   // a progressive condition's specialist reviews, their slots and starts, and the person's pace (progression.go)
	purposeFallsClinic        // whether and when the falls service sees an older person after an injury from a fall (fallsclinic.go)
	purposeBPRepeat           // the repeat check after a high blood pressure outside a review (bprepeat.go)
	purposePersistentDrinking // the full AUDIT and the referral offer of drinking brief advice did not change (persistentdrinking.go)
	purposeAlcoholWithdrawal  // a community assisted alcohol withdrawal: taken up or not, its days (alcoholmedicines.go)
	purposeDrinkingChange     // whether drinking answers the care given, to what and for how long (drinkingchange.go)
	purposeSafeguarding       // the day of the health visitor's review after a young child's A&E pattern of concern (safeguarding.go)
	purposeCultureResult      // a urine culture's organism resistant to the antibiotic given, the day its report comes (cultureresult.go)
	purposeTeratogen          // contraception begun beside a medicine of teratogenic potential, and the pregnancies that still begin (teratogen.go)
	purposeClosedDay          // the working day a GP contact drawn on a weekend or bank holiday moves to (timeline.go openDay)
	purposeInfantUTIScan      // the day of a baby's kidney scan after a first UTI treated at home (infantutiscan.go)
	purposeNewLowEGFR         // the day of the repeat of a new eGFR below 30 (newlowegfr.go)
	purposeAKIRecovery        // the days of the repeat checks of kidney function not recovered after an AKI (akirecovery.go)
	purposeLevelCourse        // whether a treated condition's level improves, to what and over how long (levelcourse.go)
	purposePlannedDay         // the working day a planned contact due on a weekend or bank holiday is booked on (plannedday.go)
	purposeSuspected          // the day of the contact that suspected a condition its tests then diagnose (suspected.go)
	purposeNoGrowth           // the day a urine culture's "No growth" is reported, closing the UTI (cultureresult.go)
	purposeImmunisationRecall // whether parents decline a missed primary course, and its invitations' contacts (immunisationrecall.go)
	purposeSusceptible        // whether a medicine's effect falls on the person (a thiazide's hyponatraemia; state.go)
	purposePostnatalBP        // the day of the GP review of the blood pressure treatment after a birth (pregnancypostnatalrx.go)
	purposeGDMRecall          // the days of the yearly HbA1c after gestational diabetes (pregnancygdmrecall.go)
	purposeCardiologyClinic   // the day and readings of the cardiology clinic after a slow blackout's referral (cardiologyclinic.go)
	purposeFlareRepeat        // a long-term problem's repeat: its authorising contact and reviews (flarerepeat.go)
	purposeCourseScan         // the day of the hospital scan before a long course's review (coursereview.go)
	purposeSettleFirst        // the day of the follow-up that starts a first line held back at an attack (settlefirst.go)
	purposeAlsoTest           // the day and time of a referral's second test (the gastroscopy beside an anaemia's colonoscopy; ruledout.go)
	purposePosturalBlackout   // an older person's standing pressure at a blackout (posturalblackout.go)
	purposeSchoolLaterDoses   // the session times of a school course's later doses (HPV's second and third; immunisations.go)
	purposeImmRecallLater     // the contacts of a late visit's missed invitations and of the recalls after the first (immunisationrecall.go)
	purposeEyeScreeningMissed // a missed diabetic eye screen's code and the appointment re-offered (eyescreening.go)
	purposeAnaemiaFIT         // the FIT for the cause of an iron deficiency anaemia under 60 (anaemiareferral.go)
	purposeFebrileInfantAdmit // the stay and screen of a baby under 3 months admitted from A&E at 38 or more (febrileinfant.go)
	purposeAEPotassiumRepeat  // A&E's repeat potassium after a GP's result of 6.5 or more (resultstop.go)
	purposeQuitPrompted       // the quit attempts of a smoker with COPD offered help at its reviews (quitprompted.go)
	purposeRescuePack         // whether a COPD rescue pack is taken after an exacerbation, and its antibiotic (rescuepack.go)
	purposeDirectAdmitTests   // A&E's tests at an emergency admission the GP arranged, not through A&E (aetests.go)
	purposeLongTermCheck      // the day of the level a long-term start beside lithium needs (interactionstarts.go)
	purposePregnancyLevel     // the visits of a medicine's levels in a pregnancy (pregnancylevels.go)
	purposeResultAdmit        // the stay and repeat of a result at hospital_at admitted from A&E (resultadmit.go)
	purposeOverdoseBloods     // the timing and clotting screen of A&E's bloods after an overdose (overdosebloods.go)
	purposeBandRepeat         // the day and reading of the repeat of a reading past a condition's band (bandrepeat.go)
	purposeOpioidTitration    // whether the regular opioid of end-of-life care goes up a step at a reissue (anticipatory.go)
	purposeSyringeDriver      // whether and when a syringe driver is set up in the last days, and its visit (syringedriver.go)
	purposeStarterRepeat      // the GP contact that issues a titration's maintenance repeat (starter.go)
	purposeChestAntibiotic    // the course a chest infection's state calls for, issued once the contact's readings are read (chestantibiotic.go)
	purposeUnsuitedSwitch     // the course an option barred by a new diagnosis is switched to (unsuited.go)
	purposePregnancyDose      // the level's visits of a dose raised through a pregnancy (pregnancydose.go)
	purposeFluDeclined        // the day a season's flu vaccine declined is coded (fludeclined.go)
	purposeSeason             // an acute presentation moved between months by its season (seasons.go)
	purposeScanFirst          // the day and time of the scan before a suspected cancer's first clinic (the prostate MRI; scanfirst.go)
	purposeLastDaysReview     // the day and visit of the review of the last days with no syringe driver (lastdaysstop.go)
	purposeNoGrowthStop       // the call that stops a UTI's antibiotic on a urine culture's "No growth" (nogrowthstop.go)
	purposeAETriage           // whether A&E admits an adult with syncope, cellulitis or a UTI, and the stay (aetriage.go)
	purposeDayCase            // a day case's list start and time in the unit; a cancer operation's day case or stay (daycase.go)
	purposeRecurrenceFirst    // whether a first presentation is treated at once, else the day of its recurrence (recurrencefirst.go)
	purposeHeadCheck          // the day and reading of a baby's head circumference measured again (headcheck.go)
	purposeCultureDecision    // the call that gives a grown urine culture's result, and the course it starts (culturedecision.go)
	purposeActiveTreatment    // the treatments drawn again for a cancer no anti-cancer treatment does not suit (activetreatment.go)
	purposeCancerPain         // whether and when pain starts the strong opioid of end-of-life care (cancerpain.go)
	purposeAntenatalSchedule  // a pregnancy's parity and the NICE NG201 appointments added in stop 74 (antenatalschedule.go)
	purposeCardioversion      // the clinic that starts the anticoagulant before an AF cardioversion (cardioversion.go)
	purposePaediatricClinic   // the day and head measurement of the paediatric clinic a confirmed head referral books (paedclinic.go)
	purposeTriageVitals       // an adult's A&E triage readings for syncope, cellulitis or a UTI, read by the admission decision (aetriagevitals.go)
	purposeReferralCourse     // a referral's course of attendances after the first and the practice's follow-up (referralcourse.go; h75d)
	purposeDyingResuscitation // whether a DNACPR decision not made at the register entry is made at the anticipatory medicines visit (resuscitation.go)
)

// person is the state of the patient being generated.
type person struct {
	// walk is calendarYears' stream, here so a walk allocates none (fn
	// keeps a pointer to it, which moved a local stream to the heap: a
	// fifth of the objects BenchmarkGenerate allocated, issue 17, stop
	// 51); walking marks a walk under way: they are never nested.
	walk    distributions.Stream
	walking bool
	// tests is episodeTests' stream, here for the same reason (its
	// callback is given a pointer to it: 2.4 allocations a person, stop
	// 52). Its callers are passes of their own, never inside another.
	tests    distributions.Stream
	index    int64
	id       string
	sex      int
	birth    models.Date
	death    models.Date // NoDate when alive on the horizon
	lastDay  models.Date // death or the horizon: the life is simulated to here
	anchor   models.Date // the population date, or an earlier death: conditions, smoking and registration are drawn for this day
	firstDay models.Date // window start or birth: history starts here
	ageAtEnd int
	group    string // ethnic group, for drug choice and surnames
	practice *models.Practice
	conds    []heldCondition
	baseline []float64 // per observation slot: this person's own offset
	hasBase  []bool
	referred []int     // coded observation slots whose value's referral is coded (codedrefer.go)
	lastVal  []float64 // per slot: the last value recorded, and when
	lastAt   []models.Timestamp
	hasLast  []bool
	heightM  float64     // metres; 0 until first needed
	adultOn  models.Date // 18th birthday
	cohort   *cohortPlan // scenario constraints; nil for ordinary patients
	extras   []extraEvent

	smoking                smokingHistory
	alcohol                drinking
	sober                  soberSpell         // the abstinence specialist care for dependence brought (drinkingchange.go; h74f)
	frailty                float64            // the person's contact-rate multiplier (mean 1)
	medReviewedOn          models.Date        // the last medication review coded or booked (medicationreview.go); 0 none
	rescuePackOn           models.Date        // the last COPD rescue pack issued (rescuepack.go); 0 none
	rescuePacks            []rescuePackIssue  // every COPD rescue pack issued, in day order (rescuepackuse.go)
	packFlareContacts      []packFlareContact // the GP contacts about an exacerbation of a condition with a rescue pack (rescuepackuse.go)
	structuredOn           models.Date        // the last structured medication review booked; 0 none
	registered             models.Date
	prevPractice           *models.Practice // before registration; nil when none
	courses                []course         // every medicine course, in start order
	stays                  []stay           // inpatient stays
	flares                 []flare          // emergency admissions with an exacerbation of a condition
	egfrSeen               []egfrReading    // every eGFR result a prescriber can see, in generation order
	falls                  []resultFallen   // the results problems lowered, written once the contacts are (resultfall.go)
	akiResumes             []akiResume      // the check each acute kidney injury's held medicines restart at (akirecovery.go)
	stopSeen               []slotReading    // every result that can stop a medicine (resultstop.go), in generation order
	careWritten            bool             // the chronic care pass is written: a result that would stop a medicine comes too late (latecount.go)
	iron                   []ironCourse     // iron courses a low haemoglobin started (anaemia.go)
	heldIron               []ironDeficiency // iron deficiency a referral's held low count began (irondeficiency.go)
	retested               []slotDay        // every reading of a test with a retest interval (retest.go)
	slowHeart              []slowHeartState // per prescribing.yaml slow_heart rule: the reading a prescriber knows (slowheart.go)
	causeCode              string           // underlying cause of death (ICD-10), when dead
	causeText              string
	causeID                string          // the condition the death is attributed to, if any
	causeBackground        int             // the background cause of death (catalogue causes_of_death index), -1 none
	birthY, birthM, birthD int             // the birth date's calendar parts, once asked for (setBirthdays)
	ageFrom, ageUntil      models.Date     // the last age asked for holds on [ageFrom, ageUntil)
	ageKnown               int             // that age
	bdays                  [32]models.Date // birthdays from the age bdayAge0 on, once asked for
	bdayAge0               int
	bdaysSet               bool
	expectedDeath          bool              // the cause is a chronic condition held: a visible decline
	wasting                *datasets.Wasting // the decline's loss of an observation's level (cachexia), nil: none
	wastingSlot            int
	wastingFrom            models.Date // the wasting begins on this day
	declineFrom            models.Date // the fatal decline begins: no new long-term diagnosis from then (declining.go; 0: none)
	causeOnset             models.Date // the onset of a sudden cause of death; 0 otherwise
	deprescribe            models.Date // the end-of-life medicines review: no preventive medicine from then (0: none)
	// checkStatinOn: a health check's statin offer was taken; the risk it
	// found is coded and the statin started at the results appointment on
	// this day (0: none; checkstatin.go)
	checkStatinOn   models.Date
	egfrFloor       float64     // a scenario's forced drug needs eGFR above this (0: none)
	frozenSlot      int         // an observation no longer tracking its disease (dialysis: eGFR)
	frozenFrom      models.Date // from this day its usual level stays where it was (0: none)
	clinicID        string      // the problem an outpatient clinic last first saw
	clinicDay       models.Date
	clinicPres      int              // the presentation of clinicID
	clinicVisits    []clinicVisit    // clinic attendances with their reasons, for one a day per problem
	partOf          [][2]string      // a problem row and the pregnancy row it arose in: one problem to a clinic (pregnancybp.go)
	heldContacts    []heldContact    // background GP contacts about a condition held or a long-standing problem (contactgap.go)
	triage          []triageVitals   // the A&E triage readings an adult's admission decision read (aetriagevitals.go)
	clinicUntil     models.Date      // when that problem resolved (NoDate: still open)
	episodes        []episode        // per presentation: the current episode
	opened          []int            // the presentations with an episode so far, in index order (gpKnownProblem reads only these)
	gpReferrals     []gpReferral     // episodes the GP refers to a clinic, booked after the GP contacts (gprefers.go)
	episodeRepeats  []episodeRepeat  // for_episode courses' repeats, authorised after the GP contacts (episodedays.go)
	reviewStarts    []reviewStart    // courses decided at a first contact, started at a review (steppedcare.go)
	qriskEth        int              // QRISK3's ethnicity category (cvdrisk.go)
	riskScored      []models.Date    // days a cardiovascular risk score was recorded (cvdrisk.go)
	riskValue       float64          // the latest score recorded at a review or health check (cvdrisk.go)
	statinOffered   models.Date      // the latest primary-prevention statin offer (cvdrisk.go); 0 none
	assessedRepeats []assessedRepeat // episodes whose repeat's review records their score (steppedcare.go)
	allergies       []heldAllergy    // allergy-list entries, by onset
	barred          []barredClass    // classes a coded contraindication bars (recordedcontra.go)
	immVisits       [24]immVisit     // childhood immunisation visits, by the day asked for
	nVisits         int
	idHash          uint64      // a hash of the patient id, for choices that draw nothing
	keyed           streamKey   // Key(seed, index), hashed once for the person's streams (personstream.go)
	gpChoices       [2]gpChoice // the GPs of the practices seen so far (at most two)
	gpDays          daySet      // the days with a GP appointment
	plannedDays     daySet      // the days a planned admission or day case begins (no GP appointment then)
	referrals       []referral  // planned operations on new problems, to refer first
	pregnancies     []pregnancy // drawn before the care is written (pregnancy.go)
	contra          contraDraw  // the episode of contraception drawn (contraception.go)
	eolStart        models.Date // end-of-life care begins: no routine reviews or planned operations from then (0: none)
	opioidStep      int         // the regimen step of the regular opioid of end-of-life care last issued (anticipatory.go)
	syringeOn       models.Date // the day a syringe driver is set up in the last days (0: none; syringedriver.go)
	syringeDrawn    bool        // syringeOn is drawn
	syringeSet      models.Date // the day the syringe driver was prescribed (0: none)
	lastDaysStop    models.Date // the day the review of the last days with no syringe driver stopped its classes (0: none; lastdaysstop.go)
	// atHomeFrom: from this day the person lives in a care home or is
	// housebound and is seen there (residence.go; 0: never); atHomeCode
	// is the status's observation key.
	atHomeFrom     models.Date
	atHomeCode     string
	eolRegistered  bool              // the palliative care register entry was written (terminalDecline)
	notForCPR      bool              // a DNACPR decision is coded (resuscitation.go)
	supportiveFrom models.Date       // the day best supportive care was decided for a cancer (diagnosingtest.go; 0: never): routine screening stops
	lateStopped    models.Date       // a fewer_drugs entry's lines kept to the last weeks stopped (dyingmeds.go; 0: not)
	diesInHospital bool              // the cause of death is one that happens in hospital (a neonate's, from birth)
	encFrom        int               // the patient's first encounter in the batch
	obsFrom        int               // the patient's first observation in the batch
	condFrom       int               // the patient's first condition row in the batch
	rxFrom         int               // the patient's first prescription in the batch
	renalAcute     []renalAcuteIssue // acute issues of a medicine with a renal stop_below, with their course (renalstarts.go)
	pendingChecks  []pendingCheck    // short courses whose interactions want a test, read once the courses are written (interactions.go)
	vteSpans       [][2]models.Date  // the days a VTE's anticoagulant runs (vte.go; last day NoDate: open)
	fracturesSeen  int               // the condition rows fragilityFractures read up to (fragility.go)
	datedRows      []int             // condition rows dated by their diagnosing consultation (diagnosisdate.go)
	urgentRows     []int             // condition rows dated by the clinic an urgent referral led to (urgent.go)
	symptomRows    []string          // a cancer's symptom problems, tested at their contact already (presentingSymptom): firstContactTests passes them by
	presHeld       []presHeld        // the exacerbations the person can present with (heldPresentations)
	presHeldN      int               // len(conds) when presHeld was listed
	presHeldSet    bool
	bpIndex        bpIndex      // the blood pressure readings written so far (contactindex.go)
	phoneIndex     phoneIndex   // the telephone contacts written so far (contactindex.go)
	adminCalls     []string     // encounter ids of the administrative telephone contacts booked (checkup.go; admincalls.go)
	resultsGiven   []string     // scratch: encounters whose test results a call gave (admincalls.go)
	condIndex      condIndex    // the condition rows by id sequence number (condindex.go)
	readings       readingIndex // the observation rows by slot, for the slots read (readingindex.go)
	childReviews   []string     // encounter ids of the child health reviews (childhealth.go): no acute problem is raised there
	// congenital: the congenital malformation the person dies of (nil:
	// none), diagnosed on congenitalOn, the day of birth when known before
	// it (congenital.go)
	congenital   *datasets.CongenitalCare
	congenitalOn models.Date
}

func (g *worker) demographics(i int64, pt *models.Patient, per *person) error {
	p := g.plan
	s := distributions.NewStream(p.Opts.Seed, uint64(i), purposeDemographics)
	asOf := p.Opts.Population()
	var age int
	cp := per.cohort
	switch {
	case cp != nil && cp.died:
		span := int(asOf - cp.diedFrom)
		per.death = cp.diedFrom + models.Date(s.IntN(span+1))
		y := min(int(asOf-per.death)/365, len(cp.deathAge)-1)
		k := cp.deathAge[y].Sample(&s)
		per.sex, age = k/(maxAge+1), k%(maxAge+1)
		per.birth = p.birthBefore(per.death, age, &s)
		per.lastDay = per.death
	case cp != nil:
		k := cp.sexAge.Sample(&s)
		per.sex, age = k/(maxAge+1), k%(maxAge+1)
		per.birth = birthFor(asOf, age, &s)
		per.lastDay = asOf
	case s.Bernoulli(p.pDied):
		y := p.deathYear.Sample(&s)
		k := p.deathSexAge[y].Sample(&s)
		per.sex, age = k/(maxAge+1), k%(maxAge+1)
		// The death falls in the y-th year before the population date, inside the window.
		latest := asOf - models.Date(365*y)
		earliest := max(latest-364, p.windowStart+1)
		per.death = earliest + models.Date(s.IntN(int(max(latest-earliest, 0))+1))
		per.birth = p.birthBefore(per.death, age, &s)
		per.lastDay = per.death
	default:
		k := p.sexAge.Sample(&s)
		per.sex, age = k/(maxAge+1), k%(maxAge+1)
		per.birth = birthFor(asOf, age, &s)
		per.lastDay = asOf
	}
	per.index = i
	per.ageAtEnd = age
	per.anchor = per.lastDay
	if per.death == models.NoDate { // alive on the population date: the life runs on to the horizon
		per.lastDay = max(p.Opts.SimulatedTo(), per.anchor)
		if cp == nil { // a scenario's cohort members stay available to the course
			g.laterDeath(per)
		}
	}
	per.adultOn = models.DateOf(per.birth.Time().AddDate(18, 0, 0))
	per.firstDay = max(p.windowStart, per.birth)
	per.gpDays.reset(per.firstDay, per.lastDay)
	per.plannedDays.reset(per.firstDay, per.lastDay)

	eth := p.cohortEthnicity(cp, i, p.ethnic[p.ethnicPick.Sample(&s)]) // ethnicity.go
	per.group = eth.Group
	per.qriskEth = qriskEthnicity(eth.Code)
	region := p.regions[p.regionPick.Sample(&s)]
	if cp != nil && len(cp.regions) > 0 {
		region = p.regions[cp.regions[s.IntN(len(cp.regions))]]
	}
	townIdx := p.townsByReg[region.Code][p.townPick[region.Code].Sample(&s)]
	if cp != nil && len(cp.towns) > 0 {
		townIdx = cp.towns[s.IntN(len(cp.towns))]
	}
	town := &p.towns[townIdx]
	practices := p.townPractic[townIdx]
	per.practice = &p.practices[practices[s.IntN(len(practices))]]
	if k := p.listPractice(cp); k >= 0 { // one practice's list (scenario_practices.go)
		per.practice = &p.practices[k]
	}

	birthYear, _, _ := per.birth.YMD()
	given := p.firstNameTable(per.sex, birthYear).draw(&s)
	family := p.surnames[eth.Group].draw(&s)
	cohort, story := "", ""
	if cp != nil {
		cohort = cp.name
		if cp.persona != nil {
			story = cp.persona.Story
		}
		if cp.persona != nil && cp.persona.GivenName != "" {
			given = cp.persona.GivenName
		}
		if cp.persona != nil && cp.persona.FamilyName != "" {
			family = cp.persona.FamilyName
		}
	}

	nhs, err := NHSNumber(p.Opts.Seed, i, p.Opts.ExtendedNHSNumbers)
	if err != nil {
		return err
	}
	reg := per.anchor - models.Date(s.Exponential(1/(11*365.25)))
	reg = max(reg, per.birth+models.Date(s.IntN(28)))
	reg = min(reg, per.anchor)
	per.registered = reg
	// Contacts before registration were at an earlier practice (in the same
	// town when it has another), whose record came with the patient.
	per.prevPractice = nil
	other := practices[s.IntN(len(practices))]
	if reg > per.firstDay && len(p.practices) > 1 {
		if pr := &p.practices[other]; pr != per.practice {
			per.prevPractice = pr
		} else {
			per.prevPractice = &p.practices[(other+1+s.IntN(len(p.practices)-1))%len(p.practices)]
		}
	}
	if k := p.Cat.Activity.DispersionShape; k > 0 {
		per.frailty = math.Min(s.Gamma(k)/k, maxContactMultiplier)
	} else {
		per.frailty = 1
	}

	*pt = models.Patient{
		PatientID:        per.id,
		PatientIndex:     i,
		NHSNumber:        nhs,
		GivenName:        given,
		FamilyName:       family,
		Sex:              sexNames[per.sex],
		BirthDate:        per.birth,
		DeathDate:        per.death,
		EthnicCategory:   eth.Code,
		EthnicDesc:       eth.Description,
		AddressLine:      p.streetAddress(&s),
		Town:             town.Name,
		Postcode:         unissuablePostcode(town.Outcodes[s.IntN(len(town.Outcodes))], &s),
		Region:           region.Code,
		RegionName:       region.Name,
		Phone:            dramaPhone(town.PhonePrefix, &s),
		Email:            emailFor(given, family, &s),
		PracticeID:       per.practice.PracticeID,
		RegistrationDate: reg,
		Cohort:           cohort,
		CohortStory:      story,
	}
	return nil
}

// ageOn is the person's age in whole years on day d. Ages are asked for at
// every visit, so the year between the two birthdays around the last answer
// is kept (most calls are two comparisons), and the birthdays around the
// history window are worked out once: a day inside them is placed among them
// without splitting it into calendar parts.
func (per *person) ageOn(d models.Date) int {
	if d >= per.ageFrom && d < per.ageUntil {
		return per.ageKnown
	}
	if !per.bdaysSet {
		per.setBirthdays()
	}
	b := &per.bdays
	if d >= b[0] && d < b[len(b)-1] {
		i := int(d-b[0]) / 366 // never past d's year: no year is longer
		for b[i+1] <= d {
			i++
		}
		per.ageKnown, per.ageFrom, per.ageUntil = per.bdayAge0+i, b[i], b[i+1]
		return per.ageKnown
	}
	y, m, day := d.YMD()
	age := y - per.birthY
	if m < per.birthM || (m == per.birthM && day < per.birthD) {
		age--
	}
	per.ageKnown = age
	per.ageFrom, per.ageUntil = per.birthday(age), per.birthday(age+1)
	return age
}

// setBirthdays fills the birthday table from 16 years before the history
// window's first year (past reviews are simulated up to 15 years back).
func (per *person) setBirthdays() {
	per.birthY, per.birthM, per.birthD = per.birth.YMD()
	y, _, _ := per.firstDay.YMD()
	per.bdayAge0 = max(0, y-per.birthY-16)
	for k := range per.bdays {
		per.bdays[k] = per.birthday(per.bdayAge0 + k)
	}
	per.bdaysSet = true
}

// birthday is the day the person turns age; a 29 February birthday falls on
// 1 March in other years, as in ageOn's comparison of calendar parts.
func (per *person) birthday(age int) models.Date {
	return models.CivilDate(per.birthY+age, per.birthM, per.birthD)
}

// maxContactMultiplier caps a person's contact-rate multiplier (model): the
// most frequent attenders see their GP several times the usual rate, not tens.
const maxContactMultiplier = 4

// birthFor returns a birth date at which a person is exactly `age` whole
// years old on day `on`.
func birthFor(on models.Date, age int, s *distributions.Stream) models.Date {
	t := on.Time()
	latest := models.DateOf(t.AddDate(-age, 0, 0))     // birthday today
	earliest := models.DateOf(t.AddDate(-age-1, 0, 1)) // birthday tomorrow, a year later
	return earliest + models.Date(s.IntN(int(latest-earliest)+1))
}

func (p *Plan) streetAddress(s *distributions.Stream) string {
	stem := p.streetStems[s.IntN(len(p.streetStems))]
	suffix := p.streetSuffix.draw(s)
	return strconv.Itoa(1+s.IntN(180)) + " " + stem + " " + suffix
}

// Inward codes never issued by Royal Mail: the unit's first letter is one of
// C, I, K, M, O, V, which the postcode rules forbid there. The outward code is
// the town's real district, so the address still looks local.
const (
	forbiddenUnitLetters = "CIKMOV"
	allowedUnitLetters   = "ABDEFGHJLNPQRSTUWXYZ"
)

func unissuablePostcode(outcode string, s *distributions.Stream) string {
	var b [4]byte
	b[0] = ' '
	b[1] = byte('0' + s.IntN(10))
	b[2] = forbiddenUnitLetters[s.IntN(len(forbiddenUnitLetters))]
	b[3] = allowedUnitLetters[s.IntN(len(allowedUnitLetters))]
	return outcode + string(b[:])
}

// dramaPhone completes a number in one of Ofcom's ranges reserved for drama,
// which are never allocated to a real line.
func dramaPhone(prefix string, s *distributions.Stream) string {
	n := s.IntN(1000)
	return prefix + string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// emailFor builds an address on example.com, reserved by RFC 2606.
func emailFor(given, family string, s *distributions.Stream) string {
	var b strings.Builder
	b.Grow(len(given) + len(family) + 20)
	for _, part := range []string{given, ".", family} {
		for _, r := range strings.ToLower(part) {
			if (r >= 'a' && r <= 'z') || r == '.' {
				b.WriteRune(r)
			}
		}
	}
	b.WriteString(strconv.Itoa(s.IntN(100)))
	b.WriteString("@example.com")
	return b.String()
}

// inEndOfLifeCare reports whether end-of-life care has begun by day d.
func (per *person) inEndOfLifeCare(d models.Date) bool {
	return per.eolStart != 0 && d >= per.eolStart
}

// screeningStopped reports whether routine screening (diabetic eye, breast,
// bowel, aortic and cervical) has stopped by day d: in end-of-life care, or
// once a cancer was given best supportive care instead of anti-cancer
// treatment (brief h75f: a screen offers nothing to someone with an
// incurable cancer and months to live; NHS screening programmes cease
// people for whom it is no longer appropriate, approx).
func (per *person) screeningStopped(d models.Date) bool {
	return per.inEndOfLifeCare(d) || (per.supportiveFrom != 0 && d >= per.supportiveFrom)
}

// heldBy is how many chronic conditions the person has been diagnosed with
// by day d.
func (per *person) heldBy(d models.Date) int {
	held := 0
	for ci := range per.conds {
		if per.conds[ci].onset <= d && !per.conds[ci].over(d) {
			held++
		}
	}
	return held
}
