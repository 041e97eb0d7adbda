package datasets

import "fmt"

// resolveCodedAs gives each cause of death with coded_as the problem-list
// code and term of that presentation, so one condition has one code and
// one term wherever it is written (h67a: a GP review found pneumonia
// written as "Pneumonia" when diagnosed and "Pneumonia, unspecified" when
// it killed, two rows for one illness).
func (c *Catalogue) resolveCodedAs() error {
	for i := range c.BackgroundCauses {
		bc := &c.BackgroundCauses[i]
		if bc.CodedAs == "" {
			continue
		}
		k := -1
		for j := range c.Presentations {
			if c.Presentations[j].Key == bc.CodedAs {
				k = j
			}
		}
		if k < 0 {
			return fmt.Errorf("causes_of_death %s: coded_as %q is not a presentation", bc.Key, bc.CodedAs)
		}
		pr := &c.Presentations[k]
		if bc.Snomed != "" || bc.ICD10 != pr.ICD10 {
			return fmt.Errorf("causes_of_death %s: coded_as %s gives the snomed code (none here) and shares its icd10 %s", bc.Key, pr.Key, pr.ICD10)
		}
		bc.Snomed, bc.rowTerm = pr.Snomed, pr.Description
	}
	return nil
}

// RowTerm is the term of the problem-list row a coded cause is written as:
// its coded_as presentation's, else its own description.
func (bc *BackgroundCause) RowTerm() string {
	if bc.rowTerm != "" {
		return bc.rowTerm
	}
	return bc.Description
}
