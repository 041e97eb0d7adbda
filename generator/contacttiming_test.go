package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAdmissionThroughAEFollowsAnAttendance: every emergency admission
// through A&E (method 21) has an A&E attendance that began before it, within
// 24 hours (NHS Data Dictionary). A man dying in the first minute of the day
// of a head injury was admitted at 00:00 with his attendance at 00:00 too
// (generate -n 30000 -s 9, the 4,166th person); someone dead that soon is
// not admitted. The slice of that population read here holds him.
func TestAdmissionThroughAEFollowsAnAttendance(t *testing.T) {
	p := testPlan(t, 30000, func(o *Options) { o.Seed = 9 })
	b := generateAll(t, p, 4100, 4200)
	aeStarts := map[string][]models.Timestamp{}
	for i := range b.Encounters {
		if e := &b.Encounters[i]; e.Setting == "ae" {
			aeStarts[e.PatientID] = append(aeStarts[e.PatientID], e.StartTime)
		}
	}
	admissions := 0
	for i := range b.Encounters {
		e := &b.Encounters[i]
		if e.Setting != "inpatient" || e.AdmissionMethod != "21" {
			continue
		}
		admissions++
		seen := false
		for _, a := range aeStarts[e.PatientID] {
			seen = seen || (a < e.StartTime && e.StartTime-a <= models.Timestamp(24*60*models.MicrosPerMinute))
		}
		if !seen {
			t.Errorf("patient %s: admitted through A&E on %s with no attendance in the 24 hours before", e.PatientID, e.StartTime.Date())
		}
	}
	enough(t, admissions, 50, "admissions through A&E")
}

// TestSepsisReadingsEndWithTheContact: a baby born and dying within the
// hour, admitted with sepsis six minutes before her death, had her sepsis
// readings written ten minutes into the admission, after the death (audit
// events-after-death, generate -n 30000 -s 23, the 5,864th person; the
// slice read here holds her). No reading may come after its contact ends.
func TestSepsisReadingsEndWithTheContact(t *testing.T) {
	p := testPlan(t, 30000, func(o *Options) { o.Seed = 23 })
	b := generateAll(t, p, 5800, 5900)
	ends := map[string]models.Timestamp{}
	for i := range b.Encounters {
		if e := &b.Encounters[i]; e.Setting == "inpatient" && e.EndTime > e.StartTime {
			ends[e.EncounterID] = e.EndTime
		}
	}
	read := 0
	for i := range b.Observations {
		o := &b.Observations[i]
		end, ok := ends[o.EncounterID]
		if !ok {
			continue
		}
		read++
		if o.EffectiveTime > end {
			t.Errorf("patient %s: %s read on %s after the admission ended", o.PatientID, o.Description, o.EffectiveTime.Date())
		}
	}
	enough(t, read, 100, "readings at admissions")
}

// TestReadingsWithinTheirContact: a sample is taken while the patient is
// there, so no reading comes after its contact ends. A dementia
// diagnosis's reversible-cause bloods, a minute apart from four minutes
// into a ten-minute appointment, ran past its end (B12 and folate of 161
// people on generate -n 30000 -s 23).
//
// A culture's growth is not a sample: brief h75c times it at the
// laboratory's report, days later, and keeps it on the contact whose
// request it answers (as a FHIR Observation's encounter is the one it was
// requested in); its sample is coded within the contact. So a reported
// culture's growth is read here only as coming after its contact began and
// no later than the latest report the model writes (the longest
// turnaround, or a urine's last result call: uticulture.yaml report_days
// and act_within_days) after it ended.
func TestReadingsWithinTheirContact(t *testing.T) {
	r := review5Population(t)
	reported := map[string]bool{}
	lag := 0
	for _, tp := range r.p.testResults {
		if tp.report != nil {
			reported[tp.snomed] = true
			lag = max(lag, tp.report.NoGrowthDays, tp.report.GrownDays)
		}
	}
	if cp := r.p.cultureResult; cp != nil {
		lag = max(lag, cp.ReportDays[1]+cp.ActWithin)
	}
	read := 0
	for id, e := range r.encs {
		if e.EndTime < e.StartTime {
			continue
		}
		for _, o := range r.obsByEnc[id] {
			read++
			if reported[o.SnomedCode] && o.ValueCode != "" {
				if o.EffectiveTime < e.StartTime || o.EffectiveTime > e.EndTime.AddMinutes((lag+1)*24*60) {
					t.Errorf("patient %s: %s reported outside %d days of its %s contact", o.PatientID, o.Description, lag+1, e.Setting)
				}
				continue
			}
			if o.EffectiveTime > e.EndTime {
				t.Errorf("patient %s: %s read %d minutes after its %s contact ended", o.PatientID, o.Description, (o.EffectiveTime-e.EndTime)/models.Timestamp(models.MicrosPerMinute), e.Setting)
			}
		}
	}
	enough(t, read, 100000, "readings at contacts")
}
