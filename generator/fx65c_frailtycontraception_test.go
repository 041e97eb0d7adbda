package generator

import (
	"cmp"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// fx65c: a GP reading generate -n 3000 -s 41 found mild frailty coded on
// the palliative register after moderate and severe frailty: the
// polypharmacy deficit went as medicines stopped in end-of-life care. The
// eFI counts deficits accumulated in the record (frailty.yaml efi), so the
// category coded never falls below one coded before: the bound is none.
func TestFrailtyCategoryNeverFalls(t *testing.T) {
	r := pathwayPopulation(t)
	rank := map[string]int{}
	for k := range r.p.frailty.cats {
		rank[r.p.frailty.cats[k].Snomed] = k + 1
	}
	people, coded, lower := 0, 0, 0
	for id, obs := range r.obsOf {
		var cats []*models.Observation
		for _, o := range obs {
			if rank[o.SnomedCode] > 0 {
				cats = append(cats, o)
			}
		}
		if len(cats) < 2 {
			continue
		}
		people++
		slices.SortStableFunc(cats, func(a, b *models.Observation) int { return cmp.Compare(a.EffectiveTime, b.EffectiveTime) })
		top := 0
		for _, o := range cats {
			coded++
			if k := rank[o.SnomedCode]; k < top {
				if lower++; lower <= 5 {
					t.Errorf("patient %s: %s on %v after a higher category", id, o.Description, o.EffectiveTime.Date())
				}
			} else {
				top = k
			}
		}
	}
	t.Logf("%d people with two or more frailty categories coded (%d codes), %d codes below an earlier one", people, coded, lower)
	if people == 0 {
		t.Fatal("no one with two frailty categories coded: the test reads nothing")
	}
}

// fx65c: 153 of 1,847 women with a contraceptive method had two running
// together for more than 30 days (generate -n 20000 -s 83): a
// levonorgestrel intrauterine system fitted for heavy periods beside the
// pill, the injection or the implant of her contraception. While a
// long-acting method fitted for another reason is in place her own method
// pauses (contraceptionpause.go), so no two issues of the methods of
// contraception.yaml overlap by more than 30 days (a month: the margin of a
// switch at a visit; the bound is none).
func TestOneContraceptiveMethodAtATime(t *testing.T) {
	r := pathwayPopulation(t)
	method := map[string]bool{}
	for _, m := range r.p.contraception.course.methods {
		method[m.m.med.DMDCode] = true
	}
	const margin = 30
	keys := r.conditionKeys()
	women, bad := 0, 0
	for id, rxs := range r.rxOf {
		var on []*models.Prescription
		for _, rx := range rxs {
			if method[rx.DMDCode] {
				on = append(on, rx)
			}
		}
		if len(on) == 0 {
			continue
		}
		women++
	pairs:
		for i, a := range on {
			for _, b := range on[i+1:] {
				if a.DMDCode == b.DMDCode && a.ConditionID == b.ConditionID {
					continue // one method's own issues
				}
				ae, be := issueEnd(a, r), issueEnd(b, r)
				if min(ae, be)-max(a.StartDate, b.StartDate) > margin {
					if bad++; bad <= 5 {
						t.Errorf("patient %s: %s %v-%v (%s) beside %s %v-%v (%s)", id, a.Medication, a.StartDate, endOf(a.EndDate), keys[a.ConditionID], b.Medication, b.StartDate, endOf(b.EndDate), keys[b.ConditionID])
					}
					break pairs
				}
			}
		}
	}
	t.Logf("%d women with a contraceptive method issued, %d with two overlapping by more than %d days", women, bad, margin)
	if women == 0 {
		t.Fatal("no contraception issued: the test reads nothing")
	}
}

// issueEnd is the last day an issue covers: its end, or the population's
// last day when it is open.
func issueEnd(rx *models.Prescription, r *realism) models.Date {
	if rx.EndDate != models.NoDate {
		return rx.EndDate
	}
	return r.p.Opts.AsOf
}
