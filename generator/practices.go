package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// peoplePerPractice sets the size of the practice pool: one synthetic
// practice per this many residents of a town (at least one per town).
const peoplePerPractice = 60_000

// practiceKey keys the practice streams. Practices do not depend on the seed:
// every dataset shares one pool, so loading two datasets into one FHIR server
// reuses the same Organizations.
const practiceKey = 0x7072616374696365

// buildPractices creates the fixed pool of synthetic GP practices, town by
// town, and returns it with each town's practice indexes.
func buildPractices(p *Plan) ([]models.Practice, [][]int) {
	var out []models.Practice
	byTown := make([][]int, len(p.towns))
	patterns := []string{"%s Medical Centre", "%s Surgery", "The %s Practice", "%s Health Centre", "%s Family Practice"}
	for ti, town := range p.towns {
		n := max(1, int(math.Round(float64(town.Population)/peoplePerPractice)))
		for k := 0; k < n; k++ {
			idx := len(out)
			s := distributions.NewStream(practiceKey, uint64(idx))
			var idBuf []byte
			id := appendUUID(idBuf, &s)
			stem := p.streetStems[s.IntN(len(p.streetStems))]
			name := fmt.Sprintf(patterns[s.IntN(len(patterns))], stem)
			region := p.regionByCode(town.Region)
			out = append(out, models.Practice{
				PracticeID:  string(id),
				ODSCode:     fmt.Sprintf("ZZ%04d", idx+1),
				Name:        name,
				AddressLine: p.streetAddress(&s),
				Town:        town.Name,
				Postcode:    unissuablePostcode(town.Outcodes[s.IntN(len(town.Outcodes))], &s),
				Region:      town.Region,
				RegionName:  region,
				Phone:       dramaPhone(town.PhonePrefix, &s),
			})
			byTown[ti] = append(byTown[ti], idx)
		}
	}
	return out, byTown
}

func (p *Plan) regionByCode(code string) string {
	for _, r := range p.regions {
		if r.Code == code {
			return r.Name
		}
	}
	return code
}

// Practices returns the practice pool.
func (p *Plan) Practices() []models.Practice { return p.practices }
