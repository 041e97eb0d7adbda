package generator

import "github.com/code4health/cohortgen/models"

// heldContact is a background GP contact booked about one long-term
// condition held (about = its row in per.conds) or one long-standing
// problem (about = -1 - its presentation index).
type heldContact struct {
	about int32
	day   models.Date
}

// aboutCause is heldContact.about for a contact in end-of-life care about
// the condition the person is dying of.
const aboutCause int32 = -1 << 31

// presentationAbout is heldContact.about for presentation pi.
func presentationAbout(pi int) int32 { return int32(-1 - pi) }

// contactClear reports whether no background GP contact about the same
// condition or problem falls within gap days of day d, before or after (a
// year's contacts are drawn in no order of their days; catalogue
// gp_condition_state.contact_gap_days).
func contactClear(per *person, about int32, d models.Date, gap int) bool {
	g := models.Date(gap)
	for _, c := range per.heldContacts {
		if c.about == about && c.day > d-g && c.day < d+g {
			return false
		}
	}
	return true
}

// bookContact records a background GP contact about it on day d.
func bookContact(per *person, about int32, d models.Date) {
	per.heldContacts = append(per.heldContacts, heldContact{about, d})
}

// bookIfClear books a background GP contact about it on day d when it is
// clear of the others (contactClear), and reports whether it did.
func bookIfClear(per *person, about int32, d models.Date, gap int) bool {
	if !contactClear(per, about, d, gap) {
		return false
	}
	bookContact(per, about, d)
	return true
}
