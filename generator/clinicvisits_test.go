package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestClinicAttendancesPerProblem: a clinic sees a problem at most once a
// day, and a referred acute problem has no more attendances than the
// catalogue's cap (activity.outpatient_referral attendances_max), but for a
// few that another pathway also books. Before the cap a frequent attender's
// every clinic visit went to the problem the clinic had last seen: a two-day
// chest pain was followed up 28 times, and 7.5% of problems had more than 6.
func TestClinicAttendancesPerProblem(t *testing.T) {
	p := testPlan(t, 8000, nil)
	b := generateAll(t, p, 0, 8000)
	acute, chestPain := map[string]bool{}, map[string]bool{}
	for _, c := range b.Conditions {
		if !c.Chronic {
			acute[c.ConditionID] = true
		}
		if c.ConditionKey == "chest_pain" {
			chestPain[c.ConditionID] = true
		}
	}
	type dayReason struct {
		day    models.Date
		reason string
	}
	sameDay := map[dayReason]int{}
	visits := map[string]int{}
	pregnancy := map[string]bool{}
	for _, c := range b.Conditions {
		if c.ConditionKey == "pregnancy" {
			pregnancy[c.ConditionID] = true
		}
	}
	for _, e := range b.Encounters {
		if e.Setting != settingOutpatient || e.ReasonConditionID == "" || e.TypeCode == p.encTypes[encEyeScreening].Code {
			continue // (a diabetic eye screen is the screening programme's, not a clinic: eyescreening.go)
		}
		if pregnancy[e.ReasonConditionID] {
			continue // antenatal care: a midwife's raised blood pressure sends her to the maternity assessment that day (pregnancybp.go)
		}
		k := dayReason{e.StartTime.Date(), e.ReasonConditionID}
		if sameDay[k]++; sameDay[k] == 2 {
			t.Errorf("problem %s seen twice in clinic on %s", e.ReasonConditionID, k.day)
		}
		if acute[e.ReasonConditionID] {
			visits[e.ReasonConditionID]++
		}
	}
	limit := p.Cat.Activity.OutpatientReferral.AttendancesMax
	chestLimit := 0
	for _, pr := range p.Cat.Presentations {
		if pr.Key == "chest_pain" {
			chestLimit = pr.ClinicAttendances
		}
	}
	over, chest, chestOver := 0, 0, 0
	for id, n := range visits {
		if n > limit {
			over++
		}
		if chestPain[id] {
			chest++
			if n > chestLimit {
				chestOver++
			}
		}
	}
	if len(visits) < 1000 || float64(over) > 0.005*float64(len(visits)) {
		t.Errorf("%d of %d referred problems seen in clinic more than %d times; want under 0.5%%", over, len(visits), limit)
	}
	// A rapid-access chest pain clinic sees most people once or twice
	// (the presentation's own clinic_attendances).
	if chestLimit == 0 || chest < 100 || float64(chestOver) > 0.03*float64(chest) {
		t.Errorf("%d of %d chest pains seen in clinic more than %d times; want under 3%%", chestOver, chest, chestLimit)
	}
}

// TestLongTermConditionClinicInterval: a clinic follows up a long-term
// condition about quarterly at most (activity.chronic_clinic_interval_days);
// only the attendances other pathways book (a referral when a threshold is
// crossed, the renal clinic that starts dialysis, a paediatric team's
// reviews, a cancer's urgent pathway and treatment) may come sooner; the
// last two are left out, as they outnumber the rest once most asthma, COPD
// and CKD stay in general practice (clinic_share). Before the interval a frail frequent attender
// had up to 28 renal clinic attendances in a year.
func TestLongTermConditionClinicInterval(t *testing.T) {
	p := testPlan(t, 8000, nil)
	b := generateAll(t, p, 0, 8000)
	clinic := map[string]bool{}
	for _, c := range p.Cat.Conditions {
		if c.Clinic && c.UrgentPathway == nil { // a cancer's pathway books its own attendances
			clinic[c.Key] = true
		}
	}
	born := map[string]models.Date{}
	for _, pt := range b.Patients {
		born[pt.PatientID] = pt.BirthDate
	}
	problem := map[string]string{} // row id -> patient and condition key (a staged condition's rows are one problem)
	for _, c := range b.Conditions {
		if c.Chronic && clinic[c.ConditionKey] {
			problem[c.ConditionID] = c.PatientID + "/" + c.ConditionKey
		}
	}
	days := map[string][]models.Date{}
	for _, e := range b.Encounters {
		if k, ok := problem[e.ReasonConditionID]; ok && e.Setting == settingOutpatient && e.StartTime.Date()-born[e.PatientID] >= 18*365 { // a paediatric team books its own reviews
			days[k] = append(days[k], e.StartTime.Date())
		}
	}
	interval := models.Date(p.Cat.Activity.ChronicClinicIntervalDays)
	gaps, close, most := 0, 0, 0
	for _, ds := range days {
		slices.Sort(ds)
		for i := 1; i < len(ds); i++ {
			gaps++
			if ds[i]-ds[i-1] < interval {
				close++
			}
		}
		for i := range ds { // attendances in the year from each one
			n := 0
			for j := i; j < len(ds) && ds[j]-ds[i] < 365; j++ {
				n++
			}
			most = max(most, n)
		}
	}
	if gaps < 1000 || float64(close) > 0.05*float64(gaps) {
		t.Errorf("%d of %d intervals between clinic attendances for a long-term condition shorter than %d days; want under 5%%", close, gaps, interval)
	}
	if most > 8 {
		t.Errorf("a long-term condition followed up in clinic %d times in a year; want at most 8", most)
	}
	t.Logf("%d intervals, %d shorter than %d days; most in a year %d", gaps, close, interval, most)
}
