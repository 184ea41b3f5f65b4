//go:build !race

package stix_test

const raceEnabled = false
