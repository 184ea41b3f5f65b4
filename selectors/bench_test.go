package selectors

import (
	"testing"
	"time"
)

// reportCPU adds a cpu-ns/op metric: the process's CPU time per operation,
// GC included. On a machine shared with other jobs, wall-clock ns/op grows
// with the load while cpu-ns/op stays near the true cost.
func reportCPU(b *testing.B, start time.Duration, ok bool) {
	if end, ok2 := processCPU(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// benchNarrative is a realistic seizure narrative of about 500 characters,
// Arabic with English, holding a plate, two phones, a container, a ship, an
// IBAN and coordinates among quantities and dates that are not selectors.
const benchNarrative = "بتاريخ 17/02/2024 ضبطت مفرزة الجمارك في منفذ طريبيل شاحنة براد تحمل لوحة بغداد ١٢٣٤٥ أ " +
	"محملة بعجينة التمر، وعثر بداخلها على 1,250,000 حبة كبتاغون (نحو 210 كغ) عليها شعار الهلالين. " +
	"هاتف السائق ٠٧٧٠١٢٣٤٥٦٧ وكان على اتصال بالرقم +962 79 123 4567. The load was booked in container " +
	"MSCU 123456 6 shipped from Latakia on vessel IMO 9074729; payment to IQ98 NBIQ 8501 2345 6789 012. " +
	"Lab location reported at 33.85, 35.86 near Yammouneh. القيمة التقديرية 6 ملايين دولار، " +
	"والتحقيق جار لتحديد الجهة المرسلة."

func TestBenchNarrative(t *testing.T) {
	got := Extract(benchNarrative, "IQ")
	types := ""
	for _, s := range got {
		types += string(s.Type) + " "
	}
	if types != "plate phone phone container imo iban coord " {
		t.Fatalf("narrative gives %q: %+v", types, got)
	}
	if n := len([]rune(benchNarrative)); n < 450 || n > 600 {
		t.Fatalf("narrative is %d characters", n)
	}
}

func BenchmarkExtract(b *testing.B) {
	b.SetBytes(int64(len(benchNarrative)))
	b.ReportAllocs()
	cpu, ok := processCPU()
	for b.Loop() {
		Extract(benchNarrative, "IQ")
	}
	reportCPU(b, cpu, ok)
}

// BenchmarkExtractNoSelectors measures the scan alone on text with no
// selector in it.
func BenchmarkExtractNoSelectors(b *testing.B) {
	text := "ضبطت مفرزة الجمارك في منفذ طريبيل شاحنة براد محملة بعجينة التمر، وعثر بداخلها على حبوب كبتاغون عليها شعار الهلالين. " +
		"The load was booked by a company in Latakia and the driver said he did not know what he carried. " +
		"والتحقيق جار لتحديد الجهة المرسلة والجهة المستلمة في دول الخليج، وتم تسليم المضبوطات إلى المختبر الجنائي."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	cpu, ok := processCPU()
	for b.Loop() {
		Extract(text, "IQ")
	}
	reportCPU(b, cpu, ok)
}

func BenchmarkNormalizePhone(b *testing.B) {
	b.ReportAllocs()
	cpu, ok := processCPU()
	for b.Loop() {
		Normalize(Phone, "0770 123 4567", "IQ")
	}
	reportCPU(b, cpu, ok)
}

// BenchmarkExtractParallel runs Extract on every core, as a bulk import
// would. Its ns/op is wall time per narrative with all cores busy, so
// 1e9 / ns/op is narratives per second.
func BenchmarkExtractParallel(b *testing.B) {
	b.SetBytes(int64(len(benchNarrative)))
	b.ReportAllocs()
	cpu, ok := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			Extract(benchNarrative, "IQ")
		}
	})
	reportCPU(b, cpu, ok)
}
