package datasets

import "fmt"

// CareQualityKeys are the care-quality measures `cohortgen stats` knows how
// to compute; each catalogue care_quality entry names one. The definitions
// (denominator, numerator, time window) live with the computation in
// stats/care_measures.go, which has a test that the two lists agree.
var CareQualityKeys = []string{
	"t2d_hba1c_58",               // latest HbA1c in 15 months <= 58 mmol/mol, type 2 diabetes
	"htn_bp_under80",             // latest BP in 12 months <= 140/90, hypertension aged 79 or under
	"htn_bp_80plus",              // latest BP in 12 months <= 150/90, hypertension aged 80 or over
	"cvd_statin",                 // statin running at the as-of date, CHD, stroke/TIA or PAD
	"af_anticoagulant",           // anticoagulant running at the as-of date, AF with CHA2DS2-VASc >= 2
	"copd_smoking_recorded",      // smoking status recorded in 12 months, COPD aged 15 or over
	"adult_antidepressant",       // antidepressant issue running in the 12 months to the as-of date, adults 18+
	"cervical_25_49",             // cervical screening test in 3.5 years, women aged 25-49
	"cervical_50_64",             // cervical screening test in 5.5 years, women aged 50-64
	"adults_opioid_year",         // an opioid running in the 12 months, adults 18+ (PHE 2019)
	"adults_gabapentinoid_year",  // gabapentin or pregabalin running in the 12 months, adults 18+
	"adults_statin",              // statin running at the as-of date, adults 18+ (eighteenth review)
	"cvd_risk_40_74",             // cardiovascular risk score in 5 years, 40-74 without CVD, diabetes or CKD
	"breast_53_70",               // breast screening result in 36 months, women 53-70 (nineteenth review)
	"bowel_60_74",                // bowel screening kit result in 30 months, people 60-74
	"aaa_66_69",                  // no missed AAA screening invitation coded, men 66-69
	"frailty_moderate_severe_65", // latest eFI category in 15 months moderate or severe, people 65+ (twentieth review)
}

// checkCareQuality checks the care_quality targets: each names a known
// measure once, with a share and a tolerance in percentage points that make
// sense, a source, and the status of that source.
func checkCareQuality(targets []CareQualityTarget) error {
	known := map[string]bool{}
	for _, k := range CareQualityKeys {
		known[k] = true
	}
	seen := map[string]bool{}
	for _, t := range targets {
		where := fmt.Sprintf("care_quality %q", t.Key)
		switch {
		case !known[t.Key]:
			return fmt.Errorf("%s: unknown key (known: %v)", where, CareQualityKeys)
		case seen[t.Key]:
			return fmt.Errorf("%s: repeated", where)
		case t.Name == "" || t.Source == "":
			return fmt.Errorf("%s: needs a name and a source", where)
		case t.Percent <= 0 || t.Percent > 100:
			return fmt.Errorf("%s: percent %g is not a share in (0, 100]", where, t.Percent)
		case t.Tolerance <= 0 || t.Tolerance > 50:
			return fmt.Errorf("%s: tolerance %g is not a number of percentage points in (0, 50]", where, t.Tolerance)
		case t.Status != "verified" && t.Status != "approx":
			return fmt.Errorf("%s: status %q, want verified or approx", where, t.Status)
		}
		seen[t.Key] = true
	}
	return nil
}
