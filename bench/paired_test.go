package bench

import (
	"slices"
	"testing"
	"time"
)

// runPaired runs the implementations in turn inside one b.Loop loop,
// rotating which goes first, and times every call. It reports, as custom
// metrics, each implementation's median time per call (<name>-ns/call) and
// the ratio of each median to the first implementation's
// (<name>/<first>). Interleaving call by call means every implementation
// sees the same machine at the same moment: the ratios stay put when the
// machine is busy or its speed drifts, which separate runs do not. (The
// standard ns/op of these benchmarks is the sum over all implementations
// and means nothing by itself.)
func runPaired(b *testing.B, impls []impl) {
	times := make([][]time.Duration, len(impls))
	for k := range times {
		times[k] = make([]time.Duration, 0, 1<<16)
	}
	i := 0
	for b.Loop() {
		for j := range impls {
			k := (i + j) % len(impls)
			start := time.Now()
			if err := impls[k].op(i); err != nil {
				b.Fatalf("%s: %v", impls[k].name, err)
			}
			times[k] = append(times[k], time.Since(start))
		}
		i++
	}
	medians := make([]float64, len(impls))
	for k, ts := range times {
		slices.Sort(ts)
		medians[k] = float64(ts[len(ts)/2])
		b.ReportMetric(medians[k], impls[k].name+"-ns/call")
	}
	for k := 1; k < len(impls); k++ {
		b.ReportMetric(medians[k]/medians[0], impls[k].name+"/"+impls[0].name)
	}
}
