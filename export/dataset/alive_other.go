//go:build !unix

package dataset

// processAlive cannot tell here, so every process is taken to be alive:
// stale locks and partial folders are then left for the user to remove.
func processAlive(int) bool { return true }
