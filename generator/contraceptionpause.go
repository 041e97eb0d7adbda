package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// One contraceptive method at a time (brief fx65c). A levonorgestrel
// intrauterine system fitted for heavy periods (catalogue menorrhagia
// first_choice, written with the acute episodes before the woman's
// contraception) is contraception too: a GP reading generate -n 3000 -s 41
// found the combined pill reissued for three years beside a system fitted
// for heavy periods, and desogestrel beside a coil for five (153 of 1,847
// women with any method had two overlapping by more than 30 days, generate
// -n 20000 -s 83). FSRH (intrauterine contraception 2023, progestogen-only
// methods): a woman with an intrauterine system or implant in place needs
// no other method; when one is fitted the pill is stopped (approx: the
// usual switch once the device is in). So while a long-acting method of
// contraception.yaml (pregnancy.yaml long_acting) issued for another
// reason is in place, her episode pauses as it does for a pregnancy: its
// issue ends the day before the fit, and it begins again with a first
// supply when the device's time is over (inside her drawn years).

// contraGap is a spell in which the woman's drawn method is not issued: a
// pregnancy (check: its index, whose postnatal check restarts the method;
// -1 otherwise) or a long-acting method issued for another reason.
type contraGap struct {
	from, to models.Date
	check    int
	open     bool // a pregnancy still going on the last day: no resumption
}

// contraGaps is the spells pausing the woman's episode, in time order:
// her pregnancies (from the last period to the resumption) and the
// long-acting methods already issued for another reason (from the fit to
// the end of its supply).
func (w *worker) contraGaps(per *person) []contraGap {
	var gaps []contraGap
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		g := contraGap{from: pg.lmp, to: pg.resume, check: -1, open: pg.end > per.lastDay}
		if !pg.loss {
			g.check = i
		}
		gaps = append(gaps, g)
	}
	cp, pp := w.plan.contraception, w.plan.pregnancy
	if cp != nil && pp != nil {
		for r := per.rxFrom; r < len(w.b.Prescriptions); r++ {
			rx := &w.b.Prescriptions[r]
			if rx.PrescriptionID.IsZero() || rx.EndDate == models.NoDate {
				continue
			}
			for _, k := range pp.longActing {
				if rx.DMDCode == cp.course.methods[k].m.med.DMDCode {
					// her method's last issue ends the day before the fit
					// (a course's issue runs to the gap's first day)
					gaps = append(gaps, contraGap{from: rx.StartDate - 1, to: rx.EndDate + 1, check: -1})
				}
			}
		}
	}
	slices.SortStableFunc(gaps, func(a, b contraGap) int { return cmp.Compare(a.from, b.from) })
	return gaps
}
