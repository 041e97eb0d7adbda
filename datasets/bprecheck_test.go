package datasets

import "testing"

// TestBloodPressureRecheckChecked: the catalogue's re-check intervals load
// (5 years after a normal reading, 1 year close to 140/90), and one without
// a source, with the close interval the longer, or with no threshold is
// refused.
func TestBloodPressureRecheckChecked(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	good := cat.Activity.BloodPressureRecheck
	if good.EveryDays < 5*365 || good.CloseDays > 366 || good.CloseSystolic >= 140 || good.CloseDiastolic >= 90 {
		t.Errorf("blood_pressure_recheck %+v: want every 5 years, yearly below 140/90", good)
	}
	for name, edit := range map[string]func(*BloodPressureRecheck){
		"no source":         func(r *BloodPressureRecheck) { r.Source = "" },
		"close the longer":  func(r *BloodPressureRecheck) { r.CloseDays = r.EveryDays + 1 },
		"no close interval": func(r *BloodPressureRecheck) { r.CloseDays = 0 },
		"no systolic":       func(r *BloodPressureRecheck) { r.CloseSystolic = 0 },
	} {
		cat.Activity.BloodPressureRecheck = good
		edit(&cat.Activity.BloodPressureRecheck)
		if cat.checkBloodPressureRecheck() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
