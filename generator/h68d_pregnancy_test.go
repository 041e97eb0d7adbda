package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Brief h68d: pregnancy as a midwife and GP see it. The booking recorded
// no weight, height or BMI (0 of 1,942 bookings, generate -n 20000 -s 83),
// and amlodipine ran through pregnancies beside the switch's labetalol (4
// women), with nothing in place of a stopped ACE inhibitor when asthma ruled
// labetalol out.

// TestBookingRecordsHeightWeightAndBMI: every antenatal booking records a
// height (the NHS Data Dictionary's booking appointment: height and weight
// measured; NICE NG201), an adult's (140-205 cm: observations.go height's
// bounds), and at least 99% a weight and BMI as well, the BMI the weight over
// the height squared (within 0.1 kg/m2: both are written to one decimal). A
// reading the model's own rules hold back (a BMI weeks after an obesity
// diagnosis confirmed it, confirm.go; a cohort with no such test, absent.go)
// may be missing: 3 of 1,931 bookings at seed 97. The seed-83 population of
// 20,000 (h64jPopulation), where the brief measured 1,942 bookings: at least
// 1,000 must be checked.
func TestBookingRecordsHeightWeightAndBMI(t *testing.T) {
	r := h64jPopulation(t)
	pm := pregnancyModel(t)
	var booking *datasets.AntenatalVisit
	for k := range pm.Antenatal {
		if pm.Antenatal[k].Key == "booking" {
			booking = &pm.Antenatal[k]
		}
	}
	if booking == nil {
		t.Fatal("pregnancy.yaml antenatal has no booking")
	}
	height, _ := datasets.ObservationByKey(heightKey)
	weight, bmi := r.snomed("weight"), r.snomed("bmi")
	fe := &firstErrors{t: t}
	defer fe.done()
	checked, measured := 0, 0
	for id, e := range r.encs {
		if e.TypeCode != booking.Type.Snomed {
			continue
		}
		checked++
		var w, h, b *float64
		for _, o := range r.obsByEnc[id] {
			switch o.SnomedCode {
			case weight:
				w = o.Value
			case height.Snomed:
				h = o.Value
			case bmi:
				b = o.Value
			}
		}
		if h == nil {
			fe.errorf("booking %s on %s: no height", id, e.StartTime.Date())
			continue
		}
		if *h < 140 || *h > 205 {
			fe.errorf("booking %s on %s: height %.1f cm (want an adult's, 140-205)", id, e.StartTime.Date(), *h)
			continue
		}
		if w == nil || b == nil {
			continue
		}
		if m := *h / 100; math.Abs(*b-*w/(m*m)) > 0.1 {
			fe.errorf("booking %s: weight %.1f kg, height %.1f cm, BMI %.1f (want BMI = weight / height^2)", id, *w, *h, *b)
			continue
		}
		measured++
	}
	t.Logf("%d of %d bookings record weight, height and BMI", measured, checked)
	if checked < 1000 {
		t.Fatalf("only %d bookings to test", checked)
	}
	if 100*measured < 99*checked {
		t.Errorf("%d of %d bookings record weight and BMI, want at least 99%%", measured, checked)
	}
}

// TestNoAmlodipineInPregnancyNifedipineInstead: no amlodipine issue runs
// while a pregnancy is on the problem list (prescribing.yaml pregnancy
// medicines; BNF: no safer alternative), and a woman whose amlodipine for
// hypertension the confirming visit stopped is given nifedipine there, or
// labetalol when nifedipine is ruled out (pregnancy.yaml
// antihypertensive_switch also; NICE NG133 1.2). On main 4 women had
// amlodipine running in a pregnancy. At least 2 switches must be checked.
func TestNoAmlodipineInPregnancyNifedipineInstead(t *testing.T) {
	r := h64jPopulation(t)
	pm := pregnancyModel(t)
	sw := pm.AntihypertensiveSwitch
	if sw == nil || len(sw.Also) == 0 {
		t.Fatal("pregnancy.yaml antihypertensive_switch has no also line")
	}
	line := sw.Also[0]
	byID := r.conditionByID()
	fe := &firstErrors{t: t}
	defer fe.done()
	running, stopped, switched := 0, 0, 0
	for id, conds := range r.condsOf {
		for _, pg := range conds {
			if pg.ConditionKey != pm.Problem.Key {
				continue
			}
			end := pregnancyEnd(r, pg)
			var stop *models.Prescription
			for _, rx := range r.rxOf[id] {
				if medKey(rx) != line.Stopped[0] {
					continue
				}
				if rx.StartDate < end && (rx.EndDate == models.NoDate || rx.EndDate >= pg.OnsetDate) {
					running++
					fe.errorf("patient %d: %s %s to %s in the pregnancy from %s", r.patients[id].PatientIndex, rx.Medication, rx.StartDate, rx.EndDate, pg.OnsetDate)
				}
				if hc := byID[rx.ConditionID]; rx.EndDate == pg.OnsetDate-1 && hc != nil && hc.ConditionKey == sw.Conditions[0] {
					stop = rx
				}
			}
			if stop == nil || pg.DiagnosisEncounterID == "" {
				continue
			}
			stopped++
			var given *models.Prescription
			for _, rx := range r.rxOf[id] {
				if k := medKey(rx); (k == line.Medicine || k == line.IfRuledOut) && rx.StartDate == pg.OnsetDate && rx.ConditionID == stop.ConditionID {
					if given == nil || k == line.Medicine {
						given = rx
					}
				}
			}
			switch {
			case given == nil:
				fe.errorf("patient %d: %s stopped for the pregnancy confirmed %s, no %s or %s", r.patients[id].PatientIndex, stop.Medication, pg.OnsetDate, line.Medicine, line.IfRuledOut)
			case given.EncounterID != pg.DiagnosisEncounterID:
				fe.errorf("patient %d: %s at %s, not the confirming visit", r.patients[id].PatientIndex, given.Medication, given.EncounterID)
			default:
				switched++
			}
		}
	}
	t.Logf("%d amlodipine issues running in a pregnancy; %d of %d pregnancies with amlodipine stopped given %s or %s", running, switched, stopped, line.Medicine, line.IfRuledOut)
	if stopped < 2 {
		t.Fatalf("only %d pregnancies with amlodipine stopped to test", stopped)
	}
}

// TestPostnatalPressureCheckedAfterHypertensionInPregnancy: a birth of a
// woman who held gestational hypertension, pre-eclampsia or chronic
// hypertension on its day is followed by a postnatal visit on day 3-5 after
// it (a few days later when a stay covers them), about that problem, with
// her blood pressure recorded (NICE NG133: at least once between day 3 and
// day 5; pregnancy.yaml raised_bp postnatal). On main no such visit was
// written. At least 20 births must be checked.
func TestPostnatalPressureCheckedAfterHypertensionInPregnancy(t *testing.T) {
	r := h64jPopulation(t)
	pm := pregnancyModel(t)
	pn := pm.RaisedBP.Postnatal
	if pn == nil {
		t.Fatal("pregnancy.yaml raised_bp has no postnatal")
	}
	keys := append([]string{pm.RaisedBP.Problem.Key, pm.RaisedBP.PreEclampsia.Problem.Key}, pm.RaisedBP.Chronic...)
	sys, dia := r.snomed("systolic_bp"), r.snomed("diastolic_bp")
	encsOf := map[string][]*models.Encounter{}
	for _, e := range r.encs {
		encsOf[e.PatientID] = append(encsOf[e.PatientID], e)
	}
	const slack = 3 // days a maternity stay may push the visit on
	fe := &firstErrors{t: t}
	defer fe.done()
	checked, seen := 0, 0
	for id, es := range encsOf {
		for _, birth := range es {
			if birth.TypeCode != pm.Delivery.Snomed {
				continue
			}
			d := birth.StartTime.Date()
			if d+models.Date(pn.Days[1]+slack) > r.p.Opts.AsOf {
				continue // the record stops first
			}
			held := map[string]bool{}
			for _, c := range r.condsOf[id] {
				for _, k := range keys {
					if c.ConditionKey == k && c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || c.ResolvedDate > d) {
						held[c.ConditionID] = true
					}
				}
			}
			if len(held) == 0 {
				continue
			}
			checked++
			var visit *models.Encounter
			for _, e := range es {
				if e.TypeCode == pn.Visit.Snomed && e.StartTime.Date() >= d+models.Date(pn.Days[0]) && e.StartTime.Date() <= d+models.Date(pn.Days[1]+slack) {
					visit = e
				}
			}
			if visit == nil {
				fe.errorf("patient %d: birth %s after hypertension in pregnancy, no postnatal visit on day %d-%d", r.patients[id].PatientIndex, d, pn.Days[0], pn.Days[1])
				continue
			}
			s, dv := false, false
			for _, o := range r.obsByEnc[visit.EncounterID] {
				s = s || o.SnomedCode == sys && o.Value != nil
				dv = dv || o.SnomedCode == dia && o.Value != nil
			}
			if !held[visit.ReasonConditionID] || !s || !dv {
				fe.errorf("patient %d: postnatal visit %s about %s (held %v), systolic %v, diastolic %v", r.patients[id].PatientIndex, visit.StartTime.Date(), visit.ReasonConditionID, held, s, dv)
				continue
			}
			seen++
		}
	}
	t.Logf("%d of %d births after hypertension in pregnancy have the day 3-5 blood pressure check", seen, checked)
	if checked < 20 {
		t.Fatalf("only %d births after hypertension in pregnancy to test", checked)
	}
}
