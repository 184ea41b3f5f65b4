//go:build race

package stix_test

// The race detector makes the schema check some fifty times slower.
const raceEnabled = true
