//go:build race

package selectors

// raceEnabled: timing tests mean little under the race detector.
const raceEnabled = true
