// Command benchratio reads `go test -bench` output and prints, per
// benchmark, the median of every metric for each implementation and its
// ratio to a baseline implementation, as a Markdown table.
//
// Sub-benchmarks named impl=<who> are implementations of the same
// benchmark; the baseline is impl=pgxpool unless -base says otherwise.
// Besides the ratio of the medians it prints the median of the paired
// ratios for ns/op: the k-th run of an implementation against the k-th run
// of the baseline, which with -count=N interleaves them in time, so slow
// drift on a shared machine cancels out. Any other metric (the Paired
// benchmarks' per-call medians and ratios) is listed after, with its
// median, minimum and maximum over the runs.
//
//	go test -run '^$' -bench . -benchmem -count=10 | tee results.txt
//	go run ./cmd/benchratio results.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// samples holds one benchmark's values, metric by metric, in run order.
type samples struct {
	name  string
	units []string // in first-seen order
	vals  map[string][]float64
}

var procSuffix = regexp.MustCompile(`-\d+$`)

func parse(r io.Reader, byName map[string]*samples, order *[]string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		s := byName[name]
		if s == nil {
			s = &samples{name: name, vals: map[string][]float64{}}
			byName[name] = s
			*order = append(*order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			u := f[i+1]
			if _, ok := s.vals[u]; !ok {
				s.units = append(s.units, u)
			}
			s.vals[u] = append(s.vals[u], v)
		}
	}
	return sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// split returns the group and the implementation of "BenchmarkX/impl=y".
func split(name string) (group, impl string) {
	g, sub, ok := strings.Cut(name, "/")
	if !ok {
		return name, ""
	}
	if v, ok := strings.CutPrefix(sub, "impl="); ok {
		return g, v
	}
	return name, ""
}

func format(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func main() {
	base := flag.String("base", "pgxpool", "the baseline implementation (impl=NAME)")
	flag.Parse()
	byName := map[string]*samples{}
	var order []string
	if flag.NArg() == 0 {
		if err := parse(os.Stdin, byName, &order); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	for _, path := range flag.Args() {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		err = parse(f, byName, &order)
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	units := []string{"ns/op", "cpu-ns/op", "B/op", "allocs/op"}
	fmt.Print("| benchmark | n |")
	for _, u := range units {
		fmt.Printf(" %s | ×base |", u)
	}
	fmt.Println(" paired ×base ns/op |")
	fmt.Println("|---|---|" + strings.Repeat("---|---|", len(units)) + "---|")
	for _, name := range order {
		s := byName[name]
		group, impl := split(name)
		var b *samples
		if impl != "" && impl != *base {
			b = byName[group+"/impl="+*base]
		}
		fmt.Printf("| %s | %d |", strings.TrimPrefix(name, "Benchmark"), len(s.vals["ns/op"]))
		for _, u := range units {
			vs, ok := s.vals[u]
			if !ok {
				fmt.Print(" | |")
				continue
			}
			m := median(vs)
			ratio := ""
			if b != nil && len(b.vals[u]) > 0 && median(b.vals[u]) != 0 {
				ratio = strconv.FormatFloat(m/median(b.vals[u]), 'f', 2, 64)
			}
			fmt.Printf(" %s | %s |", format(m), ratio)
		}
		paired := ""
		if b != nil {
			xs, ys := s.vals["ns/op"], b.vals["ns/op"]
			var rs []float64
			for k := 0; k < len(xs) && k < len(ys); k++ {
				rs = append(rs, xs[k]/ys[k])
			}
			if len(rs) > 0 {
				paired = strconv.FormatFloat(median(rs), 'f', 2, 64)
			}
		}
		fmt.Printf(" %s |\n", paired)
	}

	// Other metrics (the Paired benchmarks' per-call medians and ratios).
	std := map[string]bool{"ns/op": true, "cpu-ns/op": true, "B/op": true, "allocs/op": true}
	header := false
	for _, name := range order {
		s := byName[name]
		for _, u := range s.units {
			if std[u] {
				continue
			}
			if !header {
				fmt.Println()
				fmt.Println("| benchmark | metric | n | median | min | max |")
				fmt.Println("|---|---|---|---|---|---|")
				header = true
			}
			vs := s.vals[u]
			fmt.Printf("| %s | %s | %d | %s | %s | %s |\n", strings.TrimPrefix(name, "Benchmark"), u, len(vs),
				format(median(vs)), format(slices.Min(vs)), format(slices.Max(vs)))
		}
	}
}
