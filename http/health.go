package http

import (
	"context"
	"net/http"

	"github.com/jisr-cell/jisr"
	"github.com/prometheus/client_golang/prometheus"
)

// Health is the body of /healthz.
type Health struct {
	Status    string `json:"status"`           // ok, or degraded
	Reason    string `json:"reason,omitempty"` // why degraded, or a warning (low_space: …)
	FreeBytes *int64 `json:"free_bytes,omitempty"`
}

// health answers 200 {"status":"ok"} or, while the storage refuses new
// content, 503 {"status":"degraded","reason":…,"free_bytes":…}. Reads and
// logins still work on a degraded node; the status tells load balancers
// and monitoring that writes do not.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	h, status := Health{Status: "ok"}, http.StatusOK
	if s.Storage != nil {
		st := s.Storage.Storage(r.Context())
		if st.FreeBytes >= 0 {
			h.FreeBytes = &st.FreeBytes
		}
		h.Reason = st.Reason
		if st.Full {
			h.Status, status = "degraded", http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, h)
}

var (
	freeDesc    = prometheus.NewDesc("jisr_storage_free_bytes", "Bytes left for the node's data: free space of the data folder's file system, or of the database size limit when smaller.", nil, nil)
	minFreeDesc = prometheus.NewDesc("jisr_storage_min_free_bytes", "Free space under which the node logs a low-space warning.", nil, nil)
	reserveDesc = prometheus.NewDesc("jisr_storage_reserve_bytes", "Free space under which the node refuses new content (storage_full).", nil, nil)
	fullDesc    = prometheus.NewDesc("jisr_storage_full", "1 while new content is refused for lack of space.", nil, nil)
)

// storageCollector measures the storage once per scrape.
type storageCollector struct{ m jisr.StorageMonitor }

func (c storageCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- freeDesc
	ch <- minFreeDesc
	ch <- reserveDesc
	ch <- fullDesc
}

func (c storageCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.m.Storage(context.Background())
	full := 0.0
	if st.Full {
		full = 1
	}
	ch <- prometheus.MustNewConstMetric(freeDesc, prometheus.GaugeValue, float64(st.FreeBytes))
	ch <- prometheus.MustNewConstMetric(minFreeDesc, prometheus.GaugeValue, float64(st.MinFree))
	ch <- prometheus.MustNewConstMetric(reserveDesc, prometheus.GaugeValue, float64(st.Reserve))
	ch <- prometheus.MustNewConstMetric(fullDesc, prometheus.GaugeValue, full)
}
