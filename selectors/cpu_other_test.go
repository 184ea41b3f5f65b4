//go:build !unix

package selectors

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
