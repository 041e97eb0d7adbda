package generator

import "unsafe"

// bytesToString views b as a string without copying. Callers never modify b
// afterwards: the id arena is append-only and a full arena is replaced, not
// reused.
func bytesToString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
