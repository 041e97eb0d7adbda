package generator

// Brief h49a: a baby under 3 months with a UTI (docs/clinical-model.md,
// "Eczema is one problem with flares", its last paragraph).

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestInfantUTIGoesToHospitalAndIsScanned: NICE NG224 1.1.3 refers a baby
// under 3 months with a suspected UTI to paediatric specialist care, and
// under 6 months a first UTI has an ultrasound of the urinary tract. Every
// UTI that began under 90 days old in the window (and 3 days before its
// end) has a hospital contact about it (A&E or an admission) within 2 days
// and a renal ultrasound within 3. Before, all had the hospital contact and
// none the scan (0 of 25, generate -n 20000 -s 5).
func TestInfantUTIGoesToHospitalAndIsScanned(t *testing.T) {
	r := review5Population(t)
	us, ok := datasets.ObservationByKey("renal_ultrasound")
	if !ok {
		t.Fatal("no renal_ultrasound in observation_codes.csv")
	}
	hospital := map[string]models.Date{} // UTI row id -> first A&E or inpatient day about it
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.ReasonConditionID != "" && (e.Setting == settingAE || e.Setting == settingInpatient) {
			if d, seen := hospital[e.ReasonConditionID]; !seen || e.StartTime.Date() < d {
				hospital[e.ReasonConditionID] = e.StartTime.Date()
			}
		}
	}
	n, noHospital, noScan := 0, 0, 0
	for id, conds := range r.condsOf {
		birth := r.patients[id].BirthDate
		for _, c := range conds {
			if c.ConditionKey != "uti" || c.OnsetDate-birth >= 90 || c.OnsetDate < r.p.windowStart || c.OnsetDate+3 > r.p.Opts.AsOf {
				continue
			}
			n++
			if d, seen := hospital[c.ConditionID]; !seen || d > c.OnsetDate+2 {
				noHospital++
				t.Logf("%s: UTI at %d days old on %v with no hospital contact in 2 days", id, c.OnsetDate-birth, c.OnsetDate)
			}
			scanned := false
			for _, o := range r.obsOf[id] {
				if d := o.EffectiveTime.Date(); o.SnomedCode == us.Snomed && d >= c.OnsetDate && d <= c.OnsetDate+3 {
					scanned = true
				}
			}
			if !scanned {
				noScan++
			}
		}
	}
	enough(t, n, 10, "UTIs under 3 months")
	t.Logf("%d UTIs under 3 months: %d with no hospital contact in 2 days, %d with no renal ultrasound in 3", n, noHospital, noScan)
	if noHospital > 0 || noScan > 0 {
		t.Errorf("%d of %d UTIs under 3 months with no hospital contact in 2 days, %d with no renal ultrasound in 3 days (NICE NG224)", noHospital, n, noScan)
	}
}
