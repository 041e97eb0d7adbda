package openehr

import (
	"sync"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Observations go where datasets/data/openehr_observations.csv puts them:
//   - blood pressure, pulse, respiratory rate, oxygen saturation and body
//     temperature: one "IDCR - Vital Signs Encounter.v1" composition per
//     encounter that recorded them;
//   - weight, height and BMI: one "BMI" composition per encounter that
//     recorded them;
//   - laboratory results: one "IDCR - Laboratory Test Report.v0" per result
//     (the template holds one test; the test name is the analyte's term and
//     the result's name its SNOMED code);
//   - the rest (questionnaires, spirometry, smoking, ...) have no template in
//     the set and are not written.
//
// Each event's time is the observation's effective time. Should an encounter
// record the same measurement twice (the generator does not), the second
// starts a second composition, since the templates allow one of each.

// Slots of the vital signs and BMI compositions.
const (
	slotSystolic = iota
	slotDiastolic
	slotPulse
	slotRespiration
	slotSpO2
	slotTemperature
	slotWeight
	slotHeight
	slotBMI
	nSlots
	slotLab  = -1
	slotNone = -2
)

var slotByKey = map[string]int{
	"systolic_bp": slotSystolic, "diastolic_bp": slotDiastolic, "heart_rate": slotPulse,
	"respiratory_rate": slotRespiration, "oxygen_saturation": slotSpO2, "temperature": slotTemperature,
	"weight": slotWeight, "height": slotHeight, "bmi": slotBMI,
}

// slotOf maps SNOMED codes to slots; built from the datasets table.
var slotOf = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for _, o := range datasets.OpenEHRObservations() {
		if o.Snomed == "" {
			continue
		}
		switch o.Composition {
		case datasets.OpenEHRLab:
			m[o.Snomed] = slotLab
		case datasets.OpenEHRVitalSigns, datasets.OpenEHRBMI:
			s, ok := slotByKey[o.Key]
			if !ok {
				panic("openehr: no element for observation " + o.Key + " (openehr_observations.csv names a vital sign this exporter cannot place)")
			}
			m[o.Snomed] = s
		}
	}
	return m
})

// Slot returns where an observation with this SNOMED code is written:
// "vital_signs", "bmi", "lab" or "" (not written). For tests and loaders.
func Slot(snomed string) string {
	s, ok := slotOf()[snomed]
	switch {
	case !ok:
		return ""
	case s == slotLab:
		return datasets.OpenEHRLab
	case isVital(s):
		return datasets.OpenEHRVitalSigns
	}
	return datasets.OpenEHRBMI
}

// isVital reports whether a slot belongs to the vital signs composition
// (the vital signs slots come first).
func isVital(s int) bool { return s >= 0 && s <= slotTemperature }

// unitsOf is the unit each vital sign and body measure slot is written
// with (datasets.OpenEHRObservation.Units): the record's own, except where
// the template names it otherwise (body temperature's °C for Cel).
var unitsOf = sync.OnceValue(func() [nSlots]string {
	var u [nSlots]string
	for _, o := range datasets.OpenEHRObservations() {
		if s, ok := slotByKey[o.Key]; ok && o.Units != "" {
			u[s] = o.Units
		}
	}
	return u
})

// Pieces of the observation compositions.
var (
	sectionVitals = locatable("SECTION", "openEHR-EHR-SECTION.vital_signs.v1", "Vital signs", "") + `,"items":[`

	bpOpen    = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.blood_pressure.v1", "Blood Pressure", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "History") + `,"origin":`
	bpEvent   = `,"events":[` + node("POINT_EVENT", "at0006", "Any event") + `,"time":`
	bpData    = `,"data":` + node("ITEM_TREE", "at0003", "blood pressure") + `,"items":[`
	elSys     = element("at0004", "Systolic")
	elDia     = element("at0005", "Diastolic")
	pulseOpen = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.pulse.v1", "Pulse/Heart beat", "") + entryAttrs + `,"data":` + node("HISTORY", "at0002", "History") + `,"origin":`
	pulseEv   = `,"events":[` + node("POINT_EVENT", "at0003", "Any event") + `,"time":`
	pulseData = `,"data":` + node("ITEM_TREE", "at0001", "structure") + `,"items":[` + element("at0004", "Heart Rate")
	// Respirations (respiration.v1): the rate, /min, a whole number (the
	// template's precision 0, range 0-200).
	respOpen = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.respiration.v1", "Respirations", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "history") + `,"origin":`
	respEv   = `,"events":[` + node("POINT_EVENT", "at0002", "Any event") + `,"time":`
	respData = `,"data":` + node("ITEM_TREE", "at0003", "List") + `,"items":[` + element("at0004", "Rate")
	// Indirect oximetry (indirect_oximetry.v1): SpO2 is a DV_PROPORTION of
	// type percent (the template allows no other type), numerator 0-100.
	spo2Open = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.indirect_oximetry.v1", "Indirect Oximetry", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "Event Series") + `,"origin":`
	spo2Ev   = `,"events":[` + node("POINT_EVENT", "at0002", "Any Event") + `,"time":`
	spo2Data = `,"data":` + node("ITEM_TREE", "at0003", "Tree") + `,"items":[` + element("at0006", "spO2")
	// Body temperature (body_temperature.v1): degrees Celsius, the
	// template's only unit, magnitude from 0.
	tempOpen = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.body_temperature.v1", "Body temperature", "") + entryAttrs + `,"data":` + node("HISTORY", "at0002", "History") + `,"origin":`
	tempEv   = `,"events":[` + node("POINT_EVENT", "at0003", "Any event") + `,"time":`
	tempData = `,"data":` + node("ITEM_TREE", "at0001", "Tree") + `,"items":[` + element("at0004", "Temperature")

	weightOpen = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.body_weight.v1", "Body weight", "") + entryAttrs + `,"data":` + node("HISTORY", "at0002", "History") + `,"origin":`
	weightEv   = `,"events":[` + node("POINT_EVENT", "at0003", "Any event") + `,"time":`
	weightData = `,"data":` + node("ITEM_TREE", "at0001", "Simple") + `,"items":[` + element("at0004", "Weight")
	heightOpen = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.height.v1", "Height/Length", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "History") + `,"origin":`
	heightEv   = `,"events":[` + node("POINT_EVENT", "at0002", "Any event") + `,"time":`
	heightData = `,"data":` + node("ITEM_TREE", "at0003", "Simple") + `,"items":[` + element("at0004", "Height/Length")
	bmiOpen    = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.body_mass_index.v1", "Body mass index", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "History") + `,"origin":`
	bmiEv      = `,"events":[` + node("POINT_EVENT", "at0002", "Any event") + `,"time":`
	bmiData    = `,"data":` + node("ITEM_TREE", "at0003", "Single") + `,"items":[` + element("at0004", "Body Mass Index")

	labOpen   = locatable("OBSERVATION", "openEHR-EHR-OBSERVATION.laboratory_test.v0", "Laboratory test", "") + entryAttrs + `,"data":` + node("HISTORY", "at0001", "Event Series") + `,"origin":`
	labEv     = `,"events":[` + node("POINT_EVENT", "at0002", "Any event") + `,"time":`
	labData   = `,"data":` + node("ITEM_TREE", "at0003", "Tree") + `,"items":[` + element("at0005", "Test name")
	labStatus = element("at0073", "Test status") + `{"_type":"DV_CODED_TEXT","value":"Final","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"local"},"code_string":"at0038"}}}`
	labStamp  = element("at0075", "Test status timestamp")
	labPanel  = locatable("CLUSTER", "openEHR-EHR-CLUSTER.laboratory_test_panel.v0", "Laboratory test panel", "") + `,"items":[` + node("CLUSTER", "at0002", "Laboratory result") + `,"items":[{"_type":"ELEMENT","name":`
)

// singleObservation is the one-event, one-element OBSERVATION a slot
// other than blood pressure is written as: its pieces, and whether its
// value is a percentage (SpO2) rather than a quantity.
type singleObservation struct {
	open, ev, data string
	percent        bool
}

// single holds each such slot's pieces.
var single = [nSlots]singleObservation{
	slotPulse:       {open: pulseOpen, ev: pulseEv, data: pulseData},
	slotRespiration: {open: respOpen, ev: respEv, data: respData},
	slotSpO2:        {open: spo2Open, ev: spo2Ev, data: spo2Data, percent: true},
	slotTemperature: {open: tempOpen, ev: tempEv, data: tempData},
	slotWeight:      {open: weightOpen, ev: weightEv, data: weightData},
	slotHeight:      {open: heightOpen, ev: heightEv, data: heightData},
	slotBMI:         {open: bmiOpen, ev: bmiEv, data: bmiData},
}

// append writes observation o in the slot's form, a quantity in units.
func (so *singleObservation) append(b []byte, units string, o *models.Observation) []byte {
	if so.percent {
		return percentObservation(b, so.open, so.ev, so.data, o)
	}
	return simpleObservation(b, so.open, so.ev, so.data, units, o)
}

// simpleObservation appends a one-event, one-element OBSERVATION whose
// value is a quantity in the units the template takes for it.
func simpleObservation(b []byte, open, ev, data, units string, o *models.Observation) []byte {
	b = observationHead(b, open, ev, data, o)
	b = dvQuantity(b, *o.Value, units)
	return append(b, "}]}}]}}"...) // ELEMENT, items, ITEM_TREE, POINT_EVENT, events, HISTORY, OBSERVATION
}

// percentObservation is simpleObservation for a percentage, written as a
// DV_PROPORTION of type percent (SpO2).
func percentObservation(b []byte, open, ev, data string, o *models.Observation) []byte {
	b = observationHead(b, open, ev, data, o)
	b = dvPercent(b, *o.Value)
	return append(b, "}]}}]}}"...)
}

// observationHead appends a one-event OBSERVATION up to its element's value.
func observationHead(b []byte, open, ev, data string, o *models.Observation) []byte {
	b = append(b, open...)
	b = dvDateTime(b, o.EffectiveTime)
	b = append(b, ev...)
	b = dvDateTime(b, o.EffectiveTime)
	return append(b, data...)
}

// vitalSigns appends a vital signs composition from the slots filled
// (systolic, diastolic, pulse, respiratory rate, SpO2, temperature; nil
// when not recorded).
func vitalSigns(b []byte, uuid string, c *context, s *[nSlots]*models.Observation) []byte {
	b = openComposition(b, &tplVitals, uuid, c)
	b = append(b, sectionVitals...)
	n := 0
	if sys, dia := s[slotSystolic], s[slotDiastolic]; sys != nil || dia != nil {
		t := sys
		if t == nil {
			t = dia
		}
		b = append(b, bpOpen...)
		b = dvDateTime(b, t.EffectiveTime)
		b = append(b, bpEvent...)
		b = dvDateTime(b, t.EffectiveTime)
		b = append(b, bpData...)
		if sys != nil {
			b = append(b, elSys...)
			b = dvQuantity(b, *sys.Value, unitsOf()[slotSystolic])
			b = append(b, '}')
		}
		if dia != nil {
			if sys != nil {
				b = append(b, ',')
			}
			b = append(b, elDia...)
			b = dvQuantity(b, *dia.Value, unitsOf()[slotDiastolic])
			b = append(b, '}')
		}
		b = append(b, "]}}]}}"...) // items, ITEM_TREE, POINT_EVENT, events, HISTORY, OBSERVATION
		n++
	}
	for _, k := range [...]int{slotPulse, slotRespiration, slotSpO2, slotTemperature} {
		if o := s[k]; o != nil {
			if n > 0 {
				b = append(b, ',')
			}
			b = single[k].append(b, unitsOf()[k], o)
			n++
		}
	}
	b = append(b, "]}"...)
	return closeComposition(b)
}

// bodyMeasures appends a BMI composition from the slots filled (weight,
// height, BMI).
func bodyMeasures(b []byte, uuid string, c *context, s *[nSlots]*models.Observation) []byte {
	b = openComposition(b, &tplBMI, uuid, c)
	n := 0
	for _, k := range [3]int{slotWeight, slotHeight, slotBMI} {
		o := s[k]
		if o == nil {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = single[k].append(b, unitsOf()[k], o)
	}
	return closeComposition(b)
}

// labReport appends a laboratory test report of one result.
func labReport(b []byte, c *context, o *models.Observation) []byte {
	b = openComposition(b, &tplLab, compositionUUID(kindLab, o.ObservationID.String(), 0), c)
	b = append(b, labOpen...)
	b = dvDateTime(b, o.EffectiveTime)
	b = append(b, labEv...)
	b = dvDateTime(b, o.EffectiveTime)
	b = append(b, labData...)
	b = dvText(b, o.Description)
	b = append(b, "},"+labStatus+","+labStamp...)
	b = dvDateTime(b, o.EffectiveTime)
	b = append(b, "},"+labPanel...)
	b = dvCoded(b, o.Description, termSNOMED, o.SnomedCode)
	b = append(b, `,"archetype_node_id":"at0001","value":`...)
	b = dvQuantity(b, *o.Value, o.Unit)
	// ELEMENT, result items, result CLUSTER, panel items, panel CLUSTER,
	// event items, ITEM_TREE, POINT_EVENT, events, HISTORY, OBSERVATION.
	b = append(b, "}]}]}]}}]}}"...)
	return closeComposition(b)
}
