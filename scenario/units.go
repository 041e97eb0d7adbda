package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxDurationDays bounds durations (a century).
const maxDurationDays = 100 * 365

// durationHelp is what a duration looks like, for messages.
const durationHelp = `a duration such as "30 days", "6 weeks", "12 months" or "2 years"`

// parseDuration reads "N unit" (day, week, month, year, singular or plural,
// optionally after "last" or "the last") as whole days: a week is 7 days, a
// month 365/12 days rounded to the nearest day (1 month = 30, 3 = 91, 6 =
// 183, 12 = 365) and a year 365 days.
func parseDuration(s string) (int, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	t = strings.TrimPrefix(t, "the ")
	t = strings.TrimPrefix(t, "last ")
	parts := strings.Fields(t)
	if len(parts) == 1 && isDigits(parts[0]) {
		return 0, fmt.Errorf("want %s, got %q: add a unit, e.g. \"%s days\"", durationHelp, s, parts[0])
	}
	if len(parts) != 2 {
		return 0, fmt.Errorf("want %s, got %q", durationHelp, s)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil {
		switch parts[0] {
		case "a", "an", "one":
			n = 1
		default:
			return 0, fmt.Errorf("want %s, got %q", durationHelp, s)
		}
	}
	if n < 1 {
		return 0, fmt.Errorf("a duration must be at least 1 day, got %q", s)
	}
	if n > maxDurationDays {
		return 0, fmt.Errorf("%q is longer than 100 years", s)
	}
	var days int
	switch strings.TrimSuffix(parts[1], "s") {
	case "day":
		days = n
	case "week":
		days = n * 7
	case "month":
		days = int(math.Round(float64(n) * 365 / 12))
	case "year":
		days = n * 365
	default:
		return 0, fmt.Errorf("want %s, got %q (units: days, weeks, months, years)", durationHelp, s)
	}
	if days > maxDurationDays {
		return 0, fmt.Errorf("%q is longer than 100 years", s)
	}
	return days, nil
}

// duration decodes a duration field into days.
func (d *decoder) duration(v val) (int, bool) {
	if v.n != nil && v.n.Kind == yaml.ScalarNode && (v.n.Tag == "!!int" || v.n.Tag == "!!float") {
		d.errorf(v, "want %s, got the bare number %s: add a unit, e.g. \"%s days\"", durationHelp, v.n.Value, v.n.Value)
		return 0, false
	}
	s, ok := d.scalar(v, durationHelp)
	if !ok {
		return 0, false
	}
	days, err := parseDuration(s)
	if err != nil {
		d.errorf(v, "%v", err)
		return 0, false
	}
	return days, true
}

// ageRange is an inclusive age range; max 0 means no upper bound.
type ageRange struct{ min, max int }

func (a ageRange) hi() int {
	if a.max == 0 {
		return MaxAge
	}
	return a.max
}

func (a ageRange) String() string {
	switch {
	case a.max == 0:
		return fmt.Sprintf("%d+", a.min)
	case a.min == a.max:
		return strconv.Itoa(a.min)
	}
	return fmt.Sprintf("%d-%d", a.min, a.max)
}

const ageHelp = `an age such as 70, "65+", "40-64" or {min: 40, max: 64}`

// parseAgeText reads 70, "65+", "40-64" or "40 to 64".
func parseAgeText(s string) (lo, hi int, open bool, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := fmt.Errorf("want %s, got %q", ageHelp, s)
	num := func(x string) (int, error) {
		n, e := strconv.Atoi(strings.TrimSpace(x))
		if e != nil {
			return 0, bad
		}
		return n, nil
	}
	switch {
	case strings.HasSuffix(t, "+"):
		lo, err = num(strings.TrimSuffix(t, "+"))
		return lo, 0, true, err
	case strings.Contains(t, " to "):
		a, b, _ := strings.Cut(t, " to ")
		if lo, err = num(a); err == nil {
			hi, err = num(b)
		}
		return lo, hi, false, err
	case strings.Contains(strings.TrimPrefix(t, "-"), "-"):
		a, b, _ := strings.Cut(t, "-")
		if lo, err = num(a); err == nil {
			hi, err = num(b)
		}
		return lo, hi, false, err
	}
	lo, err = num(t)
	return lo, lo, false, err
}

// age decodes an age or age range. open reports a range with no upper
// bound. Ages must lie in 0..MaxAge and the range must not be empty.
func (d *decoder) age(v val) (ageRange, bool) {
	var lo, hi int
	var open bool
	switch {
	case v.n != nil && v.n.Kind == yaml.MappingNode:
		f, ok := d.mapping(v, "an age range", []string{"min", "max"}, map[string]string{"from": "min", "to": "max", "over": "min", "under": "max"})
		if !ok {
			return ageRange{}, false
		}
		open = true
		if x, ok := f.get("min"); ok {
			n, ok := d.integer(x, math.MinInt32, math.MaxInt32)
			if !ok {
				return ageRange{}, false
			}
			lo = int(n)
		}
		if x, ok := f.get("max"); ok {
			n, ok := d.integer(x, math.MinInt32, math.MaxInt32)
			if !ok {
				return ageRange{}, false
			}
			hi, open = int(n), false
		}
	default:
		s, ok := d.scalar(v, ageHelp)
		if !ok {
			return ageRange{}, false
		}
		var err error
		lo, hi, open, err = parseAgeText(s)
		if err != nil {
			d.errorf(v, "%v", err)
			return ageRange{}, false
		}
	}
	switch {
	case lo < 0 || hi < 0:
		d.errorf(v, "ages cannot be negative")
		return ageRange{}, false
	case lo > MaxAge || hi > MaxAge:
		d.errorf(v, "the model's oldest patients are %d; an age of %d is out of reach", MaxAge, max(lo, hi))
		return ageRange{}, false
	case !open && lo > hi:
		d.errorf(v, "the age range %d-%d is empty: the youngest age (%d) is above the oldest (%d)", lo, hi, lo, hi)
		return ageRange{}, false
	case !open && hi == 0:
		d.errorf(v, `age 0 on its own cannot be expressed (0-0 means "any age"); use "0-1"`)
		return ageRange{}, false
	}
	if open {
		return ageRange{lo, 0}, true
	}
	return ageRange{lo, hi}, true
}
