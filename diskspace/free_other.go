//go:build !linux

package diskspace

// FSFree cannot measure on this system: the thresholds stay off.
func FSFree(dir string) (int64, error) { return -1, nil }
