package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h68c: a GP review (generate -n 3000 -s 61) found 4 of 57 children born
// 2021-23 with no routine immunisation and nothing on the record to say why,
// and 43 of 253 babies with no 6-8 week check. The tests read the shared
// pathway population.

// babiesBornIn are the patients born inside the record, registered by 6
// weeks (one who joins later had these at their last practice) and whose
// record runs to days old, with the last day of each record.
func (r *realism) babiesBornIn(days models.Date) map[string]*models.Patient {
	kids := map[string]*models.Patient{}
	for id, pt := range r.patients {
		last := r.p.Opts.AsOf
		if pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		if pt.BirthDate >= r.p.windowStart && pt.RegistrationDate <= pt.BirthDate+42 && pt.BirthDate+days <= last {
			kids[id] = pt
		}
	}
	return kids
}

// TestMissedPrimaryImmunisationIsExplained: a baby with no 6-in-1 (or
// 5-in-1) dose by their first birthday has the reason coded (immunisations.yaml
// not_given): the invited visit and its recall not attended, or the
// parents' decline. COVER puts 91.2% on time at 12 months, so about 9 in
// 100 babies qualify; the bound allows 1 in 10 of them unexplained (a
// contact the record cannot book). Before, none was explained.
func TestMissedPrimaryImmunisationIsExplained(t *testing.T) {
	r := pathwayPopulation(t)
	kids := r.babiesBornIn(400)
	dna, _ := datasets.ObservationByKey("imm_did_not_attend")
	dec, _ := datasets.ObservationByKey("imm_consent_not_given")
	primary := map[string]bool{}
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		if pt := kids[im.PatientID]; pt != nil && strings.HasPrefix(im.VaccineKey, "dtap_ipv_hib") && im.OccurrenceTime.Date() <= pt.BirthDate+365 {
			primary[im.PatientID] = true
		}
	}
	missed, unexplained, declined := 0, 0, 0
	for id := range kids {
		if primary[id] {
			continue
		}
		missed++
		why := false
		for _, o := range r.obsOf[id] {
			why = why || o.SnomedCode == dna.Snomed || o.SnomedCode == dec.Snomed
			if o.SnomedCode == dec.Snomed {
				declined++
			}
		}
		if !why {
			unexplained++
		}
	}
	t.Logf("%d babies born in the record, %d with no primary dose by 12 months: %d unexplained, %d declined", len(kids), missed, unexplained, declined)
	enough(t, missed, 15, "babies without a primary dose by 12 months")
	if 10*unexplained > missed {
		t.Errorf("%d of %d babies without a primary immunisation by 12 months have no reason coded (not attended, or consent not given): want at most 1 in 10", unexplained, missed)
	}
	if declined == 0 || declined == missed {
		t.Errorf("%d of %d missed courses declined: want some declines and some non-attendance", declined, missed)
	}
}

// TestSixToEightWeekCheckIsNearUniversal: a baby registered in time has the
// 6-8 week check (head circumference measured at 5 to 13 weeks), late when
// not by 8 weeks (child_health.yaml six_to_eight_week late): the practice
// completes it for every registered baby (NIPE). The bound is 92%, below
// the 96% drawn by 12 weeks; before, 88%, those who missed it by 8 weeks
// never had it.
func TestSixToEightWeekCheckIsNearUniversal(t *testing.T) {
	r := pathwayPopulation(t)
	kids := r.babiesBornIn(90)
	head, _ := datasets.ObservationByKey("head_circumference")
	checked := map[string]bool{}
	for id, pt := range kids {
		for _, o := range r.obsOf[id] {
			if age := o.EffectiveTime.Date() - pt.BirthDate; o.SnomedCode == head.Snomed && age >= 35 && age <= 90 {
				checked[id] = true
			}
		}
	}
	t.Logf("%d of %d babies born in the record have a 6-8 week check by 13 weeks", len(checked), len(kids))
	enough(t, len(kids), 200, "babies born in the record")
	if 100*len(checked) < 92*len(kids) {
		t.Errorf("%d of %d babies registered by 6 weeks have a 6-8 week check by 13 weeks (%.1f%%): want at least 92%%", len(checked), len(kids), 100*float64(len(checked))/float64(len(kids)))
	}
}
