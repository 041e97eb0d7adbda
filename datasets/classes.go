package datasets

import (
	"fmt"
	"strings"
	"sync"
)

// loadPreventive is the set of medicines medicine_classes.csv marks
// preventive: taken to lower a future risk, not for symptoms, and stopped in
// the last weeks of an expected death.
var loadPreventive = sync.OnceValue(func() map[string]bool {
	t := loadRefTable("medicine_classes.csv", "medicine", "classes", "preventive")
	out := map[string]bool{}
	for _, r := range t.rows {
		switch v := t.str(r, "preventive"); v {
		case "yes":
			out[t.str(r, "medicine")] = true
		case "":
		default:
			panic(fmt.Sprintf("datasets: medicine_classes.csv: preventive %q, want yes or empty", v))
		}
	}
	return out
})

// Preventive reports whether the medicine is preventive (statins,
// antiplatelets): stopped at the end of life, unlike medicines for symptoms.
func Preventive(key string) bool { return loadPreventive()[key] }

// loadClasses maps each medicine key to its therapeutic classes
// (data/medicine_classes.csv): the one definition that prescribing rules and
// the audit share.
var loadClasses = sync.OnceValue(func() map[string][]string {
	t := loadRefTable("medicine_classes.csv", "medicine", "classes")
	out := map[string][]string{}
	for _, r := range t.rows {
		key := t.str(r, "medicine")
		if _, ok := MedicineByKey(key); !ok {
			panic(fmt.Sprintf("datasets: medicine_classes.csv: unknown medicine %q", key))
		}
		for _, c := range strings.Split(t.str(r, "classes"), ";") {
			if c = strings.TrimSpace(c); c != "" {
				out[key] = append(out[key], c)
			}
		}
	}
	return out
})

// MedicineClasses returns the therapeutic classes of a medicine, e.g.
// "ramipril" -> [ace_inhibitor raas_blocker antihypertensive].
func MedicineClasses(key string) []string {
	return append([]string(nil), loadClasses()[key]...)
}

// InClass reports whether the medicine belongs to the class.
func InClass(key, class string) bool {
	for _, c := range loadClasses()[key] {
		if c == class {
			return true
		}
	}
	return false
}

// knownClasses is every class some medicine belongs to.
var knownClasses = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, cs := range loadClasses() {
		for _, c := range cs {
			out[c] = true
		}
	}
	return out
})
