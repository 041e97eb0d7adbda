package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// svg builds one inline SVG chart. Every chart carries a title and a
// description for screen readers, and the page puts a table of the same
// numbers beside it, so the chart is never the only way to read them.
type svg struct {
	b    strings.Builder
	w, h float64
}

func newSVG(w, h float64, title, desc string) *svg {
	s := &svg{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img">`, w, h, w, h)
	fmt.Fprintf(&s.b, `<title>%s</title><desc>%s</desc>`, esc(title), esc(desc))
	return s
}

func esc(s string) string { return html.EscapeString(s) }

func (s *svg) rect(x, y, w, h float64, class string) {
	if w < 0 {
		x, w = x+w, -w
	}
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"/>`, x, y, w, h, class)
}

// rectTip is a rect with a tooltip.
func (s *svg) rectTip(x, y, w, h float64, class, tip string) {
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"><title>%s</title></rect>`, x, y, w, h, class, esc(tip))
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="%s"/>`, x1, y1, x2, y2, class)
}

func (s *svg) circle(x, y, r float64, class, tip string) {
	fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="%g" class="%s"><title>%s</title></circle>`, x, y, r, class, esc(tip))
}

func (s *svg) text(x, y float64, anchor, class, t string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, esc(t))
}

func (s *svg) polyline(xs, ys []float64, class string) {
	var pts []string
	for i := range xs {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xs[i], ys[i]))
	}
	fmt.Fprintf(&s.b, `<polyline points="%s" class="%s"/>`, strings.Join(pts, " "), class)
}

func (s *svg) html() template.HTML {
	return template.HTML(s.b.String() + "</svg>") // #nosec: every text is escaped above
}

// scale maps [lo, hi] onto [a, b], clamping outside values.
type scale struct{ lo, hi, a, b float64 }

func (c scale) at(v float64) float64 {
	v = min(max(v, c.lo), c.hi)
	if c.hi == c.lo {
		return c.a
	}
	return c.a + (v-c.lo)/(c.hi-c.lo)*(c.b-c.a)
}

// niceMax rounds a positive maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := 1.0
	for p*10 <= v {
		p *= 10
	}
	for p > v {
		p /= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// num formats a figure's number as the text report does.
func num(v float64) string { return fmt.Sprintf("%.3g", v) }
