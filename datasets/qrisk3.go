package datasets

import "math"

// QRISK3-2017, the 10-year risk of cardiovascular disease (coronary heart
// disease, ischaemic stroke or TIA) that NICE NG238 (2023) asks practices to
// estimate from 40: Hippisley-Cox J, Coupland C, Brindle P. Development and
// validation of QRISK3 risk prediction algorithms to estimate future risk of
// cardiovascular disease: prospective cohort study. BMJ 2017;357:j2099. The
// algorithm and its coefficients are published by ClinRisk Ltd
// (qrisk.org/src.php, LGPL); the coefficients below are the published ones,
// read this session in public transcriptions of the ClinRisk source (the
// terms checked, female ethnicity and male age x BMI, agree digit for digit
// across more than five of them; verified); the code is this project's own. The model's value is a QRISK3 result of the recorded risk factors, so
// it is coded as the QRISK3 score (observation_codes.csv qrisk3).

// QRISK3Input holds the risk factors of QRISK3, as the calculator takes them.
type QRISK3Input struct {
	Male bool
	Age  float64 // years, 25-84
	// Ethnicity is QRISK3's category: 1 White or not stated, 2 Indian,
	// 3 Pakistani, 4 Bangladeshi, 5 other Asian, 6 Black Caribbean,
	// 7 Black African, 8 Chinese, 9 other (mixed included).
	Ethnicity int
	// Smoking: 0 never, 1 ex, 2 light (under 10 a day), 3 moderate (10-19),
	// 4 heavy (20 or more).
	Smoking       int
	BMI           float64
	CholHDLRatio  float64
	SBP           float64 // systolic blood pressure, mmHg
	SBPSD         float64 // standard deviation of repeated systolic readings
	Townsend      float64 // deprivation score; 0 when unknown
	AF, Migraine  bool
	RA, SLE       bool
	Renal         bool // CKD stage 3-5
	SMI           bool // severe mental illness
	AtypicalAntiP bool // atypical antipsychotic
	Steroids      bool // regular oral corticosteroids
	TreatedHyp    bool // on blood pressure treatment
	Type1, Type2  bool
	FamilyCHD     bool // angina or heart attack in a first-degree relative under 60
	Impotence     bool // erectile dysfunction (men)
}

// qrisk3Sex is one sex's published coefficients.
type qrisk3Sex struct {
	survivor float64
	eth      [10]float64 // by Ethnicity (0 and 1: the reference)
	smoke    [5]float64
	agePow   [2]float64 // the fractional polynomial powers of age/10 (0: log)
	centre   [8]float64 // age_1, age_2, bmi_1, bmi_2, ratio, sbp, sbps5, town
	cont     [8]float64 // the same terms' coefficients
	// booleans: AF, atypical antipsychotic, steroids, impotence, migraine,
	// RA, renal, SMI, SLE, treated hypertension, type 1, type 2, family history
	b [13]float64
	// interactions with age_1 and age_2: smoking 1-4, then the booleans
	// above (AF .. family history), then bmi_1, bmi_2, sbp, town
	i1, i2 [4 + 13 + 4]float64
}

var qrisk3Female = qrisk3Sex{
	survivor: 0.988876402378082,
	eth:      [10]float64{0, 0, 0.28040314332995425, 0.56298994142075398, 0.29590000851116516, 0.072785379877982545, -0.17072135508857317, -0.39371043314874971, -0.32632495283530272, -0.17127056883241784},
	smoke:    [5]float64{0, 0.13386833786546262, 0.56200858012438537, 0.66749593377502547, 0.84948177644830847},
	agePow:   [2]float64{-2, 1},
	centre:   [8]float64{0.053274843841791, 4.332503318786621, 0.154946178197861, 0.144462317228317, 3.476326465606690, 123.130012512207030, 9.002537727355957, 0.392308831214905},
	cont:     [8]float64{-8.1388109247726188, 0.79733376689699098, 0.29236092275460052, -4.1513300213837665, 0.15338035820802554, 0.013131488407103424, 0.0078894541014586095, 0.077223790588590108},
	b: [13]float64{1.5923354969269663, 0.25237642070115557, 0.59520725304601851, 0, 0.301267260870345,
		0.21364803435181942, 0.65194569493845833, 0.12555308058820178, 0.75880938654267693, 0.50931593683423004,
		1.7267977510537347, 1.0688773244615468, 0.45445319020896213},
	i1: [21]float64{-4.7057161785851891, -2.7430383403573337, -0.86608088829392182, 0.90241562369710648,
		19.938034889546561, 0, -0.98408045235936281, 0, 1.7634979587872999, 0, -3.5874047731694114, 0, 19.690303738638292,
		11.872809733921812, -1.2444332714320747, 6.86523420000096, 0.99467807940435127,
		23.802623412141742, -71.184947692087007, 0.034131842338615485, -1.0301180802035639},
	i2: [21]float64{-0.075589244643193026, -0.11951192874867074, -0.10366306397571923, -0.13991853591718389,
		-0.076182651011162505, 0, -0.12005364946742472, 0, -0.065586917898699859, 0, -0.22688873086442507, 0, 0.077347949679016273,
		0.00096857823588174436, -0.28724064624488949, -0.097112252590695489, -0.076885051698423038,
		0.52369958933664429, 0.045744190122323759, -0.0015082501423272358, -0.031593414674962329},
}

var qrisk3Male = qrisk3Sex{
	survivor: 0.977268040180206,
	eth:      [10]float64{0, 0, 0.27719248760308279, 0.47446360714931268, 0.52961729919689371, 0.035100159186299017, -0.35807899669327919, -0.4005648523216514, -0.41522792889830173, -0.26321348134749967},
	smoke:    [5]float64{0, 0.19128222863388983, 0.55241588192645552, 0.63835053027506072, 0.78983819881858019},
	agePow:   [2]float64{-1, 3},
	centre:   [8]float64{0.234766781330109, 77.284080505371094, 0.149176135659218, 0.141913309693336, 4.300998687744141, 128.57157897949219, 8.756621360778809, 0.526304900646210},
	cont:     [8]float64{-17.839781666005575, 0.0022964880605765492, 2.4562776660536358, -8.3011122314711354, 0.17340196856327111, 0.012910126542553305, 0.010251914291290456, 0.033268201277287295},
	b: [13]float64{0.88209236928054657, 0.13046879855173513, 0.45485399750445543, 0.22251859086705383, 0.25584178074159913,
		0.20970658013956567, 0.71853261288274384, 0.12133039882047164, 0.4401572174457522, 0.51659871082695474,
		1.2343425521675175, 0.85942071430932221, 0.54055469009390156},
	i1: [21]float64{-0.21011133933516346, 0.75268676447503191, 0.99315887556405791, 2.1331163414389076,
		3.4896675530623207, 0, 1.1708133653489108, -1.506400985745431, 2.3491159871402441, 0, -0.50656716327223694, 0, 0,
		6.5114581098532671, 5.3379864878006531, 3.6461817406221311, 2.7808628508531887,
		31.004952956033886, -111.29157184391643, 0.018858524469865853, -0.1007554870063731},
	i2: [21]float64{-0.00049854870275326121, -0.00079875633317385414, -0.00083706184266251296, -0.00078400319155637289,
		-0.00034995608340636049, 0, -0.0002496045095297166, -0.0011058218441227373, 0.00019896446041478631, 0, -0.0018325930166498813, 0, 0,
		0.00063838053104165013, 0.0006409780808752897, -0.00024695695588868315, -0.00024791809907396037,
		0.0050380102356322029, -0.013074483002524319, -0.00001271874191588457, -0.000093299642323272888},
}

// QRISK3 is the 10-year risk of cardiovascular disease, in percent.
func QRISK3(in QRISK3Input) float64 {
	c := &qrisk3Female
	if in.Male {
		c = &qrisk3Male
	}
	pow := func(x, p float64) float64 { return math.Pow(x, p) }
	dage, dbmi := in.Age/10, in.BMI/10
	age1, age2 := pow(dage, c.agePow[0]), pow(dage, c.agePow[1])
	bmi1 := pow(dbmi, -2)
	bmi2 := bmi1 * math.Log(dbmi)
	x := [8]float64{age1, age2, bmi1, bmi2, in.CholHDLRatio, in.SBP, in.SBPSD, in.Townsend}
	a := c.eth[min(max(in.Ethnicity, 0), 9)] + c.smoke[min(max(in.Smoking, 0), 4)]
	for i := range x {
		x[i] -= c.centre[i]
		a += x[i] * c.cont[i]
	}
	flags := [13]bool{in.AF, in.AtypicalAntiP, in.Steroids, in.Impotence && in.Male, in.Migraine, in.RA, in.Renal, in.SMI, in.SLE, in.TreatedHyp, in.Type1, in.Type2, in.FamilyCHD}
	var terms [21]float64
	if in.Smoking >= 1 && in.Smoking <= 4 {
		terms[in.Smoking-1] = 1
	}
	for i, f := range flags {
		if f {
			a += c.b[i]
			terms[4+i] = 1
		}
	}
	terms[17], terms[18], terms[19], terms[20] = x[2], x[3], x[5], x[7]
	for i, t := range terms {
		a += x[0]*t*c.i1[i] + x[1]*t*c.i2[i]
	}
	return 100 * (1 - math.Pow(c.survivor, math.Exp(a)))
}
