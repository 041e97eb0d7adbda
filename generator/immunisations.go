package generator

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// immPlan is immunisations.yaml resolved once per run: dates as days,
// coverages as thresholds on a standard normal (a person's latent
// propensity), so that generating a patient needs no map and no allocation.
type immPlan struct {
	start   models.Date // the schedule's first day: doses due earlier are not recorded
	series  []seriesPlan
	lastDue int                // the latest due age in days: people older then at the schedule's start have none of it
	ages    int                // distinct due ages in the schedule (at most maxVisits)
	ageOf   [maxVisits]int     // the due age of each visit index, which follow age order
	rhoC    float64            // sqrt of the child correlation: weight of the child's shared propensity
	vaccine []datasets.Vaccine // the childhood schedule's vaccines, by dosePlan.vi: a renumbered dose's codes
	minGap  int                // the fewest days between two visits, and between two doses of one vaccine (min_interval)

	flu        *datasets.Influenza
	fluRisk    []bool // by condition index: a clinical risk group for influenza
	z65, zRisk float64
	zChild     float64
	zPrimary   float64 // the school programme's primary and secondary uptake
	zSecondary float64
	rhoF       float64
	inact      vaccineCodes
	nasal      vaccineCodes
	nasalLater vaccineCodes              // a later season's nasal dose: not coded "first"
	fluDecline *datasets.ObservationCode // coded in a season one who mostly declines is not vaccinated (nil: none; fludeclined.go)

	ppv                 *datasets.PPV
	ppvV                vaccineCodes
	shingles            *datasets.Shingles
	shStart, shRecomb   models.Date
	shLive, shRecombV   *datasets.Vaccine
	shLiveKey, shRecKey string
	shNoLive            []bool      // by condition index: rules the live vaccine out
	shImmunoRecomb      models.Date // the recombinant vaccine offered to the immunosuppressed from
	rsv                 *datasets.RSV
	rsvV                vaccineCodes

	covid covidPlan

	postpone []string // the presentations whose open episode postpones a dose (febrile.go)

	notGiven notGivenPlan // a missed primary course's invitations (immunisationrecall.go)

	holiday *datasets.SchoolHoliday // no school session in the summer holiday (schoolterm.go)
}

type seriesPlan struct {
	z       float64 // completes the series when its propensity is below z
	pOnTime float64 // of those who complete it, the share with every dose on time
	late    int     // catch-up doses fall after this age in days
	noLate  bool    // an upper age limit (rotavirus): no catch-up
	sex     int     // the sex offered it (sexIndex); -1: both
	with    int     // the series given at the same visits it goes with (index); -1: none
	alone   bool    // caught up alone (MMR): missed at the shared visit, given later up to z
	school  bool    // given by the school-aged immunisation service: no GP visit
	after   int     // the series whose course this one follows (index); -1: none
	doses   []dosePlan
}

type dosePlan struct {
	codes  vaccineCodes
	dose   int64
	age    int
	visit  int // index of its due age among the schedule's: doses due together share a visit
	maxAge int // the oldest age in days it may be given at; 0: any
	// startMax: the oldest age at which it may be a first dose (its
	// course's first dose's maxAge: rotavirus is not started at 16 weeks).
	startMax int
	vi       int // index of its vaccine in immPlan.vaccine
	gap      int // the fewest days after the vaccine's previous dose it may be given
	// later: a school course's later dose (laterSchoolDose), not given
	// from closes (its schedule's until: HPV's one dose counts from
	// September 2023; 0: open).
	later  bool
	closes models.Date
	sched  *datasets.ScheduledDose
}

// vaccineCodes is what an immunisation row carries about the vaccine.
type vaccineCodes struct {
	key, proc, procDisp, product, productDisp string
}

func codesOf(key string, v *datasets.Vaccine, dose int, booster bool) vaccineCodes {
	c := vaccineCodes{key: key, product: v.Product, productDisp: v.ProductDisplay}
	c.proc, c.procDisp = v.ProcedureFor(dose, booster)
	if c.productDisp == "" {
		c.productDisp = v.Name
	}
	if c.procDisp == "" {
		c.procDisp = v.Name
	}
	return c
}

// probit is the standard normal quantile: a propensity below probit(p/100)
// has probability p%.
func probit(pct float64) float64 { return math.Sqrt2 * math.Erfinv(2*pct/100-1) }

func (p *Plan) buildImmunisations() error {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		return err
	}
	ip := &p.imm
	ip.start = im.ScheduleStart.Date()
	ip.rhoC = math.Sqrt(im.ChildCorrelation)
	ip.minGap = im.MinInterval.Days
	// Visit indexes follow due age, so that each visit's delay can keep
	// four weeks from the one before.
	var ages []int
	for _, s := range im.Series {
		for di, d := range s.Doses {
			if laterSchoolDose(&s, di) {
				continue // the session of its course's first dose (below)
			}
			if !slices.Contains(ages, d.AgeDays) {
				ages = append(ages, d.AgeDays)
			}
		}
	}
	slices.Sort(ages)
	visitOf := map[int]int{}
	for k, a := range ages {
		visitOf[a] = k
		if k < maxVisits {
			ip.ageOf[k] = a
		}
	}
	vaccineIndex := map[string]int{}
	for _, s := range im.Series {
		sp := seriesPlan{z: probit(s.Coverage), pOnTime: s.OnTime / s.Coverage, late: s.LateAfterDays, noLate: s.OnTime == s.Coverage,
			sex: -1, with: -1, after: -1, school: s.Setting == datasets.SettingSchool}
		if s.Sex != "" {
			sp.sex = sexIndex(s.Sex)
		}
		for k, o := range im.Series {
			if s.After != "" && o.Key == s.After { // only after that course: its coverage counts everyone
				sp.after, sp.z = k, boosterZ(ip.series[k].z, s.Coverage, im.ChildCorrelation, 1)
			}
			if s.With != "" && o.Key == s.With {
				sp.with = k
				if sp.noLate { // given only when the shared visits were on time: aim above, to land on coverage
					sp.z = probit(min(s.Coverage/ip.series[k].pOnTime, o.Coverage))
				}
				if s.DeclinedWithVisit { // one decision for the visit: given whenever its series is
					sp.z = ip.series[k].z
				}
				if s.CaughtUpAlone { // ... and later, alone, for some who missed it
					za := math.Inf(1) // the visit's course: none, or the one it is held after
					if a := ip.series[k].after; a >= 0 {
						za = ip.series[a].z
					}
					sp.z, sp.alone = aloneZ(min(za, 8), ip.series[k].z, s.Coverage, im.ChildCorrelation), true
				}
			}
		}
		for di := range s.Doses {
			d := &s.Doses[di]
			ip.lastDue = max(ip.lastDue, d.AgeDays)
			v := im.Vaccines[d.Vaccine]
			k := visitOf[d.AgeDays]
			var closes models.Date
			if laterSchoolDose(&s, di) {
				if _, ok := visitOf[d.AgeDays]; !ok { // a session of its own age's (year 9's booster), or its first dose's
					k = visitOf[s.Doses[firstDoseOf(s.Doses, d.Vaccine)].AgeDays]
				}
				closes = d.Until.Date()
			}
			vi, ok := vaccineIndex[d.Vaccine]
			if !ok {
				vi = len(ip.vaccine)
				vaccineIndex[d.Vaccine] = vi
				ip.vaccine = append(ip.vaccine, v)
			}
			startMax := d.MaxAgeDays
			if e := firstDoseOf(s.Doses, d.Vaccine); e < di {
				startMax = s.Doses[e].MaxAgeDays
			}
			sp.doses = append(sp.doses, dosePlan{codes: codesOf(d.Vaccine, &v, d.Dose, d.Booster), dose: int64(d.Dose),
				age: d.AgeDays, visit: k, maxAge: d.MaxAgeDays, startMax: startMax, vi: vi, gap: d.MinGap(ip.minGap), sched: d, later: laterSchoolDose(&s, di), closes: closes})
		}
		ip.series = append(ip.series, sp)
	}
	if len(ip.vaccine) > maxVaccines {
		return fmt.Errorf("immunisations.yaml: %d childhood vaccines, at most %d", len(ip.vaccine), maxVaccines)
	}
	if len(ip.series) > maxSeries {
		return fmt.Errorf("immunisations.yaml: %d series, at most %d", len(ip.series), maxSeries)
	}
	if ip.ages = len(visitOf); ip.ages > maxVisits {
		return fmt.Errorf("immunisations.yaml: %d distinct due ages, at most %d", ip.ages, maxVisits)
	}
	fl := &im.Influenza
	ip.flu = fl
	ip.fluRisk = make([]bool, len(p.conds))
	for _, k := range fl.RiskConditions {
		ip.fluRisk[p.condIndex[k]] = true
	}
	ip.z65, ip.zRisk, ip.zChild = probit(fl.Uptake65Plus), probit(fl.UptakeRiskUnder65), probit(fl.UptakeAge2to3)
	ip.zPrimary, ip.zSecondary = probit(fl.UptakePrimary), probit(fl.UptakeSecondary)
	ip.rhoF = math.Sqrt(fl.PersonCorrelation)
	v := im.Vaccines["flu_inactivated"]
	ip.inact = codesOf("flu_inactivated", &v, 1, false)
	v = im.Vaccines["flu_live_nasal"]
	ip.nasal = codesOf("flu_live_nasal", &v, 1, false)
	ip.nasalLater = codesOf("flu_live_nasal", &v, 2, false)
	if code, ok := datasets.ObservationByKey(fl.Declined); ok {
		ip.fluDecline = &code
	}
	ip.ppv = &im.PPV
	v = im.Vaccines["ppv23"]
	ip.ppvV = codesOf("ppv23", &v, 1, false)
	ip.shingles = &im.Shingles
	ip.shStart, ip.shRecomb = im.Shingles.ProgrammeStart.Date(), im.Shingles.RecombinantFrom.Date()
	live, rec := im.Vaccines["shingles_live"], im.Vaccines["shingles_recombinant"]
	ip.shLive, ip.shRecombV = &live, &rec
	ip.shLiveKey, ip.shRecKey = "shingles_live", "shingles_recombinant"
	ip.shNoLive = make([]bool, len(p.conds))
	for _, k := range im.Shingles.LiveContraindicatedWith {
		ip.shNoLive[p.condIndex[k]] = true
	}
	ip.shImmunoRecomb = im.Shingles.ImmunosuppressedRecombinantFrom.Date()
	ip.rsv = &im.RSV
	v = im.Vaccines["rsv_older_adult"]
	ip.rsvV = codesOf("rsv_older_adult", &v, 1, false)
	p.buildCovid(im)
	ip.buildNotGiven(im)
	ip.holiday = im.SchoolHoliday
	if pw := im.PostponeWhile; pw != nil {
		ip.postpone = pw.Presentations
	}
	return nil
}

// firstDoseOf is the index of the first of doses that is of vaccine.
func firstDoseOf(doses []datasets.ScheduledDose, vaccine string) int {
	return slices.IndexFunc(doses, func(o datasets.ScheduledDose) bool { return o.Vaccine == vaccine })
}

// laterSchoolDose: dose di of a school series follows an earlier dose of
// its vaccine (HPV's second and third, brief h70e). It adds no session of
// its own: its day is its due age moved by the delay of the session due at
// the same age (HPV's second of two with the year 9 booster) or else of its
// course's first session, as the school-aged immunisation service returns
// on its round; the childhood schedule's visits (and their draws) stay as
// they were.
func laterSchoolDose(s *datasets.VaccineSeries, di int) bool {
	return s.Setting == datasets.SettingSchool && firstDoseOf(s.Doses, s.Doses[di].Vaccine) < di
}

// Immunisation programmes, as written in the programme column.
const (
	progChildhood    = "childhood"
	progSchool       = "school" // adolescent vaccines given at school
	progInfluenza    = "influenza"
	progPneumococcal = "pneumococcal"
	progShingles     = "shingles"
)

// immunisations gives the patient's vaccines: the childhood schedule in
// force when each dose was due, seasonal influenza for the eligible, and
// pneumococcal, shingles and RSV vaccines for older adults, and COVID-19
// vaccination from December 2020. A dose inside the
// history window is given at an immunisation visit; one before it is history
// without a visit; none is given after the last day.
func (w *worker) immunisations(per *person) {
	s := per.stream(w.plan.Opts.Seed, purposeImmunisations)
	w.childhoodImmunisations(per, &s)
	w.influenza(per)
	w.olderAdultVaccines(per, &s)
	w.rsvVaccine(per) // rsvvaccine.go
	w.covidVaccination(per)
}

func (w *worker) childhoodImmunisations(per *person, s *distributions.Stream) {
	ip := &w.plan.imm
	if per.birth+models.Date(ip.lastDue) < ip.start {
		return // everything in the schedule was due before it starts
	}
	child := s.Normal()
	// One delay per scheduled visit: the doses due at 8 weeks are given
	// together, a few days to weeks after they are due (a quarter of doses
	// more than a month late, RCGP RSC 2008-18; the spread is approx).
	// Each delay is to the day the visit is held (childDoseDay), so that a
	// visit postponed by an illness pushes the next one with it.
	var delay [maxVisits]models.Date
	for k := range ip.ages {
		delay[k] = models.Date(math.Min(s.Exponential(1.0/12), 60))
		if k > 0 { // a late visit pushes the next: four weeks between them at least
			delay[k] = max(delay[k], delay[k-1]+models.Date(ip.minGap-(ip.ageOf[k]-ip.ageOf[k-1])))
		}
		due := per.birth + models.Date(ip.ageOf[k])
		delay[k] = w.childDoseDay(per, due+delay[k]) - due // an unwell child is seen once recovered
	}
	type draw struct {
		z       float64
		onTime  bool
		catchUp models.Date
		take    bool // the child has the series (at its visits, or caught up)
	}
	var draws [maxSeries]draw
	// The day of each series' first dose (0: none), which a series given
	// after it waits for, and the doses of each vaccine given so far,
	// which number the next (a dose is numbered as given, not as scheduled).
	// last: the day each vaccine was last given, across series (MMR1, then
	// MMR2 at the pre-school visit), from which its next dose keeps its gap.
	var first, floor [maxSeries]models.Date
	var given [maxVaccines]int64
	var last [maxVaccines]models.Date
	var points [maxVisits]schedulePoint                            // each due age's visit, for the reasons of what it missed
	later := per.stream(w.plan.Opts.Seed, purposeSchoolLaterDoses) // a school course's later doses' session times
	for si := range ip.series {
		sp := &ip.series[si]
		dr := draw{z: ip.rhoC*child + math.Sqrt(1-ip.rhoC*ip.rhoC)*s.Normal(), onTime: s.Bernoulli(sp.pOnTime),
			catchUp: models.Date(sp.late + s.IntN(365))}
		dr.take = dr.z < sp.z
		switch {
		case sp.with >= 0: // given at the same visits: the same child attends them or not
			own := dr
			dr, floor[si] = draws[sp.with], floor[sp.with]
			switch {
			case sp.alone && !dr.take: // missed the visit: its own catch-up, later, up to its own coverage
				dr.onTime, dr.catchUp, dr.take = false, own.catchUp, dr.z < sp.z
			case !sp.alone:
				dr.take = dr.take && dr.z < sp.z
			}
		case sp.noLate:
			dr.onTime = true
		}
		if sp.after >= 0 { // after that course: none if it was declined; not before its first dose
			dr.take = dr.take && draws[sp.after].take
			floor[si] = first[sp.after]
		}
		draws[si] = dr
		ip.notePoint(&points, per, sp, dr.take && dr.onTime, !dr.take) // immunisationrecall.go
		if !dr.take || (sp.sex >= 0 && per.sex != sp.sex) || (sp.noLate && !dr.onTime) {
			continue // not offered, not taken, or (no catch-up) the visits were missed
		}
		programme := progChildhood
		if sp.school {
			programme = progSchool
		}
		for di := range sp.doses {
			d := &sp.doses[di]
			due := per.birth + models.Date(d.age)
			if due < ip.start || !d.sched.InForce(per.birth, due) {
				continue
			}
			day := max(due+delay[d.visit], floor[si])
			// held for its course's late start (the one-year boosters after a
			// caught-up primary course), or months late (illnesses postponed
			// it): the visit was missed, and the doses are a catch-up
			atVisit := dr.onTime && day == due+delay[d.visit] && delay[d.visit] <= lateVisit
			if dr.onTime && !atVisit && !sp.school { // (a school session is not the practice's to code)
				points[d.visit].missed = true
			}
			if !dr.onTime {
				day = per.birth + dr.catchUp + models.Date(di*28)
			}
			if given[d.vi] > 0 { // four weeks at least (MenB eight) after the vaccine's dose before, as given
				day = max(day, last[d.vi]+models.Date(d.gap))
			}
			day = w.childDoseDay(per, day) // a catch-up dose, or one moved for its interval
			limit := d.maxAge
			if given[d.vi] == 0 { // the course starts here: its first dose's limit
				limit = d.startMax
			}
			if limit > 0 && nextWorkingDay(day)+bookingSlack > per.birth+models.Date(limit) {
				break // too old for it (rotavirus): not given, nor the rest of the course
			}
			if d.closes > 0 && ip.sessionDay(day, programme) >= d.closes { // (as held: a session in the summer holiday is held in the autumn term)
				break // caught up after its schedule ended: the doses given complete the course
			}
			if first[si] == 0 { // planned: a course cut short (the record ends) holds back what follows it too
				first[si] = day
			}
			before := last[d.vi]
			ds := s
			if d.later { // drawn apart, so that the doses after it do not move (brief h70e)
				ds = &later
			}
			w.giveChildDose(per, day, programme, d, &given[d.vi], &last[d.vi], ds)
			if atVisit && last[d.vi] != before && !points[d.visit].attended && !sp.school { // (a school session is no practice visit)
				points[d.visit].attended, points[d.visit].held = true, last[d.vi]
			}
			if pt := &points[d.visit]; !atVisit && last[d.vi] != before && pt.caught == 0 {
				pt.caught = last[d.vi] // its recalls stop here
			}
		}
	}
	w.schedulePointsNotGiven(per, &points, &delay)
}

// giveChildDose gives a scheduled childhood dose, numbered by the doses of
// its vaccine the child was given before it (*n, counted on). A later dose
// reached with none before it (a booster after a missed primary course) is
// a first dose, and its course at that age is the dose's unprimed_doses,
// given apart by its interval (UKHSA catch-up schedule). *last is set to the
// day each dose is given.
func (w *worker) giveChildDose(per *person, day models.Date, programme string, d *dosePlan, n *int64, last *models.Date, s *distributions.Stream) {
	ip := &w.plan.imm
	course := 1
	if *n == 0 && d.dose > 1 {
		course = max(1, d.sched.UnprimedDoses)
	}
	for k := range course {
		if k > 0 { // apart from the dose before as it was given
			day = w.childDoseDay(per, *last+models.Date(max(d.sched.UnprimedIntervalDays, d.gap)))
		}
		num := *n + 1
		codes := d.codes
		if num != d.dose { // numbered as given: the code of that dose (a first dose is no booster)
			codes = codesOf(d.codes.key, &ip.vaccine[d.vi], int(num), d.sched.Booster && num > 1)
		}
		given, ok := w.giveVaccine(per, day, programme, codes, num, "", s)
		if !ok {
			return
		}
		*n, *last = num, given
	}
}

// bookingSlack: a dose with an upper age limit is booked only if its visit
// falls a week before the limit, as the visit may still move a day or two
// (another appointment that day, a hospital stay).
const bookingSlack = 7

// maxSeries bounds the series of the schedule.
const maxSeries = 32

// maxVaccines bounds the vaccines of the childhood schedule.
const maxVaccines = 24

// maxVisits bounds the distinct due ages of the childhood schedule.
const maxVisits = 16

// giveVaccine records a dose on day (moved to the next working day's clinic,
// after any hospital stay), at an immunisation visit when inside the history
// window. It returns the day the dose was given, and whether it was.
func (w *worker) giveVaccine(per *person, day models.Date, programme string, c vaccineCodes, dose int64, reason string, s *distributions.Stream) (models.Date, bool) {
	return w.giveVaccineAt(per, day, programme, c, dose, reason, programme == progSchool, s)
}

// giveVaccineAt is giveVaccine for a dose given away from the practice and
// reported to it (at school by the school-aged immunisation service; a
// COVID-19 vaccination site): no GP visit; or at the practice. It reports
// the day the dose was given, and whether it was recorded.
func (w *worker) giveVaccineAt(per *person, day models.Date, programme string, c vaccineCodes, dose int64, reason string, atSchool bool, s *distributions.Stream) (models.Date, bool) {
	if day > per.lastDay || per.inEndOfLifeCare(day+eolReviewMargin) {
		// In the last weeks of an expected death care is for comfort: no
		// vaccine is offered (the margin, as for reviews, keeps a visit
		// moved to the next free day out of them).
		return 0, false
	}
	var encID string
	var at models.Timestamp
	switch {
	case atSchool: // the session away from the practice, reported to it: no GP visit
		if day = w.plan.imm.sessionDay(day, programme); day > per.lastDay { // (a Sunday's session is Monday's)
			return 0, false
		}
		_, at = clinicStart(day, s)
	case per.visitOn(day, &encID, &at): // another vaccine of the same visit
	case day >= per.firstDay:
		book := w.immunisationDay(per, day) // someone acutely unwell is immunised once recovered (febrile.go)
		var ok bool
		if encID, at, ok = w.gpVisit(per, book, encImmunisation, reason, s); !ok {
			return 0, false
		}
		if per.nVisits < len(per.immVisits) {
			per.immVisits[per.nVisits] = immVisit{day, encID, at}
			per.nVisits++
		}
	default:
		_, at = clinicStart(day, s)
		reason = ""
	}
	w.b.Immunisations = append(w.b.Immunisations, models.Immunisation{
		ImmunisationID:    w.ids.rowID(tagImmunisation),
		PatientID:         per.id,
		EncounterID:       encID,
		VaccineKey:        c.key,
		Programme:         programme,
		DoseNumber:        dose,
		ProcedureCode:     c.proc,
		ProcedureDisplay:  c.procDisp,
		ProductCode:       c.product,
		ProductDisplay:    c.productDisp,
		ReasonConditionID: reason,
		OccurrenceTime:    at.AddMinutes(2),
	})
	return at.Date(), true
}

// influenza gives a seasonal vaccine in each season of the history window
// for which the person is eligible, at the group's uptake; the person's own
// propensity carries from season to season.
func (w *worker) influenza(per *person) {
	ip := &w.plan.imm
	fl := ip.flu
	ps := per.stream(w.plan.Opts.Seed, purposeImmunisations, 1)
	own := ps.Normal()
	y0, _, _ := per.firstDay.YMD()
	y1, _, _ := per.lastDay.YMD()
	nasalGiven := false // a nasal dose recorded in an earlier season
	for y := y0 - 1; y <= y1; y++ {
		open := models.DateFromYMD(y, time.Month(fl.SeasonStartMonth), 1)
		if open < per.firstDay || open > per.lastDay {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeImmunisations, 2, uint64(y))
		ageAtEnd := per.ageOn(models.DateFromYMD(y+1, time.March, 31))
		z, codes, reason, atSchool := 0.0, ip.inact, "", false
		august := per.ageOn(open - 1) // the age on 31 August, as UKHSA counts children
		switch year := august - 4; {  // the school year: reception at 4
		case ageAtEnd >= 65:
			z = ip.z65
		case august == 2 || august == 3:
			z, codes = ip.zChild, ip.nasal
		case year >= 0 && fl.SchoolYearOffered(y, year):
			z, codes, atSchool = ip.zSecondary, ip.nasal, true
			if year <= datasets.LastPrimaryYear {
				z = ip.zPrimary
			}
		default:
			if reason = w.fluRisk(per, open); reason == "" {
				continue
			}
			z = ip.zRisk
		}
		if ip.rhoF*own+math.Sqrt(1-ip.rhoF*ip.rhoF)*s.Normal() >= z {
			if !atSchool && ip.rhoF*own >= z && !w.fluDoseInSeason(per, open) { // mostly never has it: the decline is coded (fludeclined.go)
				w.fluDeclined(per, open, y)
			}
			continue
		}
		day := open + models.Date(s.IntN(fl.VaccinateByDay))
		if day < per.birth+models.Date(fl.MinAgeMonths*30) {
			continue // too young for the vaccine this season
		}
		if w.fluDeclinedInSeason(per, open) || !atSchool && w.fluBookedPastSeason(per, day, open) {
			continue // a season with a coded decline has no dose; none is given once the season is over
		}
		nasal := codes.key == ip.nasal.key
		if nasal && nasalGiven { // one dose a season: only the child's first is coded first
			codes = ip.nasalLater
		}
		if _, ok := w.giveVaccineAt(per, day, progInfluenza, codes, 1, reason, atSchool, &s); ok && nasal {
			nasalGiven = true
		}
	}
}

// fluBookedPastSeason says whether a practice flu dose asked for on day d of
// the season opening on open would be booked (immunisationDay, as
// giveVaccineAt books it) after the season is over (immunisations.yaml
// influenza give_by_day).
func (w *worker) fluBookedPastSeason(per *person, d, open models.Date) bool {
	var enc string
	var at models.Timestamp
	if d < per.firstDay || d > per.lastDay || per.visitOn(d, &enc, &at) {
		return false // a history dose, or a visit booked already: given on its day
	}
	return w.immunisationDay(per, d) >= open+models.Date(w.plan.imm.flu.GiveByDay)
}

// fluRisk returns the problem-list row of a clinical risk condition held on
// day d, or "" when none is.
func (w *worker) fluRisk(per *person, d models.Date) string {
	for k := range per.conds {
		c := &per.conds[k]
		if w.plan.imm.fluRisk[c.plan.idx] && c.onset <= d && c.id != "" {
			return c.id
		}
	}
	return ""
}

// olderAdultVaccines gives the pneumococcal polysaccharide vaccine from 65
// and the shingles vaccine from 70, each at the age its cumulative coverage
// first reaches the person's own draw.
func (w *worker) olderAdultVaccines(per *person, s *distributions.Stream) {
	ip := &w.plan.imm
	pp := ip.ppv
	u := s.Float64() * 100
	if u < pp.CoverageAtFull {
		// cumulative coverage rises linearly from FromAge to FullAge
		age := float64(pp.FromAge)
		// The coverage at FromAge is measured on everyone of that age, some
		// of whom turned it days ago: those doses follow the birthday
		// closely (a birthday recall), or the measured share falls short.
		jitter := 60
		if u > pp.CoverageAtFrom {
			age += (u - pp.CoverageAtFrom) / (pp.CoverageAtFull - pp.CoverageAtFrom) * float64(pp.FullAge-pp.FromAge)
			jitter = 300
		}
		day := per.birth + models.Date(age*365.25) + models.Date(s.IntN(jitter))
		w.giveVaccine(per, day, progPneumococcal, ip.ppvV, 1, "", s)
	}
	sh := ip.shingles
	u = s.Float64() * 100
	// 37.7% by 71 and 81.4% by 79: linear from 70 (a share given in the
	// first year) through both points, capped at the 80th birthday. A later
	// birth cohort offered it younger (stages: 65 from September 2023)
	// follows the same curve from its own age (model).
	slope := (sh.CoverageAt79 - sh.CoverageAt71) / 8
	age := 71 + (u-sh.CoverageAt71)/slope
	if age < float64(sh.FromAge) {
		age = float64(sh.FromAge) + (u/sh.CoverageAt71)*1
	}
	age -= float64(sh.FromAge - sh.FromAgeFor(per.birth))
	if age >= float64(sh.UntilAge) {
		return
	}
	day := per.birth + models.Date(age*365.25)
	if cu := sh.CatchUpBornBefore.Date(); cu != models.NoDate && per.birth < cu {
		// never in the routine cohort: offered only in the catch-up years
		if from := max(per.birthday(sh.CatchUpFromAge), ip.shStart); day < from {
			if day = from + models.Date(s.IntN(365)); per.ageOn(day) >= sh.UntilAge {
				return
			}
		}
	}
	if day < ip.shStart {
		// eligible from the programme's start if still under 80 then
		if per.ageOn(ip.shStart) >= sh.UntilAge {
			return
		}
		day = ip.shStart + models.Date(s.IntN(365))
	}
	if day < ip.shRecomb && w.liveRuledOut(per, day) {
		// immunosuppressed: the non-live vaccine, once it is offered to them
		if day < ip.shImmunoRecomb {
			if day = ip.shImmunoRecomb + models.Date(s.IntN(365)); per.ageOn(day) >= sh.UntilAge {
				return
			}
		}
	} else if day < ip.shRecomb {
		w.giveVaccine(per, day, progShingles, codesOf(ip.shLiveKey, ip.shLive, 1, false), 1, "", s)
		return
	}
	// The second dose 8 weeks to 6 months after the first as given (Green
	// Book chapter 28a): the first's visit may move (a hospital stay, the
	// next clinic), and before (brief h72c) 3 of 283 second doses came
	// under 8 weeks after it, counted from the day it was due.
	first, ok := w.giveVaccine(per, day, progShingles, codesOf(ip.shRecKey, ip.shRecombV, 1, false), 1, "", s)
	gap := models.Date(56 + s.IntN(120)) // drawn whether or not the first was given: no later draw moves
	if ok {
		w.giveVaccine(per, first+gap, progShingles, codesOf(ip.shRecKey, ip.shRecombV, 2, false), 2, "", s)
	}
}

// immVisit is an immunisation visit of the patient: vaccines due on the
// same day are given at one visit.
type immVisit struct {
	day models.Date
	enc string
	at  models.Timestamp
}

// visitOn finds the patient's immunisation visit asked for on day.
func (per *person) visitOn(day models.Date, enc *string, at *models.Timestamp) bool {
	for _, v := range per.immVisits[:per.nVisits] {
		if v.day == day {
			*enc, *at = v.enc, v.at
			return true
		}
	}
	return false
}

// liveRuledOut reports whether a condition held by day (cancer: the
// immunosuppression of its treatment) rules the live shingles vaccine out.
func (w *worker) liveRuledOut(per *person, day models.Date) bool {
	for k := range per.conds {
		if c := &per.conds[k]; w.plan.imm.shNoLive[c.plan.idx] && c.onset <= day {
			return true
		}
	}
	return false
}
