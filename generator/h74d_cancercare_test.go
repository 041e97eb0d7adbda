// Checks for brief h74d: cancer treatment, palliative prescribing and
// deaths from pneumonia. A GP review found young, fit people with cancer
// (and a child of 6 with a brain tumour) coded "No anti-cancer treatment -
// watchful waiting", modified-release morphine started the day a cancer
// patient was put on the palliative care register with no pain on the
// record, and people dying of pneumonia at home with no admission and no
// decision on the record that kept them there.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoAntiCancerTreatmentOnlyWhereItSuits: children's cancers are treated
// (CCLG), and where watchful waiting is not a standard plan (lung, colon,
// pancreas, brain... cancer_routes.yaml untreated supportive_care; NICE
// NG122 1.5, NG151 1.2.2) no anti-cancer treatment is best supportive care
// in the very old or frail. Under 65 (below the eFI's age) it stands only
// for someone too ill to treat: end-of-life care begins within weeks (the
// treatment is not booked, urgent.go planned: the palliative care register
// within 90 days) or death within a year. Before, 34 of 267 such
// decisions were under 65, one a brain tumour at 6 (generate -n 20000 -s 83).
func TestNoAntiCancerTreatmentOnlyWhereItSuits(t *testing.T) {
	r := review5Population(t)
	data, err := datasets.CancerRouteData()
	if err != nil {
		t.Fatal(err)
	}
	supportive := map[string]bool{} // the site's SNOMED CT code -> untreated only as supportive care
	for i := range r.p.conds {
		for _, sp := range r.p.conds[i].sites {
			if rt := data.Route(sp.Key); rt != nil && rt.Untreated == datasets.UntreatedSupportiveCare {
				supportive[sp.Snomed] = true
			}
		}
	}
	none, _ := datasets.ObservationByKey("cancer_supportive_care") // the supportive-care sites' decision since brief h75f
	rows := r.conditionByID()
	reg := r.p.Cat.EndOfLife.Register.Snomed
	decisions, child, young := 0, 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != none.Snomed {
			continue
		}
		e := r.encs[o.EncounterID]
		c := rows[e.ReasonConditionID]
		if c == nil || !supportive[c.SnomedCode] {
			continue
		}
		decisions++
		pt := r.patients[o.PatientID]
		d := o.EffectiveTime.Date()
		age := ageOn(pt, d)
		dies := pt.DeathDate != models.NoDate && pt.DeathDate <= d+365
		for _, rc := range r.condsOf[o.PatientID] {
			dies = dies || (rc.SnomedCode == reg && rc.OnsetDate >= d && rc.OnsetDate <= d+90)
		}
		switch {
		case age < 18:
			child++
			t.Logf("%s: %s at %d coded no anti-cancer treatment on %s", o.PatientID, c.Description, age, d)
		case age < 65 && !dies:
			young++
			t.Logf("%s: %s at %d coded no anti-cancer treatment on %s, alive a year later", o.PatientID, c.Description, age, d)
		}
	}
	t.Logf("%d no-treatment decisions at supportive-care sites: %d children, %d under 65 alive a year later", decisions, child, young)
	enough(t, decisions, 30, "no-treatment decisions at supportive-care sites")
	if child > 0 || young > 0 {
		t.Errorf("%d children and %d people under 65 alive a year later coded no anti-cancer treatment for a cancer that is treated (CCLG; NICE NG122, NG151)", child, young)
	}
}

// TestStrongOpioidStartsForPain: NICE CG140 1.1.4 starts a strong opioid
// for pain, with a laxative (1.1.11). Every first modified-release opioid of
// end-of-life care starts at a contact that codes pain (22253000), beside
// senna. Before, all 344 started on the day of the palliative care register
// entry and none had pain recorded (generate -n 20000 -s 83).
func TestStrongOpioidStartsForPain(t *testing.T) {
	r := review5Population(t)
	pain, ok := datasets.ObservationByKey("pain")
	if !ok {
		t.Fatal("observation_codes.csv: no pain")
	}
	painOn := map[string]map[models.Date]bool{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == pain.Snomed {
			if painOn[o.PatientID] == nil {
				painOn[o.PatientID] = map[models.Date]bool{}
			}
			painOn[o.PatientID][o.EffectiveTime.Date()] = true
		}
	}
	starts, noPain, noLaxative := 0, 0, 0
	for id, rxs := range r.rxOf {
		first, found := models.NoDate, false
		for _, rx := range rxs {
			if k := medKey(rx); (k == "morphine_modified_release" || k == "oxycodone_modified_release") && (!found || rx.StartDate < first) {
				first, found = rx.StartDate, true
			}
		}
		if !found {
			continue
		}
		starts++
		laxative := false
		for _, rx := range rxs {
			laxative = laxative || (medKey(rx) == "senna" && rx.StartDate == first)
		}
		if !painOn[id][first] {
			noPain++
			t.Logf("%s: modified-release opioid started on %s with no pain coded that day", id, first)
		}
		if !laxative {
			noLaxative++
			t.Logf("%s: modified-release opioid started on %s with no laxative", id, first)
		}
	}
	t.Logf("%d first modified-release opioids: %d with no pain coded, %d with no laxative", starts, noPain, noLaxative)
	enough(t, starts, 100, "first modified-release opioids")
	if noPain > 0 || noLaxative > 0 {
		t.Errorf("%d of %d strong opioids started with no pain coded, %d with no laxative (NICE CG140 1.1.4, 1.1.11)", noPain, starts, noLaxative)
	}
}

// TestPneumoniaDeathAtHomeIsDecided: NICE CG191 1.2.3 sends a pneumonia
// with a CRB65 of 3-4 urgently to hospital and assesses 1-2 there; a fatal
// pneumonia in an older person is severe. A death from pneumonia outside
// hospital stands only by a recorded decision: advance care planning or a
// DNACPR decision, or the palliative care register. Before, 63 of 68 such
// deaths had none and no admission in their last 30 days (generate -n
// 20000 -s 83).
func TestPneumoniaDeathAtHomeIsDecided(t *testing.T) {
	r := review5Population(t)
	acp, _ := datasets.ObservationByKey("advance_care_planning")
	dnr, _ := datasets.ObservationByKey("not_for_cpr")
	reg := r.p.Cat.EndOfLife.Register.Snomed
	inHospital := map[string]bool{} // died during a stay
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if pt := r.patients[e.PatientID]; e.Setting == settingInpatient && pt.DeathDate != models.NoDate && e.StartTime.Date() <= pt.DeathDate && e.EndTime.Date() >= pt.DeathDate {
			inHospital[e.PatientID] = true
		}
	}
	home, undecided := 0, 0
	for id, pt := range r.patients {
		if pt.CauseOfDeathCode != "J18.9" || pt.DeathDate == models.NoDate || inHospital[id] {
			continue
		}
		home++
		decided := false
		for _, o := range r.obsOf[id] {
			decided = decided || ((o.SnomedCode == acp.Snomed || o.SnomedCode == dnr.Snomed) && o.EffectiveTime.Date() <= pt.DeathDate)
		}
		for _, c := range r.condsOf[id] {
			decided = decided || (c.SnomedCode == reg && c.OnsetDate <= pt.DeathDate)
		}
		if !decided {
			undecided++
			t.Logf("%s: died of pneumonia at home on %s at %d with no recorded decision", id, pt.DeathDate, ageOn(pt, pt.DeathDate))
		}
	}
	t.Logf("%d pneumonia deaths outside hospital, %d with no recorded decision", home, undecided)
	enough(t, home, 10, "pneumonia deaths outside hospital")
	if undecided > 0 {
		t.Errorf("%d of %d pneumonia deaths outside hospital with no advance care plan, DNACPR or register entry (NICE CG191 1.2.3)", undecided, home)
	}
}
