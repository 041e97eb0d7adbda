package scenario

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// norm reduces a name to lower-case letters and digits, so that "Type 2
// diabetes", "type2_diabetes" and "TYPE-2-DIABETES" compare equal.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distance is the optimal-string-alignment edit distance (insertions,
// deletions, substitutions and transpositions of neighbours).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return max(len(ra), len(rb))
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// tolerance is how many edits a word of n letters may be away from a
// candidate and still be suggested.
func tolerance(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

// candidate is a text an input may resemble and the name to suggest for it.
type candidate struct {
	text   string // compared after norm
	target string
}

// suggest returns up to three targets the input most likely meant: exact
// matches of an alias first, then the nearest by edit distance, then names
// containing the input (or contained in it).
func suggest(input string, cands []candidate) []string {
	in := norm(input)
	if in == "" {
		return nil
	}
	out := exactTargets(in, cands)
	if len(out) > 0 {
		return out[:min(len(out), 3)]
	}
	add := func(t string) {
		if len(out) < 3 {
			out = appendUnique(out, t)
		}
	}
	best := tolerance(len([]rune(in))) + 1
	var near []string
	for _, c := range cands {
		d := distance(in, norm(c.text))
		switch {
		case d < best:
			best, near = d, []string{c.target}
		case d == best:
			near = append(near, c.target)
		}
	}
	if best <= tolerance(len([]rune(in))) {
		for _, t := range near {
			add(t)
		}
		return out
	}
	if len(in) >= 4 {
		for _, c := range cands {
			ct := norm(c.text)
			if len(ct) >= 4 && (strings.Contains(ct, in) || strings.Contains(in, ct)) {
				add(c.target)
			}
		}
	}
	return out
}

// exactTargets returns the targets of the candidates whose text is the
// (normalised) input, each once, in candidate order.
func exactTargets(in string, cands []candidate) []string {
	var out []string
	for _, c := range cands {
		if norm(c.text) == in {
			out = appendUnique(out, c.target)
		}
	}
	return out
}

// appendUnique appends the items not in list already.
func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

// didYouMean formats suggestions as ` (did you mean "a" or "b"?)`.
func didYouMean(s []string) string {
	if len(s) == 0 {
		return ""
	}
	q := quoteAll(s)
	switch len(q) {
	case 1:
		return " (did you mean " + q[0] + "?)"
	case 2:
		return " (did you mean " + q[0] + " or " + q[1] + "?)"
	}
	return " (did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?)"
}

// suggestField suggests a known field for an unknown one: a synonym
// written exactly, or a field or synonym a typo away. Unlike names of
// conditions or towns, a field is never suggested because it merely
// contains the word (ethnicity is not "town" because it contains "city"),
// and the tolerance is tighter: field names are short and a different
// field two letters away usually means something else (has_any is not
// has_not).
func suggestField(name string, allowed []string, synonyms map[string]string) []string {
	var cands []candidate
	for _, a := range allowed {
		cands = append(cands, candidate{a, a})
	}
	for word, field := range synonyms {
		cands = append(cands, candidate{word, field})
	}
	// Keep suggestions deterministic whatever the map order.
	sortCandidates(cands)
	in := norm(name)
	out := exactTargets(in, cands)
	if len(out) > 0 {
		return out
	}
	limit := 1
	if len([]rune(in)) >= 9 {
		limit = 2
	}
	for _, c := range cands {
		if distance(in, norm(c.text)) <= limit {
			out = appendUnique(out, c.target)
		}
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

func sortCandidates(c []candidate) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].text < c[j-1].text; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

// listWords formats a short list for a message: a, b and c.
func listWords(words []string, quote bool) string {
	w := append([]string(nil), words...)
	if quote {
		for i := range w {
			w[i] = strconv.Quote(w[i])
		}
	}
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// orWords formats a list as a, b or c.
func orWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
