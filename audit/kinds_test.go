package audit

import (
	"strings"
	"testing"
)

// kindCase is one rule kind on records that break it and records that keep it.
type kindCase struct {
	name string
	body string
	bad  func() []*rb // each patient breaks the rule once
	good func() []*rb // no patient breaks it
}

var kindCases = []kindCase{
	{
		name: "observation_result alone: a culture or DXA scan recorded with no result",
		body: "    kind: observation_result\n    observation: {key: urine_culture, keys: [dxa_scan]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("urine_culture", "", "2021-03-01"),
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -1.2).coded("dxa_scan", "", "2021-06-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").result("urine_culture", "264868006", "2021-03-01"),
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -2.8),
				patient("1950-01-01").coded("ecg_12_lead", "", "2021-03-01"), // another test
			}
		},
	},
	{
		name: "observation_result with: an ECG showing sinus rhythm in AF",
		body: "    kind: observation_result\n    observation: {key: ecg_12_lead}\n    condition: {keys: [atrial_fibrillation]}\n    mode: with\n    recorded: [\"426783006\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("atrial_fibrillation", "49436004", "2021-01-01", "").result("ecg_12_lead", "426783006", "2021-03-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("atrial_fibrillation", "49436004", "2021-01-01", "").result("ecg_12_lead", "164889003", "2021-03-01"),
				patient("1950-01-01").result("ecg_12_lead", "426783006", "2021-03-01"),                                                           // no AF
				patient("1950-01-01").result("ecg_12_lead", "426783006", "2021-03-01").cond("atrial_fibrillation", "49436004", "2021-06-01", ""), // AF later
			}
		},
	},
	{
		name: "observation_result: an ECG reading sinus rhythm at a slow pulse taken at its encounter",
		body: "    kind: observation_result\n    observation: {key: ecg_12_lead}\n    condition: {keys: [atrial_fibrillation]}\n    mode: without\n    recorded: [\"426783006\"]\n    where: {key: heart_rate, below: 60}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2021-03-01 10:00", "2021-03-01 10:15", "").obs("heart_rate", "2021-03-01 10:00", 48).atEnc(0).result("ecg_12_lead", "426783006", "2021-03-01 10:00").atEnc(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2021-03-01 10:00", "2021-03-01 10:15", "").obs("heart_rate", "2021-03-01 10:00", 48).atEnc(0).result("ecg_12_lead", "426177001", "2021-03-01 10:00").atEnc(0),
				patient("1950-01-01").enc("gp", "2021-03-01 10:00", "2021-03-01 10:15", "").obs("heart_rate", "2021-03-01 10:00", 72).atEnc(0).result("ecg_12_lead", "426783006", "2021-03-01 10:00").atEnc(0),
				// the slow pulse at another contact
				patient("1950-01-01").enc("gp", "2021-03-01 10:00", "2021-03-01 10:15", "").enc("gp", "2021-03-08 10:00", "2021-03-08 10:15", "").obs("heart_rate", "2021-03-01 10:00", 48).atEnc(0).result("ecg_12_lead", "426783006", "2021-03-08 10:00").atEnc(1),
			}
		},
	},
	{
		name: "observation_result without, within_days: a T-score of -2.5 or lower with no osteoporosis coded after it",
		body: "    kind: observation_result\n    observation: {key: dxa_scan, at_most: -2.5}\n    condition: {keys: [osteoporosis]}\n    mode: without\n    within_days: 60\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -2.8),
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -2.5).cond("osteoporosis", "64859006", "2021-06-01", ""), // coded too late
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -2.8).cond("osteoporosis", "64859006", "2021-03-20", ""),
				patient("1950-01-01").obs("dxa_scan", "2021-03-01", -1.4),
			}
		},
	},
	{
		name: "observation_eligibility with keys: a frailty category coded under 65",
		body: "    kind: observation_eligibility\n    observation: {key: mild_frailty, keys: [moderate_frailty, severe_frailty_category]}\n    age: {at_least: 65}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1960-01-01").coded("mild_frailty", "mild_frailty", "2020-06-01"),
				patient("1960-01-01").coded("severe_frailty_category", "severe_frailty_category", "2020-06-01"), // a later key
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("moderate_frailty", "moderate_frailty", "2020-06-01"),
				patient("1960-01-01").obs("egfr", "2020-06-01", 60), // another observation
			}
		},
	},
	{
		name: "observation_without_observation: a suspected-cancer referral with no symptom before it",
		body: "    kind: observation_without_observation\n    observations: [fast_track_lung, fast_track_breast]\n    preceded_by: [symptom_haemoptysis, symptom_breast_lump]\n    within_days: 28\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("fast_track_lung", "", "2021-03-01 10:05"),
				// the symptom after the referral, or too long before it
				patient("1950-01-01").coded("fast_track_lung", "", "2021-03-01 10:05").coded("symptom_haemoptysis", "", "2021-03-02"),
				patient("1950-01-01").coded("symptom_breast_lump", "", "2020-11-01").coded("fast_track_breast", "", "2021-03-01 10:05"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("symptom_haemoptysis", "", "2021-03-01 10:04").coded("fast_track_lung", "", "2021-03-01 10:05"),
				patient("1950-01-01").coded("symptom_breast_lump", "", "2021-02-10").coded("fast_track_breast", "", "2021-03-01 10:05"),
				patient("1950-01-01").coded("symptom_haemoptysis", "", "2021-03-01"), // a symptom alone
			}
		},
	},
	{
		name: "observation_without_observation with followed_by: a suspected-cancer referral with no outcome after it",
		body: "    kind: observation_without_observation\n    observations: [fast_track_colorectal]\n    followed_by: [no_abnormality_detected]\n    condition: {keys: [cancer]}\n    within_days: 28\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("fast_track_colorectal", "", "2021-03-01 10:05"),
				// the result too late, or before the referral; a cancer too late
				patient("1950-01-01").coded("fast_track_colorectal", "", "2021-03-01 10:05").coded("no_abnormality_detected", "", "2021-04-15"),
				patient("1950-01-01").coded("no_abnormality_detected", "", "2021-02-01").coded("fast_track_colorectal", "", "2021-03-01 10:05"),
				patient("1950-01-01").coded("fast_track_colorectal", "", "2021-03-01 10:05").cond("cancer", "363406005", "2021-06-01", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").coded("fast_track_colorectal", "", "2021-03-01 10:05").coded("no_abnormality_detected", "", "2021-03-20"),
				patient("1950-01-01").coded("fast_track_colorectal", "", "2021-03-01 10:05").cond("cancer", "363406005", "2021-03-20", ""),
			}
		},
	},
	{
		name: "observation_without_observation with followed_by and observation: a triglyceride above 10 neither repeated nor referred",
		body: "    kind: observation_without_observation\n    observations: [triglycerides]\n    observation: {key: triglycerides, above: 10}\n    followed_by: [triglycerides, lipid_specialist_referral]\n    within_days: 28\n",
		bad: func() []*rb {
			return []*rb{
				patient("1960-01-01").obs("triglycerides", "2021-03-01 10:05", 12.4),
				// the repeat too late
				patient("1960-01-01").obs("triglycerides", "2021-03-01 10:05", 12.4).obs("triglycerides", "2021-05-01 10:05", 8.0),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1960-01-01").obs("triglycerides", "2021-03-01 10:05", 12.4).obs("triglycerides", "2021-03-10 09:00", 8.1),
				patient("1960-01-01").obs("triglycerides", "2021-03-01 10:05", 23.0).coded("lipid_specialist_referral", "", "2021-03-03 11:00"),
				patient("1960-01-01").obs("triglycerides", "2021-03-01 10:05", 6.2), // below 10: not counted
			}
		},
	},
	{
		name: "diagnosed_in: a cancer diagnosed at A&E or an emergency admission",
		body: "    kind: diagnosed_in\n    condition: {keys: [cancer]}\n    settings: [ae, inpatient]\n    admission_methods: [\"21\", \"22\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("ae", "2021-03-01 10:00", "2021-03-01 14:00", "c0").cond("cancer", "363358000", "2021-03-01", "").diagnosedBy(0),
				patient("1950-01-01").enc("inpatient", "2021-03-01 10:00", "2021-03-05 10:00", "c0").method("22").cond("cancer", "363358000", "2021-03-01", "").diagnosedBy(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("outpatient", "2021-03-10 10:00", "2021-03-10 10:30", "c0").cond("cancer", "363358000", "2021-03-10", "").diagnosedBy(0),
				// an elective admission is no emergency
				patient("1950-01-01").enc("inpatient", "2021-03-01 10:00", "2021-03-05 10:00", "c0").method("11").cond("cancer", "363358000", "2021-03-01", "").diagnosedBy(0),
				// another condition diagnosed at A&E
				patient("1950-01-01").enc("ae", "2021-03-01 10:00", "2021-03-01 14:00", "c0").cond("asthma", "195967001", "2021-03-01", "").diagnosedBy(0),
			}
		},
	},
	{
		name: "observation_by_role: a birth weight recorded at a GP's new birth visit",
		body: "    kind: observation_by_role\n    observation: {key: birth_weight}\n    roles: [health_visitor]\n",
		bad: func() []*rb {
			return []*rb{
				patient("2021-03-01").enc("gp", "2021-03-12 10:00", "2021-03-12 10:30", "").by("gp1").coded("birth_weight", "", "2021-03-12 10:05").atEnc(0),
				// at no encounter of the record
				patient("2021-03-01").coded("birth_weight", "", "2021-03-12 10:05"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("2021-03-01").enc("gp", "2021-03-12 10:00", "2021-03-12 10:30", "").by("hv1").coded("birth_weight", "", "2021-03-12 10:05").atEnc(0),
				// another observation at the GP's
				patient("2021-03-01").enc("gp", "2021-04-20 10:00", "2021-04-20 10:30", "").by("gp1").coded("weight", "", "2021-04-20 10:05").atEnc(0),
			}
		},
	},
	{
		name: "observation_in_setting: a DXA scan coded at a GP review",
		body: "    kind: observation_in_setting\n    observation: {key: dxa_scan}\n    settings: [gp]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2021-03-12 10:00", "2021-03-12 10:30", "").coded("dxa_scan", "", "2021-03-12 10:05").atEnc(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("outpatient", "2021-03-12 10:00", "2021-03-12 10:30", "").coded("dxa_scan", "", "2021-03-12 10:05").atEnc(0),
				// another observation at the GP's
				patient("1950-01-01").enc("gp", "2021-04-20 10:00", "2021-04-20 10:30", "").coded("weight", "", "2021-04-20 10:05").atEnc(0),
			}
		},
	},
	{
		name: "diagnosed_in, age_days: a neonate's cough first seen at the GP",
		body: "    kind: diagnosed_in\n    condition: {keys: [cough]}\n    settings: [gp]\n    age_days: {below: 28}\n",
		bad: func() []*rb {
			return []*rb{
				patient("2021-03-01").enc("gp", "2021-03-04 10:00", "2021-03-04 10:10", "c0").cond("cough", "49727002", "2021-03-04", "").diagnosedBy(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				// at 28 days
				patient("2021-03-01").enc("gp", "2021-03-29 10:00", "2021-03-29 10:10", "c0").cond("cough", "49727002", "2021-03-29", "").diagnosedBy(0),
				// a neonate's cough seen in A&E
				patient("2021-03-01").enc("ae", "2021-03-04 10:00", "2021-03-04 14:00", "c0").cond("cough", "49727002", "2021-03-04", "").diagnosedBy(0),
			}
		},
	},
	{
		name: "diagnosed_in, classes: otitis media diagnosed by telephone (h66d)",
		body: "    kind: diagnosed_in\n    condition: {keys: [otitis_media]}\n    settings: [gp]\n    classes: [VR]\n",
		bad: func() []*rb {
			return []*rb{
				patient("2018-03-01").enc("gp", "2021-03-04 10:00", "2021-03-04 10:10", "c0").class("VR").cond("otitis_media", "65363002", "2021-03-04", "").diagnosedBy(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				// seen face to face
				patient("2018-03-01").enc("gp", "2021-03-04 10:00", "2021-03-04 10:10", "c0").class("AMB").cond("otitis_media", "65363002", "2021-03-04", "").diagnosedBy(0),
			}
		},
	},
	{
		name: "observation_eligibility: a mammogram result for a man or outside 50-70",
		body: "    kind: observation_eligibility\n    observation: {key: breast_screening}\n    sex: female\n    age: {at_least: 50, below: 71}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1960-01-01").sex("male").coded("breast_screening", "breast_screening", "2020-06-01"),
				patient("1975-01-01").sex("female").coded("breast_screening", "breast_screening", "2020-06-01"), // 45
				patient("1950-01-01").sex("female").coded("breast_screening", "breast_screening", "2021-06-01"), // 71
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1960-01-01").sex("female").coded("breast_screening", "breast_screening", "2020-06-01"),
				patient("1960-01-01").sex("male").obs("egfr", "2020-06-01", 60), // another observation
			}
		},
	},
	{
		name: "drug_when_observation: metformin at eGFR below 30",
		body: "    kind: drug_when_observation\n    drug: {medicines: [metformin]}\n    observation: {key: egfr, below: 30, within_days: 365}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("egfr", "2024-01-10", 25).rx("metformin", "2024-02-01", "2024-07-31"),
				// The reading is taken at the very consultation that issues it.
				patient("1950-01-01").obs("egfr", "2024-02-01 08:00", 19).rx("metformin", "2024-02-01", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("egfr", "2024-01-10", 45).rx("metformin", "2024-02-01", ""),
				// Low, then recovered: the latest reading decides.
				patient("1950-01-01").obs("egfr", "2023-12-01", 25).obs("egfr", "2024-01-20", 41).rx("metformin", "2024-02-01", ""),
				// Too old to count; and a reading after the issue does not count either.
				patient("1950-01-01").obs("egfr", "2022-01-01", 20).rx("metformin", "2024-02-01", "").obs("egfr", "2024-03-01", 20),
				// Low eGFR but another drug.
				patient("1950-01-01").obs("egfr", "2024-01-10", 25).rx("amlodipine", "2024-02-01", ""),
			}
		},
	},
	{
		name: "drug_when_observation: or_missing",
		body: "    kind: drug_when_observation\n    drug: {classes: [biguanide]}\n    observation: {key: egfr, within_days: 456, or_missing: true}\n",
		bad:  func() []*rb { return []*rb{patient("1950-01-01").rx("metformin", "2024-02-01", "")} },
		good: func() []*rb {
			return []*rb{patient("1950-01-01").obs("egfr", "2023-06-01", 70).rx("metformin", "2024-02-01", "")}
		},
	},
	{
		name: "drug_when_observation: with age, apixaban 5 mg at 80+ and 60 kg or less",
		body: "    kind: drug_when_observation\n    drug: {products: [\"703908001\"]}\n    observation: {key: weight, at_most: 60, within_days: 730}\n    age: {at_least: 80}\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").obs("weight", "2023-06-01", 58).rx("apixaban", "2024-02-01", "")}
		},
		good: func() []*rb {
			return []*rb{
				// 60 kg or less but not yet 80 (one criterion: the full dose).
				patient("1950-01-01").obs("weight", "2023-06-01", 58).rx("apixaban", "2024-02-01", ""),
				// 80 or more, heavier.
				patient("1940-01-01").obs("weight", "2023-06-01", 72).rx("apixaban", "2024-02-01", ""),
				// 80 or more and light, on the lower dose.
				patient("1940-01-01").obs("weight", "2023-06-01", 58).rx("42206411000001101", "2024-02-01", ""),
			}
		},
	},
	{
		name: "drug_when_observation: started only, a stay bridging the repeat",
		body: "    kind: drug_when_observation\n    drug: {classes: [raas_blocker]}\n    observation: {key: potassium, above: 5.0, within_days: 36525}\n    started: true\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("potassium", "2024-01-10", 5.3).rx("ramipril", "2024-02-01", ""),
				// 40 days without one and no stay: started again
				patient("1950-01-01").rx("ramipril", "2023-01-01", "2024-01-01").obs("potassium", "2024-01-10", 5.3).rx("ramipril", "2024-02-10", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("potassium", "2024-01-10", 4.8).rx("ramipril", "2024-02-01", ""),
				// the repeat ran out in a 30-day stay and was issued after discharge: continued
				patient("1950-01-01").rx("ramipril", "2023-01-01", "2024-01-01").enc("inpatient", "2024-01-02 10:00", "2024-02-01 12:00", "").
					obs("potassium", "2024-01-10", 5.3).rx("ramipril", "2024-02-10", ""),
			}
		},
	},
	{
		name: "drug_when_observation: raised only, bisoprolol titrated at a slow pulse",
		body: "    kind: drug_when_observation\n    drug: {products: [\"318604001\", \"318605000\", \"318590006\", \"318591005\"]}\n    observation: {key: heart_rate, below: 60, within_days: 365}\n    raised: true\n",
		bad: func() []*rb {
			return []*rb{
				// 5 mg raised to 10 mg at a pulse of 55
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").obs("heart_rate", "2024-02-01", 55).rx("318591005", "2024-02-01", ""),
				// raised at a contact whose own pulse is 55; a later clinic's 66 does not answer it
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "").
					obs("heart_rate", "2024-02-01 09:05", 55).atEnc(0).rx("318591005", "2024-02-01", "").rxAt(0).
					enc("outpatient", "2024-02-01 10:00", "2024-02-01 10:20", "").obs("heart_rate", "2024-02-01 10:00", 66).atEnc(1),
				// raised after a clinic read 55 that morning
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").enc("outpatient", "2024-02-01 08:00", "2024-02-01 08:20", "").
					obs("heart_rate", "2024-02-01 08:05", 55).atEnc(0).enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "").rx("318591005", "2024-02-01", "").rxAt(1),
			}
		},
		good: func() []*rb {
			return []*rb{
				// raised at 64
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").obs("heart_rate", "2024-02-01", 64).rx("318591005", "2024-02-01", ""),
				// raised at a pulse of 66; a clinic read 54 after the contact had ended
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "").
					obs("heart_rate", "2024-02-01 09:05", 66).atEnc(0).rx("318591005", "2024-02-01", "").rxAt(0).
					enc("outpatient", "2024-02-01 10:00", "2024-02-01 10:20", "").obs("heart_rate", "2024-02-01 10:00", 54).atEnc(1),
				// 10 mg re-issued at 55: not a raise
				patient("1950-01-01").rx("318591005", "2023-01-01", "2024-01-31").obs("heart_rate", "2024-02-01", 55).rx("318591005", "2024-02-01", ""),
				// halved to 2.5 mg at 45: not a raise
				patient("1950-01-01").rx("318590006", "2023-01-01", "2024-01-31").obs("heart_rate", "2024-02-01", 45).rx("318605000", "2024-02-01", ""),
			}
		},
	},
	{
		name: "drug_with_condition: NSAID in heart failure",
		body: "    kind: drug_with_condition\n    mode: with\n    drug: {classes: [nsaid]}\n    condition: {keys: [heart_failure]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("heart_failure", "84114007", "2018-01-01", "").rx("naproxen", "2020-01-01", "2020-01-14"),
				// A course running when heart failure is diagnosed.
				patient("1940-01-01").rx("naproxen", "2020-01-01", "2020-01-14").cond("heart_failure", "84114007", "2020-01-10", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("naproxen", "2017-01-01", "2017-01-14").cond("heart_failure", "84114007", "2018-01-01", ""),
				patient("1940-01-01").cond("heart_failure", "84114007", "2018-01-01", "").rx("paracetamol", "2020-01-01", ""),
			}
		},
	},
	{
		name: "drug_with_condition: for a cold",
		body: "    kind: drug_with_condition\n    mode: for\n    drug: {classes: [antibacterial]}\n    condition: {keys: [uri]}\n",
		bad: func() []*rb {
			return []*rb{patient("2019-01-01").cond("uri", "54150009", "2020-01-01", "2020-01-10").rxFor("amoxicillin", "2020-01-01", "2020-01-05")}
		},
		good: func() []*rb {
			return []*rb{
				// otitis media with a cold at the same time: the antibiotic is for the ear
				patient("2019-01-01").cond("uri", "54150009", "2020-01-01", "2020-01-10").cond("otitis_media", "65363002", "2020-01-02", "2020-01-09").rxFor("amoxicillin", "2020-01-02", "2020-01-06"),
				patient("2019-01-01").cond("uri", "54150009", "2020-01-01", "2020-01-10").rxFor("paracetamol", "2020-01-01", "2020-01-05"),
			}
		},
	},
	{
		name: "drug_with_condition: an antiviral for shingles late",
		body: "    kind: drug_with_condition\n    mode: late\n    within_days: 7\n    drug: {medicines: [aciclovir]}\n    condition: {keys: [herpes_zoster]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("herpes_zoster", "4740000", "2020-01-01", "2020-01-29").rxFor("aciclovir", "2020-01-09", "2020-01-15")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("herpes_zoster", "4740000", "2020-01-01", "2020-01-29").rxFor("aciclovir", "2020-01-03", "2020-01-09"),
				patient("1950-01-01").cond("herpes_zoster", "4740000", "2020-01-01", "2020-01-29").rxFor("aciclovir", "2020-01-08", "2020-01-14"),
			}
		},
	},
	{
		name: "drug_with_condition: NSAID since an acute kidney injury",
		body: "    kind: drug_with_condition\n    mode: since\n    drug: {classes: [nsaid]}\n    condition: {keys: [aki]}\n",
		bad: func() []*rb {
			return []*rb{
				// years after the injury ended
				patient("1940-01-01").cond("aki", "14669001", "2018-01-01", "2018-01-15").rx("naproxen", "2021-01-01", "2021-01-14"),
				// a course running into it
				patient("1940-01-01").rx("naproxen", "2018-01-01", "2018-03-01").cond("aki", "14669001", "2018-02-01", "2018-02-15"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("naproxen", "2017-01-01", "2017-01-14").cond("aki", "14669001", "2018-01-01", "2018-01-15"),
				patient("1940-01-01").cond("aki", "14669001", "2018-01-01", "2018-01-15").rx("paracetamol", "2020-01-01", ""),
			}
		},
	},
	{
		name: "drug_with_condition: a heart failure medicine started on the palliative care register",
		body: "    kind: drug_with_condition\n    mode: since\n    started: true\n    drug: {medicines: [dapagliflozin]}\n    condition: {keys: [palliative_care]}\n",
		bad: func() []*rb {
			return []*rb{
				// begun weeks after the register entry
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("dapagliflozin", "2020-02-01", "2020-03-01"),
				// begun on the day of the entry
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("dapagliflozin", "2020-01-01", "2020-01-28"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// a course running before the entry goes on, its repeats issued after it
				patient("1940-01-01").rx("dapagliflozin", "2019-11-01", "2019-12-31").cond("palliative_care", "103735009", "2020-01-01", "").rx("dapagliflozin", "2020-01-01", "2020-02-28"),
				// begun before the entry, running into it
				patient("1940-01-01").rx("dapagliflozin", "2019-12-01", "2020-02-28").cond("palliative_care", "103735009", "2020-01-01", ""),
			}
		},
	},
	{
		name: "drug_with_condition: CKD stage codes",
		body: "    kind: drug_with_condition\n    mode: with\n    drug: {classes: [nsaid]}\n    condition: {keys: [ckd], codes: [\"431857002\"]}\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").cond("ckd", "431857002", "2018-01-01", "").rx("naproxen", "2020-01-01", "2020-01-14")}
		},
		good: func() []*rb {
			return []*rb{patient("1940-01-01").cond("ckd", "433144002", "2018-01-01", "").rx("naproxen", "2020-01-01", "2020-01-14")}
		},
	},
	{
		name: "drug_with_condition: without an indication",
		body: "    kind: drug_with_condition\n    mode: without\n    drug: {classes: [anticoagulant]}\n    condition: {keys: [atrial_fibrillation]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("apixaban", "2020-01-01", ""),
				// AF resolved before the issue.
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "2019-01-01").rx("apixaban", "2020-01-01", ""),
			}
		},
		good: func() []*rb {
			return []*rb{patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2019-06-01", "").rx("apixaban", "2020-01-01", "")}
		},
	},
	{
		name: "drug_without_drug: an NSAID from 65 with no PPI",
		body: "    kind: drug_without_drug\n    drugs: [{classes: [nsaid]}, {classes: [ppi]}]\n    age: {at_least: 65}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").rx("naproxen", "2024-01-01", "2024-01-14")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").rx("naproxen", "2024-01-01", "2024-01-14").rx("omeprazole", "2024-01-01", "2024-01-14"),
				patient("1960-01-01").rx("naproxen", "2024-01-01", "2024-01-14"), // 64 at the issue
			}
		},
	},
	{
		name: "drug_without_drug started: allopurinol started with no colchicine",
		body: "    kind: drug_without_drug\n    drugs: [{classes: [urate_lowering]}, {medicines: [colchicine]}]\n    started: true\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").rx("allopurinol", "2024-01-01", "2024-01-28")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").rx("allopurinol", "2024-01-01", "2024-01-28").rx("colchicine", "2024-01-01", "2024-06-30"),
				// the issue after the start, the cover over: not a start
				patient("1950-01-01").rx("allopurinol", "2024-01-01", "2024-01-28").rx("colchicine", "2024-01-01", "2024-01-28").rx("allopurinol", "2024-01-29", ""),
			}
		},
	},
	{
		name: "drug_without_drug: folic acid 5 mg with no methotrexate",
		body: "    kind: drug_without_drug\n    drugs: [{medicines: [folic_acid]}, {medicines: [methotrexate]}]\n    unless: {keys: [type1_diabetes]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1960-01-01").rx("folic_acid", "2024-01-01", ""),
				// methotrexate stopped the day before the folic acid issue
				patient("1960-01-01").rx("methotrexate", "2023-01-01", "2023-12-31").rx("folic_acid", "2024-01-01", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1960-01-01").rx("methotrexate", "2023-01-01", "").rx("folic_acid", "2023-01-01", ""),
				// an indication named by unless (a stand-in condition for the test)
				patient("1960-01-01").cond("type1_diabetes", "46635009", "2015-01-01", "").rx("folic_acid", "2024-01-01", ""),
			}
		},
	},
	{
		name: "drug_with_drug: zopiclone started at 80+ beside an opioid",
		body: "    kind: drug_with_drug\n    drugs: [{medicines: [zopiclone]}, {classes: [opioid, gabapentinoid]}]\n    age: {at_least: 80}\n    started: true\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("co_codamol", "2024-01-01", "2024-03-01").rx("zopiclone", "2024-02-01", "2024-02-14"),
				patient("1940-01-01").rx("gabapentin", "2023-01-01", "").rx("zopiclone", "2024-02-01", "2024-02-14"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").rx("co_codamol", "2024-01-01", "2024-03-01").rx("zopiclone", "2024-02-01", "2024-02-14"), // 74
				patient("1940-01-01").rx("co_codamol", "2024-01-01", "2024-01-31").rx("zopiclone", "2024-02-01", "2024-02-14"), // ended the day before
				// a course begun before the opioid goes on: its later issue continues it
				patient("1940-01-01").rx("zopiclone", "2023-12-01", "2024-01-31").rx("co_codamol", "2024-01-15", "2024-03-01").rx("zopiclone", "2024-02-01", "2024-02-28"),
			}
		},
	},
	{
		name: "drug_with_drug: a monitored pair, an antibiotic beside warfarin with no INR in 10 days",
		body: "    kind: drug_with_drug\n    drugs: [{medicines: [clarithromycin]}, {medicines: [warfarin]}]\n    observation: {key: inr, within_days: 10}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("warfarin", "2023-01-01", "").rx("clarithromycin", "2024-02-01", "2024-02-05"),
				// an INR too late, or only before the course
				patient("1940-01-01").rx("warfarin", "2023-01-01", "").rx("clarithromycin", "2024-02-01", "2024-02-05").obs("inr", "2024-02-20", 2.5),
				patient("1940-01-01").rx("warfarin", "2023-01-01", "").obs("inr", "2024-01-30", 2.5).rx("clarithromycin", "2024-02-01", "2024-02-05"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").rx("warfarin", "2023-01-01", "").rx("clarithromycin", "2024-02-01", "2024-02-05").obs("inr", "2024-02-06", 3.1),
				patient("1940-01-01").rx("clarithromycin", "2024-02-01", "2024-02-05"), // no warfarin
				// not yet due at the end of the record
				patient("1940-01-01").rx("warfarin", "2023-01-01", "").rx("clarithromycin", "2025-03-28", "2025-04-01"),
			}
		},
	},
	{
		name: "observation_not_followed: two low white cell counts in a row with no film",
		body: "    kind: observation_not_followed\n    observation: {key: wbc, below: 4.0, within_days: 70}\n    followed_by: [blood_film]\n    within_days: 56\n    drug: {medicines: [methotrexate]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").obs("wbc", "2024-01-01", 2.6).obs("wbc", "2024-01-15", 2.6),
				// a film too late
				patient("1940-01-01").obs("wbc", "2024-01-01", 3.1).obs("wbc", "2024-01-20", 3.5).coded("blood_film", "", "2024-04-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").obs("wbc", "2024-01-01", 2.6).obs("wbc", "2024-01-15", 2.6).coded("blood_film", "", "2024-01-29"),
				patient("1940-01-01").obs("wbc", "2024-01-01", 3.1).obs("wbc", "2024-01-20", 5.2),                                      // back in range
				patient("1940-01-01").obs("wbc", "2023-01-01", 3.1).obs("wbc", "2024-01-20", 3.2),                                      // a year apart
				patient("1940-01-01").rx("methotrexate", "2023-06-01", "").obs("wbc", "2024-01-01", 3.1).obs("wbc", "2024-01-15", 3.2), // methotrexate's own
			}
		},
	},
	{
		name: "reading_not_acted_on: a systolic of 160 at a CHD review in hypertension with nothing after",
		body: "    kind: reading_not_acted_on\n    observation: {key: systolic_bp, at_least: 160}\n    condition: {keys: [hypertension]}\n    conditions: [{keys: [chd]}]\n    settings: [gp]\n    drug: {classes: [antihypertensive]}\n    followed_by: [systolic_bp, abpm_day_systolic]\n    unless: {keys: [palliative_care]}\n    unless_recorded: [\"401047000\"]\n    within_days: 30\n    age: {at_least: 18}\n",
		bad: func() []*rb {
			hc := func() *rb {
				return patient("1950-01-01").cond("hypertension", "38341003", "2020-01-01", "").cond("chd", "53741008", "2018-01-01", "").
					enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "c1").obs("systolic_bp", "2024-02-01 09:05", 168).atEnc(0)
			}
			return []*rb{
				hc(),
				// the same product issued again: a repeat, not a step
				hc().rx("amlodipine", "2023-06-01", "2024-01-31").rx("amlodipine", "2024-02-01", ""),
				// a decline coded too long before, a reading too late
				hc().reason("401047000", "2022-06-01").obs("systolic_bp", "2024-03-15", 150),
			}
		},
		good: func() []*rb {
			hc := func(reason string) *rb {
				return patient("1950-01-01").cond("hypertension", "38341003", "2020-01-01", "").cond("chd", "53741008", "2018-01-01", "").
					enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", reason).obs("systolic_bp", "2024-02-01 09:05", 168).atEnc(0)
			}
			return []*rb{
				hc("c1").rx("ramipril", "2024-02-10", ""),                                                       // a new drug
				hc("c1").rx("amlodipine", "2023-06-01", "2024-01-31").rx("39731911000001109", "2024-02-01", ""), // a new dose
				hc("c1").obs("systolic_bp", "2024-02-20", 150),                                                  // read again
				hc("c1").reason("401047000", "2024-02-01"),                                                      // declined
				hc("c0"), // the hypertension review's own
				hc("c1").cond("palliative_care", "103735009", "2024-01-01", ""), // on the register
				patient("2010-01-01").cond("hypertension", "38341003", "2020-01-01", "").cond("chd", "53741008", "2018-01-01", ""). // a child (age)
																			enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "c1").obs("systolic_bp", "2024-02-01 09:05", 168).atEnc(0),
				patient("1950-01-01").cond("hypertension", "38341003", "2024-06-01", "").cond("chd", "53741008", "2018-01-01", ""). // not diagnosed yet
																			enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "c1").obs("systolic_bp", "2024-02-01 09:05", 168).atEnc(0),
			}
		},
	},
	{
		name: "reading_not_acted_on: on, an HbA1c of 75 or more at a diabetes review on basal insulin with nothing after",
		body: "    kind: reading_not_acted_on\n    observation: {key: hba1c, at_least: 75}\n    condition: {keys: [type1_diabetes]}\n    conditions: [{keys: [type1_diabetes]}]\n    settings: [gp]\n    drug: {classes: [glucose_lowering]}\n    followed_by: [diabetologist_referral]\n    unless_recorded: [\"182895007\"]\n    within_days: 180\n    on: {medicines: [insulin_glargine]}\n",
		bad: func() []*rb {
			return []*rb{
				// the same basal dose issued again: a repeat, not a change
				patient("1980-01-01").cond("type1_diabetes", "46635009", "2000-01-01", "").rx("insulin_glargine", "2023-06-01", "2024-01-31").rx("insulin_glargine", "2024-02-01", "").
					enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "c0").obs("hba1c", "2024-02-01 09:05", 90).atEnc(0),
			}
		},
		good: func() []*rb {
			t1 := func() *rb {
				return patient("1980-01-01").cond("type1_diabetes", "46635009", "2000-01-01", "")
			}
			read := func(b *rb) *rb {
				return b.enc("gp", "2024-02-01 09:00", "2024-02-01 09:15", "c0").obs("hba1c", "2024-02-01 09:05", 90).atEnc(0)
			}
			return []*rb{
				read(t1()), // not on basal insulin (on)
				read(t1().rx("insulin_glargine", "2023-06-01", "")).rx("insulin_aspart", "2024-02-01", ""),             // mealtime insulin added
				read(t1().rx("insulin_glargine", "2023-06-01", "")).reason("182895007", "2024-02-01"),                  // declined
				read(t1().rx("insulin_glargine", "2023-06-01", "")).result("diabetologist_referral", "", "2024-03-01"), // referred
			}
		},
	},
	{
		name: "observation_not_investigated: a GP pulse under 50 on no rate-slowing medicine with no ECG",
		body: "    kind: observation_not_investigated\n    observation: {key: heart_rate, below: 50, within_days: 365}\n    followed_by: [ecg_12_lead]\n    within_days: 30\n    settings: [gp]\n    drug: {classes: [beta_blocker]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0),
				// an ECG too late, and one more than a year before
				patient("1950-01-01").result("ecg_12_lead", "", "2022-06-01").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0).result("ecg_12_lead", "", "2024-03-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0).result("ecg_12_lead", "", "2024-01-10 10:05"),
				patient("1950-01-01").result("ecg_12_lead", "", "2023-06-01").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0), // investigated last year
				patient("1950-01-01").rx("bisoprolol", "2023-06-01", "").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0),      // the beta-blocker's
				patient("1950-01-01").enc("ae", "2024-01-10 10:00", "2024-01-10 14:15", "").obs("heart_rate", "2024-01-10 10:05", 44).atEnc(0),                                         // not a GP reading
				patient("1950-01-01").enc("gp", "2024-01-10 10:00", "2024-01-10 10:15", "").obs("heart_rate", "2024-01-10 10:05", 62).atEnc(0),
			}
		},
	},
	{
		name: "reading_not_admitted: a GP potassium of 6.5 or more with no A&E or admission (admitted_to)",
		body: "    kind: reading_not_admitted\n    observation: {key: potassium, at_least: 6.5}\n    settings: [gp]\n    admitted_to: [ae, inpatient]\n    within_days: 1\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2024-06-10 10:00", "2024-06-10 10:15", "").obs("potassium", "2024-06-10 10:05", 6.7).atEnc(0),
				// sent in too late
				patient("1950-01-01").enc("gp", "2024-06-10 10:00", "2024-06-10 10:15", "").obs("potassium", "2024-06-10 10:05", 6.7).atEnc(0).enc("ae", "2024-06-13 14:00", "2024-06-13 18:00", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2024-06-10 10:00", "2024-06-10 10:15", "").obs("potassium", "2024-06-10 10:05", 6.7).atEnc(0).enc("ae", "2024-06-10 14:00", "2024-06-10 18:00", ""),
				patient("1950-01-01").enc("gp", "2024-06-10 10:00", "2024-06-10 10:15", "").obs("potassium", "2024-06-10 10:05", 6.7).atEnc(0).enc("inpatient", "2024-06-11 09:00", "2024-06-12 09:00", ""),
				patient("1950-01-01").enc("gp", "2024-06-10 10:00", "2024-06-10 10:15", "").obs("potassium", "2024-06-10 10:05", 6.2).atEnc(0),
				patient("1950-01-01").enc("ae", "2024-06-10 10:00", "2024-06-10 14:15", "").obs("potassium", "2024-06-10 10:05", 6.8).atEnc(0), // not a GP reading
			}
		},
	},
	{
		name: "reading_not_admitted: an antenatal systolic of 160 or more with no admission",
		body: "    kind: reading_not_admitted\n    observation: {key: systolic_bp, at_least: 160}\n    condition: {keys: [pregnancy]}\n    settings: [outpatient]\n    within_days: 1\n",
		bad: func() []*rb {
			preg := func() *rb { return patient("1990-01-01").cond("pregnancy", "77386006", "2024-01-01", "2024-09-01") }
			return []*rb{
				preg().enc("outpatient", "2024-06-10 10:00", "2024-06-10 10:30", "c0").obs("systolic_bp", "2024-06-10 10:05", 150).atEnc(0).obs("systolic_bp", "2024-06-10 10:15", 164).atEnc(0),
				// admitted too late
				preg().enc("outpatient", "2024-06-10 10:00", "2024-06-10 10:30", "c0").obs("systolic_bp", "2024-06-10 10:05", 166).atEnc(0).enc("inpatient", "2024-06-13 09:00", "2024-06-14 09:00", "c0"),
			}
		},
		good: func() []*rb {
			preg := func() *rb { return patient("1990-01-01").cond("pregnancy", "77386006", "2024-01-01", "2024-09-01") }
			return []*rb{
				preg().enc("outpatient", "2024-06-10 10:00", "2024-06-10 10:30", "c0").obs("systolic_bp", "2024-06-10 10:05", 166).atEnc(0).enc("inpatient", "2024-06-10 10:30", "2024-06-12 09:00", "c0"),
				preg().enc("outpatient", "2024-06-10 10:00", "2024-06-10 10:30", "c0").obs("systolic_bp", "2024-06-10 10:05", 166).atEnc(0).obs("systolic_bp", "2024-06-10 10:15", 150).atEnc(0), // settled on the repeat
				patient("1990-01-01").enc("outpatient", "2024-06-10 10:00", "2024-06-10 10:30", "").obs("systolic_bp", "2024-06-10 10:05", 170).atEnc(0),                                         // not about a pregnancy
			}
		},
	},
	{
		name: "drug_age: started only",
		body: "    kind: drug_age\n    drug: {medicines: [amitriptyline]}\n    age: {at_least: 75}\n    started: true\n",
		bad: func() []*rb {
			return []*rb{patient("1945-01-01").rx("amitriptyline", "2024-02-01", "2024-02-28")}
		},
		good: func() []*rb {
			return []*rb{
				// begun at 74, its repeat issued at 75 continues it
				patient("1949-06-01").rx("amitriptyline", "2024-01-01", "2024-06-30").rx("amitriptyline", "2024-07-01", "2024-12-31"),
				patient("1950-06-01").rx("amitriptyline", "2024-02-01", "2024-02-28"), // 73
				// in force as the record opens (the window's first day, no
				// encounter): begun before the record, at an age it does not show
				patient("1930-06-01").rx("amitriptyline", "2015-03-31", "2015-12-31"),
			}
		},
	},
	{
		name: "drug_duration: a withdrawal course beyond 14 days",
		body: "    kind: drug_duration\n    drug: {medicines: [chlordiazepoxide]}\n    within_days: 14\n",
		bad: func() []*rb {
			return []*rb{
				patient("1970-01-01").rx("chlordiazepoxide", "2024-03-01", "2024-03-15"), // 15 days
				patient("1970-01-01").rx("chlordiazepoxide", "2024-03-01", ""),           // no end
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1970-01-01").rx("chlordiazepoxide", "2024-03-01", "2024-03-14"), // 14 days
				patient("1970-01-01").rx("thiamine", "2024-03-01", "2025-02-28"),         // another medicine
			}
		},
	},
	{
		name: "drug_age: solid forms under 5",
		body: "    kind: drug_age\n    drug: {forms: [solid]}\n    age: {below: 5}\n",
		bad: func() []*rb {
			return []*rb{patient("2019-06-01").rx("amoxicillin", "2024-05-31", "2024-06-04")} // the day before the 5th birthday
		},
		good: func() []*rb {
			return []*rb{
				patient("2019-06-01").rx("amoxicillin", "2024-06-01", "2024-06-05"), // on the birthday
				patient("2022-06-01").rx("salbutamol", "2024-06-01", ""),            // an inhaler
			}
		},
	},
	{
		name: "drug_age: unless an indication",
		body: "    kind: drug_age\n    drug: {classes: [statin]}\n    age: {below: 18}\n    unless: {keys: [type1_diabetes]}\n",
		bad:  func() []*rb { return []*rb{patient("2010-01-01").rx("atorvastatin", "2024-01-01", "")} },
		good: func() []*rb {
			return []*rb{patient("2010-01-01").cond("type1_diabetes", "46635009", "2015-01-01", "").rx("atorvastatin", "2024-01-01", "")}
		},
	},
	{
		name: "concurrent_drugs: dual RAAS blockade",
		body: "    kind: concurrent_drugs\n    drugs: [{classes: [raas_blocker], count: 2}]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").rx("ramipril", "2020-01-01", "").rx("losartan", "2021-01-01", "2021-03-01"),
				// Overlapping by one day.
				patient("1950-01-01").rx("ramipril", "2020-01-01", "2020-06-30").rx("candesartan", "2020-06-30", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				// A switch: ramipril's last day is the day before losartan's first.
				patient("1950-01-01").rx("ramipril", "2020-01-01", "2020-06-30").rx("losartan", "2020-07-01", ""),
				// Repeats of the same drug overlap harmlessly.
				patient("1950-01-01").rx("ramipril", "2020-01-01", "2020-06-30").rx("ramipril", "2020-06-01", ""),
			}
		},
	},
	{
		name: "concurrent_drugs: three groups",
		body: "    kind: concurrent_drugs\n    drugs: [{classes: [nsaid]}, {classes: [raas_blocker]}, {classes: [thiazide, loop_diuretic]}]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").rx("ramipril", "2020-01-01", "").rx("furosemide", "2020-01-01", "").rx("naproxen", "2022-01-01", "2022-01-14")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").rx("ramipril", "2020-01-01", "").rx("naproxen", "2022-01-01", "2022-01-14"),
				patient("1950-01-01").rx("ramipril", "2020-01-01", "").rx("furosemide", "2020-01-01", "2021-12-31").rx("naproxen", "2022-01-01", "2022-01-14"),
			}
		},
	},
	{
		name: "concurrent_conditions: type 1 and type 2 diabetes",
		body: "    kind: concurrent_conditions\n    conditions: [{keys: [type1_diabetes]}, {keys: [type2_diabetes]}]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("type1_diabetes", "46635009", "2000-01-01", "").cond("type2_diabetes", "44054006", "2020-01-01", "")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("type2_diabetes", "44054006", "2000-01-01", "2010-01-01").cond("type1_diabetes", "46635009", "2010-01-01", "")}
		},
	},
	{
		name: "concurrent_conditions: two stages of one condition",
		body: "    kind: concurrent_conditions\n    conditions: [{keys: [ckd], count: 2}]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("ckd", "433144002", "2015-01-01", "").cond("ckd", "431857002", "2020-01-01", "")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("ckd", "433144002", "2015-01-01", "2020-01-01").cond("ckd", "431857002", "2020-01-01", "")}
		},
	},
	{
		name: "observation_pair: diastolic at or above systolic",
		body: "    kind: observation_pair\n    pair: {first: systolic_bp, second: diastolic_bp, difference: {at_most: 0}}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").obs("systolic_bp", "2020-01-01 10:00", 92).obs("diastolic_bp", "2020-01-01 10:00", 96)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("systolic_bp", "2020-01-01 10:00", 120).obs("diastolic_bp", "2020-01-01 10:00", 80),
				// Different instants are not a pair.
				patient("1950-01-01").obs("systolic_bp", "2020-01-01 10:00", 92).obs("diastolic_bp", "2020-01-01 10:05", 96),
			}
		},
	},
	{
		name: "observation_pair: a lipid profile that does not add up (less, beyond)",
		body: "    kind: observation_pair\n    pair: {first: total_cholesterol, second: ldl_cholesterol, less: [{observation: hdl_cholesterol, share: 1}, {observation: triglycerides, share: 0.4545}], beyond: 0.1}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").obs("total_cholesterol", "2020-01-01 10:00", 2.4).obs("ldl_cholesterol", "2020-01-01 10:00", 0.2).
				obs("hdl_cholesterol", "2020-01-01 10:00", 1.8).obs("triglycerides", "2020-01-01 10:00", 1.3)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("total_cholesterol", "2020-01-01 10:00", 5.0).obs("ldl_cholesterol", "2020-01-01 10:00", 2.9).
					obs("hdl_cholesterol", "2020-01-01 10:00", 1.4).obs("triglycerides", "2020-01-01 10:00", 1.5),
				// an HDL from another sample: not a profile
				patient("1950-01-01").obs("total_cholesterol", "2020-01-01 10:00", 2.4).obs("ldl_cholesterol", "2020-01-01 10:00", 0.2).
					obs("hdl_cholesterol", "2020-01-02 10:00", 1.8).obs("triglycerides", "2020-01-01 10:00", 1.3),
			}
		},
	},
	{
		name: "observation_pair: an LDL calculated at triglycerides above 4.5 (first_value)",
		body: "    kind: observation_pair\n    pair: {first: triglycerides, second: ldl_cholesterol, first_value: {above: 4.5}}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").obs("triglycerides", "2020-01-01 10:00", 5.2).obs("ldl_cholesterol", "2020-01-01 10:00", 2.1)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("triglycerides", "2020-01-01 10:00", 4.5).obs("ldl_cholesterol", "2020-01-01 10:00", 2.1),
				patient("1950-01-01").obs("triglycerides", "2020-01-01 10:00", 5.2),
			}
		},
	},
	{
		name: "observation_pair: an LDL under 1.0 off atorvastatin (first_value, drug)",
		body: "    kind: observation_pair\n    pair: {first: ldl_cholesterol, second: hdl_cholesterol, first_value: {below: 1.0}}\n    drug: {medicines: [atorvastatin]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").obs("ldl_cholesterol", "2020-01-01 10:00", 0.8).obs("hdl_cholesterol", "2020-01-01 10:00", 2.0).rx("atorvastatin", "2019-01-01", "2019-06-30")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("ldl_cholesterol", "2020-01-01 10:00", 0.8).obs("hdl_cholesterol", "2020-01-01 10:00", 2.0).rx("atorvastatin", "2019-12-01", "2020-02-28"),
				patient("1950-01-01").obs("ldl_cholesterol", "2020-01-01 10:00", 2.8).obs("hdl_cholesterol", "2020-01-01 10:00", 1.2),
			}
		},
	},
	{
		name: "observation_repeat: HbA1c weeks after the one before",
		body: "    kind: observation_repeat\n    observation: {key: hba1c, within_days: 60}\n    condition: {keys: [type2_diabetes]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").obs("hba1c", "2020-01-01 10:00", 60).obs("hba1c", "2020-02-10 10:00", 58)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").obs("hba1c", "2020-01-01 10:00", 60).obs("hba1c", "2020-03-01 10:00", 58),
				// the pair that diagnoses diabetes: a first reading and its confirmation
				patient("1950-01-01").obs("hba1c", "2019-12-01 10:00", 44).obs("hba1c", "2020-01-01 10:00", 50).
					obs("hba1c", "2020-01-20 10:00", 52).cond("type2_diabetes", "44054006", "2020-01-20", ""),
			}
		},
	},
	{
		name: "immunisation_interval: a 6-in-1 dose the day after the one before",
		body: "    kind: immunisation_interval\n    programmes: [childhood]\n    within_days: 28\n",
		bad: func() []*rb {
			// listed course by course, not in time order: the MMR given first is the dose before
			return []*rb{
				patient("2022-07-01").vaccine("childhood", "dtap_ipv_hib_hepb", 2, "2022-10-18 09:00").vaccine("childhood", "dtap_ipv_hib_hepb", 3, "2022-10-19 09:00"),
				patient("2020-01-01").vaccine("childhood", "mmr", 2, "2023-05-10 09:00").vaccine("childhood", "mmr", 1, "2023-04-20 09:00"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("2022-07-01").vaccine("childhood", "dtap_ipv_hib_hepb", 2, "2022-10-18 09:00").vaccine("childhood", "dtap_ipv_hib_hepb", 3, "2022-11-15 09:00").
					vaccine("childhood", "menb", 1, "2022-10-18 09:00"),
				// another programme's doses are not read
				patient("1950-01-01").vaccine("influenza", "flu_inactivated", 1, "2022-10-18 09:00").vaccine("influenza", "flu_inactivated", 1, "2022-10-25 09:00"),
			}
		},
	},
	{
		name: "immunisation_point: a child of 5 with nothing at the one-year point",
		body: "    kind: immunisation_point\n    programmes: [childhood]\n    point_days: [56, 366]\n    within_days: 150\n    by_age_days: 1826\n    from_date: 2006-09-04\n    observation: {key: imm_did_not_attend, keys: [imm_consent_not_given]}\n",
		bad: func() []*rb {
			return []*rb{patient("2017-01-01").vaccine("childhood", "dtap_ipv_hib", 1, "2017-02-28 09:00")}
		},
		good: func() []*rb {
			return []*rb{
				patient("2017-01-01").vaccine("childhood", "dtap_ipv_hib", 1, "2017-02-28 09:00").obs("imm_did_not_attend", "2018-01-20 10:00", 0),
				patient("2017-01-01").vaccine("childhood", "dtap_ipv_hib", 1, "2017-02-28 09:00").vaccine("childhood", "mmr", 1, "2018-01-05 09:00"),
				// not yet 5, or registered after the point
				patient("2021-06-01"),
				patient("2017-01-01").registered("2018-06-01"),
			}
		},
	},
	{
		name: "condition_vs_observation: coded stage 3 while eGFR stays below 30",
		body: "    kind: condition_vs_observation\n    mode: with\n    condition: {keys: [ckd], codes: [\"433144002\"]}\n    observation: {key: egfr, below: 30, for_days: 90}\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").cond("ckd", "433144002", "2018-01-01", "").
				obs("egfr", "2020-01-01", 45).obs("egfr", "2021-01-01", 25).obs("egfr", "2021-06-01", 22)}
		},
		good: func() []*rb {
			return []*rb{
				// Below 30 only briefly.
				patient("1940-01-01").cond("ckd", "433144002", "2018-01-01", "").obs("egfr", "2021-01-01", 25).obs("egfr", "2021-02-01", 22),
				// Interrupted by a reading of 30 or more.
				patient("1940-01-01").cond("ckd", "433144002", "2018-01-01", "").obs("egfr", "2021-01-01", 25).obs("egfr", "2021-03-01", 35).obs("egfr", "2021-06-01", 22),
				// Restaged to 4 before the run.
				patient("1940-01-01").cond("ckd", "433144002", "2018-01-01", "2021-01-01").cond("ckd", "431857002", "2021-01-01", "").
					obs("egfr", "2021-01-01", 25).obs("egfr", "2021-06-01", 22),
			}
		},
	},
	{
		name: "condition_vs_observation: persistent eGFR below 60 never coded",
		body: "    kind: condition_vs_observation\n    mode: without\n    condition: {keys: [ckd]}\n    observation: {key: egfr, below: 60, for_days: 90}\n    grace_days: 180\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").obs("egfr", "2020-01-01", 55).obs("egfr", "2020-06-01", 50)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").obs("egfr", "2020-01-01", 55).obs("egfr", "2020-06-01", 50).cond("ckd", "433144002", "2020-09-01", ""),
				// Not yet due: the grace period runs past the as-of date.
				patient("1940-01-01").obs("egfr", "2024-09-01", 55).obs("egfr", "2025-01-01", 50),
			}
		},
	},
	{
		name: "encounter_reason: admission without a reason",
		body: "    kind: encounter_reason\n    settings: [inpatient]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("inpatient", "2020-01-01 10:00", "2020-01-03 10:00", ""),
				patient("1950-01-01").enc("inpatient", "2020-01-01 10:00", "2020-01-03 10:00", "c9"), // names no condition
			}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("chest_pain", "29857009", "2020-01-01", "2020-01-02").
				enc("inpatient", "2020-01-01 10:00", "2020-01-03 10:00", "c0").enc("gp", "2020-02-01 10:00", "2020-02-01 10:10", "")}
		},
	},
	{
		name: "encounter_reason: a fast-track referral consultation without a reason",
		body: "    kind: encounter_reason\n    settings: [gp]\n    observations: [fast_track_urological]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2020-01-01 10:00", "2020-01-01 10:10", "").obs("fast_track_urological", "2020-01-01 10:05", 0).atEnc(0),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("haematuria", "34436003", "2020-01-01", "").
					enc("gp", "2020-01-01 10:00", "2020-01-01 10:10", "c0").obs("fast_track_urological", "2020-01-01 10:05", 0).atEnc(0),
				// a contact with no reason that makes no referral is not counted
				patient("1950-01-01").enc("gp", "2020-01-01 10:00", "2020-01-01 10:10", "").obs("fast_track_urological", "2020-02-01 10:05", 0),
			}
		},
	},
	{
		name: "encounter_without_contact: a GP-arranged admission with no practice contact that day",
		body: "    kind: encounter_without_contact\n    settings: [inpatient]\n    admission_methods: [\"22\"]\n    contact_settings: [gp]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("22"),
				// the contact the day before, or after the admission began
				patient("1950-01-01").enc("gp", "2019-12-31 11:00", "2019-12-31 11:20", "").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("22"),
				patient("1950-01-01").enc("inpatient", "2020-01-01 15:00", "2020-01-01 18:00", "").method("22").enc("gp", "2020-01-01 18:30", "2020-01-01 18:40", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("gp", "2020-01-01 12:00", "2020-01-01 12:20", "").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("22"),
				// through A&E, or planned: not the rule's
				patient("1950-01-01").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("21"),
				patient("1950-01-01").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("11"),
			}
		},
	},
	{
		name: "encounter_without_contact: within_hours, an admission through A&E with no attendance",
		body: "    kind: encounter_without_contact\n    settings: [inpatient]\n    admission_methods: [\"21\"]\n    contact_settings: [ae]\n    within_hours: 24\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").enc("inpatient", "2020-01-01 00:00", "2020-01-01 18:00", "").method("21"),
				// an attendance two days before does not bring it in
				patient("1950-01-01").enc("ae", "2019-12-30 10:00", "2019-12-30 13:00", "").enc("inpatient", "2020-01-01 09:00", "2020-01-05 10:00", "").method("21"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// A&E the evening before, admitted after midnight
				patient("1950-01-01").enc("ae", "2019-12-31 22:00", "2020-01-01 02:00", "").enc("inpatient", "2020-01-01 02:00", "2020-01-05 10:00", "").method("21"),
				patient("1950-01-01").enc("inpatient", "2020-01-01 15:00", "2020-01-05 10:00", "").method("22"),
			}
		},
	},
	{
		name: "encounter_during_admission",
		body: "    kind: encounter_during_admission\n    settings: [gp, outpatient, ae]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").enc("inpatient", "2020-01-01 10:00", "2020-01-05 10:00", "").enc("gp", "2020-01-03 09:00", "2020-01-03 09:10", "")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").
				enc("ae", "2020-01-01 08:00", "2020-01-01 10:00", "").        // A&E before the admission
				enc("inpatient", "2020-01-01 10:00", "2020-01-05 10:00", ""). // admitted from A&E
				enc("gp", "2020-01-05 10:00", "2020-01-05 10:10", "")}        // seen on discharge
		},
	},
	{
		name: "encounter_outside_hours",
		body: "    kind: encounter_outside_hours\n    settings: [gp]\n    classes: [HH]\n    hours: {at_least: 8, below: 19}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").enc("gp", "2020-01-03 02:10", "2020-01-03 02:30", "").class("HH"),
				patient("1950-01-01").enc("gp", "2020-07-03 18:10", "2020-07-03 18:30", "").class("HH")} // 19:10 BST
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").
				enc("gp", "2020-01-03 10:00", "2020-01-03 10:20", "").class("HH"). // a morning visit
				enc("gp", "2020-07-03 07:10", "2020-07-03 07:30", "").class("HH"). // 08:10 BST
				enc("gp", "2020-01-03 20:00", "2020-01-03 20:10", "").class("VR"). // not a home visit
				enc("ae", "2020-01-04 02:00", "2020-01-04 04:00", "").class("HH")} // not the practice
		},
	},
	{
		name: "encounter_outside_hours working_days",
		body: "    kind: encounter_outside_hours\n    settings: [gp]\n    classes: [HH]\n    working_days: true\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").enc("gp", "2020-01-04 10:00", "2020-01-04 10:20", "").class("HH"), // a Saturday
				patient("1950-01-01").enc("gp", "2020-12-25 11:00", "2020-12-25 11:20", "").class("HH")} // Christmas Day, a Friday
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").
				enc("gp", "2020-01-03 10:00", "2020-01-03 10:20", "").class("HH"). // a Friday
				enc("gp", "2020-01-04 10:00", "2020-01-04 10:10", "").class("VR")} // not a home visit
		},
	},
	{
		name: "registration_order",
		body: "    kind: registration_order\n    settings: [gp]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").registered("2020-05-29").enc("gp", "2015-05-11 09:00", "2015-05-11 09:10", "")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").registered("2015-05-11").enc("gp", "2015-05-11 09:00", "2015-05-11 09:10", "").
				enc("ae", "2010-01-01 09:00", "2010-01-01 12:00", "")} // A&E is not at the practice
		},
	},
	{
		name: "encounter_before_window",
		body: "    kind: encounter_before_window\n    settings: [gp]\n",
		bad: func() []*rb {
			// the review that authorised a repeat, before the record opens (2015-03-31)
			return []*rb{patient("1950-01-01").enc("gp", "2014-11-03 09:00", "2014-11-03 09:10", "").enc("gp", "2016-01-04 09:00", "2016-01-04 09:10", "")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").enc("gp", "2015-03-31 09:00", "2015-03-31 09:10", "").
				enc("outpatient", "2014-11-03 09:00", "2014-11-03 10:00", "")} // not a GP contact
		},
	},
	{
		name: "prescription_encounter_window",
		body: "    kind: prescription_encounter_window\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").enc("gp", "2014-11-03 09:00", "2014-11-03 09:10", "").rx("ramipril", "2014-11-03", "").rxAt(0),
				patient("1950-01-01").rx("ramipril", "2016-01-04", "").rxAt(3)} // an encounter the record does not hold
		},
		good: func() []*rb {
			// a repeat in force as the record opens, with no encounter, and one issued at a review inside it
			return []*rb{patient("1950-01-01").rx("ramipril", "2014-11-03", "2016-01-03").
				enc("gp", "2016-01-04 09:00", "2016-01-04 09:10", "").rx("ramipril", "2016-01-04", "").rxAt(0)}
		},
	},
	{
		name: "encounter_without_observation with none named: an adult's asthma contact that recorded nothing",
		body: "    kind: encounter_without_observation\n    condition: {keys: [asthma]}\n    settings: [gp]\n    age: {at_least: 18}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("asthma", "195967001", "2010-01-01", "").enc("gp", "2020-01-01 09:00", "2020-01-01 09:10", "c0")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("asthma", "195967001", "2010-01-01", "").
				enc("gp", "2020-01-01 09:00", "2020-01-01 09:10", "c0").obs("asthma_control_test", "2020-01-01 09:03", 19).atEnc(0).
				enc("gp", "2020-02-01 09:00", "2020-02-01 09:10", ""), // no reason
				patient("2010-01-01").cond("asthma", "195967001", "2015-01-01", "").enc("gp", "2020-01-01 09:00", "2020-01-01 09:10", "c0")} // a child
		},
	},
	{
		name: "death_cause",
		body: "    kind: death_cause\n",
		bad: func() []*rb {
			return []*rb{patient("1930-01-01").died("2020-01-01", ""), patient("1930-01-01").died("", "I21")}
		},
		good: func() []*rb { return []*rb{patient("1930-01-01").died("2020-01-01", "I21"), patient("1930-01-01")} },
	},
	{
		name: "encounter_for_condition: a clinic for hypertension",
		body: "    kind: encounter_for_condition\n    condition: {keys: [hypertension]}\n    settings: [outpatient]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("hypertension", "38341003", "2019-01-01", "").
				enc("outpatient", "2020-01-02 10:00", "2020-01-02 10:20", "c0")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("hypertension", "38341003", "2019-01-01", "").cond("heart_failure", "84114007", "2019-01-01", "").
				enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0").enc("outpatient", "2020-02-01 10:00", "2020-02-01 10:20", "c1")}
		},
	},
	{
		name: "encounter_for_condition with age: a planned admission for atrial fibrillation past 85",
		body: "    kind: encounter_for_condition\n    condition: {keys: [atrial_fibrillation]}\n    settings: [inpatient]\n    admission_methods: [\"11\"]\n    age: {above: 85}\n",
		bad: func() []*rb {
			return []*rb{patient("1925-01-01").cond("atrial_fibrillation", "49436004", "2010-01-01", "").
				enc("inpatient", "2020-01-02 10:00", "2020-01-02 14:00", "c0").method("11")}
		},
		good: func() []*rb {
			return []*rb{patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2010-01-01", "").
				enc("inpatient", "2020-01-02 10:00", "2020-01-02 14:00", "c0").method("11")}
		},
	},
	{
		name: "encounter_without_drug: a GP contact about a gout flare with no treatment",
		body: "    kind: encounter_without_drug\n    condition: {keys: [gout_flare]}\n    settings: [gp]\n    drug: {medicines: [naproxen, colchicine, prednisolone]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("gout_flare", "924311000000106", "2020-01-02", "2020-01-12").
				enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0").rx("naproxen", "2019-12-01", "2019-12-07")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("gout_flare", "924311000000106", "2020-01-02", "2020-01-12").
					enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0").rx("colchicine", "2020-01-02", "2020-01-08"),
				patient("1950-01-01").cond("gout_flare", "924311000000106", "2020-01-02", "2020-01-12").
					enc("gp", "2020-01-05 10:00", "2020-01-05 10:10", "c0").rx("naproxen", "2020-01-01", "2020-01-07"), // a course runs
				patient("1950-01-01").cond("gout_flare", "924311000000106", "2020-01-02", "2020-01-12").
					enc("ae", "2020-01-02 10:00", "2020-01-02 12:00", "c0"), // not a setting checked
			}
		},
	},
	{
		name: "encounter_without_drug with age: a young child's asthma attack with no oral steroid",
		body: "    kind: encounter_without_drug\n    condition: {keys: [asthma_attack]}\n    settings: [gp]\n    age: {at_least: 2, below: 6}\n    drug: {medicines: [prednisolone]}\n",
		bad: func() []*rb {
			return []*rb{patient("2016-06-01").cond("asthma_attack", "281239006", "2020-01-02", "2020-01-09").
				enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0")}
		},
		good: func() []*rb {
			return []*rb{
				patient("2016-06-01").cond("asthma_attack", "281239006", "2020-01-02", "2020-01-09").
					enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0").rx("prednisolone", "2020-01-02", "2020-01-04"),
				patient("2010-06-01").cond("asthma_attack", "281239006", "2020-01-02", "2020-01-09").
					enc("gp", "2020-01-02 10:00", "2020-01-02 10:10", "c0"), // 9: not an age checked
			}
		},
	},
	{
		name: "encounter_without_observation: a GP contact about long-standing COPD with no saturation or breathing rate",
		body: "    kind: encounter_without_observation\n    condition: {keys: [copd]}\n    settings: [gp]\n    observations: [oxygen_saturation, respiratory_rate]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("copd", "13645005", "2018-01-01", "").
				enc("gp", "2020-03-01 10:00", "2020-03-01 10:10", "c0").obs("bmi", "2020-03-01 10:05", 27).atEnc(0).
				obs("oxygen_saturation", "2020-03-02 10:05", 95)} // the next day's, at no encounter: not this contact's
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("copd", "13645005", "2018-01-01", "").
					enc("gp", "2020-03-01 10:00", "2020-03-01 10:10", "c0").obs("oxygen_saturation", "2020-03-01 10:05", 94).atEnc(0),
				patient("1950-01-01").cond("copd", "13645005", "2020-03-01", "").
					enc("gp", "2020-03-01 10:00", "2020-03-01 10:10", "c0"), // the diagnosing day: its own tests
				patient("1950-01-01").cond("copd", "13645005", "2018-01-01", "").
					enc("ae", "2020-03-01 10:00", "2020-03-01 12:00", "c0"), // not a setting checked
			}
		},
	},
	{
		name: "encounter_without_observation with within_days: hypothyroidism seen with no TSH near",
		body: "    kind: encounter_without_observation\n    condition: {keys: [hypothyroidism]}\n    settings: [gp]\n    observations: [tsh]\n    within_days: 90\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("hypothyroidism", "40930008", "2015-01-01", "").
				enc("gp", "2020-06-01 10:00", "2020-06-01 10:10", "c0").obs("tsh", "2020-01-10 09:00", 2.1)} // 143 days before
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("hypothyroidism", "40930008", "2015-01-01", "").
				enc("gp", "2020-06-01 10:00", "2020-06-01 10:10", "c0").obs("tsh", "2020-05-01 09:00", 2.1)} // a month before
		},
	},
	{
		name: "first_contact: an emergency first seen in a clinic",
		body: "    kind: first_contact\n    condition: {keys: [hip_fracture]}\n    settings: [outpatient]\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").
				enc("outpatient", "2020-01-02 10:00", "2020-01-02 10:20", "c0").enc("ae", "2020-01-05 10:00", "2020-01-05 12:00", "c0")}
		},
		good: func() []*rb {
			return []*rb{patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").
				enc("ae", "2020-01-01 10:00", "2020-01-01 12:00", "c0").enc("inpatient", "2020-01-01 12:00", "2020-01-15 12:00", "c0").
				enc("outpatient", "2020-02-01 10:00", "2020-02-01 10:20", "c0")} // the fracture clinic follows up
		},
	},
	{
		name: "encounter_after_condition: elective admission after the palliative care register entry",
		body: "    kind: encounter_after_condition\n    condition: {keys: [palliative_care]}\n    settings: [inpatient]\n    admission_methods: [\"11\"]\n",
		bad: func() []*rb {
			b := patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").died("2020-03-01", "C80.9")
			b.enc("inpatient", "2020-02-01 09:00", "2020-02-01 13:00", "")
			b.rec.Encounters[0].AdmissionMethod = "11"
			return []*rb{b}
		},
		good: func() []*rb {
			b := patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").died("2020-03-01", "C80.9")
			b.enc("inpatient", "2019-11-01 09:00", "2019-11-01 13:00", "").enc("inpatient", "2020-02-20 09:00", "2020-03-01 08:00", "")
			b.rec.Encounters[0].AdmissionMethod, b.rec.Encounters[1].AdmissionMethod = "11", "21" // before; an emergency
			return []*rb{b}
		},
	},
	{
		name: "elective_without_referral",
		body: "    kind: elective_without_referral\n    condition: {keys: [cataract]}\n    within_days: 300\n",
		bad: func() []*rb {
			b := patient("1940-01-01").cond("cataract", "193570009", "2020-01-01", "").
				enc("gp", "2020-01-01 09:00", "2020-01-01 09:10", "c0").enc("inpatient", "2020-06-01 09:00", "2020-06-01 13:00", "c0")
			b.rec.Encounters[1].AdmissionMethod = "11"
			return []*rb{b}
		},
		good: func() []*rb {
			b := patient("1940-01-01").cond("cataract", "193570009", "2020-01-01", "").
				enc("outpatient", "2020-02-01 09:00", "2020-02-01 09:20", "c0").enc("inpatient", "2020-06-01 09:00", "2020-06-01 13:00", "c0")
			b.rec.Encounters[1].AdmissionMethod = "11"
			early := patient("1940-01-01").cond("cataract", "193570009", "2015-06-01", ""). // began before the window had run 300 days
													enc("inpatient", "2015-06-01 09:00", "2015-06-01 13:00", "c0")
			early.rec.Encounters[0].AdmissionMethod = "11"
			return []*rb{b, early}
		},
	},
	{
		name: "cause_of_death: old age under 80",
		body: "    kind: cause_of_death\n    causes: [R54]\n    age: {below: 80}\n",
		bad:  func() []*rb { return []*rb{patient("1945-01-01").died("2020-01-01", "R54")} },
		good: func() []*rb {
			return []*rb{patient("1930-01-01").died("2020-01-01", "R54"), patient("1945-01-01").died("2020-01-01", "I21.9")}
		},
	},
	{
		name: "cause_of_death: old age beside a disease that explains the death",
		body: "    kind: cause_of_death\n    causes: [R54]\n    condition: {keys: [dementia]}\n    mode: with\n",
		bad: func() []*rb {
			return []*rb{patient("1930-01-01").cond("dementia", "52448006", "2015-01-01", "").died("2020-01-01", "R54")}
		},
		good: func() []*rb {
			return []*rb{patient("1930-01-01").died("2020-01-01", "R54"),
				patient("1930-01-01").cond("dementia", "52448006", "2015-01-01", "").died("2020-01-01", "F03")}
		},
	},
	{
		name: "cause_of_death: alcoholic cirrhosis without an alcohol history",
		body: "    kind: cause_of_death\n    causes: [K70]\n    condition: {keys: [alcohol_dependence]}\n    mode: without\n",
		bad:  func() []*rb { return []*rb{patient("1960-01-01").died("2020-01-01", "K70.3")} },
		good: func() []*rb {
			return []*rb{patient("1960-01-01").cond("alcohol_dependence", "7200002", "2012-01-01", "").died("2020-01-01", "K70.3")}
		},
	},
	{
		name: "events_after_death",
		body: "    kind: events_after_death\n",
		bad: func() []*rb {
			return []*rb{
				patient("1930-01-01").died("2020-01-01", "I21").obs("weight", "2020-02-01", 70),
				patient("1930-01-01").died("2020-01-01", "I21").rx("aspirin", "2020-01-02", ""),
			}
		},
		good: func() []*rb {
			return []*rb{patient("1930-01-01").died("2020-01-01", "I21").enc("inpatient", "2019-12-28 10:00", "2020-01-01 10:00", "").obs("weight", "2020-01-01", 70)}
		},
	},
	{
		name: "condition_observation: latest HbA1c above 58, or missing",
		body: "    kind: condition_observation\n    condition: {keys: [type2_diabetes]}\n    population_age: {at_least: 17}\n" +
			"    observation: {key: hba1c, above: 58, within_days: 456, or_missing: true}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2015-01-01", "").obs("hba1c", "2024-01-01", 50).obs("hba1c", "2024-12-01", 64),
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2015-01-01", "").obs("hba1c", "2022-01-01", 50), // too old
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2015-01-01", "").obs("hba1c", "2024-12-01", 52),
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2015-01-01", "").died("2024-01-01", "I21"), // not on the register
				patient("2010-01-01").cond("type2_diabetes", "44054006", "2024-01-01", ""),                           // under 17
			}
		},
	},
	{
		name: "condition_observation: coded value",
		body: "    kind: condition_observation\n    condition: {keys: [copd]}\n    observation: {key: smoking_status, value: never_smoked}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("copd", "13645005", "2015-01-01", "").coded("smoking_status", "smoker", "2016-01-01").coded("smoking_status", "never_smoked", "2024-01-01")}
		},
		good: func() []*rb {
			return []*rb{patient("1950-01-01").cond("copd", "13645005", "2015-01-01", "").coded("smoking_status", "ex_smoker", "2024-01-01")}
		},
	},
	{
		name: "condition_observation: a current smoker with no cessation advice",
		body: "    kind: condition_observation\n    condition: {keys: [copd]}\n    where: {key: smoking_status, value: smoker, within_days: 365}\n    observation: {key: smoking_cessation_advice, within_days: 365, or_missing: true}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("copd", "13645005", "2015-01-01", "").coded("smoking_status", "smoker", "2024-06-01")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("copd", "13645005", "2015-01-01", "").coded("smoking_status", "smoker", "2024-06-01").coded("smoking_cessation_advice", "", "2024-06-01"),
				// an ex-smoker is outside the denominator
				patient("1950-01-01").cond("copd", "13645005", "2015-01-01", "").coded("smoking_status", "ex_smoker", "2024-06-01"),
			}
		},
	},
	{
		name: "condition_observation: an ACR of 70 or more with no nephrology referral, unless diabetes or refused",
		body: "    kind: condition_observation\n    condition: {keys: [ckd]}\n    where: {key: urine_acr, at_least: 70, within_days: 456}\n" +
			"    observation: {key: nephrology_referral, within_days: 7300, or_missing: true}\n    unless: {keys: [type1_diabetes, type2_diabetes]}\n    unless_recorded: [\"721110000\"]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("ckd", "700378005", "2015-01-01", "").obs("urine_acr", "2024-06-01", 120)}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("ckd", "700378005", "2015-01-01", "").obs("urine_acr", "2024-06-01", 120).coded("nephrology_referral", "", "2024-06-01"),
				patient("1950-01-01").cond("ckd", "700378005", "2015-01-01", "").obs("urine_acr", "2024-06-01", 120).coded("nephrology_referral_refused", "", "2024-06-01"),
				patient("1950-01-01").cond("ckd", "700378005", "2015-01-01", "").cond("type2_diabetes", "44054006", "2010-01-01", "").obs("urine_acr", "2024-06-01", 120),
				patient("1950-01-01").cond("ckd", "700378005", "2015-01-01", "").obs("urine_acr", "2024-06-01", 40), // below 70: outside the denominator
			}
		},
	},
	{
		name: "condition_without_drug: high systolic and no antihypertensive",
		body: "    kind: condition_without_drug\n    condition: {keys: [hypertension]}\n    where: {key: systolic_bp, at_least: 160, within_days: 456}\n    drug: {classes: [antihypertensive]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("hypertension", "38341003", "2015-01-01", "").obs("systolic_bp", "2024-12-01", 172).rx("amlodipine", "2016-01-01", "2020-01-01")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("hypertension", "38341003", "2015-01-01", "").obs("systolic_bp", "2024-12-01", 172).rx("amlodipine", "2016-01-01", ""),
				patient("1950-01-01").cond("hypertension", "38341003", "2015-01-01", "").obs("systolic_bp", "2024-12-01", 150),
			}
		},
	},
	{
		name: "condition_without_drug: where with otherwise, the LDL or else the non-HDL above target on atorvastatin 80 mg",
		body: "    kind: condition_without_drug\n    condition: {keys: [chd]}\n    where: {key: ldl_cholesterol, above: 2.0, within_days: 456, otherwise: {key: non_hdl_cholesterol, above: 2.6}}\n    drug: {medicines: [ezetimibe]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("non_hdl_cholesterol", "2024-12-01 10:00", 2.9).obs("ldl_cholesterol", "2024-12-01 10:00", 2.3),
				// the latest sample has no LDL (withheld): its non-HDL is read, not the older LDL
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("ldl_cholesterol", "2024-06-01 10:00", 1.8).obs("non_hdl_cholesterol", "2024-06-01 10:00", 2.4).obs("non_hdl_cholesterol", "2024-12-01 10:00", 3.1),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("non_hdl_cholesterol", "2024-12-01 10:00", 2.9).obs("ldl_cholesterol", "2024-12-01 10:00", 1.9),
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("ldl_cholesterol", "2024-06-01 10:00", 2.5).obs("non_hdl_cholesterol", "2024-06-01 10:00", 3.2).obs("non_hdl_cholesterol", "2024-12-01 10:00", 2.4),
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("non_hdl_cholesterol", "2024-12-01 10:00", 2.9).obs("ldl_cholesterol", "2024-12-01 10:00", 2.3).rx("ezetimibe", "2024-12-01", ""),
			}
		},
	},
	{
		name: "condition_without_drug: AF untreated with no coded reason",
		body: "    kind: condition_without_drug\n    condition: {keys: [atrial_fibrillation]}\n    drug: {classes: [anticoagulant]}\n    unless: {keys: [palliative_care]}\n    unless_recorded: [\"413559006\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", ""),
				// declined only after the as-of date
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").reason("413559006", "2026-01-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").reason("413559006", "2015-02-01"),
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").cond("palliative_care", "103735009", "2024-12-01", ""),
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").rx("apixaban", "2015-01-01", ""),
			}
		},
	},
	{
		name: "condition_without_drug: a decline excuses for recorded_within_days only",
		body: "    kind: condition_without_drug\n    condition: {keys: [atrial_fibrillation]}\n    drug: {classes: [anticoagulant]}\n    unless_recorded: [\"413559006\"]\n    recorded_within_days: 456\n",
		bad: func() []*rb {
			return []*rb{
				// declined once, five years before the as-of date, never again
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").reason("413559006", "2020-02-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").reason("413559006", "2020-02-01").reason("413559006", "2024-06-01"),
				patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").reason("413559006", "2020-02-01").rx("apixaban", "2021-02-01", ""),
			}
		},
	},
	{
		name: "condition_without_drug: diagnosed long enough before the as-of date",
		body: "    kind: condition_without_drug\n    condition: {keys: [atrial_fibrillation]}\n    drug: {classes: [anticoagulant]}\n    diagnosed_days: 42\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2025-02-01", "")}
		},
		good: func() []*rb {
			// diagnosed 3 days before the as-of date: treatment starts at the review after it
			return []*rb{patient("1940-01-01").cond("atrial_fibrillation", "49436004", "2025-03-28", "")}
		},
	},
	{
		name: "condition_without_drug: AF at CHA2DS2-VASc 2 or more, untreated",
		body: "    kind: condition_without_drug\n    condition: {keys: [atrial_fibrillation]}\n    score: {name: cha2ds2_vasc, at_least: 2}\n    drug: {classes: [anticoagulant]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1945-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", ""), // 75+: 2
				patient("1955-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").cond("hypertension", "38341003", "2016-01-01", ""),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1955-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", ""), // 65-74 alone: 1
				// hypertension diagnosed after the as-of date does not count yet
				patient("1955-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").cond("hypertension", "38341003", "2026-01-01", ""),
				patient("1945-01-01").cond("atrial_fibrillation", "49436004", "2015-01-01", "").rx("apixaban", "2015-01-01", ""),
			}
		},
	},
	{
		name: "condition_without_drug: on a statin, cholesterol high, no ezetimibe",
		body: "    kind: condition_without_drug\n    condition: {keys: [chd]}\n    where: {key: total_cholesterol, above: 4, within_days: 456}\n    on: {medicines: [atorvastatin]}\n    drug: {medicines: [ezetimibe]}\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("total_cholesterol", "2024-12-01", 5.1).rx("atorvastatin", "2015-01-01", "")}
		},
		good: func() []*rb {
			return []*rb{
				// not on the statin on the as-of date: outside the denominator
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("total_cholesterol", "2024-12-01", 5.1).rx("atorvastatin", "2015-01-01", "2020-01-01"),
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("total_cholesterol", "2024-12-01", 5.1).rx("atorvastatin", "2015-01-01", "").rx("ezetimibe", "2024-12-01", ""),
				patient("1950-01-01").cond("chd", "53741008", "2015-01-01", "").obs("total_cholesterol", "2024-12-01", 3.8).rx("atorvastatin", "2015-01-01", ""),
			}
		},
	},
	{
		name: "drug_after_condition: statin within 90 days",
		body: "    kind: drug_after_condition\n    condition: {keys: [chd, stroke_tia]}\n    drug: {classes: [statin]}\n    within_days: 90\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("chd", "53741008", "2020-01-01", "").rx("atorvastatin", "2021-01-08", "")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("chd", "53741008", "2020-01-01", "").rx("atorvastatin", "2020-02-01", ""),
				patient("1950-01-01").rx("simvastatin", "2018-01-01", "").cond("stroke_tia", "230690007", "2020-01-01", ""), // already on one
				patient("1950-01-01").cond("chd", "53741008", "2010-01-01", ""),                                             // before the window
				patient("1950-01-01").cond("chd", "53741008", "2025-03-01", ""),                                             // not yet due
			}
		},
	},
	{
		name: "drug_after_observation: a statin or a decline within 90 days of a QRISK3 of 10% or more",
		body: "    kind: drug_after_observation\n    where: {key: qrisk3, at_least: 10}\n    drug: {classes: [statin]}\n    within_days: 90\n    unless: {keys: [hypertension]}\n    unless_recorded: [\"134396000\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 12.5),
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 12.5).rx("atorvastatin", "2021-01-01", ""), // too late
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 12.5).rx("atorvastatin", "2020-01-20", ""),
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 12.5).reason("134396000", "2020-01-01"),
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 12.5).cond("hypertension", "38341003", "2022-01-01", ""), // its own pathway
				patient("1955-01-01").obs("qrisk3", "2020-01-01", 8.1),
				patient("1955-01-01").obs("qrisk3", "2025-03-01", 12.5), // not yet due
			}
		},
	},
	{
		name: "drug_after_condition: bone protection after a hip fracture at 75 or over",
		body: "    kind: drug_after_condition\n    condition: {keys: [hip_fracture]}\n    drug: {classes: [bisphosphonate]}\n    within_days: 183\n    age: {at_least: 75}\n",
		bad: func() []*rb {
			return []*rb{patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").rx("alendronic_acid", "2020-03-01", ""),
				patient("1950-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01"), // 70: outside the ages
			}
		},
	},
	{
		name: "drug_after_condition, unless_recorded: a bisphosphonate, a DXA scan or a recorded decision within a year of a hip fracture",
		body: "    kind: drug_after_condition\n    condition: {keys: [hip_fracture]}\n    drug: {classes: [bisphosphonate]}\n    observation: {key: dxa_scan}\n    unless_recorded: [\"182895007\"]\n    within_days: 365\n    age: {at_least: 50}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01"),
				patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").reason("182895007", "2021-06-01"), // too late
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").reason("182895007", "2020-01-10"),
				patient("1940-01-01").cond("hip_fracture", "5913000", "2020-01-01", "2020-04-01").rx("alendronic_acid", "2020-03-01", ""),
			}
		},
	},
	{
		name: "observation_after_condition: a falls risk assessment within 90 days of a fall at 65 or over",
		body: "    kind: observation_after_condition\n    condition: {keys: [fall]}\n    observation: {key: falls_risk_assessment}\n    within_days: 90\n    age: {at_least: 65}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("fall", "161898004", "2020-01-01", "2020-01-15"),
				// the first fall assessed, the second not: each episode counts
				patient("1940-01-01").cond("fall", "161898004", "2019-01-01", "2019-01-15").coded("falls_risk_assessment", "falls_risk_assessment", "2019-01-10").cond("fall", "161898004", "2021-01-01", "2021-01-15"),
				patient("1940-01-01").cond("fall", "161898004", "2020-01-01", "2020-01-15").coded("falls_risk_assessment", "falls_risk_assessment", "2020-06-01"), // too late
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("fall", "161898004", "2020-01-01", "2020-01-15").coded("falls_risk_assessment", "falls_risk_assessment", "2020-01-10"),
				patient("1960-01-01").cond("fall", "161898004", "2020-01-01", "2020-01-15"), // 60: outside the ages
				patient("1940-01-01").cond("fall", "161898004", "2010-01-01", "2010-01-15"), // before the window
				patient("1940-01-01").cond("fall", "161898004", "2025-03-01", "2025-03-15"), // not yet due
			}
		},
	},
	{
		name: "observation_after_condition, from_date: a FIT within 14 days of a change in bowel habit begun once the FIT was in use",
		body: "    kind: observation_after_condition\n    condition: {keys: [change_in_bowel_habit]}\n    observation: {key: fit_quantitative}\n    within_days: 14\n    from_date: \"2017-07-26\"\n",
		bad: func() []*rb {
			return []*rb{
				patient("1960-01-01").cond("change_in_bowel_habit", "88111009", "2018-01-01", "2018-02-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1960-01-01").cond("change_in_bowel_habit", "88111009", "2018-01-01", "2018-02-01").obs("fit_quantitative", "2018-01-05", 4),
				patient("1960-01-01").cond("change_in_bowel_habit", "88111009", "2017-01-01", "2017-02-01"), // before the FIT's day: not counted
			}
		},
	},
	{
		name: "observation_after_condition, age_days: a renal ultrasound within 3 days of a UTI under 3 months",
		body: "    kind: observation_after_condition\n    condition: {keys: [uti]}\n    observation: {key: renal_ultrasound}\n    within_days: 3\n    age_days: {below: 90}\n",
		bad: func() []*rb {
			return []*rb{
				patient("2019-12-01").cond("uti", "68566005", "2020-01-01", "2020-01-08"),
				patient("2019-12-01").cond("uti", "68566005", "2020-01-01", "2020-01-08").coded("renal_ultrasound", "renal_ultrasound", "2020-01-10"), // too late
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("2019-12-01").cond("uti", "68566005", "2020-01-01", "2020-01-08").coded("renal_ultrasound", "renal_ultrasound", "2020-01-02"),
				patient("2019-09-01").cond("uti", "68566005", "2020-01-01", "2020-01-08"), // 4 months: outside the ages
			}
		},
	},
	{
		name: "observation_after_condition, stays_extend: a haemoglobin within 14 days of heavy menstrual bleeding, a stay inside the window lengthening it",
		body: "    kind: observation_after_condition\n    condition: {keys: [menorrhagia]}\n    observation: {key: haemoglobin}\n    within_days: 14\n    stays_extend: true\n",
		bad: func() []*rb {
			return []*rb{
				patient("1980-01-01").cond("menorrhagia", "386692008", "2020-01-01", "2020-03-01"),
				// a stay inside the window lengthens it by its 11 days, no more
				patient("1980-01-01").cond("menorrhagia", "386692008", "2020-01-01", "2020-03-01").enc("inpatient", "2020-01-04 10:00", "2020-01-14 12:00", "").obs("haemoglobin", "2020-01-27", 120),
				// a stay begun after the window lengthens nothing
				patient("1980-01-01").cond("menorrhagia", "386692008", "2020-01-01", "2020-03-01").enc("inpatient", "2020-01-20 10:00", "2020-01-24 12:00", "").obs("haemoglobin", "2020-01-25", 120),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1980-01-01").cond("menorrhagia", "386692008", "2020-01-01", "2020-03-01").obs("haemoglobin", "2020-01-10", 120),
				patient("1980-01-01").cond("menorrhagia", "386692008", "2020-01-01", "2020-03-01").enc("inpatient", "2020-01-04 10:00", "2020-01-14 12:00", "").obs("haemoglobin", "2020-01-25", 120),
			}
		},
	},
	{
		name: "observation_after_condition with admission_methods: a pulmonary rehabilitation referral within 28 days of discharge after an emergency admission for an exacerbation of COPD",
		body: "    kind: observation_after_condition\n    condition: {keys: [copd_exacerbation]}\n    observation: {key: pulmonary_rehab_referral}\n    within_days: 28\n    admission_methods: [\"21\", \"22\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("copd_exacerbation", "195951007", "2020-01-01", "2020-01-15").enc("inpatient", "2020-01-01 10:00", "2020-01-06 12:00", "c0").method("21"),
				// referred, but after the 28 days from discharge
				patient("1950-01-01").cond("copd_exacerbation", "195951007", "2020-01-01", "2020-01-15").enc("inpatient", "2020-01-01 10:00", "2020-01-06 12:00", "c0").method("21").
					coded("pulmonary_rehab_referral", "pulmonary_rehab_referral", "2020-03-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("copd_exacerbation", "195951007", "2020-01-01", "2020-01-15").enc("inpatient", "2020-01-01 10:00", "2020-01-06 12:00", "c0").method("21").
					coded("pulmonary_rehab_referral", "pulmonary_rehab_referral", "2020-01-06"),
				// treated by the GP: no admission
				patient("1950-01-01").cond("copd_exacerbation", "195951007", "2020-01-01", "2020-01-15").enc("gp", "2020-01-01 10:00", "2020-01-01 10:10", "c0"),
				// died in hospital
				patient("1950-01-01").cond("copd_exacerbation", "195951007", "2020-01-01", "2020-01-15").enc("inpatient", "2020-01-01 10:00", "2020-01-06 12:00", "c0").method("21").died("2020-01-06", "J44.1"),
			}
		},
	},
	{
		name: "observation_before_death: a blood pressure in the last 28 days of life on the palliative care register",
		body: "    kind: observation_before_death\n    condition: {keys: [palliative_care]}\n    observations: [systolic_bp, heart_rate]\n    within_days: 28\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").obs("systolic_bp", "2020-03-20", 120).died("2020-04-01", "C80.9"),
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").obs("heart_rate", "2020-03-31", 80).died("2020-04-01", "C80.9"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// a month and more before death
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").obs("systolic_bp", "2020-03-01", 120).died("2020-04-01", "C80.9"),
				// not on the register: a sudden death
				patient("1940-01-01").obs("systolic_bp", "2020-03-20", 120).died("2020-04-01", "I21"),
				// alive
				patient("1940-01-01").cond("palliative_care", "103735009", "2024-01-01", "").obs("systolic_bp", "2024-03-20", 120),
			}
		},
	},
	{
		name: "drug_at_death: a thiazide running on the day of death on the palliative care register",
		body: "    kind: drug_at_death\n    condition: {keys: [palliative_care]}\n    drug: {medicines: [bendroflumethiazide]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("bendroflumethiazide", "2019-06-01", "").died("2020-04-01", "C80.9"),
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("bendroflumethiazide", "2020-03-10", "2020-04-01").died("2020-04-01", "C80.9"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// stopped at the medicines review
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("bendroflumethiazide", "2019-06-01", "2020-01-10").died("2020-04-01", "C80.9"),
				// not on the register: a sudden death
				patient("1940-01-01").rx("bendroflumethiazide", "2019-06-01", "").died("2020-04-01", "I21"),
				// alive on the register
				patient("1940-01-01").cond("palliative_care", "103735009", "2024-01-01", "").rx("bendroflumethiazide", "2023-06-01", ""),
			}
		},
	},
	{
		name: "drug_stopped_before_death: an antihypertensive stopped months before death on the palliative care register",
		body: "    kind: drug_stopped_before_death\n    condition: {keys: [palliative_care]}\n    drug: {medicines: [amlodipine]}\n    observation: {key: systolic_bp, below: 110, within_days: 90}\n    within_days: 56\n",
		bad: func() []*rb {
			return []*rb{
				// stopped at the register entry, death five months on, no low reading
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("amlodipine", "2019-06-01", "2020-01-10").obs("systolic_bp", "2020-01-10", 150).died("2020-06-01", "C80.9"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// stopped in the last weeks
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("amlodipine", "2019-06-01", "2020-05-10").died("2020-06-01", "C80.9"),
				// stopped early at a fallen blood pressure
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("amlodipine", "2019-06-01", "2020-01-10").obs("systolic_bp", "2020-01-11", 104).died("2020-06-01", "C80.9"),
				// stopped before the register entry
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").rx("amlodipine", "2019-06-01", "2019-09-10").died("2020-06-01", "C80.9"),
				// not on the register
				patient("1940-01-01").rx("amlodipine", "2019-06-01", "2020-01-10").died("2020-06-01", "I21"),
			}
		},
	},
	{
		name: "observation_before_death with settings: a GP contact's blood pressure in the last 60 days of life on the register",
		body: "    kind: observation_before_death\n    condition: {keys: [palliative_care]}\n    observations: [systolic_bp, heart_rate, weight]\n    within_days: 60\n    settings: [gp]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").enc("gp", "2020-03-01 10:00", "2020-03-01 10:20", "").obs("systolic_bp", "2020-03-01 10:05", 120).atEnc(0).died("2020-04-01", "C80.9"),
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-02-01", "").enc("gp", "2020-03-30 10:00", "2020-03-30 10:20", "").obs("weight", "2020-03-30 10:05", 60).atEnc(0).died("2020-04-01", "C80.9"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// a hospital's observations in the last days
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").enc("inpatient", "2020-03-28 10:00", "2020-04-01 06:00", "").obs("systolic_bp", "2020-03-28 11:00", 100).atEnc(0).died("2020-04-01", "C80.9"),
				// at the GP before the register entry
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-03-15", "").enc("gp", "2020-03-01 10:00", "2020-03-01 10:20", "").obs("heart_rate", "2020-03-01 10:05", 80).atEnc(0).died("2020-04-01", "C80.9"),
				// more than 60 days before death
				patient("1940-01-01").cond("palliative_care", "103735009", "2020-01-01", "").enc("gp", "2020-01-10 10:00", "2020-01-10 10:20", "").obs("systolic_bp", "2020-01-10 10:05", 120).atEnc(0).died("2020-04-01", "C80.9"),
			}
		},
	},
	{
		name: "death_without_contact: a death from pneumonia with no encounter in the 14 days before",
		body: "    kind: death_without_contact\n    causes: [J18]\n    within_days: 14\n",
		bad: func() []*rb {
			return []*rb{
				patient("1940-01-01").died("2020-04-01", "J18.9"),
				patient("1940-01-01").enc("gp", "2020-03-01 10:00", "2020-03-01 10:10", "").died("2020-04-01", "J18.9"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// a GP home visit five days before
				patient("1940-01-01").enc("gp", "2020-03-27 10:00", "2020-03-27 10:20", "").died("2020-04-01", "J18.9"),
				// died at the end of an admission that began weeks before
				patient("1940-01-01").enc("inpatient", "2020-03-01 10:00", "2020-04-01 06:00", "").died("2020-04-01", "J18.9"),
				// another cause: a sudden cardiac death
				patient("1940-01-01").died("2020-04-01", "I21"),
			}
		},
	},
	{
		name: "contact_on_death_day: a routine GP consultation on the day of a death at home",
		body: "    kind: contact_on_death_day\n    settings: [gp]\n    observations: [death_verified_expected, death_unexpected]\n    within_days: 7\n",
		bad: func() []*rb {
			return []*rb{
				// a consultation about a long-held problem that afternoon
				patient("1940-01-01").cond("hypothyroidism", "40930008", "2000-01-01", "").enc("gp", "2020-04-01 16:00", "2020-04-01 16:10", "c0").died("2020-04-01", "J18.9"),
				// with no reason
				patient("1940-01-01").enc("gp", "2020-04-01 10:00", "2020-04-01 10:10", "").died("2020-04-01", "I21"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// the visit that verifies an expected death
				patient("1940-01-01").cond("dementia", "52448006", "2015-01-01", "").enc("gp", "2020-04-01 11:00", "2020-04-01 11:20", "c0").obs("death_verified_expected", "2020-04-01 11:05", 0).atEnc(0).died("2020-04-01", "F03"),
				// the illness that killed, seen that morning
				patient("1940-01-01").cond("cause_sepsis", "91302008", "2020-04-01", "").enc("gp", "2020-04-01 09:00", "2020-04-01 09:20", "c0").died("2020-04-01", "A41.9"),
				// the day before
				patient("1940-01-01").cond("hypothyroidism", "40930008", "2000-01-01", "").enc("gp", "2020-03-31 16:00", "2020-03-31 16:10", "c0").died("2020-04-01", "J18.9"),
				// died in hospital, seen at the GP that morning before the admission
				patient("1940-01-01").cond("hypothyroidism", "40930008", "2000-01-01", "").enc("gp", "2020-04-01 09:00", "2020-04-01 09:10", "c0").enc("inpatient", "2020-04-01 12:00", "2020-04-01 20:00", "").died("2020-04-01", "J18.9"),
			}
		},
	},
	{
		name: "first_drug: a calcium-channel blocker first in type 2 diabetes",
		body: "    kind: first_drug\n    condition: {keys: [type2_diabetes]}\n    drugs: [{classes: [antihypertensive]}, {classes: [calcium_channel_blocker]}]\n",
		bad: func() []*rb {
			return []*rb{patient("1950-01-01").cond("type2_diabetes", "44054006", "2018-01-01", "").rx("amlodipine", "2020-01-01", "").rx("ramipril", "2021-01-01", "")}
		},
		good: func() []*rb {
			return []*rb{
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2018-01-01", "").rx("ramipril", "2020-01-01", "").rx("amlodipine", "2021-01-01", ""),
				// started with an ACE inhibitor the same day
				patient("1950-01-01").cond("type2_diabetes", "44054006", "2018-01-01", "").rx("amlodipine", "2020-01-01", "").rx("ramipril", "2020-01-01", ""),
				// on amlodipine before diabetes was diagnosed
				patient("1950-01-01").rx("amlodipine", "2016-01-01", "").cond("type2_diabetes", "44054006", "2018-01-01", ""),
			}
		},
	},
	{
		name: "drug_after_allergy: penicillin after a penicillin allergy",
		body: "    kind: drug_after_allergy\n    drug: {classes: [penicillin]}\n    allergy: {keys: [penicillin]}\n",
		bad: func() []*rb {
			return []*rb{
				patient("1980-01-01").allergy("penicillin", "2015-03-01").rx("amoxicillin", "2020-01-01", "2020-01-05"),
				// Issued on the day the allergy was recorded.
				patient("1980-01-01").allergy("penicillin", "2020-01-01").rx("flucloxacillin", "2020-01-01", "2020-01-07"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// Before the allergy, including a course running on its day.
				patient("1980-01-01").rx("amoxicillin", "2014-01-01", "2014-01-05").rx("amoxicillin", "2015-02-27", "2015-03-03").allergy("penicillin", "2015-03-01"),
				// Another drug, or another allergy.
				patient("1980-01-01").allergy("penicillin", "2015-03-01").rx("clarithromycin", "2020-01-01", "2020-01-05"),
				patient("1980-01-01").allergy("nsaid", "2015-03-01").rx("amoxicillin", "2020-01-01", "2020-01-05"),
			}
		},
	},
	{
		name: "drug_after_recorded: ramipril after ACE inhibitors contraindicated",
		body: "    kind: drug_after_recorded\n    drug: {classes: [ace_inhibitor]}\n    recorded: [\"315364008\"]\n",
		bad: func() []*rb {
			return []*rb{
				patient("1950-01-01").reason("315364008", "2019-03-01").rx("ramipril", "2020-01-01", "2020-03-01"),
				// Issued on the day the contraindication was recorded.
				patient("1950-01-01").reason("315364008", "2020-01-01").rx("lisinopril", "2020-01-01", "2020-03-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// Issued before the code only; an ARB after it.
				patient("1950-01-01").rx("ramipril", "2018-01-01", "2019-02-28").reason("315364008", "2019-03-01").rx("candesartan", "2019-04-01", "2019-06-01"),
				// Another reason on the record.
				patient("1950-01-01").reason("182895007", "2019-03-01").rx("ramipril", "2020-01-01", "2020-03-01"),
			}
		},
	},
	{
		name: "drug_after_recorded with observation: re-challenged once the potassium is back below 5.0",
		body: "    kind: drug_after_recorded\n    drug: {classes: [ace_inhibitor]}\n    recorded: [\"315364008\"]\n    observation: {key: potassium, below: 5.0}\n",
		bad: func() []*rb {
			return []*rb{
				// Still high when issued.
				patient("1950-01-01").obs("potassium", "2019-02-20", 6.2).reason("315364008", "2019-03-01").obs("potassium", "2019-03-20", 5.3).rx("ramipril", "2019-04-01", "2019-05-01"),
				// In range only before the code.
				patient("1950-01-01").obs("potassium", "2019-02-25", 4.5).reason("315364008", "2019-03-01").rx("ramipril", "2019-04-01", "2019-05-01"),
				// Back in range after a first code, then coded again and issued.
				patient("1950-01-01").reason("315364008", "2018-03-01").obs("potassium", "2018-04-01", 4.6).reason("315364008", "2019-03-01").rx("ramipril", "2019-04-01", "2019-05-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// Re-challenged at 4.6, titrated later at 5.1.
				patient("1950-01-01").reason("315364008", "2019-03-01").obs("potassium", "2019-04-01", 4.6).rx("ramipril", "2019-04-01", "2019-05-01").obs("potassium", "2019-05-01", 5.1).rx("ramipril", "2019-05-02", "2019-08-01"),
			}
		},
	},
	{
		name: "recorded_beside_drug: statin declined beside a running statin",
		body: "    kind: recorded_beside_drug\n    drug: {classes: [statin]}\n    recorded: [\"134396000\"]\n",
		bad: func() []*rb {
			return []*rb{
				// Declined while an issue runs past the day.
				patient("1960-01-01").rx("atorvastatin", "2019-01-01", "2019-06-01").reason("134396000", "2019-03-01"),
				// Declined on the day one is issued.
				patient("1960-01-01").reason("134396000", "2019-03-01").rx("atorvastatin", "2019-03-01", "2019-06-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// Declined after the supply ended, or on its last day (stopped there).
				patient("1960-01-01").rx("atorvastatin", "2019-01-01", "2019-02-01").reason("134396000", "2019-03-01"),
				patient("1960-01-01").rx("atorvastatin", "2019-01-01", "2019-03-01").reason("134396000", "2019-03-01"),
				// Declined, then taken a year on; another code beside a statin.
				patient("1960-01-01").reason("134396000", "2019-03-01").rx("atorvastatin", "2020-03-01", "2020-06-01").reason("182895007", "2020-04-01"),
			}
		},
	},
	{
		name: "recorded_beside_dose: flu vaccine declined in the season of a flu dose",
		body: "    kind: recorded_beside_dose\n    programmes: [influenza]\n    recorded: [\"315640000\"]\n    within_days: 180\n",
		bad: func() []*rb {
			return []*rb{
				// Declined after the season's dose, and dosed after the season's decline.
				patient("1990-01-01").vaccine("influenza", "flu_inactivated", 1, "2019-10-01").reason("315640000", "2019-11-20"),
				patient("1990-01-01").reason("315640000", "2019-09-20").vaccine("influenza", "flu_inactivated", 1, "2019-12-01"),
			}
		},
		good: func() []*rb {
			return []*rb{
				// Declined a season after a dose; a dose of another programme beside the decline.
				patient("1990-01-01").vaccine("influenza", "flu_inactivated", 1, "2018-11-01").reason("315640000", "2019-10-15"),
				patient("1990-01-01").reason("315640000", "2019-10-15").vaccine("covid19", "covid_pfizer", 1, "2019-10-20"),
			}
		},
	},
}

func TestKindsFindViolationsAndPassCleanRecords(t *testing.T) {
	for _, c := range kindCases {
		t.Run(c.name, func(t *testing.T) {
			bad := c.bad()
			res := run(t, c.body, bad...)
			if res.Patients != int64(len(bad)) {
				t.Errorf("breaking records: %d of %d patients flagged (violations %d/%d)", res.Patients, len(bad), res.Violations, res.Denominator)
			}
			if len(res.Examples) == 0 || res.Examples[0].Detail == "" {
				t.Errorf("no example detail: %+v", res.Examples)
			}
			if res.Denominator < res.Violations {
				t.Errorf("violations %d exceed the denominator %d", res.Violations, res.Denominator)
			}
			if res := run(t, c.body, c.good()...); res.Violations != 0 {
				t.Errorf("clean records: %d violations: %+v", res.Violations, res.Examples)
			}
		})
	}
}

func TestEveryKindIsTestedAndUsed(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range kindCases {
		tested[strings.TrimSpace(strings.SplitN(strings.TrimPrefix(c.body, "    kind: "), "\n", 2)[0])] = true
	}
	rules, _, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, r := range rules.List {
		used[r.Kind] = true
	}
	for _, k := range Kinds() {
		if !tested[k] {
			t.Errorf("kind %s has no test case", k)
		}
		if !used[k] {
			t.Errorf("kind %s is used by no rule in rules.yaml", k)
		}
	}
}

func TestCompileRejectsRulesThatDoNotFitTheirKind(t *testing.T) {
	bad := map[string]string{
		"unknown kind":             "    kind: drug_dose\n    drug: {medicines: [metformin]}\n",
		"parameter not read":       "    kind: drug_age\n    drug: {medicines: [aspirin]}\n    age: {below: 16}\n    settings: [gp]\n",
		"missing parameter":        "    kind: drug_age\n    drug: {medicines: [aspirin]}\n",
		"no within_days":           "    kind: drug_when_observation\n    drug: {medicines: [metformin]}\n    observation: {key: egfr, below: 30}\n",
		"no test":                  "    kind: drug_when_observation\n    drug: {medicines: [metformin]}\n    observation: {key: egfr, within_days: 30}\n",
		"bad mode":                 "    kind: drug_with_condition\n    mode: while\n    drug: {medicines: [naproxen]}\n    condition: {keys: [heart_failure]}\n",
		"one drug is not two":      "    kind: concurrent_drugs\n    drugs: [{classes: [statin]}]\n",
		"groups overlap":           "    kind: concurrent_drugs\n    drugs: [{classes: [raas_blocker]}, {classes: [ace_inhibitor]}]\n",
		"pair without bound":       "    kind: observation_pair\n    pair: {first: systolic_bp, second: diastolic_bp}\n",
		"inpatient in inpatient":   "    kind: encounter_during_admission\n    settings: [inpatient]\n",
		"grace with mode with":     "    kind: condition_vs_observation\n    mode: with\n    condition: {keys: [ckd]}\n    observation: {key: egfr, below: 30}\n    grace_days: 10\n",
		"within_days not positive": "    kind: drug_after_condition\n    condition: {keys: [chd]}\n    drug: {classes: [statin]}\n    within_days: 0\n",
	}
	for name, body := range bad {
		if _, err := compileOne(t, body); err == nil {
			t.Errorf("%s: compiled without error", name)
		} else if !strings.Contains(err.Error(), "rule r") {
			t.Errorf("%s: error does not name the rule: %v", name, err)
		}
	}
}

func TestPendingClassMatchesNothing(t *testing.T) {
	body := "    kind: condition_without_drug\n    condition: {keys: [type1_diabetes]}\n    drug: {classes: [insulin]}\n"
	res := run(t, body, patient("1990-01-01").cond("type1_diabetes", "46635009", "2000-01-01", "").rx("metformin", "2020-01-01", ""))
	if res.Violations != 1 {
		t.Errorf("type 1 diabetes with no insulin product: %d violations, want 1", res.Violations)
	}
}

func TestDeathCauseNotApplicableWithoutTheColumn(t *testing.T) {
	rules, err := compileOne(t, "    kind: death_cause\n")
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuditor(rules, Config{AsOf: testAsOf, HistoryYears: 10})
	p := patient("1930-01-01").died("2020-01-01", "")
	a.Add(&p.rec)
	res := a.Report().Results[0]
	if res.NotApplicable == "" || res.Violations != 0 {
		t.Errorf("without the column: %+v", res)
	}
}

// A dataset written before the allergies table existed cannot be checked
// for allergy rules: they say so instead of passing.
func TestAllergyRulesNeedTheTable(t *testing.T) {
	rules, err := compileOne(t, "    kind: drug_after_allergy\n    drug: {classes: [penicillin]}\n    allergy: {keys: [penicillin]}\n")
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuditor(rules, Config{AsOf: testAsOf, HistoryYears: 10})
	a.Add(&patient("1980-01-01").allergy("penicillin", "2015-03-01").rx("amoxicillin", "2020-01-01", "2020-01-05").rec)
	if res := a.Report().Results[0]; res.NotApplicable == "" || res.Violations != 0 {
		t.Errorf("without the allergies table: %+v, want not applicable", res)
	}
}
