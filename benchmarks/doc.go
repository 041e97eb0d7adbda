// Package benchmarks holds whole-pipeline benchmarks for cohortgen and the
// baseline they are compared with. Figures, with the commands that produced
// them, are in RESULTS.md; `make bench` reruns them.
package benchmarks
