//go:build !linux

package generator

import "time"

// threadCPU is not measured here: BenchmarkRareCohort reports wall-time
// ratios only.
func threadCPU() time.Duration { return 0 }
