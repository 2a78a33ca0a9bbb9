// Throughput of Prometheus 2.42's XOR chunk iterator (tsdb/chunkenc at v2.42.0) over every
// XOR chunk of a data directory's blocks: M samples per CPU-second, best and median of 10
// rounds of at least 0.2 CPU-seconds, as lookout's benches/tsdb.rs measures decode_xor_into.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/prometheus/prometheus/tsdb/chunkenc"
)

func cpuNs() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "xorbench:", err)
	os.Exit(2)
}

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: xorbench DATA_DIR"))
	}
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*", "chunks", "*"))
	if len(files) == 0 {
		fail(fmt.Errorf("no block chunk files under %s", os.Args[1]))
	}
	sort.Strings(files)
	var chunks []chunkenc.Chunk
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		for i := 8; i < len(b); {
			l, shift := 0, 0
			for i < len(b) {
				c := b[i]
				i++
				l |= int(c&0x7f) << shift
				shift += 7
				if c < 0x80 {
					break
				}
			}
			if i+1+l > len(b) {
				break
			}
			if b[i] == 1 {
				c, err := chunkenc.FromData(chunkenc.EncXOR, b[i+1:i+1+l])
				if err != nil {
					fail(err)
				}
				chunks = append(chunks, c)
			}
			i += 1 + l + 4
		}
	}
	var it chunkenc.Iterator
	pass := func() (n int, sum float64, tsum int64) {
		for _, c := range chunks {
			it = c.Iterator(it)
			for it.Next() == chunkenc.ValFloat {
				t, v := it.At()
				tsum += t
				sum += v
				n++
			}
			if it.Err() != nil {
				fail(it.Err())
			}
		}
		return
	}
	n, _, _ := pass()
	fmt.Printf("%d chunks, %d samples\n", len(chunks), n)
	var rates []float64
	for r := 0; r < 10; r++ {
		start := cpuNs()
		passes := 0
		var spent int64
		for {
			pass()
			passes++
			spent = cpuNs() - start
			if spent > 200_000_000 {
				break
			}
		}
		rates = append(rates, float64(passes*n)/float64(spent)*1000)
	}
	sort.Float64s(rates)
	fmt.Printf("Prometheus 2.42 XOR iterator: %.0f M samples per CPU-second (best of 10 rounds; median %.0f)\n", rates[9], rates[5])
}
