package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// fractureClinics books the fracture clinic after each fracture in the
// record whose presentation has a fracture_clinic (a broken wrist), and
// another specialty's clinic_after_ae the same way (acute urinary
// retention: the trial without catheter, then urology): a first
// visit days after A&E or the discharge, then the later visits, each at
// its share; someone the first visit does not see (managed by a virtual
// clinic), and the child's share of children (a buckle fracture, splinted
// and discharged from A&E), have none. None is booked in end-of-life care
// or after the record ends. Before, a fracture clinic saw a wrist fracture
// only when a background clinic attendance drew its open episode: 87
// attendances for 846 fractures (twenty-second review).
func (w *worker) fractureClinics(per *person) {
	if len(w.plan.fractureClinics) == 0 {
		return
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		row := &w.b.Conditions[i]
		fc, pi, other := w.plan.fractureClinicOf(row.ConditionKey)
		if fc == nil || row.OnsetDate < per.firstDay {
			continue
		}
		purpose := purposeFractureClinic
		if other {
			purpose = purposeClinicAfterAE // its own draws: a fracture and retention on one day are apart
		}
		s := per.stream(w.plan.Opts.Seed, purpose, uint64(row.OnsetDate))
		if per.ageOn(row.OnsetDate) < fc.ChildUnder && s.Float64() < fc.ChildDischarged {
			continue
		}
		w.fractureVisits(per, fc, pi, row.ConditionID, w.dischargeAfter(per, row), &s)
	}
}

// fractureVisits books fc's visits for episode id of presentation pi from
// day from (A&E or the discharge): each at its share, the first deciding
// whether any is. The episode stays open until the last visit it has (a
// catheter is in until the trial without it; twenty-seventh review).
func (w *worker) fractureVisits(per *person, fc *datasets.FractureClinic, pi int, id string, from models.Date, s *distributions.Stream) {
	for k, v := range fc.Visits {
		attends := s.Float64() < v.Share
		d := from + models.Date(between(v.Days, s))
		if !attends {
			if k == 0 {
				return // not followed up face to face
			}
			continue
		}
		d = w.plannedDayWithin(per, d, from+models.Date(v.Days[0]), from+models.Date(v.Days[1])) // due on a closed day: within its days (plannedday.go)
		if !planned(per, d) {
			return
		}
		_, seen, ok := w.outpatientAt(per, d, id, s)
		if !ok {
			return
		}
		w.keepOpenUntil(per, pi, id, seen.Date())
	}
}

// fractureClinicOf is the clinic after A&E of presentation key, or nil, and
// whether it is another specialty's (clinic_after_ae) than the fracture
// clinic.
func (p *Plan) fractureClinicOf(key string) (*datasets.FractureClinic, int, bool) {
	for _, fc := range p.fractureClinics {
		if fc.key == key {
			return fc.clinic, fc.pi, fc.other
		}
	}
	return nil, -1, false
}

// keyedFractureClinic is one presentation's clinic after A&E.
type keyedFractureClinic struct {
	key    string
	pi     int // its index in Plan.presentations
	clinic *datasets.FractureClinic
	other  bool // clinic_after_ae (urology after acute retention), not fracture_clinic
}
