package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h56e (issue 9): pregnancy care a midwife and GP believe. Each test
// below fails on the main it started from (see each).

// TestMiscarriageConfirmedByEarlyPregnancyScan: a miscarriage is coded at
// the early pregnancy assessment service's attendance, which records the
// scan that confirms it, after a GP contact about the pregnancy in the days
// before it (NICE NG126: bleeding in early pregnancy is referred there for a
// transvaginal scan). 95% at least: no clinic day may be left in the
// record. On main 0 of 204 were (all coded at the GP contact, generate -n
// 20000 -s 83).
func TestMiscarriageConfirmedByEarlyPregnancyScan(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	ls := c.LossScan
	if ls == nil {
		t.Fatal("pregnancy.yaml has no loss_scan")
	}
	scan := r.snomedCode(t, ls.Scan)
	losses, scanned := 0, 0
	miss := func(format string, args ...any) { // logged: the rate below decides
		if losses-scanned <= 5 {
			t.Logf(format, args...)
		}
	}
	for id, conds := range r.condsOf {
		for _, m := range conds {
			if m.ConditionKey != c.Miscarriage.Key {
				continue
			}
			losses++
			e := r.encs[m.DiagnosisEncounterID]
			if e == nil || e.Setting != settingOutpatient || e.TypeCode != ls.Attendance.Snomed {
				miss("patient %d: miscarriage coded %s not at the early pregnancy service", r.patients[id].PatientIndex, m.OnsetDate)
				continue
			}
			hasScan := false
			for _, o := range r.obsByEnc[e.EncounterID] {
				hasScan = hasScan || o.SnomedCode == scan
			}
			referred := false // a GP contact about the pregnancy in the days before
			for _, pg := range conds {
				if pg.ConditionKey != c.Problem.Key || pg.ResolvedDate != m.OnsetDate {
					continue
				}
				for _, g := range r.encs {
					d := g.StartTime.Date()
					if g.PatientID == id && g.Setting == settingGP && g.ReasonConditionID == pg.ConditionID && d < m.OnsetDate && d >= m.OnsetDate-models.Date(ls.Days[1]+4) {
						referred = true
					}
				}
			}
			if !hasScan || !referred {
				miss("patient %d: miscarriage coded %s: scan %v, GP contact before it %v", r.patients[id].PatientIndex, m.OnsetDate, hasScan, referred)
				continue
			}
			scanned++
		}
	}
	t.Logf("%d of %d miscarriages confirmed by the scan after a GP contact", scanned, losses)
	if losses < 20 {
		t.Fatalf("only %d miscarriages to test", losses)
	}
	if float64(scanned) < 0.95*float64(losses) { // the rest: no clinic day left in the record
		t.Errorf("%d of %d miscarriages confirmed by the scan (want 95%% at least)", scanned, losses)
	}
}

// TestBookingRecordsScreeningBloods: every antenatal booking records the
// screening bloods NICE NG201 and the NHS antenatal screening programmes
// offer at booking (blood group and antibodies, hepatitis B, HIV, syphilis,
// sickle cell and thalassaemia) beside its blood count. On main 0 of 1,924
// bookings did (generate -n 20000 -s 83).
func TestBookingRecordsScreeningBloods(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	booking := c.Antenatal[0]
	if booking.Key != "booking" {
		t.Fatalf("the first antenatal visit is %q, not the booking", booking.Key)
	}
	want := []string{"antenatal_blood_group", "antenatal_hepatitis_b", "antenatal_hiv", "antenatal_syphilis", "antenatal_sickle_cell", "haemoglobin"}
	fe := &firstErrors{t: t}
	defer fe.done()
	bookings, complete := 0, 0
	for _, e := range r.encs {
		if e.TypeCode != booking.Type.Snomed {
			continue
		}
		bookings++
		got := map[string]bool{}
		for _, o := range r.obsByEnc[e.EncounterID] {
			got[o.SnomedCode] = true
		}
		missing := []string{}
		for _, k := range want {
			if !got[r.snomedCode(t, k)] {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			fe.errorf("patient %d: booking %s without %v", r.patients[e.PatientID].PatientIndex, e.StartTime.Date(), missing)
			continue
		}
		complete++
	}
	t.Logf("%d of %d bookings record every screening blood", complete, bookings)
	if bookings < 100 {
		t.Fatalf("only %d bookings to test", bookings)
	}
}

// TestHypertensionInPregnancySwitchedToLabetalol: a woman whose ACE
// inhibitor, ARB or thiazide for hypertension the visit confirming her
// pregnancy stopped is given labetalol there, about the hypertension,
// unless she has asthma (NICE NG133 1.1.3-1.1.4 and 1.2), to the end of
// the pregnancy or the day before an asthma diagnosed in it; and no thiazide
// runs in a pregnancy. On main no such woman had labetalol at that visit (3
// of 20 had any medicine safe in pregnancy two weeks on) and 2
// bendroflumethiazide issues ran in a pregnancy (generate -n 20000 -s 83).
func TestHypertensionInPregnancySwitchedToLabetalol(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	sw := c.AntihypertensiveSwitch
	if sw == nil {
		t.Fatal("pregnancy.yaml has no antihypertensive_switch")
	}
	inClasses := func(rx *models.Prescription, classes ...string) bool {
		m := r.p.medPlans[medKey(rx)]
		for _, cls := range classes {
			if m != nil && m.inClass(cls) {
				return true
			}
		}
		return false
	}
	byID := r.conditionByID()
	fe := &firstErrors{t: t}
	defer fe.done()
	stopped, switched, thiazide := 0, 0, 0
	for id, conds := range r.condsOf {
		for _, pg := range conds {
			if pg.ConditionKey != c.Problem.Key {
				continue
			}
			end := pregnancyEnd(r, pg)
			var stop *models.Prescription // a repeat for hypertension the confirming visit ended
			for _, rx := range r.rxOf[id] {
				if rx.StartDate < end && (rx.EndDate == models.NoDate || rx.EndDate >= pg.OnsetDate) && inClasses(rx, "thiazide") {
					thiazide++
					fe.errorf("patient %d: %s %s to %s in the pregnancy from %s", r.patients[id].PatientIndex, rx.Medication, rx.StartDate, rx.EndDate, pg.OnsetDate)
				}
				if hc := byID[rx.ConditionID]; rx.EndDate == pg.OnsetDate-1 && hc != nil && hc.ConditionKey == sw.Conditions[0] && inClasses(rx, sw.Classes...) {
					stop = rx
				}
			}
			// asthma rules labetalol out: none with it, and a course ends the
			// day before it is diagnosed
			asthma := r.has(id, "asthma")
			if stop == nil || pg.DiagnosisEncounterID == "" || asthma != nil && asthma.OnsetDate <= pg.OnsetDate {
				continue
			}
			stopped++
			var lab *models.Prescription
			for _, rx := range r.rxOf[id] {
				if medKey(rx) == sw.Medicine && rx.StartDate == pg.OnsetDate {
					lab = rx
				}
			}
			labEnd := models.NoDate // to the end of its run: a raised dose goes on to the same end (fx65a)
			if lab != nil {
				labEnd = runEnd(r.rxOf[id], lab, sw.Medicine)
			}
			switch {
			case lab == nil:
				fe.errorf("patient %d: %s stopped for the pregnancy confirmed %s, no %s", r.patients[id].PatientIndex, stop.Medication, pg.OnsetDate, sw.Medicine)
			case lab.ConditionID != stop.ConditionID || lab.EncounterID != pg.DiagnosisEncounterID:
				fe.errorf("patient %d: %s about %s at %s (want about the hypertension, at the confirming visit)", r.patients[id].PatientIndex, lab.Medication, lab.ConditionID, lab.EncounterID)
			case labEnd != models.NoDate && labEnd < end && !(asthma != nil && asthma.OnsetDate == labEnd+1):
				fe.errorf("patient %d: %s ends %s, before the pregnancy's end %s", r.patients[id].PatientIndex, lab.Medication, labEnd, end)
			default:
				switched++
			}
		}
	}
	t.Logf("%d of %d pregnancies with an antihypertensive stopped switched to %s; %d thiazide issues in a pregnancy", switched, stopped, sw.Medicine, thiazide)
	if stopped < 3 {
		t.Fatalf("only %d pregnancies with an antihypertensive stopped to test", stopped)
	}
}
