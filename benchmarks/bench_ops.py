"""Speed of ``tconv_lib.conv_transpose`` and ``tconv_lib.conv`` against PyTorch's CPU kernels.

Each case runs ours and PyTorch's alternately (so that load from other processes
hits both alike), float32, with PyTorch and NumPy's BLAS on the same number of
threads; the figure of merit is the median over runs of the per-run time ratio.
Also reported: the achieved GFLOP/s, NumPy's own float32 matmul peak on this
machine, and a naive floor (the textbook double loop over spatial positions,
NumPy over batch and channels, timed on one image and scaled by the batch).

Usage::

    python benchmarks/bench_ops.py            # print a Markdown report
    python benchmarks/bench_ops.py --write    # also replace its section of RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_info, threadpool_limits

import tconv_lib as tl

RESULTS = Path(__file__).with_name("RESULTS.md")

#: (N, C_in, C_out, H = W, k, s, p) of the issue's benchmark suite.
SUITE = [
    (8, 64, 32, 32, 4, 2, 1),
    (16, 128, 64, 16, 4, 2, 1),
    (1, 3, 3, 64, 3, 2, 1),
    (4, 32, 16, 64, 3, 2, 1),
    (2, 256, 128, 8, 2, 2, 0),
    (8, 16, 16, 32, 5, 1, 2),
]


# --------------------------------------------------------------------------
# machine description and RESULTS.md sections, shared with bench_matrix.py


def machine_summary() -> str:
    """One Markdown paragraph: date, CPU, cores, NumPy, BLAS and PyTorch."""
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        cpu = models[0] if models else cpu
    # NumPy and SciPy each bundle their own BLAS; tconv_lib's kernels call SciPy's.
    blas = [f"{Path(i['filepath']).parent.name.removesuffix('.libs')}: {i['internal_api']} "
            f"{i['version']} ({i.get('architecture', '?')}, {i['num_threads']} threads)"
            for i in threadpool_info() if i["user_api"] == "blas"]
    return (f"Measured {datetime.date.today().isoformat()} on {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy "
            f"{scipy.__version__}, BLAS {'; '.join(blas) or 'unknown'}, "
            f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads); load average "
            f"{os.getloadavg()[0]:.1f} when this section started (other processes share the "
            "cores, so single runs are noisy).")


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the block between ``<!-- name:start -->`` and ``<!-- name:end -->``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)


# --------------------------------------------------------------------------
# timing


def interleaved_times(functions: list[Callable[[], object]], repeats: int, warmup: int = 2,
                      clock: Callable[[], float] = time.perf_counter) -> np.ndarray:
    """Seconds per call, shape ``(repeats, len(functions))``, the functions alternating."""
    for f in functions:
        for _ in range(warmup):
            f()
    times = np.empty((repeats, len(functions)))
    for r in range(repeats):
        for j, f in enumerate(functions):
            start = clock()
            f()
            times[r, j] = clock() - start
    return times


def single_thread_cpu_ratio(ours: Callable[[], object], theirs: Callable[[], object],
                            repeats: int, threads: int) -> float:
    """Median ratio of CPU times with both libraries on one thread.

    With one thread, the CPU time a call consumes hardly depends on what other
    processes do, so this ratio stays stable on a busy machine.
    """
    torch.set_num_threads(1)
    try:
        with threadpool_limits(1, user_api="blas"):
            # Idle BLAS and OpenMP workers spin for a while after their last job, and
            # process time would count that: let them fall asleep first.
            time.sleep(0.5)
            times = interleaved_times([ours, theirs], repeats, clock=time.process_time)
    finally:
        torch.set_num_threads(threads)
    return float(np.median(times[:, 0] / times[:, 1]))


def matmul_peak_gflops(size: int = 2048, repeats: int = 5) -> float:
    """NumPy's float32 matmul speed on a square product (the BLAS ceiling here)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    best = interleaved_times([lambda: a @ b], repeats, warmup=1).min()
    return 2 * size**3 / best / 1e9


# --------------------------------------------------------------------------
# the textbook double loops (the floor)


def naive_conv_transpose(x: np.ndarray, w: np.ndarray, s: int, p: int) -> np.ndarray:
    """Scatter: every input position adds its kernel-weighted copy at stride s."""
    n, _, h, width = x.shape
    k = w.shape[2]
    full = np.zeros((n, w.shape[1], (h - 1) * s + k, (width - 1) * s + k), dtype=x.dtype)
    for i in range(h):
        for j in range(width):
            full[:, :, s * i:s * i + k, s * j:s * j + k] += np.tensordot(x[:, :, i, j], w, 1)
    return full[:, :, p:full.shape[2] - p, p:full.shape[3] - p]


def naive_conv(x: np.ndarray, w: np.ndarray, s: int, p: int) -> np.ndarray:
    """Gather: every output position is the dot product of its window with the kernel."""
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    k = w.shape[2]
    o = tl.conv_output_size(x.shape[2], k, s, p)
    out = np.empty((x.shape[0], w.shape[0], o, o), dtype=x.dtype)
    for i in range(o):
        for j in range(o):
            window = padded[:, :, s * i:s * i + k, s * j:s * j + k]
            out[:, :, i, j] = np.tensordot(window, w, ([1, 2, 3], [1, 2, 3]))
    return out


# --------------------------------------------------------------------------
# the suite


def run_case(case: tuple[int, ...], op: str, repeats: int, threads: int) -> dict[str, float]:
    n, c_in, c_out, h, k, s, p = case
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c_in, h, h), dtype=np.float32)
    if op == "conv_transpose":
        w = rng.standard_normal((c_in, c_out, k, k), dtype=np.float32)
        ours = lambda: tl.conv_transpose(x, w, s, p)  # noqa: E731
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        theirs = lambda: F.conv_transpose2d(xt, wt, stride=s, padding=p)  # noqa: E731
        naive, positions = naive_conv_transpose, h * h
    else:
        w = rng.standard_normal((c_out, c_in, k, k), dtype=np.float32)
        ours = lambda: tl.conv(x, w, s, p)  # noqa: E731
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        theirs = lambda: F.conv2d(xt, wt, stride=s, padding=p)  # noqa: E731
        naive, positions = naive_conv, tl.conv_output_size(h, k, s, p) ** 2
    # Multiply-adds: every (input or output) position meets C_in * C_out * k^2 weights.
    flops = 2.0 * n * positions * c_in * c_out * k * k
    np.testing.assert_allclose(ours(), theirs().numpy(), rtol=1e-3, atol=1e-3 * k * np.sqrt(c_in))
    times = interleaved_times([ours, theirs], repeats)
    one_image = x[:1]
    np.testing.assert_allclose(naive(one_image, w, s, p), ours()[:1], rtol=1e-3,
                               atol=1e-3 * k * np.sqrt(c_in))
    naive_time = interleaved_times([lambda: naive(one_image, w, s, p)], 3, warmup=1).min() * n
    ours_t, theirs_t = np.median(times, axis=0)
    return {
        "ours_ms": ours_t * 1e3,
        "torch_ms": theirs_t * 1e3,
        "ratio": float(np.median(times[:, 0] / times[:, 1])),
        "ours_gflops": flops / ours_t / 1e9,
        "torch_gflops": flops / theirs_t / 1e9,
        "naive_ms": naive_time * 1e3,
        "cpu_ratio": single_thread_cpu_ratio(ours, theirs, repeats, threads),
    }


def report(repeats: int, threads: int) -> str:
    peak = matmul_peak_gflops()
    lines = [
        "## Numerics: `conv_transpose` and `conv` against PyTorch",
        "",
        machine_summary(),
        f"Both libraries on {threads} thread(s); float32; {repeats} interleaved runs per case "
        "after 2 warm-up calls; times are medians, *ratio* is the median of the per-run ratios "
        "ours / PyTorch (wall clock). *1-thread CPU ratio*: the same with both libraries on one "
        "thread, in CPU time, which a busy machine hardly disturbs. NumPy's float32 matmul peak "
        f"(2048³) here: **{peak:.0f} GFLOP/s**. *Naive* is the textbook double loop over spatial "
        "positions (Python loops, NumPy over batch and channels), timed on one image and "
        "multiplied by N.",
        "",
    ]
    for op, torch_name in (("conv_transpose", "conv_transpose2d"), ("conv", "conv2d")):
        rows = [(case, run_case(case, op, repeats, threads)) for case in SUITE]
        ratios = [r["ratio"] for _, r in rows]
        cpu_ratios = [r["cpu_ratio"] for _, r in rows]
        lines += [
            f"### `tl.{op}` (default method) vs `torch.nn.functional.{torch_name}`",
            "",
            "| (N, C_in, C_out, H=W, k, s, p) | ours ms | torch ms | ratio | ours GFLOP/s "
            "| torch GFLOP/s | naive ms | 1-thread CPU ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {case} | {r['ours_ms']:.2f} | {r['torch_ms']:.2f} | {r['ratio']:.2f} "
            f"| {r['ours_gflops']:.0f} | {r['torch_gflops']:.0f} | {r['naive_ms']:.1f} "
            f"| {r['cpu_ratio']:.2f} |"
            for case, r in rows
        ]
        lines += [
            "",
            f"Median ratio **{np.median(ratios):.2f}**, largest **{max(ratios):.2f}** "
            "(goal: median ≤ 1.5, none above 3); on one thread, CPU time: median "
            f"{np.median(cpu_ratios):.2f}, largest {max(cpu_ratios):.2f}.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=25, help="interleaved runs per case")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for both libraries (default: NumPy's BLAS threads)")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    blas_threads = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    threads = args.threads or (blas_threads[0] if blas_threads else 1)
    torch.set_num_threads(threads)
    with threadpool_limits(threads, user_api="blas"):
        text = report(args.repeats, threads)
    print(text)
    if args.write:
        write_section("bench_ops", text)
        print(f"\nwrote the bench_ops section of {RESULTS}")


if __name__ == "__main__":
    main()
