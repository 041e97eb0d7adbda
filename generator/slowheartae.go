package generator

import "slices"

// A blackout in A&E with a slow pulse (h68f, prescribing.yaml
// slow_heart_at_ae). A GP review found a syncope attendance with a pulse
// under 50 never acted on (4 of 4; 38 of 3,499 attendances at generate -n
// 20000 -s 83). NICE CG109: a 12-lead ECG for everyone (the attendance's
// own), and a cardiovascular assessment within 24 hours with bradycardia.
// The slow-heart rules stop a rate-limiting medicine there
// (slowheartlate.go); this pass codes the referral to cardiology at each
// such attendance, and books the cardiology clinic it leads to
// (cardiologyclinic.go, h69e; its own stream). Nothing else is drawn.

// aeAboutSlowProblem reports whether the encounter is an A&E attendance
// about one of prescribing.yaml slow_heart_at_ae's problems (a blackout,
// h68f): its slow pulse is answered there, as a GP contact's is.
func (w *worker) aeAboutSlowProblem(per *person, encID string) bool {
	if len(w.plan.slowHeartAE) == 0 {
		return false
	}
	e := w.encounterByID(per, encID)
	if e == nil || e.Setting != settingAE {
		return false
	}
	c := w.conditionRow(per, e.ReasonConditionID)
	return c != nil && slices.Contains(w.plan.slowHeartAE, c.ConditionKey)
}

// slowBlackoutReferrals codes the referral at every A&E attendance about a
// slow_heart_at_ae problem whose pulse is under the slow-heart work-up's
// limit (slow_heart_workup below, one definition of a slow pulse).
func (w *worker) slowBlackoutReferrals(per *person) {
	wp, code := w.plan.slowWorkUp, w.plan.slowHeartRefer
	if wp == nil || code == nil {
		return
	}
	w.slowRows = append(w.slowRows[:0], w.readingsOf(per, wp.slot)...) // a copy: the loop appends rows
	for _, i := range w.slowRows {
		o := w.b.Observations[i]
		if o.Value == nil || *o.Value >= wp.Below || o.ObservationID.IsZero() {
			continue
		}
		if d := o.EffectiveTime.Date(); d < per.firstDay || d > per.lastDay || !w.aeAboutSlowProblem(per, o.EncounterID) || w.codeTakenAt(per, o.EncounterID, code.Snomed) {
			continue
		}
		t := o.EffectiveTime // after the attendance's last record, its ECG read: the decision it rests on
		for k := per.obsFrom; k < len(w.b.Observations); k++ {
			if q := &w.b.Observations[k]; sameRowID(q.EncounterID, o.EncounterID) && !q.ObservationID.IsZero() {
				t = max(t, q.EffectiveTime)
			}
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, o.EncounterID, t.AddMinutes(1), code))
		w.cardiologyClinic(per, o.EncounterID, o.EffectiveTime.Date()) // cardiologyclinic.go (h69e)
	}
}
