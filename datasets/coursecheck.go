package datasets

import (
	"cmp"
	"fmt"
	"slices"
)

// checkCourse checks the clinical-course parts of the catalogue: every
// presentation, background cause of death and smoking share has one value
// per age band, names known conditions and medicines, and keys are unique.
func (c *Catalogue) checkCourse(conds map[string]bool, bands func(string, []float64) error, drugKnown func(string) error) error {
	seen := map[string]bool{}
	for _, pr := range c.Presentations {
		where := "presentation " + pr.Key
		if pr.Key == "" || seen[pr.Key] {
			return fmt.Errorf("presentation key %q empty or repeated", pr.Key)
		}
		seen[pr.Key] = true
		if pr.Snomed == "" || pr.ICD10 == "" {
			return fmt.Errorf("%s: needs snomed and icd10", where)
		}
		if pr.ClinicAttendances < 0 || pr.ReferAfterEpisodes < 0 || pr.MaxFollowUps < 0 {
			return fmt.Errorf("%s: clinic_attendances and refer_after_episodes must not be negative", where)
		}
		if b := pr.Bloods; b != nil && (len(b.Observations) == 0 || b.Days[0] < 1 || b.Days[1] < b.Days[0] || b.Source == "") {
			return fmt.Errorf("%s: bloods needs observations, days [from, to] from 1 and a source", where)
		}
		if f := pr.ResultFall; f != nil && (f.Observation == "" || f.Share <= 0 || f.Share >= 1 || f.ShareSD < 0 || f.Source == "") {
			return fmt.Errorf("%s: result_fall needs an observation, a share between 0 and 1, a share_sd of 0 or more and a source", where)
		}
		if b := pr.Bloods; b != nil && b.Recovery != nil {
			r := b.Recovery
			if !slices.Contains(b.Observations, r.Observation) || r.RecheckDays[0] < 1 || r.RecheckDays[1] < r.RecheckDays[0] || r.Source == "" {
				return fmt.Errorf("%s: bloods recovery needs one of its observations, recheck_days [from, to] from 1 and a source", where)
			}
			for _, k := range r.Unless {
				if !conds[k] {
					return fmt.Errorf("%s: bloods recovery unless: unknown condition %q", where, k)
				}
			}
		}
		if err := pr.checkRaisedBy(c); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if pr.CRB65 != nil {
			if err := pr.CRB65.check(c); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		}
		if err := pr.GPFollowUp.check("ae"); err != nil {
			return fmt.Errorf("%s: gp_follow_up: %w", where, err)
		}
		if pr.GPFollowUp != nil && !pr.ViaAE {
			return fmt.Errorf("%s: gp_follow_up follows an A&E episode: only for a via_ae presentation", where)
		}
		if f := pr.GPFollowUp; f != nil {
			for _, k := range f.Assess {
				if _, ok := c.Condition(k); !ok {
					return fmt.Errorf("%s: gp_follow_up assess: condition %q is not in the catalogue", where, k)
				}
			}
			if err := f.Raised.check(f, func(k string) bool { _, ok := c.Condition(k); return ok }); err != nil {
				return fmt.Errorf("%s: gp_follow_up %w", where, err)
			}
		}
		if pr.ReferShare < 0 || pr.ReferShare > 1 {
			return fmt.Errorf("%s: refer_share %v must be a share between 0 and 1", where, pr.ReferShare)
		}
		if r := pr.DurationRange; r != [2]int{} && (r[0] < 1 || r[1] < r[0] || pr.DurationDays < r[0] || pr.DurationDays > r[1]) {
			return fmt.Errorf("%s: duration_range needs [least, most] days from 1 around duration_days", where)
		}
		if a := pr.Assess; a != nil {
			if err := a.check(where); err != nil {
				return err
			}
		}
		for _, c := range pr.Prescribe {
			if r := c.AtReviewDays; r != [2]int{} && (r[0] < 1 || r[1] < r[0]) {
				return fmt.Errorf("%s: at_review_days needs [least, most] days from 1", where)
			}
			if c.AtLeastDays < 0 || c.AtLeastDays > 0 && (!c.ForEpisode || c.AtReviewDays == [2]int{}) {
				return fmt.Errorf("%s: at_least_days needs for_episode and at_review_days", where)
			}
			if c.AfterEpisodes < 0 || c.AfterEpisodes > 0 && !c.OwnStream {
				return fmt.Errorf("%s: after_episodes must not be negative, and needs own_stream", where)
			}
			if k := c.WithIssued; k != "" {
				if _, ok := MedicineByKey(k); !ok || !c.OwnStream {
					return fmt.Errorf("%s: with_issued %q needs own_stream and a medicine key", where, k)
				}
			}
			for _, k := range c.UnlessIssued {
				if _, ok := MedicineByKey(k); !ok || !c.IfSeenAgain {
					return fmt.Errorf("%s: unless_issued %q needs if_seen_again and a medicine key", where, k)
				}
			}
			if c.FirstChoice && (!c.OwnStream || c.AtReviewDays != [2]int{} || c.IfSeenAgain) {
				return fmt.Errorf("%s: a first_choice course needs own_stream, and is issued at the first contact itself", where)
			}
		}
		if pr.Refers() && pr.Outpatient != nil {
			return fmt.Errorf("%s: has both refer_share and outpatient weights; a referred complaint's clinic attendances follow its GP episodes, so drop the weights", where)
		}
		if pr.ReferShares != nil {
			if err := bands(where+" refer_shares", pr.ReferShares); err != nil {
				return err
			}
			for _, v := range pr.ReferShares {
				if v < 0 || v > 1 {
					return fmt.Errorf("%s: refer_shares %v must be shares between 0 and 1", where, v)
				}
			}
		}
		if err := checkProcedure(&pr); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for name, w := range map[string][]float64{"ae": pr.AE, "emergency": pr.Emergency, "elective": pr.Elective, "outpatient": pr.Outpatient, "gp": pr.GP} {
			if w != nil {
				if err := bands(where+" "+name, w); err != nil {
					return err
				}
			}
		}
		if pr.Requires != "" && !conds[pr.Requires] {
			return fmt.Errorf("%s: requires unknown condition %q", where, pr.Requires)
		}
		if pr.Sex != "" && pr.Sex != "female" && pr.Sex != "male" {
			return fmt.Errorf("%s: sex %q, want female or male", where, pr.Sex)
		}
		for _, h := range []*SameDayHospital{pr.SameDayHospital, pr.AEAdmit} {
			if h != nil && (h.UnderDays <= 0 || h.AdmitUnderDays > h.UnderDays || h.Admit < 0 || h.Admit > 1 || h.StayDays <= 0 || h.Source == "") {
				return fmt.Errorf("%s: same_day_hospital and ae_admit need under_days, admit_under_days no later, admit in 0..1, stay_days and a source", where)
			}
		}
		if len(pr.StayByAge) > 0 && (pr.StayDays > 0 || pr.StaySource == "" || pr.StayByAge[0][0] != 0 || !slices.IsSortedFunc(pr.StayByAge, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })) {
			return fmt.Errorf("%s: stay_by_age needs ages in order from 0, a stay_source and no stay_days", where)
		}
		if err := checkRecurrence(&pr); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if err := checkOneProblem(&pr); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, k := range pr.FlareOf {
			if _, ok := c.Condition(k); !ok {
				return fmt.Errorf("%s: flare_of %q is not a condition", where, k)
			}
		}
		if r := pr.InfantRelative; r != nil {
			if err := r.check(); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		}
		if r := pr.PerYear; r != nil {
			if pr.Requires == "" || pr.GP != nil || pr.AE != nil || r.Shape <= 0 || r.Source == "" {
				return fmt.Errorf("%s: per_year is for an exacerbation (requires), replaces its gp and ae weights, and needs a shape above 0 and a source", where)
			}
			if err := bands(where+" per_year gp", r.GP); err != nil {
				return err
			}
			if err := bands(where+" per_year ae", r.AE); err != nil {
				return err
			}
		}
		if pr.MaleRelative != nil {
			if err := bands(where+" male_relative", pr.MaleRelative); err != nil {
				return err
			}
			for _, m := range pr.MaleRelative {
				if m <= 0 {
					return fmt.Errorf("%s: male_relative must be above 0 in every band", where)
				}
			}
		}
		if l := pr.ContactLadder; l != nil {
			if err := l.check(where, drugKnown); err != nil {
				return err
			}
			if l.AtDiagnosis && pr.Requires == "" {
				return fmt.Errorf("%s: contact_ladder at_diagnosis needs the condition the presentation requires", where)
			}
		}
		for _, rx := range pr.Prescribe {
			if rx.Sex != "" && rx.Sex != "female" && rx.Sex != "male" {
				return fmt.Errorf("%s: prescribe %s: sex %q, want female or male", where, rx.Drug, rx.Sex)
			}
			if rx.Step < 0 {
				return fmt.Errorf("%s: prescribe %s: step must not be negative", where, rx.Drug)
			}
			if err := rx.drugsKnown(drugKnown); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		}
	}
	if e := c.EndOfLife; e != nil && (e.DeprescribeDaysBefore[0] <= 0 || e.DeprescribeDaysBefore[1] < e.DeprescribeDaysBefore[0]) {
		return fmt.Errorf("end_of_life: deprescribe_days_before needs a range [least, most] of days above 0")
	}
	if e := c.EndOfLife; e != nil {
		if err := checkFewerDrugs(c, e); err != nil {
			return err
		}
	}
	if r := c.Residence; r != nil {
		if err := checkResidence(r); err != nil {
			return err
		}
	}
	if e := c.EndOfLife; e != nil && (e.CareDaysBefore[0] < e.DeprescribeDaysBefore[1] || e.CareDaysBefore[1] < e.CareDaysBefore[0] ||
		e.Register.Key == "" || e.Register.Snomed == "" || e.Register.ICD10 == "" || e.HomeVisitsFromAge <= 0) {
		return fmt.Errorf("end_of_life: care_days_before needs a range [least, most] starting no later than the medicines review, register a key, snomed and icd10, and home_visits_from_age an age above 0")
	}
	if e := c.EndOfLife; e != nil {
		if err := checkTrajectories(c, e); err != nil {
			return err
		}
	}
	if e := c.EndOfLife; e != nil && (e.HospitalShare <= 0 || e.HospitalShare > 1 || e.HospitalSource == "") {
		return fmt.Errorf("end_of_life: hospital_share needs a share above 0 and at most 1, and a hospital_source")
	}
	if e := c.EndOfLife; e != nil && e.Resuscitation != nil {
		if r := e.Resuscitation; r.Share <= 0 || r.Share > 1 || r.DyingAtHome < 0 || r.DyingAtHome > 1 || r.Observation == "" || r.Source == "" {
			return fmt.Errorf("end_of_life resuscitation: needs an observation, a share in (0, 1] and a source")
		}
	}
	if e := c.EndOfLife; e != nil && e.MonitoringStops != nil {
		ms := e.MonitoringStops
		if len(ms.Observations) == 0 || ms.Source == "" || ms.LastDays < 0 || (ms.LastDays > 0) != (len(ms.LastObservations) > 0) {
			return fmt.Errorf("end_of_life monitoring_stops: needs observations and a source, and last_days above 0 with last_observations or neither")
		}
		for _, o := range slices.Concat(ms.Observations, ms.LastObservations) {
			_, numeric := c.Observations[o]
			if _, coded := c.CodedObservations[o]; !numeric && !coded {
				return fmt.Errorf("end_of_life monitoring_stops: unknown observation %q", o)
			}
		}
	}
	if e := c.EndOfLife; e != nil && e.RegisterReviews != nil {
		if err := checkRegisterReviews(e.RegisterReviews); err != nil {
			return err
		}
	}
	if e := c.EndOfLife; e != nil && e.Anticipatory != nil {
		if err := checkAnticipatory(e.Anticipatory, e.CareDaysBefore, drugKnown); err != nil {
			return err
		}
	}
	if e := c.EndOfLife; e != nil && e.SyringeDriver != nil {
		sd := e.SyringeDriver
		if sd.Share < 0 || sd.Share > 1 || sd.DaysBefore[0] < 1 || sd.DaysBefore[1] < sd.DaysBefore[0] || sd.Ladder == "" || len(sd.Medicines) == 0 || sd.Source == "" {
			return fmt.Errorf("end_of_life syringe_driver: needs a share from 0 to 1, days_before [least, most] from 1, a ladder, medicines and a source")
		}
		if wd := sd.WithoutDriver; wd != nil && (len(wd.Classes) == 0 || wd.Source == "") {
			return fmt.Errorf("end_of_life syringe_driver without_driver: needs classes and a source")
		}
		if wd := sd.WithoutDriver; wd != nil {
			for _, cl := range wd.Classes {
				if !knownClasses()[cl] {
					return fmt.Errorf("end_of_life syringe_driver without_driver: no medicine is of class %q", cl)
				}
			}
		}
		for _, rx := range sd.Medicines {
			if err := rx.drugsKnown(drugKnown); err != nil {
				return fmt.Errorf("end_of_life syringe_driver: %w", err)
			}
		}
	}
	if e := c.EndOfLife; e != nil && e.SymptomControl != nil {
		sc := e.SymptomControl
		if len(sc.Causes) == 0 || sc.Share <= 0 || sc.Share > 1 || len(sc.Medicines) == 0 {
			return fmt.Errorf("end_of_life symptom_control: needs causes, a share in (0, 1] and at least one medicine")
		}
		for _, rx := range sc.Medicines {
			if err := rx.drugsKnown(drugKnown); err != nil {
				return fmt.Errorf("end_of_life symptom_control: %w", err)
			}
			if rx.Days <= 0 {
				return fmt.Errorf("end_of_life symptom_control %s: days must be above 0", rx.Drug)
			}
		}
		if pn := sc.Pain; pn != nil {
			if o, ok := ObservationByKey(pn.Observation); !ok || o.Snomed == "" || pn.AtEntry < 0 || pn.AtEntry > 1 || pn.Source == "" {
				return fmt.Errorf("end_of_life symptom_control pain: needs an observation with a SNOMED CT code, an at_entry share from 0 to 1 and a source")
			}
		}
		if t := sc.Titrate; t != nil && (t.Share < 0 || t.Share > 1 || t.MaxStep < 0 || t.Source == "") {
			return fmt.Errorf("end_of_life symptom_control titrate: needs a share from 0 to 1, a max_step of 0 or more and a source")
		}
	}
	if r := c.ElectiveReferral; r.GPDaysBefore[0] <= 0 || r.GPDaysBefore[1] < r.GPDaysBefore[0] || r.ClinicDaysAfterGP[0] <= 0 || r.ClinicDaysAfterGP[1] < r.ClinicDaysAfterGP[0] {
		return fmt.Errorf("elective_referral: gp_days_before and clinic_days_after_gp need ranges [least, most] of days above 0")
	}
	if r := c.Activity.OutpatientReferral; r.GPDaysBefore[0] <= 0 || r.GPDaysBefore[1] < r.GPDaysBefore[0] || r.ReferredShare < 0 || r.ReferredShare > 1 || r.ChildReferredShare < 0 || r.ChildReferredShare > 1 ||
		r.FollowUpsMean < 0 || r.FollowUpDays[0] <= 0 || r.FollowUpDays[1] < r.FollowUpDays[0] || r.AttendancesMax < 2 || r.RereferralAfterDays < 0 {
		return fmt.Errorf("activity.outpatient_referral: gp_days_before and follow_up_days need ranges [least, most] of days above 0, referred_share a share from 0 to 1 and follow_ups_mean a mean of 0 or more")
	}
	if c.Activity.ChronicClinicIntervalDays <= 0 {
		return fmt.Errorf("activity.chronic_clinic_interval_days: need a number of days above 0")
	}
	if c.Activity.EpisodeGapDays < 0 {
		return fmt.Errorf("activity.episode_gap_days: need a number of days, 0 or more")
	}
	for _, f := range c.Activity.SeenFor {
		if f.MaxAge < 0 || len(f.Problems) == 0 || f.Source == "" {
			return fmt.Errorf("activity.seen_face_to_face: each entry needs a max_age of 0 or more, problems and a source")
		}
		for _, k := range f.Problems {
			if !slices.ContainsFunc(c.Presentations, func(pr Presentation) bool { return pr.Key == k }) {
				return fmt.Errorf("activity.seen_face_to_face: %q is not a presentation", k)
			}
		}
	}
	seen = map[string]bool{}
	for _, bc := range c.BackgroundCauses {
		if bc.Key == "" || seen[bc.Key] || bc.ICD10 == "" {
			return fmt.Errorf("causes_of_death: key %q empty, repeated or without icd10", bc.Key)
		}
		seen[bc.Key] = true
		if bc.HospitalShare < 0 || bc.HospitalShare > 1 || (bc.HospitalShare > 0) != (bc.HospitalSource != "") {
			return fmt.Errorf("causes_of_death %s: hospital_share needs a share from 0 to 1 and a hospital_source", bc.Key)
		}
		if err := bands("causes_of_death "+bc.Key, bc.Weight); err != nil {
			return err
		}
		if bc.MaleRelative < 0 {
			return fmt.Errorf("causes_of_death %s: male_relative cannot be negative", bc.Key)
		}
		if bc.MinAgeDays < 0 || bc.InfantWeight != nil && *bc.InfantWeight < 0 || (bc.MaxAgeDays > 0 && bc.MinAgeDays >= bc.MaxAgeDays) || (bc.AtHome && (bc.InHospital || bc.HospitalShare > 0)) {
			return fmt.Errorf("causes_of_death %s: min_age_days needs to be 0 or more and below max_age_days, infant_weight 0 or more; at_home goes with neither in_hospital nor hospital_share", bc.Key)
		}
		if sb := bc.SeenBefore; sb != nil && (sb.Days[0] < 0 || sb.Days[1] < sb.Days[0] || sb.Source == "" || bc.Snomed == "") {
			return fmt.Errorf("causes_of_death %s: seen_before needs days [least, most] from 0, a source, and a snomed code for the problem seen", bc.Key)
		}
		if sb := bc.SeenBefore; sb != nil && sb.KeptHome != nil {
			k := sb.KeptHome
			if k.FromAge <= 0 || k.Frailty == "" || len(k.Decisions) == 0 || k.Source == "" {
				return fmt.Errorf("causes_of_death %s: seen_before kept_home needs from_age, frailty, decisions and a source", bc.Key)
			}
			for _, d := range k.Decisions {
				if o, ok := ObservationByKey(d); !ok || o.Snomed == "" {
					return fmt.Errorf("causes_of_death %s: kept_home decision %q has no SNOMED CT code", bc.Key, d)
				}
			}
		}
		if sb := bc.SeenBefore; sb != nil && sb.TreatedAs != "" && !slices.ContainsFunc(c.Presentations, func(pr Presentation) bool { return pr.Key == sb.TreatedAs }) {
			return fmt.Errorf("causes_of_death %s: seen_before treated_as %q is not a presentation", bc.Key, sb.TreatedAs)
		}
		if r := bc.RaisedBy; r != nil {
			if len(r.Conditions) == 0 || r.Relative <= 0 || r.Source == "" {
				return fmt.Errorf("causes_of_death %s: raised_by needs conditions, a relative above 0 and a source", bc.Key)
			}
			for _, k := range r.Conditions {
				if _, ok := c.Condition(k); !ok {
					return fmt.Errorf("causes_of_death %s: raised_by condition %q is not in the catalogue", bc.Key, k)
				}
			}
		}
		for _, h := range []*CauseHistory{bc.History, bc.Diagnosed} {
			if h != nil && (h.Key == "" || h.Snomed == "" || h.ICD10 == "" || h.YearsBefore[0] < 0 || h.YearsBefore[1] < h.YearsBefore[0]) {
				return fmt.Errorf("causes_of_death %s: history and diagnosed need key, snomed, icd10 and years_before [least, most]", bc.Key)
			}
		}
		if cc := bc.FromBirth; cc != nil {
			if err := cc.check(); err != nil {
				return fmt.Errorf("causes_of_death %s: %w", bc.Key, err)
			}
		}
	}
	if err := bands("smoking current", c.Smoking.Current); err != nil {
		return err
	}
	if err := bands("smoking ex", c.Smoking.Ex); err != nil {
		return err
	}
	if err := c.checkAlcohol(bands); err != nil {
		return err
	}
	if cs := c.Smoking.Cessation; cs != nil {
		if _, ok := ObservationByKey(cs.Observation); !ok || cs.Share <= 0 || cs.Share > 1 || cs.Source == "" {
			return fmt.Errorf("smoking cessation: needs an observation of observation_codes.csv, a share in (0, 1] and a source")
		}
	}
	if c.Smoking.ExCodedAfterDays < 0 || c.Smoking.ExCodedAfterDays > 0 && c.Smoking.ExCodedSource == "" {
		return fmt.Errorf("smoking ex_coded_after_days: 0 or more, with an ex_coded_source")
	}
	if q := c.Smoking.QuitSupport; q != nil {
		if err := q.check(); err != nil {
			return err
		}
	}
	for _, cond := range c.Conditions {
		if e := cond.EndStage; e != nil {
			if cond.StagedBy == "" || e.Key == "" || e.Snomed == "" || e.ICD10 == "" || e.CauseOfDeath == nil ||
				e.StartBelow <= 0 || e.StartBelow > e.Below || e.StartAfterDays[0] < 0 || e.StartAfterDays[1] < e.StartAfterDays[0] {
				return fmt.Errorf("condition %s: end_stage needs staged_by, snomed, icd10, cause_of_death and a start_after_days range", cond.Key)
			}
		}
		if cd := cond.CauseOfDeath; cd != nil && cd.Severity != nil {
			if _, ok := c.Observations[cd.Severity.Observation]; !ok {
				return fmt.Errorf("condition %s: cause_of_death severity names unknown observation %q", cond.Key, cd.Severity.Observation)
			}
			if cs := cd.Severity; cs.FullBelow <= 0 || cs.LeastAbove <= cs.FullBelow || cs.Least < 0 || cs.Least > 1 {
				return fmt.Errorf("condition %s: cause_of_death severity needs 0 < full_below_predicted < least_above_predicted and least from 0 to 1", cond.Key)
			}
		}
		if cd := cond.CauseOfDeath; cd != nil && cd.Wasting != nil {
			if _, ok := c.Observations[cd.Wasting.Observation]; !ok || cd.Wasting.Percent <= 0 || cd.Wasting.Percent >= 50 || cd.Wasting.Days <= 0 {
				return fmt.Errorf("condition %s: cause_of_death wasting needs a known observation, a percent from 0 to 50 and days above 0", cond.Key)
			}
		}
		if cd := cond.CauseOfDeath; cd != nil && cd.Recent != nil && (cd.Recent.Days <= 0 || cd.Recent.Factor < 1 || cd.Recent.Source == "") {
			return fmt.Errorf("condition %s: cause_of_death recent needs days above 0, a factor of 1 or more and a source", cond.Key)
		}
		if a := cond.Reviews.AfterStart; a != nil {
			ok := func(r [2]int) bool { return r[0] > 0 && r[1] >= r[0] }
			if !ok(a.FirstDays) || (a.YoungUnder > 0 && !ok(a.YoungFirstDays)) || a.Then < 0 || (a.Then > 0 && !ok(a.ThenDays)) || a.Source == "" {
				return fmt.Errorf("condition %s: reviews after_start needs ranges [least, most] of days above 0 (first_days; young_first_days with young_under; then_days with then) and a source", cond.Key)
			}
		}
		if err := checkSites(&cond); err != nil {
			return err
		}
		if cr := cond.Reviews.CareReview; cr != nil {
			if _, ok := ObservationByKey(cr.Observation); !ok || cr.Days[0] <= 0 || cr.Days[1] < cr.Days[0] || cr.Source == "" {
				return fmt.Errorf("condition %s: reviews care_review needs days [least, most] above 0, a coded observation and a source", cond.Key)
			}
		}
		if sr := cond.Reviews.Specialist; sr != nil {
			if err := sr.check(cond.Key); err != nil {
				return err
			}
		}
		if cc := cond.Reviews.ClassCheck; cc != nil {
			if _, ok := ObservationByKey(cc.Observation); !ok || cc.Class == "" || cc.EveryDays <= 0 || cc.Source == "" {
				return fmt.Errorf("condition %s: reviews class_check needs a coded observation, a class, every_days above 0 and a source", cond.Key)
			}
		}
		if err := checkMarkers(&cond); err != nil {
			return err
		}
		if err := checkHormone(&cond); err != nil {
			return err
		}
		if err := cond.UrgentPathway.check(); err != nil {
			return fmt.Errorf("condition %s: urgent_pathway: %w", cond.Key, err)
		}
		if pc := cond.Reviews.Paediatric; pc != nil && (pc.Under <= 0 || pc.Under > 19 || pc.PerYear <= 0) {
			return fmt.Errorf("condition %s: reviews paediatric needs under (1-19) and per_year", cond.Key)
		}
		if a := cond.AfterAdmission; a != nil && (cond.LineIndex(a.Line) < 0 || a.FollowUpDays[0] <= 0 || a.FollowUpDays[1] < a.FollowUpDays[0] || a.Source == "") {
			return fmt.Errorf("condition %s: after_admission needs a treatment line, follow_up_days [least, most] above 0 and a source", cond.Key)
		}
		if err := eventLinesCheck(&cond); err != nil {
			return err
		}
		if ev := cond.OnsetEvent; ev != nil && (ev.StayDays < 0 || ev.StaySpread < 0 || (ev.StayDays > 0 && (ev.StaySpread == 0 || ev.StaySource == ""))) {
			return fmt.Errorf("condition %s: onset_event stay_days needs a stay_spread above 0 and a stay_source", cond.Key)
		}
		if ev := cond.OnsetEvent; ev != nil && ev.StartedOnWard && (ev.StartedOnWardSource == "" || ev.FromDischargeDays != [2]int{}) {
			return fmt.Errorf("condition %s: onset_event started_on_ward needs a started_on_ward_source, and no from_discharge_days (the first review is the discharge)", cond.Key)
		}
		if ev := cond.OnsetEvent; ev != nil && ev.FromDischargeDays != [2]int{} && (ev.FromDischargeDays[0] < 1 || ev.FromDischargeDays[1] < ev.FromDischargeDays[0] || ev.FromDischargeSource == "") {
			return fmt.Errorf("condition %s: onset_event from_discharge_days needs [least, most] from 1 (a day after discharge) and a from_discharge_source", cond.Key)
		}
		if ev := cond.OnsetEvent; ev != nil && ev.Course != nil {
			if ev.Course.Days <= 0 || len(ev.Course.Options) == 0 {
				return fmt.Errorf("condition %s: onset_event course needs days and options", cond.Key)
			}
			for _, opt := range ev.Course.Options {
				if err := drugKnown(opt.Drug); err != nil {
					return fmt.Errorf("condition %s: onset_event course: %w", cond.Key, err)
				}
				for _, k := range append(append([]string(nil), opt.With...), opt.Without...) {
					if !conds[k] {
						return fmt.Errorf("condition %s: onset_event course: option %s names unknown condition %q", cond.Key, opt.Drug, k)
					}
				}
			}
		}
		for _, f := range progressionFactors(cond) {
			if !conds[f] {
				return fmt.Errorf("condition %s: progression faster_with unknown condition %q", cond.Key, f)
			}
		}
		if t := cond.CareTarget; t != nil {
			for _, k := range t.NotWith {
				if !conds[k] || k == cond.Key {
					return fmt.Errorf("condition %s: care_target not_with unknown condition %q", cond.Key, k)
				}
			}
			if r := t.ReadingSteps; r != nil {
				for _, k := range r.BeyondWith {
					if !conds[k] || k == cond.Key {
						return fmt.Errorf("condition %s: care_target reading_steps beyond_with unknown condition %q", cond.Key, k)
					}
				}
			}
		}
		if err := targetCheck(cond); err != nil {
			return fmt.Errorf("condition %s: %w", cond.Key, err)
		}
		if pr := cond.Precedes; pr != nil && (!conds[pr.Condition] || pr.Share < 0 || pr.Share > 1 || pr.LeadYears[0] <= 0 || pr.LeadYears[1] < pr.LeadYears[0] || pr.MarginMean <= 0) {
			return fmt.Errorf("condition %s: precedes needs a known condition, a share, lead_years [least, most] above 0 and margin_mean", cond.Key)
		}
		if r := cond.Remission; r != nil {
			if err := r.check(cond.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// targetCheck checks the parts of a condition's course that name no other
// entry: a smoking progression factor and the care target's direction.
func targetCheck(c Condition) error {
	if c.Progression != nil {
		for _, f := range c.Progression.FasterWith {
			if f.Smoking != "" && (f.Smoking != "current" || f.Given != "") {
				return fmt.Errorf("progression faster_with smoking: %q, want current (and no given)", f.Smoking)
			}
		}
	}
	// below: no higher than the target at its age (150 from 80 for blood pressure)
	if t := c.CareTarget; t != nil && t.StepDown != nil && (t.StepDown.FromAge <= 0 || t.StepDown.Source == "" || t.StepDown.Below > t.LimitAt(t.StepDown.FromAge)) {
		return fmt.Errorf("care_target step_down needs from_age above 0, below no higher than the target and a source")
	}
	if t := c.CareTarget; t != nil && t.StepDown != nil {
		if sd := t.StepDown; (sd.Above != 0 && sd.Above <= t.LimitAt(sd.FromAge)) || ((sd.EndOfLife || sd.Dual != nil) && sd.Above == 0) {
			return fmt.Errorf("care_target step_down above must be over the target, and end_of_life and dual need it")
		}
		if d := t.StepDown.Dual; d != nil && (d.Stop == "" || d.Beside == "" || d.Stop == d.Beside || d.Source == "") {
			return fmt.Errorf("care_target step_down dual needs two classes, stop and beside, and a source")
		}
	}
	if t := c.CareTarget; t != nil && (t.Declined > 0 || t.High != nil && t.High.Declined > 0) != (t.DeclinedCode != "") {
		return fmt.Errorf("care_target declined (or its high band's) needs declined_code, and the reverse")
	}
	if h := c.CareTarget.HighBand(); h != nil && h.RepeatDays[1] > 0 && (h.RepeatDays[0] < 1 || h.RepeatDays[1] < h.RepeatDays[0] ||
		h.RepeatSevereDays[0] < 1 || h.RepeatSevereDays[1] < h.RepeatSevereDays[0] || c.CareTarget.Severe == nil || h.RepeatSource == "") {
		return fmt.Errorf("care_target high repeat_days needs repeat_severe_days (a severe band), each [from, to] from 1, and repeat_source")
	}
	if t := c.CareTarget; t != nil && t.DeclinedFrailCode != "" && (t.StepDown == nil || t.DeclinedCode == "" || c.Untreated == nil || !slices.ContainsFunc(c.Untreated.Reasons, func(r UntreatedReason) bool { return r.Snomed == t.DeclinedFrailCode })) {
		return fmt.Errorf("care_target declined_frail_code %s needs step_down, declined_code and one of the condition's untreated reasons", t.DeclinedFrailCode)
	}
	if t := c.CareTarget; t != nil && t.DeclinedCode != "" && (c.Untreated == nil || !slices.ContainsFunc(c.Untreated.Reasons, func(r UntreatedReason) bool { return r.Snomed == t.DeclinedCode })) {
		return fmt.Errorf("care_target declined_code %s is none of the condition's untreated reasons", t.DeclinedCode)
	}
	if t := c.CareTarget; t != nil && (t.Above > 0) == (t.BelowPredicted > 0) {
		return fmt.Errorf("care_target needs one of above or below_predicted")
	}
	if t := c.CareTarget; t != nil && t.Severe != nil {
		if v := t.Severe; t.Above <= 0 || v.AtLeast <= max(t.Above, t.AboveFrom80) || v.Escalate <= 0 || v.Escalate > 1 || v.Source == "" {
			return fmt.Errorf("care_target severe needs at_least above the target, an escalate chance in (0, 1] and a source")
		}
	}
	if t := c.CareTarget; t != nil && t.ReadingSteps != nil {
		if r := t.ReadingSteps; r.UpToLine < 0 || r.UpToLine > len(c.Treatment) || r.Source == "" || len(r.BeyondWith) > 0 && r.UpToLine == 0 {
			return fmt.Errorf("care_target reading_steps needs up_to_line among the condition's lines (beyond_with with it) and a source")
		}
	}
	if t := c.CareTarget; t != nil && (t.TitrateFrom80 < 0 || t.TitrateFrom80 > 1 || t.TitrateFrom80 > 0 && !slices.ContainsFunc(c.Treatment, func(l TreatmentLine) bool { return l.TitrateByChance })) {
		return fmt.Errorf("care_target titrate_from_80 is a chance in [0, 1] for a line with titrate_by_chance")
	}
	if t := c.CareTarget; t != nil && t.FlaresStart != nil {
		if f := t.FlaresStart; f.Flares < 1 || f.WithinDays < 1 || f.Share <= 0 || f.Share > 1 || f.Source == "" {
			return fmt.Errorf("care_target flares_start needs flares and within_days from 1, a share in (0, 1] and a source")
		}
		if f := t.FlaresStart; f.FollowUp != nil && (f.FollowUp[0] < 1 || f.FollowUp[1] < f.FollowUp[0]) || f.Declined != nil && (f.Declined.Snomed == "" || f.Declined.Description == "") {
			return fmt.Errorf("care_target flares_start follow_up_days needs [low, high] from 1, and declined a snomed code and a description")
		}
	}
	if t := c.CareTarget; t != nil && t.Exacerbations != nil {
		e := t.Exacerbations
		if e.Admitted < 0 || e.Treated < 0 || e.Admitted+e.Treated == 0 || (e.Treated > 0) != (e.WithinDays > 0) || e.Source == "" {
			return fmt.Errorf("care_target exacerbations needs admitted or treated (with within_days) and a source")
		}
		if f := e.FollowUp; f != nil && (f[0] < 1 || f[1] < f[0]) {
			return fmt.Errorf("care_target exacerbations follow_up_days needs a range [least, most] of days from 1")
		}
		if (e.FollowUpDue || e.FollowUpWorking) && e.FollowUp == nil || e.Escalate < 0 || e.Escalate > 1 {
			return fmt.Errorf("care_target exacerbations follow_up_due and follow_up_working need follow_up_days, and escalate is a share in [0, 1]")
		}
	}
	return nil
}

func progressionFactors(c Condition) []string {
	if c.Progression == nil {
		return nil
	}
	var out []string
	for _, f := range c.Progression.FasterWith {
		if f.Smoking == "" { // a smoking factor names no condition (checked in targetCheck)
			out = append(out, f.Given)
		}
	}
	return out
}

// checkAnticipatory checks the anticipatory medicines: a day range inside
// end-of-life care, a share, and known drugs given with certainty (the share
// decides whether the set is prescribed at all).
// checkTrajectories checks that each illness trajectory has a register time
// and that every cause of death names a known trajectory, or none.
func checkTrajectories(c *Catalogue, e *EndOfLife) error {
	for name, t := range e.Trajectories {
		if t.MedianDays <= 0 || t.Sigma < 0 {
			return fmt.Errorf("end_of_life trajectories %s: needs median_days above 0 and sigma of 0 or more", name)
		}
	}
	var check func(key string, cd *DeathCause) error
	check = func(key string, cd *DeathCause) error {
		if _, ok := e.Trajectories[cd.Trajectory]; cd.Trajectory != "" && !ok {
			return fmt.Errorf("condition %s: cause_of_death trajectory %q is not among end_of_life trajectories", key, cd.Trajectory)
		}
		for _, k := range cd.TrajectoryWith {
			if _, ok := c.Condition(k); !ok || cd.Trajectory == "" {
				return fmt.Errorf("condition %s: cause_of_death trajectory_with needs a trajectory and catalogue conditions (%q)", key, k)
			}
		}
		for _, k := range cd.YieldsTo {
			if _, ok := c.Condition(k); !ok || k == key {
				return fmt.Errorf("condition %s: cause_of_death yields_to names another catalogue condition (%q)", key, k)
			}
		}
		if (cd.WithinDays < 0) || (cd.Late != nil && cd.WithinDays == 0) {
			return fmt.Errorf("condition %s: cause_of_death late needs within_days above 0", key)
		}
		if cd.Late != nil {
			return check(key, cd.Late)
		}
		return nil
	}
	for _, cond := range c.Conditions {
		if cond.CauseOfDeath != nil {
			if err := check(cond.Key, cond.CauseOfDeath); err != nil {
				return err
			}
			if g := cond.CauseOfDeath.FromStage; g != nil && (g.Stage < 0 || g.Stage >= len(cond.Stages) || g.HeldDays < 0 || g.Source == "") {
				return fmt.Errorf("condition %s: cause_of_death from_stage needs one of its stages, held_days of 0 or more and a source", cond.Key)
			}
		}
		if cond.EndStage != nil && cond.EndStage.CauseOfDeath != nil {
			if err := check(cond.Key, cond.EndStage.CauseOfDeath); err != nil {
				return err
			}
		}
	}
	for _, bc := range c.BackgroundCauses {
		if _, ok := e.Trajectories[bc.Trajectory]; bc.Trajectory != "" && (!ok || bc.Diagnosed == nil) {
			return fmt.Errorf("causes_of_death %s: trajectory %q needs to be among end_of_life trajectories, and a diagnosed disease for the care", bc.Key, bc.Trajectory)
		}
	}
	return nil
}

func checkAnticipatory(a *Anticipatory, care [2]int, drugKnown func(string) error) error {
	if a.DaysBefore[0] <= 0 || a.DaysBefore[1] < a.DaysBefore[0] || a.DaysBefore[1] > care[0] {
		return fmt.Errorf("end_of_life anticipatory: days_before needs a range [least, most] of days above 0, ending no earlier than end-of-life care begins (%d days before death)", care[0])
	}
	if a.Share <= 0 || a.Share > 1 || len(a.Medicines) == 0 {
		return fmt.Errorf("end_of_life anticipatory: needs a share in (0, 1] and at least one medicine")
	}
	if a.AdmittedShare < 0 || a.AdmittedShare > 1 || a.AdmittedSource == "" {
		return fmt.Errorf("end_of_life anticipatory: admitted_share needs a share from 0 to 1 and an admitted_source")
	}
	for _, rx := range a.Medicines {
		if err := rx.drugsKnown(drugKnown); err != nil {
			return fmt.Errorf("end_of_life anticipatory: %w", err)
		}
		if rx.Probability != 1 || rx.Days <= 0 {
			return fmt.Errorf("end_of_life anticipatory %s: probability must be 1 and days above 0", rx.Drug)
		}
	}
	return nil
}

// drugsKnown checks that the course's drug and each alternative it names
// are known medicines.
func (c ShortCourse) drugsKnown(drugKnown func(string) error) error {
	if err := drugKnown(c.Drug); err != nil {
		return err
	}
	if o := c.Older; o != nil && (o.FromAge <= 0 || o.Drug == "" || o.Source == "") {
		return fmt.Errorf("older needs from_age above 0, a drug and a source")
	}
	for _, alt := range c.Alternatives() {
		if alt[1] == "" {
			continue
		}
		if err := drugKnown(alt[1]); err != nil {
			return fmt.Errorf("%s: %w", alt[0], err)
		}
	}
	return nil
}

// checkProcedure checks a presentation's procedure: a share, days in order,
// a source; reached by a referral (the GP's, or a clinic's own weights) and
// never drawn by a waiting list (no elective weights).
func checkProcedure(pr *Presentation) error {
	pc := pr.Procedure
	if pc == nil {
		return nil
	}
	if pc.Share <= 0 || pc.Share > 1 || pc.Days[0] < 1 || pc.Days[1] < pc.Days[0] || pc.Source == "" {
		return fmt.Errorf("procedure needs a share in (0, 1], days [from, to] from 1 and a source")
	}
	if (pc.Snomed == "") != (pc.Display == "") {
		return fmt.Errorf("procedure snomed and display go together")
	}
	if pr.Elective != nil {
		return fmt.Errorf("has a procedure and elective weights; its procedures follow its referrals, so drop the weights")
	}
	if u := pr.Urgent; u != nil {
		o, ok := ObservationByKey(u.Observation)
		sy, sok := ObservationByKey(u.Symptom)
		if !ok || o.Snomed == "" || !sok || sy.Snomed == "" || u.MinAge < 0 || u.Source == "" || !pr.Refers() {
			return fmt.Errorf("urgent_referral needs a coded observation and symptom, min_age from 0, a source and a referral (refer_share)")
		}
		if u.Clinic() && (!pc.StraightToTest || u.ClinicDays[0] < 1 || u.ClinicDays[1] < u.ClinicDays[0] ||
			u.TestDays[0] < 1 || u.TestDays[1] < u.TestDays[0] || u.ClinicSource == "") {
			return fmt.Errorf("urgent_referral clinic_days needs a straight_to_test procedure, clinic_days and test_days [least, most] from 1 and a clinic_source")
		}
	}
	if pc.StraightToTest && !pr.Refers() {
		return fmt.Errorf("procedure straight_to_test needs refer_share or refer_shares: the GP's referral books it")
	}
	if !pr.Refers() && pr.Outpatient == nil {
		return fmt.Errorf("procedure needs a referral (refer_share) or a clinic that opens the complaint (outpatient weights)")
	}
	return nil
}

// eventLinesCheck: an onset event's lines name a later line of the
// condition's treatment, with a probability above that line's own.
func eventLinesCheck(cond *Condition) error {
	if cond.OnsetEvent == nil {
		return nil
	}
	for _, el := range cond.OnsetEvent.Lines {
		li := cond.LineIndex(el.Line)
		if li <= 0 {
			return fmt.Errorf("condition %s: onset_event lines: %d is not a later treatment line", cond.Key, el.Line)
		}
		if el.Probability <= cond.Treatment[li].Probability || el.Probability > 1 || el.Source == "" {
			return fmt.Errorf("condition %s: onset_event line %d: want a probability above the line's own, at most 1, and a source", cond.Key, el.Line)
		}
		if len(el.NotTaken) > 0 && (el.NotTakenSource == "" || el.Probability >= 1 || li >= 8) {
			return fmt.Errorf("condition %s: onset_event line %d not_taken: want not_taken_source, a probability below 1 and a line among the first 8", cond.Key, el.Line)
		}
		open := len(el.NotTaken) == 0
		for _, r := range el.NotTaken {
			if r.Snomed == "" || r.Description == "" || r.Weight <= 0 || len(r.Without) > 0 || (r.Reading != nil && (r.Reading.AtMost == nil || r.Reading.Above != nil)) {
				return fmt.Errorf("condition %s: onset_event line %d not_taken %q: a code, a description and a weight each (no without; a reading with at_most)", cond.Key, el.Line, r.Description)
			}
			open = open || !r.Grounded()
		}
		if !open {
			return fmt.Errorf("condition %s: onset_event line %d not_taken: one reason at least needs no grounds (with, reading)", cond.Key, el.Line)
		}
	}
	return nil
}

// LineIndex is the index in Treatment of the line numbered n, or -1.
func (c *Condition) LineIndex(n int) int {
	for i, l := range c.Treatment {
		if l.Line == n {
			return i
		}
	}
	return -1
}

// checkRaisedBy checks a presentation's raised_by: known conditions, a
// relative above 1 (it adds weight for the people who hold them) and a
// source.
func (pr *Presentation) checkRaisedBy(c *Catalogue) error {
	r := pr.RaisedBy
	if r == nil {
		return nil
	}
	if len(r.Conditions) == 0 || r.Relative <= 1 || r.Source == "" {
		return fmt.Errorf("raised_by needs conditions, a relative above 1 and a source")
	}
	for _, k := range r.Conditions {
		if _, ok := c.Condition(k); !ok {
			return fmt.Errorf("raised_by condition %q is not in the catalogue", k)
		}
	}
	return nil
}
