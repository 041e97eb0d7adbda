package generator

// Brief h49a: eczema as one problem with flares (docs/clinical-model.md,
// "Eczema is one problem with flares").

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// eczemaFlare is one flare of a person's eczema: the day its treatment was
// issued (each flare is treated at its first contact) and the problem row
// it was issued against.
type eczemaFlare struct {
	day  models.Date
	cond *models.Condition
}

// eczemaFlares lists, per person, the flares of their eczema, in day
// order: the days an eczema medicine was issued acutely (a steroid, an
// acute emollient). Each flare is treated at its first contact, its acute
// medicines all on that day (on generate -n 20000 -s 5 these days are,
// person by person, the flare rows written before brief h49a); the problem
// rows no longer count flares, as a flare is a consultation about the one
// problem. Since brief h69a the emollient is on repeat after the first
// flare: the repeat's authorisation and review days are no flares, and a
// later flare's emollient is the running repeat (eczemaEmollientOn).
func (r *realism) eczemaFlares() map[string][]eczemaFlare { return r.eczemaIssueDays(true) }

// eczemaContacts is eczemaFlares with the emollient repeat's authorisation
// and review days counted too (the days of any eczema issue, as before
// brief h69a's fix): TestRecurrentProblemsBeforeAClinic and
// TestClinicAttendancesOfAPresentation still count by it, as a later flare
// inside the repeat that is issued no steroid leaves no acute issue (its
// emollient is the repeat's) and would go uncounted (fix69d: two children
// then seen in clinic after 2 acute-issue flares, pathwayPopulation).
func (r *realism) eczemaContacts() map[string][]eczemaFlare { return r.eczemaIssueDays(false) }

func (r *realism) eczemaIssueDays(acuteOnly bool) map[string][]eczemaFlare {
	rows := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "eczema" {
			rows[c.ConditionID] = c
		}
	}
	out := map[string][]eczemaFlare{}
	steroidOnly := map[string]bool{} // person and day: only a topical corticosteroid issued
	for i := range r.b.Prescriptions {
		x := &r.b.Prescriptions[i]
		c := rows[x.ConditionID]
		if c == nil || (acuteOnly && x.Type != models.PrescriptionAcute) {
			continue
		}
		key := x.PatientID + x.StartDate.String()
		k := medKey(x)
		f := eczemaFlare{day: x.StartDate, cond: c}
		if !slices.ContainsFunc(out[x.PatientID], func(g eczemaFlare) bool { return g.day == f.day }) {
			out[x.PatientID] = append(out[x.PatientID], f)
			steroidOnly[key] = true
		}
		steroidOnly[key] = steroidOnly[key] && (k == "hydrocortisone" || k == "clobetasone")
	}
	// Brief h70d: a flare given no topical corticosteroid at its first
	// contact is given one at its first follow-up (catalogue eczema
	// if_seen_again): a day with only a steroid, inside the duration of a
	// flare whose own day issued none, is that flare's step up, not a flare.
	dur := models.Date(0)
	for i := range r.p.Cat.Presentations {
		if pr := &r.p.Cat.Presentations[i]; pr.Key == "eczema" {
			dur = models.Date(pr.DurationDays)
		}
	}
	for id, fs := range out {
		slices.SortFunc(fs, func(a, b eczemaFlare) int { return int(a.day - b.day) })
		kept := fs[:0]
		for _, f := range fs {
			if n := len(kept); n > 0 && f.day-kept[n-1].day < dur && steroidOnly[id+f.day.String()] && !r.eczemaSteroidOn(id, kept[n-1].day) {
				continue
			}
			kept = append(kept, f)
		}
		out[id] = kept
	}
	return out
}

// eczemaSteroidOn reports whether a topical corticosteroid was issued to
// patient id about eczema on day d.
func (r *realism) eczemaSteroidOn(id string, d models.Date) bool {
	for _, x := range r.rxOf[id] {
		if k := medKey(x); x.StartDate == d && (k == "hydrocortisone" || k == "clobetasone") && conditionKeyOf(r.condsOf[id], x.ConditionID) == "eczema" {
			return true
		}
	}
	return false
}

// eczemaEmollientOn reports whether a person has an eczema emollient on a
// day: issued acutely that day, or a repeat of it running then (authorised
// on or before the day, not ended before it; brief h69a).
func (r *realism) eczemaEmollientOn() func(id string, day models.Date) bool {
	acute := map[string]bool{} // person and day
	repeats := map[string][]*models.Prescription{}
	for i := range r.b.Prescriptions {
		x := &r.b.Prescriptions[i]
		g, ok := datasets.RegimenByDMD(x.DMDCode)
		if !ok || g.Medicine != "white_soft_paraffin_liquid_paraffin" || conditionKeyOf(r.condsOf[x.PatientID], x.ConditionID) != "eczema" {
			continue
		}
		if x.Type == models.PrescriptionRepeat {
			repeats[x.PatientID] = append(repeats[x.PatientID], x)
		} else {
			acute[x.PatientID+x.StartDate.String()] = true
		}
	}
	return func(id string, day models.Date) bool {
		return acute[id+day.String()] || slices.ContainsFunc(repeats[id], func(x *models.Prescription) bool {
			return x.StartDate <= day && (x.EndDate == models.NoDate || day <= x.EndDate)
		})
	}
}

// episodeOf is what a clinic attendance e follows up: its problem row, and
// for an eczema row the flare it came after (the latest one on or before
// its day), as each flare was referred and followed up on its own.
func episodeOf(flares map[string][]eczemaFlare, e *models.Encounter) string {
	day := models.NoDate
	for _, f := range flares[e.PatientID] {
		if f.cond.ConditionID == e.ReasonConditionID && f.day <= e.StartTime.Date() {
			day = f.day
		}
	}
	if day == models.NoDate {
		return e.ReasonConditionID
	}
	return e.ReasonConditionID + "@" + day.String()
}

// TestEczemaIsOneProblemWithFlares: a GP codes atopic eczema once and
// records each flare as a consultation about it. Before, every flare was a
// new problem row (8,493 rows for 3,674 people, up to 19 for one child,
// generate -n 20000 -s 5). Eczema is clear when there has been none for a
// year (Williams and Strachan, Br J Dermatol 1998), so a person's second
// eczema row may begin only more than a year after the first one ends; the
// flares between are issued their treatment against the row, within its
// span; and every flare is issued an emollient (NICE CG57: emollients for
// everyone with eczema; before, by chance 0.9).
func TestEczemaIsOneProblemWithFlares(t *testing.T) {
	r := review5Population(t)
	const clearYear = 365 // days: Williams and Strachan's "clear"
	people, rows, children, childRows, tooSoon := 0, 0, 0, 0, 0
	for id, conds := range r.condsOf {
		var ecz []*models.Condition
		for _, c := range conds {
			if c.ConditionKey == "eczema" {
				ecz = append(ecz, c)
			}
		}
		if len(ecz) == 0 {
			continue
		}
		slices.SortFunc(ecz, func(a, b *models.Condition) int { return int(a.OnsetDate - b.OnsetDate) })
		people++
		rows += len(ecz)
		if models.YearsBetween(r.patients[id].BirthDate, ecz[0].OnsetDate) < 16 {
			children++
			childRows += len(ecz)
		}
		for k := 1; k < len(ecz); k++ {
			if prev := ecz[k-1]; prev.ResolvedDate == models.NoDate || ecz[k].OnsetDate-prev.ResolvedDate <= clearYear {
				tooSoon++
				if tooSoon <= 3 {
					t.Logf("%s: eczema coded again on %v, %d days after the row of %v to %v", id, ecz[k].OnsetDate, int(ecz[k].OnsetDate-prev.ResolvedDate), prev.OnsetDate, prev.ResolvedDate)
				}
			}
		}
	}
	enough(t, people, 500, "people with eczema")
	if tooSoon > 0 {
		t.Errorf("%d eczema rows begin within a year of the person's previous one: a flare is a consultation about the problem, not a new one", tooSoon)
	}
	flares, multi, outside, emollient := 0, 0, 0, 0
	perRow := map[*models.Condition]int{}
	for _, fs := range r.eczemaFlares() {
		for _, f := range fs {
			flares++
			perRow[f.cond]++
			if f.day < f.cond.OnsetDate || (f.cond.ResolvedDate != models.NoDate && f.day > f.cond.ResolvedDate) {
				outside++
			}
		}
	}
	for _, n := range perRow {
		if n >= 2 {
			multi++
		}
	}
	emollientOn := r.eczemaEmollientOn()
	for id, fs := range r.eczemaFlares() {
		for _, f := range fs {
			if emollientOn(id, f.day) {
				emollient++
			} else {
				t.Logf("%s: flare on %s with no emollient", id, f.day)
			}
		}
	}
	t.Logf("%d people with eczema, %d rows (%.2f each); %d children, %d rows (%.2f each); %d treated flares, %d rows with two or more, emollient at %d",
		people, rows, float64(rows)/float64(people), children, childRows, float64(childRows)/float64(max(children, 1)), flares, multi, emollient)
	if multi == 0 {
		t.Errorf("no eczema row has two treated flares: each flare is still a row of its own")
	}
	if outside > 0 {
		t.Errorf("%d flares treated outside their problem's span", outside)
	}
	if emollient < flares {
		t.Errorf("an emollient at %d of %d flares: want every one (NICE CG57)", emollient, flares)
	}
}
