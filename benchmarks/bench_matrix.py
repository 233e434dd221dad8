"""Time and memory of the sparse matrix ``C`` (``conv_matrix(..., sparse=True)``).

The headline case is a 512 x 512 input, 3 x 3 kernel, stride 2 (goal: at most
0.5 s). Peak memory is measured with ``tracemalloc`` (NumPy reports its buffers to
it) at several sizes, and shown per stored non-zero: a constant means memory
proportional to nnz.

Usage::

    python benchmarks/bench_matrix.py            # print a Markdown report
    python benchmarks/bench_matrix.py --write    # also replace its section of RESULTS.md
"""

from __future__ import annotations

import argparse
import tracemalloc

import numpy as np
from bench_ops import RESULTS, interleaved_times, machine_summary, write_section

import tconv_lib as tl

SIZES = (128, 256, 512, 1024)
KERNEL, STRIDE, PADDING = (3, 3), 2, 1


def measure(n: int, repeats: int) -> dict[str, float]:
    kernel = np.random.default_rng(0).standard_normal(KERNEL)
    build = lambda: tl.conv_matrix((n, n), kernel, STRIDE, PADDING, sparse=True)  # noqa: E731
    seconds = float(np.median(interleaved_times([build], repeats, warmup=1)))
    tracemalloc.start()
    try:
        c = build()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Check the matrix while we have it: it is the convolution.
    v = np.random.default_rng(1).standard_normal((n, n))
    np.testing.assert_allclose(
        c @ v.ravel(), tl.conv(v[None, None], kernel[None, None], STRIDE, PADDING).ravel(),
        rtol=1e-10, atol=1e-10)
    stored = c.data.nbytes + c.indices.nbytes + c.indptr.nbytes
    return {"shape": c.shape, "nnz": c.nnz, "ms": seconds * 1e3, "peak_mb": peak / 1e6,
            "peak_per_nnz": peak / c.nnz, "stored_per_nnz": stored / c.nnz}


def report(repeats: int) -> str:
    rows = [(n, measure(n, repeats)) for n in SIZES]
    lines = [
        "## Numerics: sparse `conv_matrix`",
        "",
        machine_summary(),
        f"`tl.conv_matrix((n, n), kernel, stride={STRIDE}, padding={PADDING}, sparse=True)` with "
        f"a {KERNEL[0]}×{KERNEL[1]} kernel; time is the median of {repeats} builds, peak is the "
        "`tracemalloc` peak during one build, *stored* the final CSR arrays.",
        "",
        "| input | C shape | nnz | time ms | peak MB | peak bytes / nnz | stored bytes / nnz |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {n}×{n} | {r['shape'][0]} × {r['shape'][1]} | {r['nnz']:,} | {r['ms']:.1f} "
        f"| {r['peak_mb']:.1f} | {r['peak_per_nnz']:.1f} | {r['stored_per_nnz']:.1f} |"
        for n, r in rows
    ]
    headline = dict(rows)[512]
    lines += [
        "",
        f"512×512: **{headline['ms']:.0f} ms** (goal ≤ 500 ms); peak memory per non-zero is "
        f"{min(r['peak_per_nnz'] for _, r in rows):.0f}–"
        f"{max(r['peak_per_nnz'] for _, r in rows):.0f} bytes at every size, i.e. "
        "proportional to nnz (a dense C at 512×512 would take "
        f"{headline['shape'][0] * headline['shape'][1] * 8 / 1e9:.0f} GB).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="builds timed per size")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = report(args.repeats)
    print(text)
    if args.write:
        write_section("bench_matrix", text)
        print(f"\nwrote the bench_matrix section of {RESULTS}")


if __name__ == "__main__":
    main()
