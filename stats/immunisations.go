package stats

import (
	"fmt"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Immunisation coverage is measured the way the published figures it is
// compared with (datasets/immunisations.yaml) are:
//   - childhood (UKHSA COVER): children whose 1st, 2nd or 5th birthday fell
//     in the year up to the as-of date, alive then; the share who had every
//     dose of a series that the schedule in force made due for them, by the
//     series' measurement age (its on_time figure), and by 5 years (its
//     coverage figure, catch-up included);
//   - seasonal influenza (UKHSA GP patient uptake): the last season that
//     ended (28 February) by the as-of date; people alive on the as-of date
//     aged 65+ on 31 March, aged 2 or 3 on 31 August, or aged 6 months to 64
//     with a clinical risk condition diagnosed by 1 September (the 2 and 3
//     year olds are left out of the risk group, as the generator treats them
//     as their own group); vaccinated 1 September to 28 February;
//   - PPV23 and shingles (UKHSA coverage reports): people alive on the as-of
//     date at the reported ages, vaccinated at any time by then;
//   - COVID-19 boosters (covid.go): the campaign's age bands, alive at its
//     end, boosted during it.

// immunisationTolerance is the allowed distance, in percentage points, of a
// verified coverage figure from its reference.
const immunisationTolerance = 3.0

type immunisationRow struct {
	PatientID      string           `parquet:"patient_id"`
	VaccineKey     string           `parquet:"vaccine_key"`
	Programme      string           `parquet:"programme"`
	DoseNumber     int64            `parquet:"dose_number"`
	OccurrenceTime models.Timestamp `parquet:"occurrence_time,timestamp(microsecond:utc)"`
}

// doseKey names a dose of a vaccine.
type doseKey struct {
	vaccine string
	dose    int64
}

// vaccineHistory is what the measures need of one person's doses.
type vaccineHistory struct {
	first    map[doseKey]models.Date // childhood: the day each dose was first given
	flu      bool                    // a seasonal influenza dose in the measured season
	ppv, shi bool                    // ever, by the as-of date
}

// immunisationFigures adds the coverage figures. people are the background
// patients (cohorts left out).
func immunisationFigures(rep *Report, dir string, people map[string]*person, asOf models.Date) error {
	im, err := datasets.LoadImmunisations()
	if err != nil {
		return err
	}
	y, _, _ := asOf.YMD()
	season := y - 1 // the season opening on 1 September season ends on 28 February season+1
	if models.DateFromYMD(y, time.March, 1) > asOf {
		season--
	}
	open := models.DateFromYMD(season, time.September, 1)
	end := models.DateFromYMD(season+1, time.March, 1) // exclusive
	hist := map[string]*vaccineHistory{}
	boosters := map[string][]models.Date{} // COVID-19 third and later doses
	get := func(id string) *vaccineHistory {
		h := hist[id]
		if h == nil {
			h = &vaccineHistory{}
			hist[id] = h
		}
		return h
	}
	err = eachRow(dir, models.TableImmunisations, func(r *immunisationRow) {
		p := people[r.PatientID]
		day := r.OccurrenceTime.Date()
		if p == nil || day > asOf {
			return
		}
		switch r.Programme {
		case "childhood", "school":
			if ageAt(p, asOf) > 16 {
				return
			}
			h := get(r.PatientID)
			if h.first == nil {
				h.first = map[doseKey]models.Date{}
			}
			k := doseKey{r.VaccineKey, r.DoseNumber}
			if d, ok := h.first[k]; !ok || day < d {
				h.first[k] = day
			}
		case "influenza":
			if day >= open && day < end {
				get(r.PatientID).flu = true
			}
		case "pneumococcal":
			get(r.PatientID).ppv = true
		case "shingles":
			get(r.PatientID).shi = true
		case "covid19":
			if r.DoseNumber >= 3 {
				boosters[r.PatientID] = append(boosters[r.PatientID], day)
			}
		}
	})
	if err != nil {
		return err
	}
	risk, err := fluRiskOnset(dir, people, im.Influenza.RiskConditions, open)
	if err != nil {
		return err
	}
	alive := make([]*person, 0, len(people))
	ids := make([]string, 0, len(people))
	for id, p := range people {
		if p.death == models.NoDate || p.death > asOf {
			alive = append(alive, p)
			ids = append(ids, id)
		}
	}
	childhoodFigures(rep, im, alive, ids, hist, asOf)
	adultFigures(rep, im, alive, ids, hist, risk, season, asOf)
	covidFigures(rep, im, people, boosters, asOf)
	return nil
}

// fluRiskOnset returns the background patients with a chronic clinical risk
// condition diagnosed on or before day.
func fluRiskOnset(dir string, people map[string]*person, keys []string, day models.Date) (map[string]bool, error) {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	out := map[string]bool{}
	err := eachRow(dir, models.TableConditions, func(r *conditionRow) {
		if r.Chronic && want[r.ConditionKey] && r.OnsetDate <= day && people[r.PatientID] != nil {
			out[r.PatientID] = true
		}
	})
	return out, err
}

// dueDoses returns the doses of the series the schedule in force made due
// for a child born on birth and measured on day at (none when it all fell
// due before the schedule the data describes starts, or the series is
// offered to the other sex). A later school dose whose schedule ended by at
// is not due (the generator's laterSchoolDose, whose session is held after
// its schedule's end, is not given): a course it was part of is complete without it once the schedule
// changed (HPV: from September 2023 one dose is the course and anyone with
// one dose by then counts fully vaccinated, UKHSA letter in
// immunisations.yaml; a second dose due in the summer holiday is held in
// the autumn term, after that schedule ended, and not given).
func dueDoses(im *datasets.Immunisations, s *datasets.VaccineSeries, birth models.Date, male bool, at models.Date) []doseKey {
	if s.Sex != "" && (s.Sex == "male") != male {
		return nil
	}
	var out []doseKey
	start := im.ScheduleStart.Date()
	for i := range s.Doses {
		d := &s.Doses[i]
		due := birth + models.Date(d.AgeDays)
		if due < start || !d.InForce(birth, due) {
			continue
		}
		if s.Setting == datasets.SettingSchool && d.Dose > 1 && !d.ByBirth && !d.Until.IsZero() && d.Until.Date() <= at {
			continue
		}
		out = append(out, doseKey{d.Vaccine, int64(d.Dose)})
	}
	return out
}

// childhoodFigures measures each series at its measurement age and, when
// catch-up raises it, at the age its coverage figure is for (5 years for
// COVER; the end of school year 10 for adolescent vaccines).
func childhoodFigures(rep *Report, im *datasets.Immunisations, alive []*person, ids []string, hist map[string]*vaccineHistory, asOf models.Date) {
	measure := func(s *datasets.VaccineSeries, days int, ref float64, name string) {
		var den, num int64
		for i, p := range alive {
			// the birthday at which the child is measured fell in the year up to asOf
			at := p.birth + models.Date(days)
			if at > asOf || at <= asOf-365 {
				continue
			}
			due := dueDoses(im, s, p.birth, p.male, at)
			if len(due) == 0 {
				continue
			}
			den++
			h := hist[ids[i]]
			done := h != nil
			for _, k := range due {
				if !done {
					break
				}
				d, ok := h.first[k]
				done = ok && d <= at
			}
			if done {
				num++
			}
		}
		if den == 0 {
			return // no child in the dataset was due this series
		}
		rep.add(immunisationFigure("childhood immunisation", name, num, den, ref, s.Source, s.Status))
	}
	for i := range im.Series {
		s := &im.Series[i]
		measure(s, s.LateAfterDays, s.OnTime, fmt.Sprintf("%s, at %s", s.Label, ageLabel(s.LateAfterDays)))
		if at := s.CoverageAge(); s.Coverage != s.OnTime && s.LateAfterDays < at {
			measure(s, at, s.Coverage, fmt.Sprintf("%s, at %s (catch-up included)", s.Label, ageLabel(at)))
		}
	}
}

// ageLabel names a measurement age as the published figures do.
func ageLabel(days int) string {
	switch {
	case days < 730:
		return "12 months"
	case days < 1826:
		return "24 months"
	case days < 4000:
		return "5 years"
	}
	return fmt.Sprintf("%.1f years", float64(days)/365.25)
}

// adultFigures measures seasonal influenza, PPV23 and shingles.
func adultFigures(rep *Report, im *datasets.Immunisations, alive []*person, ids []string, hist map[string]*vaccineHistory,
	risk map[string]bool, season int, asOf models.Date) {
	fl := &im.Influenza
	march := models.DateFromYMD(season+1, time.March, 31)
	august := models.DateFromYMD(season, time.August, 31)
	var n [5]int64
	var got [5]int64
	for i, p := range alive {
		g := -1
		year := models.YearsBetween(p.birth, august) - 4 // the school year: reception at 4
		switch a := models.YearsBetween(p.birth, march); {
		case a >= 65:
			g = 0
		case year == -2 || year == -1: // 2 or 3 on 31 August
			g = 1
		case year >= 0 && fl.SchoolYearOffered(season, year) && year <= datasets.LastPrimaryYear:
			g = 3
		case year >= 0 && fl.SchoolYearOffered(season, year):
			g = 4
		case risk[ids[i]] && p.birth+182 <= march:
			g = 2
		}
		if g < 0 {
			continue
		}
		n[g]++
		if h := hist[ids[i]]; h != nil && h.flu {
			got[g]++
		}
	}
	seasonName := fmt.Sprintf("%d-%02d season", season, (season+1)%100)
	for g, x := range []struct {
		name, source, status string
		ref                  float64
	}{{"aged 65 and over", fl.Source, fl.Status, fl.Uptake65Plus}, {"aged 2 and 3", fl.Source, fl.Status, fl.UptakeAge2to3},
		{"under 65 in a clinical risk group", fl.Source, fl.Status, fl.UptakeRiskUnder65},
		{"primary school (reception to year 6)", fl.SchoolSource, fl.SchoolStatus, fl.UptakePrimary},
		{"secondary school years offered", fl.SchoolSource, fl.SchoolStatus, fl.UptakeSecondary}} {
		if n[g] == 0 && g >= 3 {
			continue // no school year offered that season
		}
		rep.add(immunisationFigure("adult immunisation", "influenza, "+x.name+", "+seasonName, got[g], n[g], x.ref, x.source, x.status))
	}
	ever := func(name string, age int, pick func(*vaccineHistory) bool, ref float64, source, status string, andOver bool) {
		var den, num int64
		for i, p := range alive {
			a := ageAt(p, asOf)
			if a != age && !(andOver && a > age) {
				continue
			}
			den++
			if h := hist[ids[i]]; h != nil && pick(h) {
				num++
			}
		}
		rep.add(immunisationFigure("adult immunisation", name, num, den, ref, source, status))
	}
	ppv := func(h *vaccineHistory) bool { return h.ppv }
	shi := func(h *vaccineHistory) bool { return h.shi }
	pp, sh := &im.PPV, &im.Shingles
	ever(fmt.Sprintf("PPV23 ever, aged %d", pp.FromAge), pp.FromAge, ppv, pp.CoverageAtFrom, pp.Source, pp.Status, false)
	ever(fmt.Sprintf("PPV23 ever, aged %d and over", pp.FullAge), pp.FullAge, ppv, pp.CoverageAtFull, pp.Source, pp.Status, true)
	ever("shingles vaccine ever, aged 71", 71, shi, sh.CoverageAt71, sh.Source, sh.Status, false)
	ever("shingles vaccine ever, aged 79", 79, shi, sh.CoverageAt79, sh.Source, sh.Status, false)
}

// immunisationFigure is a coverage figure: checked, in percentage points,
// when its reference is verified and it rests on enough people.
func immunisationFigure(group, name string, num, den int64, ref float64, source, status string) Figure {
	f := Figure{Group: group, Name: name, Unit: "%", Value: 100 * float64(num) / float64(max(den, 1)),
		Reference: ref, SE: percentSE(num, den), N: den, Tolerance: immunisationTolerance, Points: true,
		Source: source, Status: status}
	switch {
	case status != "verified":
		f.Advisory, f.Note = true, "shown, not checked: the reference is approx (not verified)"
	case den < minCheckedCases:
		f.Advisory, f.Note = true, fmt.Sprintf("shown, not checked: fewer than %d people measured", minCheckedCases)
	}
	return f
}
