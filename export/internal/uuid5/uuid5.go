// Package uuid5 derives the exporters' stable ids: RFC 4122 name-based
// (version 5, SHA-1) UUIDs. Every id an exporter adds to what the models
// hold (the cause-of-death Observation, openEHR EHR and
// composition ids) is the v5 UUID of a name built from model ids in a
// namespace of its own, so each run, shard and format derives the same one,
// and none can collide with the models' version-4 ids.
package uuid5

import (
	"crypto/sha1"
	"encoding/hex"
)

// URL is the RFC 4122 namespace for URLs (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
var URL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// New returns the name-based SHA-1 UUID of name in ns.
func New(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// String formats u in the canonical 8-4-4-4-12 lower-case form.
func String(u [16]byte) string {
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
}
