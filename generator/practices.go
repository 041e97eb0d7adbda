package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
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
	for ti := range p.towns {
		town := &p.towns[ti]
		n := max(1, int(math.Round(float64(town.Population)/peoplePerPractice)))
		for k := 0; k < n; k++ {
			idx := len(out)
			s := distributions.NewStream(practiceKey, uint64(idx))
			var idBuf []byte
			id := appendUUID(idBuf, &s)
			stem := p.streetStems[s.IntN(len(p.streetStems))]
			name := fmt.Sprintf(patterns[s.IntN(len(patterns))], stem)
			out = append(out, p.newPractice(town, string(id), name, fmt.Sprintf("ZZ%04d", idx+1), &s))
			byTown[ti] = append(byTown[ti], idx)
		}
	}
	return out, byTown
}

// newPractice places a practice in a town: its address, postcode and
// telephone number are drawn from s.
func (p *Plan) newPractice(town *datasets.Town, id, name, ods string, s *distributions.Stream) models.Practice {
	return models.Practice{
		PracticeID:  id,
		ODSCode:     ods,
		Name:        name,
		AddressLine: p.streetAddress(s),
		Town:        town.Name,
		Postcode:    unissuablePostcode(town.Outcodes[s.IntN(len(town.Outcodes))], s),
		Region:      town.Region,
		RegionName:  p.regionByCode(town.Region),
		Phone:       dramaPhone(town.PhonePrefix, s),
	}
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
