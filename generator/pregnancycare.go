package generator

import (
	"fmt"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// progPregnancy is the programme column of a vaccine offered because of a
// pregnancy (pertussis, RSV); seasonal influenza in pregnancy is written as
// the influenza programme it belongs to.
const progPregnancy = "pregnancy"

// pregnancyVaccine is a pregnancy.yaml vaccine resolved: its codes, the day
// its programme (or this window of it) began, its window in days from the
// last period and its uptake.
type pregnancyVaccine struct {
	codes  vaccineCodes
	from   models.Date
	days   [2]int
	uptake float64 // share of pregnancies reaching the window (0-1)
}

// buildVaccines resolves pregnancy.yaml vaccines against immunisations.yaml.
func (pp *pregnancyPlan) buildVaccines() error {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		return err
	}
	for _, v := range pp.p.Vaccines {
		vac, ok := im.Vaccines[v.Vaccine]
		if !ok {
			return fmt.Errorf("pregnancy.yaml: vaccine %q is not in immunisations.yaml", v.Vaccine)
		}
		pp.vaccines = append(pp.vaccines, pregnancyVaccine{codes: codesOf(v.Vaccine, &vac, 1, false),
			from: v.From.Date(), days: v.Days, uptake: v.Uptake / 100})
	}
	return nil
}

// antenatalCare writes the care of the woman's i-th pregnancy after the visit
// that recorded it (diag, on day onset; the problem row id is what each is about):
// the booking and the scans as maternity clinic attendances in a pregnancy
// that reaches their weeks (NICE NG201), the vaccines of pregnancy at their
// uptake, and a seasonal influenza vaccine in a flu season it spans. Its own
// stream per pregnancy, every draw made whatever is written, so that no
// other record's draws move.
func (w *worker) antenatalCare(per *person, i int, id, diag string, onset models.Date) {
	pp := w.plan.pregnancy
	pg := &per.pregnancies[i]
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i))
	// reaches: the pregnancy goes on a week past day d (a clinic or a
	// vaccine moved to the next working day still falls in it), inside the
	// record, after the visit that recorded it.
	reaches := func(d models.Date) bool {
		return d > onset && d+7 < pg.end && d >= per.firstDay && d <= per.lastDay
	}
	// before: an appointment, on the working day it is held (plannedDay),
	// is kept when that day is before the birth (brief h75g: the week's
	// margin of reaches dropped the appointments of the last week, so 559
	// of 1,715 deliveries had 4 or fewer contacts after the booking,
	// generate -n 20000 -s 83; NICE NG201: 41 weeks for those not yet born)
	before := func(d models.Date) bool {
		return d > onset && d < pg.end && d >= per.firstDay && d <= per.lastDay
	}
	// the checks and the midwife's appointments draw from a stream of
	// their own (session 53), so that the visits and vaccines keep theirs
	cs := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 2)
	visits := map[string]visitAt{datasets.AtConfirmation: {enc: diag, day: onset}}
	for k := range pp.antenatal {
		a := &pp.antenatal[k]
		d := w.plannedDay(per, max(pg.lmp+models.Date(a.v.Days[0]+s.IntN(a.v.Days[1]-a.v.Days[0]+1)), onset+1)) // due on a closed day: over the week after (plannedday.go)
		if !before(d) {
			continue
		}
		if enc, start, ok := w.outpatientAt(per, d, id, &s); ok {
			w.typeEncounter(per, enc, &a.v.Type)
			w.antenatalChecks(per, enc, start, a.checks, &cs) // pregnancymidwife.go
			w.raisedPressure(per, i, id, enc, start)          // pregnancybp.go
			visits[a.v.Key] = visitAt{enc: enc, day: start.Date()}
		}
	}
	for k := range pp.vaccines {
		v := &pp.vaccines[k]
		u, d := s.Float64(), pg.lmp+models.Date(v.days[0]+s.IntN(v.days[1]-v.days[0]+1))
		d = max(d, v.from) // in her window when the programme began: offered then
		if u >= v.uptake || !pp.inForce(k, pg.lmp) || !reaches(d) {
			continue
		}
		w.giveVaccine(per, d, progPregnancy, v.codes, 1, id, &s)
	}
	w.fluInPregnancy(per, pg, id, onset, &s)
	w.midwifeVisits(per, i, id, before, visits, &cs)
	w.riskMedicines(per, pg, id, visits)
	w.gdmScreen(per, i, id, reaches) // pregnancygdm.go
	w.severeAdmissions(per, i, id)   // pregnancysevere.go: every antenatal reading written
}

// inForce reports whether vaccine entry k is the one a pregnancy from last
// period lmp has: in force on its window's last day, and no later entry of
// the same vaccine is (the pertussis window moved in April 2016).
func (pp *pregnancyPlan) inForce(k int, lmp models.Date) bool {
	on := func(v *pregnancyVaccine) bool { return v.from <= lmp+models.Date(v.days[1]) }
	if !on(&pp.vaccines[k]) {
		return false
	}
	for j := k + 1; j < len(pp.vaccines); j++ {
		if v := &pp.vaccines[j]; v.codes.key == pp.vaccines[k].codes.key && on(v) {
			return false
		}
	}
	return true
}

// fluInPregnancy gives the seasonal influenza vaccine (Green Book chapter 19:
// pregnant women at any stage) to flu_uptake of the pregnancies known in a
// season's vaccinating days, on a day of the pregnancy in them, unless she
// had a dose that season already (a clinical risk group, influenza()) or
// declined it (fludeclined.go: brief h74h, a decline beside a dose).
func (w *worker) fluInPregnancy(per *person, pg *pregnancy, id string, onset models.Date, s *distributions.Stream) {
	ip := &w.plan.imm
	fl := ip.flu
	uptake := w.plan.pregnancy.p.FluUptake / 100
	y0, _, _ := onset.YMD()
	for y := y0 - 1; y <= y0+1; y++ {
		open := models.DateFromYMD(y, time.Month(fl.SeasonStartMonth), 1)
		from := max(open, onset+1, per.firstDay)
		to := min(open+models.Date(fl.VaccinateByDay), pg.end-7, per.lastDay+1) // [from, to)
		if from >= to {
			continue
		}
		u, d := s.Float64(), from+models.Date(s.IntN(int(to-from)))
		if u >= uptake || w.fluDoseInSeason(per, open) || w.fluDeclinedInSeason(per, open) {
			continue
		}
		w.giveVaccineAt(per, d, progInfluenza, ip.inact, 1, id, false, s)
	}
}
