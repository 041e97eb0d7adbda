package datasets

import (
	"encoding/csv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Published England mid-2023 totals (ONS MYE2), typed here independently of
// the data file so the test checks the file against the source figures.
const (
	publishedFemale2023 = 29407249
	publishedMale2023   = 28283074
)

func TestPopulationMatchesPublishedTotals(t *testing.T) {
	pop := Population()
	if len(pop) != 91 {
		t.Fatalf("Population() has %d ages, want 91", len(pop))
	}
	var f, m int
	for i, a := range pop {
		if a.Age != i {
			t.Errorf("index %d holds age %d", i, a.Age)
		}
		if a.Female <= 0 || a.Male <= 0 {
			t.Errorf("age %d has a non-positive count: %+v", i, a)
		}
		f += a.Female
		m += a.Male
	}
	if f != publishedFemale2023 || m != publishedMale2023 {
		t.Errorf("totals female %d male %d, want %d and %d", f, m, publishedFemale2023, publishedMale2023)
	}
	// Published five-year bands (ONS MYE2 mid-2023, England).
	band := func(lo, hi int, female bool) int {
		s := 0
		for _, a := range pop[lo : hi+1] {
			if female {
				s += a.Female
			} else {
				s += a.Male
			}
		}
		return s
	}
	for _, c := range []struct {
		lo, hi int
		female bool
		want   int
	}{
		{0, 4, true, 1496012}, {0, 4, false, 1568625},
		{45, 49, true, 1744723}, {60, 64, false, 1702386},
		{85, 89, false, 377979}, {90, 90, true, 347835},
	} {
		if got := band(c.lo, c.hi, c.female); got != c.want {
			t.Errorf("ages %d-%d female=%v: %d, want %d", c.lo, c.hi, c.female, got, c.want)
		}
	}
	// Callers get a copy.
	pop[0].Female = -1
	if Population()[0].Female == -1 {
		t.Error("Population() returned shared storage")
	}
}

func TestRegions(t *testing.T) {
	regions := Regions()
	wantCodes := []string{"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}
	if len(regions) != len(wantCodes) {
		t.Fatalf("%d regions, want %d", len(regions), len(wantCodes))
	}
	slugRE := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	total := 0
	for i, r := range regions {
		if r.Code != wantCodes[i] {
			t.Errorf("region %d is %s, want %s", i, r.Code, wantCodes[i])
		}
		if !slugRE.MatchString(r.Slug) || r.Name == "" {
			t.Errorf("region %s: bad slug %q or empty name", r.Code, r.Slug)
		}
		total += r.Population
	}
	// Census 2021 regional figures (rounded to 100), typed from the ONS release.
	want := map[string]int{
		"Y56": 8799800,
		"Y60": 4880100 + 5950800,
		"Y63": 2647100 + 5480800,
		"Y62": 7417300,
	}
	for code, w := range want {
		r, _ := RegionBySlug(code)
		if r.Population != w {
			t.Errorf("%s population %d, want %d", code, r.Population, w)
		}
	}
	// The rounded regions sum to within a few hundred of England's unrounded total.
	if d := total - 56490048; d < -1000 || d > 1000 {
		t.Errorf("regions sum to %d, %d away from the Census 2021 England total", total, d)
	}
	if len(ONSRegions()) != 9 {
		t.Errorf("%d ONS regions, want 9", len(ONSRegions()))
	}
}

func TestRegionBySlugAcceptsSlugCodeAndName(t *testing.T) {
	for _, c := range []struct{ in, code string }{
		{"london", "Y56"}, {"Y56", "Y56"}, {"y56", "Y56"}, {"London", "Y56"},
		{"north-east-and-yorkshire", "Y63"}, {"North East and Yorkshire", "Y63"}, {"NORTH EAST AND YORKSHIRE", "Y63"},
		{"east-of-england", "Y61"}, {"midlands", "Y60"}, {"Midlands", "Y60"}, {" south-west ", "Y58"},
		{"south-east", "Y59"}, {"north-west", "Y62"}, {"Y62", "Y62"},
	} {
		r, ok := RegionBySlug(c.in)
		if !ok || r.Code != c.code {
			t.Errorf("RegionBySlug(%q) = %s, %v; want %s", c.in, r.Code, ok, c.code)
		}
	}
	for _, bad := range []string{"", "wales", "Y57", "north"} {
		if r, ok := RegionBySlug(bad); ok {
			t.Errorf("RegionBySlug(%q) found %s", bad, r.Code)
		}
	}
}

// outcodeRE is the outward half of the published UK postcode pattern
// (BS 7666 / Royal Mail letter rules).
var outcodeRE = regexp.MustCompile(`^[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])$`)

func TestTowns(t *testing.T) {
	towns := Towns()
	if len(towns) < 80 || len(towns) > 120 {
		t.Errorf("%d towns, want 80-120", len(towns))
	}
	perRegion := map[string]int{}
	names := map[string]bool{}
	outcodeOwner := map[string]string{}
	for _, tw := range towns {
		if names[tw.Name] {
			t.Errorf("town %s repeated", tw.Name)
		}
		names[tw.Name] = true
		perRegion[tw.Region]++
		if tw.Population < 50000 || tw.Population > 1500000 {
			t.Errorf("%s population %d out of range", tw.Name, tw.Population)
		}
		if !strings.HasPrefix(tw.PopulationBasis, "LA ") {
			t.Errorf("%s population basis %q", tw.Name, tw.PopulationBasis)
		}
		if n := len(tw.Outcodes); n < 2 || n > 6 {
			t.Errorf("%s has %d outcodes, want 2-6", tw.Name, n)
		}
		for _, oc := range tw.Outcodes {
			if !outcodeRE.MatchString(oc) {
				t.Errorf("%s: outcode %q does not match the UK outward-code pattern", tw.Name, oc)
			}
			if prev, dup := outcodeOwner[oc]; dup {
				t.Errorf("outcode %s listed for both %s and %s", oc, prev, tw.Name)
			}
			outcodeOwner[oc] = tw.Name
		}
	}
	for _, r := range Regions() {
		if perRegion[r.Code] < 6 {
			t.Errorf("region %s has %d towns, want at least 6", r.Code, perRegion[r.Code])
		}
		if len(TownsInRegion(r.Slug)) != perRegion[r.Code] {
			t.Errorf("TownsInRegion(%s) disagrees with Towns()", r.Slug)
		}
	}
	for _, must := range []string{"Leeds", "Bradford", "Sheffield", "York", "Hull", "Newcastle upon Tyne",
		"Sunderland", "Middlesbrough", "Manchester", "Liverpool", "Preston", "Birmingham", "Coventry",
		"Nottingham", "Leicester", "Derby", "Stoke-on-Trent", "Norwich", "Cambridge", "Ipswich", "Luton",
		"Camden", "Hackney", "Croydon", "Ealing", "Newham", "Barnet", "Brighton", "Southampton",
		"Portsmouth", "Reading", "Oxford", "Milton Keynes", "Bristol", "Plymouth", "Exeter", "Bath",
		"Gloucester", "Bournemouth"} {
		if !names[must] {
			t.Errorf("required town %s missing", must)
		}
	}
	// The pattern itself must reject malformed outcodes, or the check above proves nothing.
	for _, bad := range []string{"Q1", "LS", "1LS", "LSS1", "AI1", "W1I", "EC1Z", "ls1"} {
		if outcodeRE.MatchString(bad) {
			t.Errorf("pattern accepts bad outcode %q", bad)
		}
	}
}

// Ofcom drama ranges (published; each 1,000 numbers), typed independently.
var ofcomDramaRanges = [][2]string{
	{"01134960000", "01134960999"}, // Leeds
	{"01144960000", "01144960999"}, // Sheffield
	{"01154960000", "01154960999"}, // Nottingham
	{"01164960000", "01164960999"}, // Leicester
	{"01174960000", "01174960999"}, // Bristol
	{"01184960000", "01184960999"}, // Reading
	{"01214960000", "01214960999"}, // Birmingham
	{"01314960000", "01314960999"}, // Edinburgh
	{"01414960000", "01414960999"}, // Glasgow
	{"01514960000", "01514960999"}, // Liverpool
	{"01614960000", "01614960999"}, // Manchester
	{"02079460000", "02079460999"}, // London
	{"01914980000", "01914980999"}, // Tyneside, Durham, Sunderland
	{"02896496000", "02896496999"}, // Northern Ireland
	{"02920180000", "02920180999"}, // Cardiff
	{"01632960000", "01632960999"}, // no area
	{"07700900000", "07700900999"}, // mobile
}

func inDramaRange(digits string) bool {
	if len(digits) != 11 {
		return false
	}
	for _, r := range ofcomDramaRanges {
		if digits >= r[0] && digits <= r[1] {
			return true
		}
	}
	return false
}

func digitsOnly(s string) string { return strings.ReplaceAll(s, " ", "") }

func TestPhonePrefixesStayInsideOfcomDramaRanges(t *testing.T) {
	prefixes := map[string]string{"mobile": MobileDramaPrefix, "no-area": NoAreaDramaPrefix}
	for _, tw := range Towns() {
		prefixes[tw.Name] = tw.PhonePrefix
	}
	for who, p := range prefixes {
		for _, n := range []int{0, 1, 500, 999} {
			num := PhoneNumber(p, n)
			d := digitsOnly(num)
			if _, err := strconv.ParseUint(d, 10, 64); err != nil || !inDramaRange(d) {
				t.Errorf("%s: %q gives %q, outside every Ofcom drama range", who, p, num)
			}
		}
		// The prefix must pin down all but three digits.
		if len(digitsOnly(p)) != 8 {
			t.Errorf("%s: prefix %q has %d digits, want 8", who, p, len(digitsOnly(p)))
		}
	}
	if inDramaRange("01134961000") || inDramaRange("0113496000") {
		t.Error("range check accepts a number outside the ranges")
	}
	if got := PhoneNumber("0113 496 0", 42); got != "0113 496 0042" {
		t.Errorf("PhoneNumber = %q", got)
	}
	if got := PhoneNumber("020 7946 0", -1); got != "020 7946 0999" {
		t.Errorf("PhoneNumber(-1) = %q", got)
	}
	byName := map[string]string{}
	for _, tw := range Towns() {
		byName[tw.Name] = tw.PhonePrefix
	}
	for name, want := range map[string]string{"Leeds": "0113 496 0", "Camden": "020 7946 0",
		"Sunderland": "0191 498 0", "Bradford": NoAreaDramaPrefix, "Reading": "0118 496 0"} {
		if byName[name] != want {
			t.Errorf("%s prefix %q, want %q", name, byName[name], want)
		}
	}
}

func TestEthnicities(t *testing.T) {
	eth := Ethnicities()
	groups := map[string]bool{"White": true, "Mixed": true, "Asian": true, "Black": true, "Other": true}
	seen := map[string]bool{}
	sum := 0.0
	for _, e := range eth {
		if seen[e.Code] {
			t.Errorf("code %s repeated", e.Code)
		}
		seen[e.Code] = true
		if !groups[e.Group] {
			t.Errorf("%s: group %q", e.Code, e.Group)
		}
		if e.Percent <= 0 || e.Description == "" || len(e.CensusCategories) == 0 {
			t.Errorf("%s: incomplete %+v", e.Code, e)
		}
		sum += e.Percent
	}
	if math.Abs(sum-100) > 1 {
		t.Errorf("percents sum to %.2f, want 100±1", sum)
	}
	if len(eth) != 16 || seen["Z"] {
		t.Errorf("%d sampleable codes (Z present: %v), want 16 without Z", len(eth), seen["Z"])
	}
	if c, _ := EthnicityByCode("c"); math.Abs(c.Percent-6.6) > 1e-9 || len(c.CensusCategories) != 3 {
		t.Errorf("C should merge three Census categories to 6.6%%, got %+v", c)
	}
	if z, ok := EthnicityByCode("Z"); !ok || z.Description != "Not stated" || z.Percent != 0 {
		t.Errorf("EthnicityByCode(Z) = %+v, %v", z, ok)
	}
}

func TestFirstNamesEveryYear(t *testing.T) {
	for year := 1900; year <= 2025; year++ {
		for _, sex := range []string{"female", "male"} {
			names := FirstNames(sex, year)
			if len(names) == 0 {
				t.Fatalf("FirstNames(%s, %d) is empty", sex, year)
			}
			sum := 0.0
			for i, n := range names {
				if n.Name == "" || n.Weight <= 0 {
					t.Fatalf("FirstNames(%s, %d)[%d] = %+v", sex, year, i, n)
				}
				if i > 0 && n.Weight >= names[i-1].Weight {
					t.Fatalf("FirstNames(%s, %d): weight does not fall with rank at %d", sex, year, i)
				}
				sum += n.Weight
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("FirstNames(%s, %d) weights sum to %v", sex, year, sum)
			}
		}
	}
	for in, want := range map[int]int{1900: 1954, 1954: 1954, 1964: 1954, 1965: 1974, 1990: 1994, 2018: 2014, 2019: 2023, 2030: 2023} {
		if got := FirstNameCohort(in); got != want {
			t.Errorf("FirstNameCohort(%d) = %d, want %d", in, got, want)
		}
	}
	if FirstNames("male", 1954)[0].Name != "David" || FirstNames("F", 2023)[0].Name != "Olivia" {
		t.Error("top names do not match the published lists")
	}
	// 1/rank^0.7: rank 1 over rank 20.
	n := FirstNames("female", 1974)
	if r := n[0].Weight / n[19].Weight; math.Abs(r-math.Pow(20, 0.7)) > 1e-9 {
		t.Errorf("rank-1/rank-20 weight ratio %v", r)
	}
	if FirstNames("unknown", 2000) != nil {
		t.Error("unknown sex should give nil")
	}
}

func TestSurnames(t *testing.T) {
	s := Surnames()
	if len(s) != 100 || s[0].Name != "Smith" {
		t.Fatalf("Surnames: %d names, first %q", len(s), s[0].Name)
	}
	for i := 1; i < len(s); i++ {
		if s[i].Weight <= 0 || s[i].Weight > s[i-1].Weight {
			t.Errorf("surname weight not falling at rank %d (%s %v)", i+1, s[i].Name, s[i].Weight)
		}
	}
	present := map[string]bool{}
	for _, n := range s {
		present[n.Name] = true
	}
	for _, n := range southAsianTop100 {
		if !present[n] {
			t.Errorf("%s is not in the top-100 file", n)
		}
	}
	asian := SurnamesFor("Asian")
	isSA := map[string]bool{}
	for _, n := range southAsianTop100 {
		isSA[n] = true
	}
	for _, n := range loadSupplementarySurnames()["south_asian"] {
		isSA[n.Name] = true
	}
	var saW, all float64
	for _, n := range asian {
		all += n.Weight
		if isSA[n.Name] {
			saW += n.Weight
		}
	}
	if math.Abs(saW/all-0.9) > 1e-9 {
		t.Errorf("South Asian share of SurnamesFor(Asian) = %.3f, want 0.9", saW/all)
	}
	sort.Slice(asian, func(i, j int) bool { return asian[i].Weight > asian[j].Weight })
	if !isSA[asian[0].Name] {
		t.Errorf("most likely Asian surname is %s", asian[0].Name)
	}
	if w := SurnamesFor("White"); len(w) != 100 || w[0] != s[0] {
		t.Error("SurnamesFor(White) should equal Surnames()")
	}
	if len(SurnamesForEthnicity("R")) <= 100 || len(SurnamesForEthnicity("A")) != 100 {
		t.Error("SurnamesForEthnicity does not pick lists by code")
	}
}

func TestDeathProbability(t *testing.T) {
	for _, sex := range []string{"female", "male"} {
		prev := 0.0
		for age := 0; age <= 120; age++ {
			q := DeathProbability(age, sex)
			if q <= 0 || q >= 1 {
				t.Fatalf("DeathProbability(%d, %s) = %v, want in (0,1)", age, sex, q)
			}
			if age >= 10 && q < prev {
				t.Fatalf("DeathProbability falls from %v to %v at age %d (%s)", prev, q, age, sex)
			}
			prev = q
		}
	}
	// Interpolation between published ages: male 60 = 0.0085, 65 = 0.0130.
	if q := DeathProbability(62, "male"); math.Abs(q-(0.0085+0.4*(0.0130-0.0085))) > 1e-12 {
		t.Errorf("male 62: %v", q)
	}
	if DeathProbability(110, "female") != DeathProbability(100, "female") {
		t.Error("qx should be flat beyond 100")
	}
	if DeathProbability(80, "female") >= DeathProbability(80, "male") {
		t.Error("female qx should be below male qx at 80")
	}
}

// verhoeffValid reports whether s passes the Verhoeff check SNOMED CT uses for
// the last digit of every identifier.
func verhoeffValid(s string) bool {
	d := [10][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	p := [8][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	c := 0
	for i := 0; i < len(s); i++ {
		ch := s[len(s)-1-i]
		if ch < '0' || ch > '9' {
			return false
		}
		c = d[c][p[i%8][ch-'0']]
	}
	return c == 0
}

// snomedConceptID checks a SNOMED CT concept id: 6-18 digits, concept
// partition ("00" short form, "10" with a namespace) and Verhoeff check digit.
func snomedConceptID(id string) bool {
	if ok, _ := regexp.MatchString(`^[1-9][0-9]{5,17}$`, id); !ok {
		return false
	}
	part := id[len(id)-3 : len(id)-1]
	return (part == "00" || part == "10") && verhoeffValid(id)
}

func TestSnomedCheckCatchesTypos(t *testing.T) {
	if !snomedConceptID("38341003") || !snomedConceptID("999791000000106") {
		t.Error("valid ids rejected")
	}
	for _, bad := range []string{"38341004", "38341030", "12", "038341003", "999791000000116"} {
		if snomedConceptID(bad) {
			t.Errorf("accepted bad id %s", bad)
		}
	}
}

func TestMedicines(t *testing.T) {
	meds := Medicines()
	if want := csvDataRows(t, "data/medicines.csv"); len(meds) != want {
		t.Errorf("%d medicines, want one per data row of medicines.csv, %d", len(meds), want)
	}
	for _, m := range meds {
		if m.Key != MedicineKey(m.VTM) || m.Name == "" || m.DoseText == "" || m.BNFChapter == "" {
			t.Errorf("%s: incomplete %+v", m.Key, m)
		}
		switch {
		case m.HasCode():
			if !snomedConceptID(m.DMDCode) {
				t.Errorf("%s: dm+d code %q is not a 6-18 digit SNOMED id with a valid check digit", m.Key, m.DMDCode)
			}
			if m.Status != "verified (where seen)" {
				t.Errorf("%s has a code but status %q", m.Key, m.Status)
			}
		default:
			if m.Status != "unverified" {
				t.Errorf("%s has no code but status %q", m.Key, m.Status)
			}
		}
		if got, ok := MedicineByKey(m.Key); !ok || got.Name != m.Name {
			t.Errorf("MedicineByKey(%s) failed", m.Key)
		}
	}
	for key, vtm := range map[string]string{"metformin": "Metformin", "beclometasone_formoterol": "Beclometasone + formoterol",
		"co_codamol": "Co-codamol", "levothyroxine_sodium": "Levothyroxine sodium"} {
		if m, ok := MedicineByKey(key); !ok || m.VTM != vtm {
			t.Errorf("MedicineByKey(%s) = %q, %v", key, m.VTM, ok)
		}
	}
	// Unverified medicines keep an empty code; verified ones carry theirs.
	if m, _ := MedicineByKey("indapamide"); m.HasCode() || m.Status != "unverified" {
		t.Error("indapamide has no verified code and must stay empty")
	}
	if m, _ := MedicineByKey("salbutamol"); m.DMDCode != "39113611000001102" {
		t.Errorf("salbutamol inhaler VMP code %q", m.DMDCode)
	}
	if _, ok := MedicineByKey("nonexistent"); ok {
		t.Error("found a nonexistent medicine")
	}
}

func TestObservationCodes(t *testing.T) {
	for _, key := range []string{"systolic_bp", "diastolic_bp", "bmi", "hba1c", "egfr", "total_cholesterol",
		"weight", "height", "phq9", "fev1", "peak_flow", "creatinine", "heart_rate", "smoking_status",
		"foot_check", "smoker", "ex_smoker", "never_smoked"} {
		o, ok := ObservationByKey(key)
		if !ok {
			t.Errorf("observation %s missing", key)
			continue
		}
		if o.Snomed == "" && o.Loinc == "" {
			t.Errorf("%s has neither SNOMED nor LOINC", key)
		}
		if o.Status == "" || o.Term == "" {
			t.Errorf("%s lacks status or term", key)
		}
	}
	loincRE := regexp.MustCompile(`^[0-9]{1,7}-[0-9]$`)
	for _, o := range ObservationCodes() {
		if o.Snomed != "" && !snomedConceptID(o.Snomed) {
			t.Errorf("%s: SNOMED %q fails the id check", o.Key, o.Snomed)
		}
		if o.Loinc != "" && !loincRE.MatchString(o.Loinc) {
			t.Errorf("%s: LOINC %q malformed", o.Key, o.Loinc)
		}
	}
	if o, _ := ObservationByKey("phq9"); o.Snomed != "720433000" || o.Loinc != "44261-6" || o.Unit != "{score}" {
		t.Errorf("phq9 = %+v", o)
	}
}

func TestStreetNames(t *testing.T) {
	stems := StreetStems()
	if len(stems) < 120 || len(stems) > 200 {
		t.Errorf("%d stems", len(stems))
	}
	seen := map[string]bool{}
	for _, s := range stems {
		if s == "" || seen[s] || strings.TrimSpace(s) != s {
			t.Errorf("bad or repeated stem %q", s)
		}
		seen[s] = true
	}
	suf := StreetSuffixes()
	if len(suf) != 15 {
		t.Errorf("%d suffixes, want 15", len(suf))
	}
	for _, s := range suf {
		if s.Weight <= 0 {
			t.Errorf("suffix %s weight %v", s.Name, s.Weight)
		}
	}
}

// Every data file must say where its figures come from, for which year, and
// how sure we are.
func TestDataFilesDocumentSourceYearStatus(t *testing.T) {
	files, err := fs.Glob(refData, "data/*.csv")
	if err != nil || len(files) < 10 {
		t.Fatalf("embedded data files: %v %v", files, err)
	}
	for _, f := range files {
		raw, _ := refData.ReadFile(f)
		var header strings.Builder
		for _, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			header.WriteString(strings.ToLower(line))
		}
		h := header.String()
		for _, word := range []string{"source", "year", "status"} {
			if !strings.Contains(h, word) {
				t.Errorf("%s: comment header does not state its %s", f, word)
			}
		}
	}
}

// The package must never depend on the reference pack outside the module.
func TestNoPathOutsideModule(t *testing.T) {
	forbidden := ".." + "/" + "shared"
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".csv") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(string(b), forbidden) {
				t.Errorf("%s mentions %s", path, forbidden)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMedicineClassesAndRegimens(t *testing.T) {
	for _, m := range Medicines() {
		if len(MedicineClasses(m.Key)) == 0 {
			t.Errorf("medicine %s has no class in medicine_classes.csv", m.Key)
		}
		for _, g := range Regimens(m.Key) {
			if g.DMDCode == "" || g.DoseText == "" || g.MinAge > g.MaxAge || g.Effect <= 0 {
				t.Errorf("regimen %+v is incomplete", g)
			}
			if got, ok := RegimenByDMD(g.DMDCode); !ok || got.Medicine != m.Key {
				t.Errorf("RegimenByDMD(%s) = %+v, %v; want medicine %s", g.DMDCode, got, ok, m.Key)
			}
		}
	}
	if !InClass("ramipril", "raas_blocker") || !InClass("losartan", "raas_blocker") || InClass("amlodipine", "raas_blocker") {
		t.Error("raas_blocker class membership is wrong")
	}
	// No solid oral dose form for a child under 5 (BNFC), in any regimen.
	for _, m := range Medicines() {
		for _, g := range Regimens(m.Key) {
			if g.Form == "solid" && g.MinAge < 5 {
				t.Errorf("%s: solid form %q from age %d", m.Key, g.Name, g.MinAge)
			}
		}
	}
	if g := Regimens("amoxicillin"); len(g) < 3 || g[0].MinAge != 0 || g[0].Form != "liquid" {
		t.Errorf("amoxicillin has no liquid regimen for infants: %+v", g)
	}
}

func TestCatalogueCourseChecks(t *testing.T) {
	base, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Presentations) < 20 || len(base.BackgroundCauses) < 5 {
		t.Fatalf("%d presentations, %d background causes", len(base.Presentations), len(base.BackgroundCauses))
	}
	bad := map[string]string{
		"repeated presentation":         "  - {key: cough, snomed: \"1\", icd10: R05, description: x, gp: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n",
		"short weights":                 "  - {key: zz, snomed: \"1\", icd10: R05, description: x, gp: [1, 1]}\n",
		"unknown requirement":           "  - {key: zz, requires: no_such_condition, snomed: \"1\", icd10: R05, description: x, gp: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n",
		"unknown drug":                  "  - {key: zz, snomed: \"1\", icd10: R05, description: x, prescribe: [{drug: unobtainium}], gp: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n",
		"fracture clinic not after A&E": "  - {key: zz, snomed: \"1\", icd10: R05, description: x, ae: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], fracture_clinic: {visits: [{days: [1, 6], share: 1}], source: s}}\n",
		"fracture visits out of order":  "  - {key: zz, emergency_only: true, snomed: \"1\", icd10: R05, description: x, ae: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], fracture_clinic: {visits: [{days: [10, 16], share: 1}, {days: [1, 6], share: 1}], source: s}}\n",
		"fracture clinic child share":   "  - {key: zz, emergency_only: true, snomed: \"1\", icd10: R05, description: x, ae: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], fracture_clinic: {visits: [{days: [1, 6], share: 1}], child_discharged: 1.5, source: s}}\n",
	}
	for name, row := range bad {
		doc := strings.Replace(string(catalogueYAML), "\npresentations:\n", "\npresentations:\n"+row, 1)
		if _, err := ParseCatalogue([]byte(doc)); err == nil {
			t.Errorf("%s: catalogue loaded", name)
		}
	}
}

// Renal dose bands: the lowest band an eGFR is below decides the step, and
// each step's floor is where the next band begins (sitagliptin, BNF).
func TestRenalDoseBands(t *testing.T) {
	p, err := LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	var sita *RenalRule
	for i := range p.Renal {
		if p.Renal[i].Medicine == "sitagliptin" {
			sita = &p.Renal[i]
		}
	}
	if sita == nil {
		t.Fatal("no renal rule for sitagliptin")
	}
	for _, c := range []struct {
		egfr float64
		step int
		ok   bool
	}{{60, 0, false}, {45, 0, false}, {44, 1, true}, {30, 1, true}, {29, 2, true}, {8, 2, true}} {
		if s, ok := sita.DoseStep(c.egfr); s != c.step || ok != c.ok {
			t.Errorf("eGFR %v: step %d %v, want %d %v", c.egfr, s, ok, c.step, c.ok)
		}
	}
	for step, want := range []float64{45, 30, 0} {
		if f := sita.Floor(step); f != want {
			t.Errorf("step %d floor %v, want %v", step, f, want)
		}
	}
}

func TestImmunisationsLoad(t *testing.T) {
	im, err := LoadImmunisations()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Series) == 0 || im.Influenza.Uptake65Plus == 0 {
		t.Fatalf("immunisations.yaml loaded empty: %+v", im)
	}
}

func TestAllergiesLoad(t *testing.T) {
	a, err := LoadAllergies()
	if err != nil {
		t.Fatal(err)
	}
	var pen *AllergyModel
	for i := range a.Allergies {
		if a.Allergies[i].Key == "penicillin" {
			pen = &a.Allergies[i]
		}
	}
	if pen == nil || !pen.Avoids("amoxicillin") || pen.Avoids("clarithromycin") {
		t.Fatalf("the penicillin entry must rule out amoxicillin and not clarithromycin: %+v", pen)
	}
}

// csvDataRows counts the records of a reference CSV file as a reader sees
// them: every record but comments and the header.
func csvDataRows(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1
}
