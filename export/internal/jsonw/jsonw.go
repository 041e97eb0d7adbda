// Package jsonw holds the low-level JSON appenders the streaming exporters
// (FHIR, openEHR) share. They append to a caller-owned []byte and never
// allocate beyond growing it.
package jsonw

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/code4health/cohortgen/models"
)

// NeedsEscape[c] is true for the bytes that cannot be copied verbatim into a
// JSON string: control characters, '"', '\\' and every non-ASCII byte (those
// go through the slow path, which validates UTF-8).
var NeedsEscape = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'] = true
	t['\\'] = true
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// String appends s as a quoted JSON string. Clean ASCII (the common
// case) is copied in one append; anything else is escaped, and invalid UTF-8
// becomes U+FFFD so the output is always valid JSON.
func String(b []byte, s string) []byte {
	b = append(b, '"')
	i := 0
	for i < len(s) && !NeedsEscape[s[i]] {
		i++
	}
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	b = append(b, s[:i]...)
	return stringSlow(b, s, i)
}

func stringSlow(b []byte, s string, i int) []byte {
	start := i
	for i < len(s) {
		c := s[i]
		if !NeedsEscape[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, "\ufffd"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Float appends v in the shortest form that round-trips, without an
// exponent (FHIR decimals and openEHR magnitudes are plain JSON numbers; the
// exponent form is valid JSON but several FHIR and openEHR parsers reject it). Non-finite values, which have no
// JSON form, are written as 0 — callers skip them before getting here.
func Float(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0')
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse).
func civil(days int64) (y int64, m, d int) {
	z := days + 719468
	era := z
	if z < 0 {
		era = z - 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// DateDigits appends YYYY-MM-DD without quotes.
func DateDigits(b []byte, days int64) []byte {
	y, m, d := civil(days)
	if y >= 0 && y <= 9999 {
		yy := int(y)
		b = append(b, byte('0'+yy/1000), byte('0'+yy/100%10), byte('0'+yy/10%10), byte('0'+yy%10))
	} else {
		b = strconv.AppendInt(b, y, 10) // not a valid ISO 8601 date; never produced by the generator
	}
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

// Date appends d as a quoted ISO 8601 (FHIR, openEHR) date, "YYYY-MM-DD".
func Date(b []byte, d models.Date) []byte {
	b = append(b, '"')
	b = DateDigits(b, int64(d))
	return append(b, '"')
}

const microsPerDay = 86_400_000_000

// Timestamp appends t as a quoted ISO 8601 date-time (FHIR dateTime/instant,
// openEHR DV_DATE_TIME) in UTC:
// "YYYY-MM-DDThh:mm:ssZ", with six fractional digits when t is not a whole
// second.
func Timestamp(b []byte, t models.Timestamp) []byte {
	us := int64(t)
	days := us / microsPerDay
	rem := us % microsPerDay
	if rem < 0 {
		rem += microsPerDay
		days--
	}
	secs := int(rem / 1_000_000)
	frac := int(rem % 1_000_000)
	b = append(b, '"')
	b = DateDigits(b, days)
	b = append(b, 'T')
	b = append2(b, secs/3600)
	b = append(b, ':')
	b = append2(b, secs/60%60)
	b = append(b, ':')
	b = append2(b, secs%60)
	if frac != 0 {
		b = append(b, '.',
			byte('0'+frac/100000), byte('0'+frac/10000%10), byte('0'+frac/1000%10),
			byte('0'+frac/100%10), byte('0'+frac/10%10), byte('0'+frac%10))
	}
	return append(b, 'Z', '"')
}
