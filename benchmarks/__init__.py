"""Benchmarks: scripts that measure, each runnable alone, all run by `python -m benchmarks`.

A benchmark is a module `benchmarks/<name>.py` with a `main()` that writes
`benchmarks/results/<name>.json` (see `benchmarks.common.write_result`): a list
of figures, each with the reference it is compared with, measured in the same
run. `python -m benchmarks` runs them all and writes `results/summary.json` and
`results/summary.md`, the table the README shows.
"""
