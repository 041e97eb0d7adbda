package generator

import (
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// teratogenPlan is pregnancy.yaml teratogen resolved: the medicines of
// teratogenic potential (methotrexate, valproate), the contraception methods
// begun beside them and the share of pregnancies that still begin on them.
type teratogenPlan struct {
	t       *datasets.Teratogen
	meds    map[*medPlan]bool
	methods []int // contraception.yaml method indexes, by t.Methods
	pick    *distributions.Alias
}

// buildTeratogen resolves the block against the medicine plans and the
// contraception methods (nil: no block, or no contraception model).
func (p *Plan) buildTeratogen(pp *pregnancyPlan) error {
	t := pp.p.Teratogen
	if t == nil || p.contraception == nil {
		return nil
	}
	tp := &teratogenPlan{t: t, meds: map[*medPlan]bool{}}
	for _, cls := range t.Classes {
		found := false
		for _, m := range p.medPlans {
			if m.inClass(cls) {
				found, tp.meds[m] = true, true
			}
		}
		if !found {
			return fmt.Errorf("pregnancy.yaml teratogen: class %q has no prescribable medicine", cls)
		}
	}
	w := make([]float64, len(t.Methods))
	for i, tm := range t.Methods {
		k := slices.IndexFunc(p.contraception.c.Methods, func(m datasets.ContraceptiveMethod) bool { return m.Medicine == tm.Medicine })
		if k < 0 {
			return fmt.Errorf("pregnancy.yaml teratogen: method %q is not a contraception.yaml method", tm.Medicine)
		}
		tp.methods, w[i] = append(tp.methods, k), tm.Share
	}
	if len(w) == 0 {
		return fmt.Errorf("pregnancy.yaml teratogen: no methods")
	}
	tp.pick = distributions.NewAlias(w)
	pp.teratogen = tp
	return nil
}

// teratogenFrom is the first day a medicine of teratogenic potential is
// planned for the woman, the start of a treatment line of a condition held
// (methotrexate at a rheumatoid arthritis diagnosis: the clinic starts it
// weeks later), or NoDate. The line's course may stop earlier (a low count,
// a pregnancy): she is taken to be on it from then.
func (w *worker) teratogenFrom(per *person) models.Date {
	tp := w.plan.pregnancy.teratogen
	from := models.NoDate
	for ci := range per.conds {
		hc := &per.conds[ci]
		if !hc.treated {
			continue
		}
		for _, pr := range hc.planned {
			if !slices.ContainsFunc(hc.plan.lines[pr.line].meds, func(m *medPlan) bool { return tp.meds[m] }) {
				continue
			}
			if from == models.NoDate || pr.start < from {
				from = pr.start
			}
		}
	}
	return from
}

// teratogenContraception gives a woman planned a medicine of teratogenic
// potential before until_age contraception from its start to that age: her
// drawn episode (drawContraception) stretched over those years, or with
// none a new one begun at the start with a method of the block's shares.
// Before the pregnancies are drawn: none begins on a long-acting method.
// Draws from a stream of its own.
func (w *worker) teratogenContraception(per *person) {
	pp := w.plan.pregnancy
	if pp == nil || pp.teratogen == nil || per.sex != sexIndex("female") {
		return
	}
	tp := pp.teratogen
	from := w.teratogenFrom(per)
	if from == models.NoDate {
		return
	}
	if !per.bdaysSet {
		per.setBirthdays() // per.birthday reads the birth date's parts
	}
	to := per.birthday(tp.t.UntilAge)
	if from >= to || from > per.lastDay || to < per.firstDay {
		return
	}
	if cd := &per.contra; cd.ok {
		cd.usual = cd.end
		cd.start, cd.end = min(cd.start, from), max(cd.end, to)
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeTeratogen)
	k := tp.methods[tp.pick.Sample(&s)]
	// the years the method would run without the drug, as
	// drawContraception draws them; a stream apart, so that the method's
	// own draws (its course) are unchanged
	c := w.plan.contraception.c
	ys := per.stream(w.plan.Opts.Seed, purposeTeratogen, usualKey)
	usual := from + models.Date(min(ys.LogNormal(math.Log(c.YearsMedian), c.YearsLogSD), c.YearsMax)*365.25)
	per.contra = contraDraw{ok: true, start: from, end: to, k: k, s: s, usual: usual}
}

// usualKey keys the stream of a begun episode's usual years apart from the
// pregnancies' draws (keyed by a last period, a day number well below it).
const usualKey = 1 << 40

// teratogenStop ends an episode of contraception stretched or begun beside
// a teratogen once the drug has stopped: after_stop_days past the end of
// its last supply, or the episode's usual end if later. A drug still
// supplied on the record's last day keeps it to until_age. Run once the
// care has written the drug's issues (chronicCare), before the episode is
// written (contraception).
func (w *worker) teratogenStop(per *person) {
	cd := &per.contra
	pp := w.plan.pregnancy
	if !cd.ok || cd.usual == models.NoDate || pp == nil || pp.teratogen == nil {
		return
	}
	tp := pp.teratogen
	last := models.NoDate
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || !tp.meds[m] {
			continue
		}
		end := rx.EndDate
		if end == models.NoDate || end >= per.lastDay {
			return // still supplied at the record's end
		}
		last = max(last, end)
	}
	stop := max(cd.usual, last+models.Date(tp.t.AfterStopDays))
	if last == models.NoDate {
		stop = cd.usual // none issued in the record: stopped before it, or never started
	}
	cd.end = max(cd.start+1, min(cd.end, stop))
}

// teratogenAverts reports whether pregnancy pg, drawn for the woman, does
// not begin because she takes a medicine of teratogenic potential then and
// uses contraception: all but kept_pct% of them. Its own draw, keyed by the
// pregnancy's last period.
func (w *worker) teratogenAverts(per *person, pg *pregnancy) bool {
	tp := w.plan.pregnancy.teratogen
	if tp == nil {
		return false
	}
	from := w.teratogenFrom(per)
	if from == models.NoDate || pg.lmp < from {
		return false
	}
	s := per.stream(w.plan.Opts.Seed, purposeTeratogen, uint64(pg.lmp))
	return s.Float64()*100 >= tp.t.KeptPct
}
