// Package checkpoint holds what the FHIR and openEHR loaders' resumable
// checkpoint files have in common: the set of units done, stored compactly
// as DoneBelow plus a Done list, and an atomic JSON file write. Each loader
// keeps its own file name and metadata (server, fingerprint, options) and
// its own rules for when a saved file may be resumed.
package checkpoint
