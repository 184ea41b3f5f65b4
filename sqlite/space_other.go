//go:build !linux

package sqlite

import "os"

// fsFree cannot measure on this system: the thresholds stay off.
func fsFree(dir string) (int64, error) { return -1, nil }

// lockFolder cannot tell whether another process uses the folder here, so
// only stale files are cleaned.
func lockFolder(dir string) (*os.File, bool) { return nil, false }
