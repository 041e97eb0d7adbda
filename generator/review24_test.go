// Checks for the twenty-fourth review (docs/clinical-model.md, "Admitted
// through A&E to die in hospital (twenty-fourth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAdmissionsThroughAEFollowAnAttendance: a GP read a man with heart
// failure admitted "via A&E" at midnight on the day he died, with no A&E
// attendance; every final admission was written so (840 of 17,191
// admissions through A&E, 414 of them at exactly midnight: generate -n
// 20000 -s 5). Each emergency admission through A&E (method 21) now begins
// as an A&E attendance of the patient's ends, and hardly any at midnight
// (an hour drawn at random falls there about once in 1,440).
func TestAdmissionsThroughAEFollowAnAttendance(t *testing.T) {
	r := review5Population(t)
	aeEnds := map[string]map[models.Timestamp]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingAE {
			if aeEnds[e.PatientID] == nil {
				aeEnds[e.PatientID] = map[models.Timestamp]bool{}
			}
			aeEnds[e.PatientID][e.EndTime] = true
		}
	}
	admissions, midnight, final := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || e.AdmissionMethod != admissionViaAE {
			continue
		}
		admissions++
		if p := r.patients[e.PatientID]; p.DeathDate != models.NoDate && e.EndTime.Date() == p.DeathDate {
			final++
		}
		if !aeEnds[e.PatientID][e.StartTime] {
			t.Errorf("%s: admitted through A&E at %s with no A&E attendance ending then", e.PatientID, e.StartTime.Time().Format("2006-01-02 15:04"))
		}
		if e.StartTime == e.StartTime.Date().Start() {
			midnight++
		}
	}
	enough(t, final, 300, "final admissions through A&E")
	t.Logf("%d admissions through A&E, %d of them ending at a death, %d beginning at midnight", admissions, final, midnight)
	if midnight*200 > admissions {
		t.Errorf("%d of %d admissions through A&E begin at exactly midnight (more than 0.5%%)", midnight, admissions)
	}
}

// TestDecompensatedHeartFailureGetsALoopDiuretic: a GP read heart failure
// decompensated, seen in A&E and sent home, with no loop diuretic until the
// routine review seven months later (index 7039 on generate -n 20000 -s 5;
// 44 of 525 decompensations with none running or started within 45 days
// among people alive then). NICE NG106 1.5: a diuretic for congestion; the
// follow-up after an emergency starts or raises it (decompensation.go),
// which needs the A&E-only decompensations drawn before the reviews
// (catalogue per_year). Nearly every decompensation has one within 45 days.
func TestDecompensatedHeartFailureGetsALoopDiuretic(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population() - 60
	seen, without := 0, 0
	for pid, conds := range r.condsOf {
		p := r.patients[pid]
		for _, c := range conds {
			if c.ConditionKey != "heart_failure_decompensation" || c.OnsetDate > end || p.DeathDate != models.NoDate && p.DeathDate <= c.OnsetDate+45 {
				continue
			}
			seen++
			loop := false
			for _, rx := range r.rxOf[pid] {
				if datasets.InClass(medKey(rx), "loop_diuretic") && rx.StartDate <= c.OnsetDate+45 && (rx.EndDate == models.NoDate || rx.EndDate >= c.OnsetDate) {
					loop = true
					break
				}
			}
			if !loop {
				without++
				t.Logf("%s: heart failure decompensated on %s, no loop diuretic within 45 days", pid, c.OnsetDate)
			}
		}
	}
	enough(t, seen, 200, "heart failure decompensations")
	t.Logf("%d of %d decompensations with no loop diuretic running or started within 45 days", without, seen)
	if without*100 > seen*3 {
		t.Errorf("%d of %d heart failure decompensations with no loop diuretic running or started within 45 days (more than 3%%)", without, seen)
	}
}
