//! Go's `sort.Slice` as built by Go 1.19 to 1.23 (pattern-defeating quicksort), for output
//! that must list equal elements in the order a Go tool does: the sort is not stable, and
//! promtool prints whatever order it leaves ties in.
//!
//! Indices are Go `int`s (`isize`); element access goes through bounds-checked `less` and
//! `swap`, so a logic slip cannot panic (the algorithm never leaves the slice).

/// Sorts `v` as Go's `sort.Slice(v, less)` does, leaving equal elements in Go's order.
pub fn sort_slice<T>(v: &mut [T], less: impl FnMut(&T, &T) -> bool) {
    let n = v.len() as isize;
    let limit = (usize::BITS - v.len().leading_zeros()) as isize;
    let mut d = Data { v, less };
    pdqsort(&mut d, 0, n, limit);
}

struct Data<'a, T, F> {
    v: &'a mut [T],
    less: F,
}

impl<T, F: FnMut(&T, &T) -> bool> Data<'_, T, F> {
    fn less(&mut self, i: isize, j: isize) -> bool {
        let a = usize::try_from(i).ok().and_then(|i| self.v.get(i));
        let b = usize::try_from(j).ok().and_then(|j| self.v.get(j));
        match (a, b) {
            (Some(a), Some(b)) => (self.less)(a, b),
            _ => false,
        }
    }

    fn swap(&mut self, i: isize, j: isize) {
        let len = self.v.len();
        if let (Ok(i), Ok(j)) = (usize::try_from(i), usize::try_from(j)) {
            if i < len && j < len {
                self.v.swap(i, j);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

fn insertion_sort<T, F: FnMut(&T, &T) -> bool>(d: &mut Data<'_, T, F>, a: isize, b: isize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && d.less(j, j - 1) {
            d.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    lo: isize,
    hi: isize,
    first: isize,
) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && d.less(first + child, first + child + 1) {
            child += 1;
        }
        if !d.less(first + root, first + child) {
            return;
        }
        d.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort<T, F: FnMut(&T, &T) -> bool>(d: &mut Data<'_, T, F>, a: isize, b: isize) {
    let (first, lo, hi) = (a, 0, b - a);
    let mut i = (hi - 1) / 2;
    while i >= 0 {
        sift_down(d, i, hi, first);
        i -= 1;
    }
    let mut i = hi - 1;
    while i >= 0 {
        d.swap(first, first + i);
        sift_down(d, lo, i, first);
        i -= 1;
    }
}

fn pdqsort<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    mut a: isize,
    mut b: isize,
    mut limit: isize,
) {
    const MAX_INSERTION: isize = 12;
    let (mut was_balanced, mut was_partitioned) = (true, true);
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(d, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(d, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(d, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(d, a, b);
        if hint == Hint::Decreasing {
            reverse_range(d, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced
            && was_partitioned
            && hint == Hint::Increasing
            && partial_insertion_sort(d, a, b)
        {
            return;
        }
        // Many elements equal to the previous pivot: put them first and skip them.
        if a > 0 && !d.less(a - 1, pivot) {
            a = partition_equal(d, a, b, pivot);
            continue;
        }
        let (mid, already) = partition(d, a, b, pivot);
        was_partitioned = already;
        let (left, right) = (mid - a, b - mid);
        let balance_threshold = length / 8;
        if left < right {
            was_balanced = left >= balance_threshold;
            pdqsort(d, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= balance_threshold;
            pdqsort(d, mid + 1, b, limit);
            b = mid;
        }
    }
}

fn partition<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
    pivot: isize,
) -> (isize, bool) {
    d.swap(a, pivot);
    let (mut i, mut j) = (a + 1, b - 1);
    while i <= j && d.less(i, a) {
        i += 1;
    }
    while i <= j && !d.less(j, a) {
        j -= 1;
    }
    if i > j {
        d.swap(j, a);
        return (j, true);
    }
    d.swap(i, j);
    i += 1;
    j -= 1;
    loop {
        while i <= j && d.less(i, a) {
            i += 1;
        }
        while i <= j && !d.less(j, a) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i, j);
        i += 1;
        j -= 1;
    }
    d.swap(j, a);
    (j, false)
}

fn partition_equal<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
    pivot: isize,
) -> isize {
    d.swap(a, pivot);
    let (mut i, mut j) = (a + 1, b - 1);
    loop {
        while i <= j && !d.less(a, i) {
            i += 1;
        }
        while i <= j && d.less(a, j) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i, j);
        i += 1;
        j -= 1;
    }
    i
}

fn partial_insertion_sort<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: isize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !d.less(i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        d.swap(i, i - 1);
        if i - a >= 2 {
            // Go's bound is 1, not a+1: the shift may cross into the slice before `a`.
            let mut j = i - 1;
            while j >= 1 {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

fn break_patterns<T, F: FnMut(&T, &T) -> bool>(d: &mut Data<'_, T, F>, a: isize, b: isize) {
    let length = b - a;
    if length < 8 {
        return;
    }
    // Go's xorshift seeded with the length (shifts 13, 17, 5 until Go 1.24).
    let mut random = length as u64;
    let modulus = 1u64 << (u64::BITS - (length as u64).leading_zeros());
    let mut idx = a + (length / 4) * 2 - 1;
    while idx <= a + (length / 4) * 2 + 1 {
        random ^= random << 13;
        random ^= random >> 17;
        random ^= random << 5;
        let mut other = (random & (modulus - 1)) as isize;
        if other >= length {
            other -= length;
        }
        d.swap(idx, a + other);
        idx += 1;
    }
}

fn choose_pivot<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
) -> (isize, Hint) {
    const SHORTEST_NINTHER: isize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0usize;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(d, i - 1, i, i + 1, &mut swaps);
            j = median(d, j - 1, j, j + 1, &mut swaps);
            k = median(d, k - 1, k, k + 1, &mut swaps);
        }
        j = median(d, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
    swaps: &mut usize,
) -> (isize, isize) {
    if d.less(b, a) {
        *swaps += 1;
        (b, a)
    } else {
        (a, b)
    }
}

fn median<T, F: FnMut(&T, &T) -> bool>(
    d: &mut Data<'_, T, F>,
    a: isize,
    b: isize,
    c: isize,
    swaps: &mut usize,
) -> isize {
    let (a, b) = order2(d, a, b, swaps);
    let (b, _c) = order2(d, b, c, swaps);
    let (_a, b) = order2(d, a, b, swaps);
    b
}

fn reverse_range<T, F: FnMut(&T, &T) -> bool>(d: &mut Data<'_, T, F>, a: isize, b: isize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        d.swap(i, j);
        i += 1;
        j -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts() {
        for n in [0usize, 1, 2, 7, 12, 13, 49, 50, 51, 200, 1000] {
            let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
            let mut v: Vec<u64> = (0..n)
                .map(|_| {
                    x ^= x << 7;
                    x ^= x >> 9;
                    x % 17
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            sort_slice(&mut v, |a, b| a < b);
            assert_eq!(v, want, "n={n}");
            // Already sorted, reversed and all-equal inputs take the pattern paths.
            let mut r = want.clone();
            r.reverse();
            sort_slice(&mut r, |a, b| a < b);
            assert_eq!(r, want);
            sort_slice(&mut r, |a, b| a > b);
            want.reverse();
            assert_eq!(r, want);
        }
    }

    /// Orders that Go 1.19's `sort.Slice` produces for ties, as observed from promtool 2.42
    /// (`tsdb analyze` on fixtures/tsdb/blocks/basic): keys sorted by name, then sorted by
    /// descending count.
    #[test]
    fn ties_land_where_go_puts_them() {
        let input: Vec<(&str, u64)> = vec![
            ("__name__", 12),
            ("code", 3),
            ("handler", 1),
            ("instance", 2),
            ("job", 1),
            ("l00", 2),
            ("l01", 1),
            ("l02", 1),
            ("l03", 1),
            ("l04", 1),
            ("l05", 1),
            ("l06", 1),
            ("l07", 1),
            ("l08", 1),
            ("l09", 1),
            ("l10", 1),
            ("l11", 1),
            ("l12", 1),
            ("l13", 1),
            ("l14", 1),
            ("l15", 1),
            ("l16", 1),
            ("l17", 1),
            ("l18", 1),
            ("l19", 1),
            ("l20", 1),
            ("l21", 1),
            ("l22", 1),
            ("l23", 1),
            ("l24", 1),
            ("l25", 1),
            ("l26", 1),
            ("l27", 1),
            ("l28", 1),
            ("l29", 4),
            ("le", 12),
            ("method", 2),
            ("quantile", 3),
            ("sensor", 2),
            ("service", 1),
        ];
        let mut v = input;
        sort_slice(&mut v, |a, b| a.1 > b.1);
        let got: Vec<&str> = v.iter().take(20).map(|e| e.0).collect();
        assert_eq!(
            got,
            [
                "__name__", "le", "l29", "code", "quantile", "sensor", "instance", "l00", "method",
                "l15", "l19", "l06", "l07", "l08", "l09", "l10", "l11", "l12", "l13", "l14"
            ]
        );
    }
}
