package report

import (
	"fmt"
	"html/template"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/stats"
)

// timelineChart lays one patient's record along the history window:
// conditions as bars from onset, encounters as ticks by setting, each
// medicine as a row of prescriptions (a new segment, labelled, where the
// product or dose changes), and key results as small line charts below.
func timelineChart(t stats.Timeline) template.HTML {
	const labelW, plotW, rowH, top = 290.0, 600.0, 16.0, 28.0
	settings := []string{"gp", "outpatient", "ae", "inpatient"}
	var medRows []string
	seen := map[string]bool{}
	for _, m := range t.Medicines {
		if !seen[m.Medicine] {
			seen[m.Medicine] = true
			medRows = append(medRows, m.Medicine)
		}
	}
	var chronic, acute []stats.TimelineCondition
	for _, c := range t.Conditions {
		if c.Chronic {
			chronic = append(chronic, c)
		} else {
			acute = append(acute, c)
		}
	}
	rows := len(chronic) + 1 + len(settings) + len(medRows) + 3 // one row of acute episodes, three headings
	h := top + rowH*float64(rows) + 10
	s := newSVG(labelW+plotW+10, h, "Timeline of "+t.Name, fmt.Sprintf("%d conditions, %d encounters, %d prescriptions from %s to %s",
		len(t.Conditions), len(t.Encounters), len(t.Medicines), t.From, t.To))
	x := scale{float64(t.From), float64(t.To), labelW, labelW + plotW}
	at := func(d models.Date) float64 { return x.at(float64(d)) }
	fy, _, _ := t.From.YMD()
	ty, _, _ := t.To.YMD()
	for y := fy + 1; y <= ty; y++ {
		d := models.DateFromYMD(y, 1, 1)
		s.line(at(d), top-4, at(d), h-6, "grid")
		s.text(at(d), top-8, "middle", "tick", fmt.Sprint(y))
	}
	row := 0
	next := func() float64 { row++; return top + rowH*float64(row-1) + rowH/2 }
	heading := func(name string) { s.text(4, next()+4, "start", "heading", name) }
	heading("Conditions")
	for _, c := range chronic {
		y := next()
		end := t.To
		if c.Resolved != models.NoDate {
			end = min(c.Resolved, t.To)
		}
		s.rectTip(at(max(c.Onset, t.From)), y-5, max(at(end)-at(max(c.Onset, t.From)), 2), 10, "cond", fmt.Sprintf("%s from %s", c.Description, c.Onset))
		s.text(labelW-6, y+4, "end", "label", fmt.Sprintf("%s (%s)", clip(c.Description, 28), c.Onset))
	}
	y := next()
	s.text(labelW-6, y+4, "end", "label", fmt.Sprintf("acute episodes (%d)", len(acute)))
	for _, c := range acute {
		if c.Onset >= t.From {
			s.circle(at(c.Onset), y, 3, "cond acute", fmt.Sprintf("%s, %s", c.Description, c.Onset))
		}
	}
	heading("Encounters")
	count := map[string]int{}
	for _, e := range t.Encounters {
		count[e.Setting]++
	}
	for _, set := range settings {
		y := next()
		s.text(labelW-6, y+4, "end", "label", fmt.Sprintf("%s (%d)", settingName[set], count[set]))
		for _, e := range t.Encounters {
			if e.Setting == set && e.Day >= t.From {
				s.line(at(e.Day), y-6, at(e.Day), y+6, "enc "+set)
			}
		}
	}
	heading("Medicines")
	for _, med := range medRows {
		y := next()
		s.text(labelW-6, y+4, "end", "label", clip(med, 36))
		last := ""
		for _, m := range t.Medicines {
			if m.Medicine != med {
				continue
			}
			end := t.To
			if m.End != models.NoDate {
				end = min(m.End, t.To)
			}
			if end < t.From {
				continue
			}
			x0 := at(max(m.Start, t.From))
			s.rectTip(x0, y-5, max(at(end)-x0, 2), 10, "med", fmt.Sprintf("%s, %s, %s to %s", m.Medication, m.Dose, m.Start, endText(m.End)))
			if what := m.Medication + " " + m.Dose; what != last {
				s.text(x0+2, y-7, "start", "dose", m.Medication)
				last = what
			}
		}
	}
	return s.html()
}

var settingName = map[string]string{"gp": "GP", "outpatient": "outpatient", "ae": "A&E", "inpatient": "admission"}

// resultChart is one key result's readings as a small line chart.
func resultChart(r stats.TimelineSeries, from, to models.Date) template.HTML {
	const w, h, left, top, bottom = 210.0, 110.0, 34.0, 18.0, 16.0
	lo, hi := r.Values[0], r.Values[0]
	for _, v := range r.Values {
		lo, hi = min(lo, v), max(hi, v)
	}
	pad := max((hi-lo)*0.1, 1)
	s := newSVG(w, h, r.Name, fmt.Sprintf("%d readings from %s to %s, %s to %s %s", len(r.Values), r.Days[0], r.Days[len(r.Days)-1], num(lo), num(hi), r.Unit))
	s.text(w/2, 12, "middle", "label", fmt.Sprintf("%s (%s)", r.Key, r.Unit))
	x := scale{float64(from), float64(to), left, w - 6}
	y := scale{lo - pad, hi + pad, h - bottom, top}
	s.line(left, h-bottom, w-6, h-bottom, "axis")
	s.text(left-3, y.at(hi)+4, "end", "tick", num(hi))
	s.text(left-3, y.at(lo)+4, "end", "tick", num(lo))
	var xs, ys []float64
	for i, d := range r.Days {
		xs, ys = append(xs, x.at(float64(d))), append(ys, y.at(r.Values[i]))
	}
	s.polyline(xs, ys, "result")
	for i := range xs {
		s.circle(xs[i], ys[i], 2, "dot result", fmt.Sprintf("%s: %s %s", r.Days[i], num(r.Values[i]), r.Unit))
	}
	fy, _, _ := from.YMD()
	ty, _, _ := to.YMD()
	s.text(left, h-3, "start", "tick", fmt.Sprint(fy))
	s.text(w-6, h-3, "end", "tick", fmt.Sprint(ty))
	return s.html()
}

// clip shortens a label to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func endText(d models.Date) string {
	if d == models.NoDate {
		return "ongoing"
	}
	return d.String()
}
