// Package audit checks generated patient records against clinical rules
// written as data (datasets/rules.yaml): safe prescribing, physiology,
// coding that follows measurement, and care rates beside published
// achievement.
//
// Rules are data; kinds are code. Each rule names one of a small set of
// generic kinds (drug_when_observation, concurrent_drugs, encounter_reason,
// ...; see kinds.go and docs/audit.md) and gives it parameters. Compile
// turns the rules into evaluators once; an Auditor then walks the records
// patient by patient, in patient order, with work linear in each patient's
// rows, so the same code audits a generated models.Batch in memory and a
// dataset folder read back from Parquet.
package audit
