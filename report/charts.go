package report

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/code4health/cohortgen/stats"
)

// status is how a figure was judged, as a CSS class and a word.
func status(f *stats.Figure) (class, word string) {
	switch {
	case f.NoReference:
		return "none", "no reference"
	case f.Tolerance == 0:
		return "shown", "shown (too few cases)"
	case f.Advisory && !f.OK:
		return "shownout", "shown, outside tolerance"
	case f.Advisory:
		return "shown", "shown, within tolerance"
	case !f.OK:
		return "out", "OUT"
	}
	return "ok", "ok"
}

// forest draws each figure of a group as its distance from its reference:
// relative (%) for most, in percentage points for care quality and
// coverage. The shaded band is the tolerance; the whisker is the 95%
// sampling interval (±1.96 SE); a dot at the edge is further out.
func forest(title string, figs []stats.Figure) template.HTML {
	const labelW, plotW, numW, rowH, top = 370.0, 300.0, 150.0, 18.0, 36.0
	points := len(figs) > 0 && figs[0].Points
	lim, unit := 50.0, "%"
	if points {
		lim, unit = 25, " pts"
	}
	h := top + rowH*float64(len(figs)) + 10
	s := newSVG(labelW+plotW+numW, h, title, fmt.Sprintf("%d figures, each as its difference from its reference (%s), with the tolerance shaded and a 95%% sampling interval", len(figs), strings.TrimSpace(unit)))
	x := scale{-lim, lim, labelW, labelW + plotW}
	for _, t := range []float64{-lim, -lim / 2, 0, lim / 2, lim} {
		s.line(x.at(t), top-6, x.at(t), h-8, "grid")
		s.text(x.at(t), top-10, "middle", "tick", fmt.Sprintf("%+g%s", t, unit))
	}
	s.text(labelW+plotW+20, top-22, "start", "tick", "value (reference)")
	for i, f := range figs {
		y := top + rowH*float64(i) + rowH/2
		s.text(labelW-6, y+4, "end", "label", clip(f.Name, 62))
		class, word := status(&f)
		if f.NoReference || f.Reference == 0 {
			s.text(labelW+plotW+8, y+4, "start", "num", num(f.Value)+" "+f.Unit)
			continue
		}
		dist := func(v float64) float64 {
			if points {
				return v - f.Reference
			}
			return 100 * (v - f.Reference) / f.Reference
		}
		tol := f.Tolerance * 100
		if points {
			tol = f.Tolerance
		}
		if tol > 0 {
			s.rect(x.at(-tol), y-rowH/2+2, x.at(tol)-x.at(-tol), rowH-4, "band")
		}
		s.line(x.at(0), y-rowH/2, x.at(0), y+rowH/2, "ref")
		s.line(x.at(dist(f.Value-1.96*f.SE)), y, x.at(dist(f.Value+1.96*f.SE)), y, "whisker "+class)
		s.circle(x.at(dist(f.Value)), y, 4, "dot "+class, fmt.Sprintf("%s: %s %s, reference %s (%s)", f.Name, num(f.Value), f.Unit, num(f.Reference), word))
		s.text(labelW+plotW+8, y+4, "start", "num", fmt.Sprintf("%s (%s)", num(f.Value), num(f.Reference)))
	}
	return s.html()
}

// pyramid draws the population's share by 10-year band and sex (bars)
// beside its reference (black ticks): women left, men right.
func pyramid(figs []stats.Figure) template.HTML {
	const half, labelW, rowH, top, margin = 260.0, 60.0, 20.0, 24.0, 24.0
	bands := []string{}
	val := map[string][2]float64{}
	ref := map[string][2]float64{}
	var hi float64
	for _, f := range figs {
		sex, band, _ := strings.Cut(f.Name, " ")
		s := 0
		if sex == "male" {
			s = 1
		}
		if _, ok := val[band]; !ok {
			bands = append(bands, band)
		}
		v, r := val[band], ref[band]
		v[s], r[s] = f.Value, f.Reference
		val[band], ref[band] = v, r
		hi = max(hi, f.Value, f.Reference)
	}
	sort.Slice(bands, func(i, j int) bool { return bandStart(bands[i]) > bandStart(bands[j]) })
	hi = niceMax(hi)
	h := top + rowH*float64(len(bands)) + 24
	s := newSVG(2*half+labelW+2*margin, h, "Age-sex pyramid", "share of the population in each 10-year band by sex (bars) against the reference (black ticks)")
	mid := margin + half // the left edge of the band labels
	left := scale{0, hi, mid, margin}
	right := scale{0, hi, mid + labelW, mid + labelW + half}
	s.text(margin+half/2, 14, "middle", "label", "women")
	s.text(mid+labelW+half/2, 14, "middle", "label", "men")
	for i, b := range bands {
		y := top + rowH*float64(i)
		s.rect(left.at(val[b][0]), y+2, mid-left.at(val[b][0]), rowH-4, "bar female")
		s.rect(mid+labelW, y+2, right.at(val[b][1])-mid-labelW, rowH-4, "bar male")
		s.line(left.at(ref[b][0]), y, left.at(ref[b][0]), y+rowH, "reftick")
		s.line(right.at(ref[b][1]), y, right.at(ref[b][1]), y+rowH, "reftick")
		s.text(mid+labelW/2, y+rowH/2+4, "middle", "label", b)
	}
	for _, t := range []float64{0, hi / 2, hi} {
		s.text(left.at(t), h-6, "middle", "tick", num(t)+"%")
		s.text(right.at(t), h-6, "middle", "tick", num(t)+"%")
	}
	return s.html()
}

func bandStart(b string) int {
	var n int
	fmt.Sscanf(b, "%d", &n)
	return n
}

// multiple is one condition's prevalence by age band.
type multiple struct {
	Condition string
	Figures   []stats.Figure
}

// byCondition splits "prevalence by age" figures ("copd, ages 45-64") into
// one small chart's worth per condition.
func byCondition(figs []stats.Figure) []multiple {
	var out []multiple
	for _, f := range figs {
		cond, _, _ := strings.Cut(f.Name, ", ages ")
		if len(out) == 0 || out[len(out)-1].Condition != cond {
			out = append(out, multiple{Condition: cond})
		}
		out[len(out)-1].Figures = append(out[len(out)-1].Figures, f)
	}
	return out
}

// small draws one condition's prevalence by age band: the reference curve as
// a line, the dataset's value as dots with 95% whiskers.
func small(m multiple) template.HTML {
	const w, h, left, top, bottom = 200.0, 120.0, 30.0, 18.0, 22.0
	hi := 0.0
	for _, f := range m.Figures {
		hi = max(hi, f.Value+1.96*f.SE, f.Reference)
	}
	hi = niceMax(hi)
	s := newSVG(w, h, m.Condition+" by age", "recorded prevalence by age band (dots, 95% interval) against the reference curve (line)")
	s.text(w/2, 12, "middle", "label", m.Condition)
	x := scale{0, float64(max(len(m.Figures)-1, 1)), left + 8, w - 8}
	y := scale{0, hi, h - bottom, top}
	s.line(left, y.at(0), w-4, y.at(0), "axis")
	s.text(left-3, y.at(hi)+4, "end", "tick", num(hi)+"%")
	s.text(left-3, y.at(0)+4, "end", "tick", "0")
	var xs, ys []float64
	for i, f := range m.Figures {
		xs, ys = append(xs, x.at(float64(i))), append(ys, y.at(f.Reference))
	}
	s.polyline(xs, ys, "refline")
	for i, f := range m.Figures {
		class, word := status(&f)
		px := x.at(float64(i))
		s.line(px, y.at(f.Value-1.96*f.SE), px, y.at(f.Value+1.96*f.SE), "whisker "+class)
		s.circle(px, y.at(f.Value), 3, "dot "+class, fmt.Sprintf("%s: %s%%, reference %s%% (%s)", f.Name, num(f.Value), num(f.Reference), word))
		_, ages, _ := strings.Cut(f.Name, ", ages ")
		from, _, _ := strings.Cut(strings.TrimSuffix(ages, "+"), "-")
		s.text(px, h-6, "middle", "tick", from) // each band's first age; the table has the bands
	}
	return s.html()
}

// strips draws a cohort's spread: one row per measure (age, then each key
// result), a dot per member.
func strips(c stats.Cohort, names map[string]string) template.HTML {
	type row struct {
		name   string
		values []float64
	}
	rows := []row{{"age", nil}}
	for _, a := range c.Ages {
		rows[0].values = append(rows[0].values, float64(a))
	}
	for _, k := range stats.KeyResults {
		if v := c.Latest[k]; len(v) > 0 {
			rows = append(rows, row{names[k], v})
		}
	}
	const labelW, plotW, rowH = 170.0, 420.0, 26.0
	s := newSVG(labelW+plotW+90, rowH*float64(len(rows))+8, c.Name+": spread", "each member's age and latest key results, one dot per member")
	for i, r := range rows {
		lo, hi := r.values[0], r.values[0]
		for _, v := range r.values {
			lo, hi = min(lo, v), max(hi, v)
		}
		pad := max((hi-lo)*0.05, 1)
		x := scale{lo - pad, hi + pad, labelW, labelW + plotW}
		y := rowH*float64(i) + rowH/2 + 4
		s.text(labelW-6, y+4, "end", "label", fmt.Sprintf("%s (%d)", r.name, len(r.values)))
		s.line(labelW, y, labelW+plotW, y, "grid")
		for _, v := range r.values {
			s.circle(x.at(v), y, 3, "dot member", num(v))
		}
		s.text(labelW+plotW+6, y+4, "start", "num", fmt.Sprintf("%s to %s", num(lo), num(hi)))
	}
	return s.html()
}

// median of the values (0 when there are none).
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	if len(c)%2 == 1 {
		return c[len(c)/2]
	}
	return (c[len(c)/2-1] + c[len(c)/2]) / 2
}
