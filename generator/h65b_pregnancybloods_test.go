package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h65b: fxb's bloods at the assessment of a raised pressure in
// pregnancy wrote a serum creatinine with no value (the catalogue had no
// value model for it: TestRecordsAreCoherent failed on the merged tree).
// The creatinine is now read back from the person's eGFR state through the
// CKD-EPI 2009 equation (catalogue.yaml creatinine from_egfr).

// TestPregnancyBloodsCarryValues: every blood of pregnancy.yaml raised_bp
// bloods written at the assessment that coded gestational hypertension or
// pre-eclampsia carries a value, and a creatinine is one a woman of
// childbearing age with the model's eGFR has (35-130 umol/L: an eGFR of
// about 45-130 at 16-50 under CKD-EPI 2009; the model's women of that age
// have no kidney disease to speak of). On the fxb tree the written
// creatinine had no value (117 of 117 null at generate -n 20000 -s 83) and
// this test failed for 37 of 38 creatinines of the pathway population.
func TestPregnancyBloodsCarryValues(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	keys := raisedBPProblems(t)
	bloods := map[string]string{}
	for _, k := range c.RaisedBP.Bloods {
		bloods[r.snomed(k)] = k
	}
	fe := &firstErrors{t: t}
	defer fe.done()
	n, creat := 0, 0
	for i := range r.b.Conditions {
		cd := &r.b.Conditions[i]
		if !slices.Contains(keys, cd.ConditionKey) {
			continue
		}
		n++
		for _, o := range r.obsByEnc[cd.DiagnosisEncounterID] {
			k, ok := bloods[o.SnomedCode]
			switch {
			case !ok:
			case o.Value == nil:
				fe.errorf("patient %d: %s on %s, its %s has no value", r.patients[cd.PatientID].PatientIndex, cd.ConditionKey, cd.OnsetDate, k)
			case k == "creatinine":
				creat++
				if *o.Value < 35 || *o.Value > 130 {
					fe.errorf("patient %d: creatinine %.0f umol/L at the assessment of %s on %s", r.patients[cd.PatientID].PatientIndex, *o.Value, cd.ConditionKey, cd.OnsetDate)
				}
			}
		}
	}
	t.Logf("%d hypertensive problems of pregnancy, %d creatinines", n, creat)
	if n < 3 || creat < 3 {
		t.Fatalf("only %d hypertensive problems of pregnancy and %d creatinines: too few to judge", n, creat)
	}
}

// TestHypertensivePregnancyFollowedAfterTheBirth: NICE NG133 (1.6-1.7,
// approx, recalled): after gestational hypertension or pre-eclampsia the
// antihypertensive is reduced and stopped as the pressure falls, and the
// blood pressure is measured again at the 6-8 week postnatal review. For
// each such problem whose pregnancy ends in a delivery with at least 10
// weeks of record after it: no labetalol about the problem is started more
// than 12 weeks after the delivery (none: pregnancy.yaml raised_bp
// treatment after_birth_days ends it 14 days after), and a systolic blood
// pressure is recorded within 10 weeks after it in at least 90% (a
// postnatal check the practice could not book, or a death, excuses the
// rest). At generate -n 20000 -s 83: 0 late issues and 93 of 95 with a
// pressure, before and after h65b.
func TestHypertensivePregnancyFollowedAfterTheBirth(t *testing.T) {
	r := pathwayPopulation(t)
	c := pregnancyModel(t)
	keys := []string{c.RaisedBP.Problem.Key}
	if pe := c.RaisedBP.PreEclampsia; pe != nil {
		keys = append(keys, pe.Problem.Key)
	}
	med := c.RaisedBP.Treatment.Medicine
	deliveries, last := map[string][]models.Date{}, map[string]models.Date{}
	for _, e := range r.encs {
		d := e.StartTime.Date()
		if e.TypeCode == c.Delivery.Snomed {
			deliveries[e.PatientID] = append(deliveries[e.PatientID], d)
		}
		last[e.PatientID] = max(last[e.PatientID], d)
	}
	sys := r.snomed("systolic_bp")
	n, withBP := 0, 0
	fe := &firstErrors{t: t}
	defer fe.done()
	for i := range r.b.Conditions {
		cd := &r.b.Conditions[i]
		if !slices.Contains(keys, cd.ConditionKey) {
			continue
		}
		birth := models.NoDate
		for _, d := range deliveries[cd.PatientID] {
			if d >= cd.OnsetDate && d <= cd.OnsetDate+200 && (birth == models.NoDate || d < birth) {
				birth = d
			}
		}
		if birth == models.NoDate || last[cd.PatientID] < birth+70 {
			continue
		}
		n++
		for _, rx := range r.rxOf[cd.PatientID] {
			if rx.ConditionID == cd.ConditionID && medKey(rx) == med && rx.StartDate > birth+84 {
				fe.errorf("patient %d: %s issued %s, %d days after the delivery of a pregnancy with %s", r.patients[cd.PatientID].PatientIndex, med, rx.StartDate, rx.StartDate-birth, cd.ConditionKey)
			}
		}
		for _, o := range r.obsOf[cd.PatientID] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == sys && d > birth && d <= birth+70 {
				withBP++
				break
			}
		}
	}
	t.Logf("%d hypertensive pregnancies delivered with 10 weeks of record after, %d with a blood pressure within 10 weeks", n, withBP)
	if n < 3 {
		t.Fatalf("only %d hypertensive pregnancies delivered: too few to judge", n)
	}
	if float64(withBP) < 0.9*float64(n) {
		t.Errorf("a blood pressure within 10 weeks of the delivery in %d of %d hypertensive pregnancies: want at least 90%% (NICE NG133 postnatal review)", withBP, n)
	}
}

// raisedBPInPregnancyAssessed gives the encounters that took the bloods of
// a raised pressure in pregnancy (pregnancy.yaml raised_bp bloods: full
// blood count, ALT, creatinine; NICE NG133), at its diagnosis or at a later
// antenatal check still raised: those with a serum creatinine, which
// nothing else in the model records. Tests of other bloods' reasons count
// them.
func raisedBPInPregnancyAssessed(t *testing.T, r *realism) map[string]bool {
	creat := r.snomed("creatinine")
	out := map[string]bool{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == creat {
			out[o.EncounterID] = true
		}
	}
	if len(out) == 0 {
		t.Fatal("no serum creatinine in the population: the bloods of a raised pressure in pregnancy are not recorded")
	}
	return out
}

// raisedBPProblems gives the condition keys of a raised pressure in
// pregnancy: gestational hypertension and, where modelled, pre-eclampsia.
func raisedBPProblems(t *testing.T) []string {
	c := pregnancyModel(t)
	keys := []string{c.RaisedBP.Problem.Key}
	if pe := c.RaisedBP.PreEclampsia; pe != nil {
		keys = append(keys, pe.Problem.Key)
	}
	return keys
}
