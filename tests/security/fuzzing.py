"""Seed and size of the fuzzing tests: fixed in `make test` so CI repeats itself; `make fuzz` draws and prints one."""

import os

# `make test` runs with seed 0 and 20 examples per operation; `make fuzz` sets FUZZ_SEED to a fresh random number
# (printed, so a failure can be replayed with FUZZ_SEED=<n> make fuzz) and FUZZ_EXAMPLES to a longer run.
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "0"))
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
