//go:build !linux

package sqlite_test

import "time"

// CPU time is not measured on this system.
func threadCPU() time.Duration { return 0 }

func processCPU() time.Duration { return 0 }
