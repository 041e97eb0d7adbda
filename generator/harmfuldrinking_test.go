package generator

import "testing"

// Brief h56f: higher-risk drinkers were never investigated (of 348 on
// generate -n 20000 -s 83, 323 had no alcohol disorder coded, 323 no GGT
// and none was referred). NICE CG115: a positive AUDIT-C leads to the full
// AUDIT; harmful drinking and dependence are coded, dependence (AUDIT 20 or
// more) referred to specialist alcohol services; liver function is tested
// (and NICE NG50: men over 50 units a week, women over 35).

// TestHigherRiskDrinkingIsFollowedUp: every higher-risk drinker with an
// AUDIT-C on the record has, at the first, a full AUDIT in the harmful or
// dependent range and the disorder coded that day (dependence at 20 or
// more, with the referral); nine in ten have a GGT after it (the rest are
// never seen face to face again).
func TestHigherRiskDrinkingIsFollowedUp(t *testing.T) {
	r := pathwayPopulation(t)
	a := &r.p.Cat.Alcohol
	hp := r.p.alcohol.harmful
	ggt := r.snomed("ggt")
	heavy, tested := 0, 0
	for id, al := range r.alcoholOf() {
		if len(al.units) == 0 || *al.units[0].Value <= a.HigherAbove.For(r.patients[id].Sex) || len(al.auditC) == 0 {
			continue
		}
		heavy++
		first := al.auditC[0]
		for _, o := range al.auditC {
			if o.EffectiveTime < first.EffectiveTime {
				first = o
			}
		}
		score, referred := -1.0, false
		for _, o := range r.obsByEnc[first.EncounterID] {
			switch o.SnomedCode {
			case hp.audit.Snomed:
				score = *o.Value
			case hp.ref.Snomed:
				referred = true
			}
		}
		if score < float64(hp.h.AuditHarmful[0]) {
			t.Fatalf("patient %s: %v units a week, AUDIT-C %v, full AUDIT %v at the first AUDIT-C", id, *al.units[0].Value, *first.Value, score)
		}
		dependent := score >= float64(hp.h.AuditDependent[0])
		if dependent != referred {
			t.Fatalf("patient %s: full AUDIT %v, referred %v", id, score, referred)
		}
		key := hp.h.Condition.Key
		if dependent {
			key = a.Dependence
		}
		if c := r.has(id, key); c == nil || c.OnsetDate > first.EffectiveTime.Date() {
			t.Fatalf("patient %s: full AUDIT %v on %v and no %s coded by then", id, score, first.EffectiveTime.Date(), key)
		}
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == ggt && o.EffectiveTime >= first.EffectiveTime {
				tested++
				break
			}
		}
	}
	enough(t, heavy, 40, "higher-risk drinkers with an AUDIT-C")
	t.Logf("%d higher-risk drinkers: %d with a GGT after their first AUDIT-C", heavy, tested)
	if tested < heavy*9/10 {
		t.Fatalf("%d of %d higher-risk drinkers have no GGT after their first AUDIT-C (NICE CG115, NG50)", heavy-tested, heavy)
	}
}
