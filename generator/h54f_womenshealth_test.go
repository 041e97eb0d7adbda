package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Brief h54f (issue 9): a clinical review of generate -n 20000 -s 83 found
// antenatal blood pressures of 140/90 or more with nothing done, heavy
// periods never offered the levonorgestrel intrauterine system, and asked
// whether a raised PSA and a low haemoglobin in pregnancy are acted on.

// antenatalReading is a blood pressure taken at an antenatal contact.
type antenatalReading struct {
	at       models.Timestamp
	sys, dia float64
}

// antenatalReadings is each woman's antenatal blood pressures (the booking,
// the midwife's appointments and the assessments they lead to), in time
// order.
func (r *realism) antenatalReadings(t *testing.T, c *datasets.Pregnancy) map[string][]antenatalReading {
	types := []string{c.Antenatal[0].Type.Snomed, c.RaisedBP.Assessment.Snomed}
	for _, m := range c.Midwife {
		types = append(types, m.Type.Snomed)
	}
	sys, dia := obsCode(t, "systolic_bp"), obsCode(t, "diastolic_bp")
	out := map[string][]antenatalReading{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if !slices.Contains(types, e.TypeCode) {
			continue
		}
		// the midwife's reading is her last (a raised one is taken again:
		// h64f); since h66e the maternity unit's assessment is written as a
		// later pair in her encounter, a reading of its own as it was
		// when the assessment was a contact of its own
		byTime := map[models.Timestamp]*antenatalReading{}
		for _, o := range r.obsByEnc[e.EncounterID] {
			if (o.SnomedCode != sys && o.SnomedCode != dia) || o.Value == nil {
				continue
			}
			a := byTime[o.EffectiveTime]
			if a == nil {
				a = &antenatalReading{at: o.EffectiveTime}
				byTime[o.EffectiveTime] = a
			}
			if o.SnomedCode == sys {
				a.sys = *o.Value
			} else {
				a.dia = *o.Value
			}
		}
		var taken []antenatalReading
		for _, a := range byTime {
			taken = append(taken, *a)
		}
		slices.SortFunc(taken, func(x, y antenatalReading) int { return int(x.at - y.at) })
		if len(taken) > 1 {
			taken = taken[1:] // the first, taken again
		}
		out[e.PatientID] = append(out[e.PatientID], taken...)
	}
	for id := range out {
		slices.SortFunc(out[id], func(x, y antenatalReading) int { return int(x.at - y.at) })
	}
	return out
}

// TestRaisedAntenatalBloodPressureIsAssessed: a blood pressure of 140/90 or
// more at the booking or a midwife's appointment is followed within 10 days
// by an assessment that repeats it (same day from 20 weeks, NICE NG133; the
// obstetric clinic before), unless gestational hypertension is already
// coded; and with the fall of mid-pregnancy, under 3% of the midwife's
// readings have a diastolic of 90 or more. On main 475 of 477 raised
// readings had no response and 372 of 9,554 readings (3.9%) a diastolic of
// 90 or more (generate -n 20000 -s 83).
func TestRaisedAntenatalBloodPressureIsAssessed(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	rb := &c.RaisedBP
	raised := func(a antenatalReading) bool { return a.sys >= rb.Systolic || a.dia >= rb.Diastolic }
	week := models.Timestamp(10 * 24 * 60 * models.MicrosPerMinute) // the clinic within 7 days, moved past a weekend
	readings, dia90, high, unanswered, coded := 0, 0, 0, 0, 0
	for id, list := range r.antenatalReadings(t, c) {
		held := func(d models.Date) bool {
			for _, cd := range r.condsOf[id] {
				// gestational hypertension, or pre-eclampsia in its place (h55d): the obstetric team follows it
				if (cd.ConditionKey == rb.Problem.Key || rb.PreEclampsia != nil && cd.ConditionKey == rb.PreEclampsia.Problem.Key) &&
					cd.OnsetDate <= d && (cd.ResolvedDate == models.NoDate || cd.ResolvedDate > d) {
					return true
				}
			}
			return false
		}
		for k, a := range list {
			if k > 0 && raised(list[k-1]) && a.at-list[k-1].at < week {
				continue // the assessment of the reading before
			}
			readings++
			if a.dia >= rb.Diastolic {
				dia90++
			}
			if !raised(a) || held(a.at.Date()) {
				continue
			}
			high++
			if !r.alive30(id, a.at.Date()) {
				continue
			}
			if k+1 < len(list) && list[k+1].at-a.at < week {
				continue
			}
			if unanswered++; unanswered <= 5 {
				t.Logf("patient %d: antenatal %v/%v on %s, no assessment within a week", r.patients[id].PatientIndex, a.sys, a.dia, a.at.Date())
			}
		}
	}
	onChronic := 0 // gestational hypertension coded in a woman with hypertension already (NG133: new hypertension only)
	for i := range r.b.Conditions {
		gh := &r.b.Conditions[i]
		if gh.ConditionKey != rb.Problem.Key {
			continue
		}
		coded++
		if slices.ContainsFunc(r.condsOf[gh.PatientID], func(cd *models.Condition) bool {
			return slices.Contains(rb.Chronic, cd.ConditionKey) && cd.OnsetDate <= gh.OnsetDate && (cd.ResolvedDate == models.NoDate || cd.ResolvedDate > gh.OnsetDate)
		}) {
			onChronic++
		}
	}
	if onChronic > 0 {
		t.Errorf("%d gestational hypertensions coded in women with chronic hypertension", onChronic)
	}
	t.Logf("%d antenatal readings (not assessments), %d with a diastolic of 90 or more, %d of 140/90 or more, %d unanswered; gestational hypertension coded %d times", readings, dia90, high, unanswered, coded)
	if readings < 500 || high < 10 {
		t.Fatalf("only %d antenatal readings (%d raised) to test", readings, high)
	}
	if unanswered > high/25 { // a few have none that fits: a stay, the birth within days
		t.Errorf("%d of %d raised antenatal blood pressures with no assessment within a week (NICE NG133)", unanswered, high)
	}
	if float64(dia90) > 0.03*float64(readings) {
		t.Errorf("%d of %d antenatal diastolic readings 90 or more: blood pressure falls in mid-pregnancy", dia90, readings)
	}
	if coded == 0 {
		t.Errorf("no gestational hypertension coded")
	}
}

// TestHeavyPeriodsOfferedTheIntrauterineSystemFirst: NICE NG88 1.5.1 offers
// the levonorgestrel intrauterine system first; a share of heavy-period
// episodes at 18 and over have it, none with tranexamic or mefenamic acid
// beside it for the same episode, and none runs into a pregnancy. On main
// none had it (0 of 4,675 episodes, generate -n 20000 -s 83).
func TestHeavyPeriodsOfferedTheIntrauterineSystemFirst(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	episodes, lng, beside, inPregnancy := 0, 0, 0, 0
	drugs := map[string][]string{} // episode -> medicines issued for it
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if keys[rx.ConditionID] == "menorrhagia" {
			drugs[rx.ConditionID] = append(drugs[rx.ConditionID], medKey(rx))
		}
	}
	for i := range r.b.Conditions {
		cd := &r.b.Conditions[i]
		if cd.ConditionKey != "menorrhagia" || ageOn(r.patients[cd.PatientID], cd.OnsetDate) < 18 {
			continue
		}
		episodes++
		if !slices.Contains(drugs[cd.ConditionID], "levonorgestrel") {
			continue
		}
		lng++
		if len(drugs[cd.ConditionID]) > 1 {
			beside++
		}
	}
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if keys[rx.ConditionID] != "menorrhagia" || medKey(rx) != "levonorgestrel" {
				continue
			}
			for _, cd := range r.condsOf[id] {
				if cd.ConditionKey == "pregnancy" && cd.OnsetDate >= rx.StartDate && (rx.EndDate == models.NoDate || cd.OnsetDate <= rx.EndDate) {
					inPregnancy++
				}
			}
		}
	}
	t.Logf("%d heavy-period episodes at 18+, %d with the intrauterine system (%d with a drug beside it, %d pregnancies during one)", episodes, lng, beside, inPregnancy)
	if episodes < 200 {
		t.Fatalf("only %d episodes to test", episodes)
	}
	if share := float64(lng) / float64(episodes); share < 0.10 || share > 0.30 {
		t.Errorf("intrauterine system in %.1f%% of heavy-period episodes at 18+, want 10-30%% (catalogue 25%% offered first, less those it does not suit)", 100*share)
	}
	if beside > 0 || inPregnancy > 0 {
		t.Errorf("%d episodes with the intrauterine system and a drug, %d pregnancies during one", beside, inPregnancy)
	}
}

// ageOn is the patient's age in whole years on day d.
func ageOn(p *models.Patient, d models.Date) int {
	by, bm, bd := p.BirthDate.YMD()
	y, m, dd := d.YMD()
	age := y - by
	if m < bm || (m == bm && dd < bd) {
		age--
	}
	return age
}

// TestRaisedPSAIsReferredOnTheSuspectedCancerPathway: a PSA above the NICE
// NG12 age-specific threshold in a man with no prostate cancer diagnosed
// has a fast-track urological referral within 14 days. The review's 352
// unreferred raised PSAs at -n 20000 -s 83 were all the monitoring PSAs of
// men whose prostate cancer was already diagnosed (catalogue
// marker_monitoring); the 118 in men not yet diagnosed were all referred. A
// guard, so that a PSA written elsewhere cannot go unreferred.
func TestRaisedPSAIsReferredOnTheSuspectedCancerPathway(t *testing.T) {
	r := pathwayPopulation(t)
	routes, err := datasets.CancerRouteData()
	if err != nil {
		t.Fatal(err)
	}
	res := routes.Route("prostate").Result
	psa, ref := obsCode(t, "psa"), obsCode(t, "fast_track_urological")
	raised, unreferred := 0, 0
	for id, obs := range r.obsOf {
		dx := models.NoDate
		for _, cd := range r.condsOf[id] {
			if cd.SnomedCode == "399068003" && (dx == models.NoDate || cd.OnsetDate < dx) {
				dx = cd.OnsetDate
			}
		}
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			if o.SnomedCode != psa || o.Value == nil || *o.Value <= res.Threshold(ageOn(r.patients[id], d)) || (dx != models.NoDate && dx <= d) {
				continue
			}
			raised++
			if !slices.ContainsFunc(obs, func(x *models.Observation) bool {
				xd := x.EffectiveTime.Date()
				return x.SnomedCode == ref && xd >= d && xd <= d+14
			}) {
				unreferred++
			}
		}
	}
	t.Logf("%d raised PSAs in men with no prostate cancer diagnosed, %d not referred within 14 days", raised, unreferred)
	if raised < 10 {
		t.Fatalf("only %d raised PSAs to test", raised)
	}
	if unreferred > 0 {
		t.Errorf("%d of %d raised PSAs not referred within 14 days (NICE NG12 1.6.3)", unreferred, raised)
	}
}

// TestLowHaemoglobinInPregnancyTreatedWithIron: a haemoglobin below 105 g/L
// in a pregnancy has oral iron running or started within 14 days (BSH 2020:
// below 110 in the first trimester, 105 after, oral iron). At -n 20000 -s 83
// before and after this brief: 0 of 19 without (every count below the
// non-pregnant 120 starts iron: anaemia.yaml). A guard.
func TestLowHaemoglobinInPregnancyTreatedWithIron(t *testing.T) {
	r := pathwayPopulation(t)
	hb := obsCode(t, "haemoglobin")
	low, untreated := 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			if o.SnomedCode != hb || o.Value == nil || *o.Value >= 105 {
				continue
			}
			pregnant := slices.ContainsFunc(r.condsOf[id], func(cd *models.Condition) bool {
				return cd.ConditionKey == "pregnancy" && cd.OnsetDate <= d && (cd.ResolvedDate == models.NoDate || cd.ResolvedDate >= d)
			})
			if !pregnant {
				continue
			}
			low++
			if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
				return datasets.InClass(medKey(rx), "iron") && rx.StartDate <= d+14 && (rx.EndDate == models.NoDate || rx.EndDate >= d)
			}) {
				untreated++
			}
		}
	}
	t.Logf("%d haemoglobins below 105 in pregnancy, %d with no iron", low, untreated)
	if untreated > 0 {
		t.Errorf("%d of %d haemoglobins below 105 g/L in pregnancy with no iron", untreated, low)
	}
}
