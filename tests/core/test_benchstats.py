"""Benchmark percentiles: a tail percentile is printed only over enough samples to tell it from the maximum."""

from core import benchstats


def test_a_p95_needs_100_samples_and_a_p99_500() -> None:
    assert (benchstats.min_samples(50), benchstats.min_samples(95), benchstats.min_samples(99)) == (1, 100, 500)


def test_a_p95_over_too_few_samples_is_refused_and_the_output_says_so() -> None:
    timings = [float(n) for n in range(1, 11)]

    assert benchstats.percentile(timings, 95) is None
    assert benchstats.summary(timings) == "p50 5.50 ms, p95 not printed (10 samples, needs >= 100)"


def test_a_p95_over_100_samples_is_the_nearest_rank_not_the_maximum() -> None:
    timings = [float(n) for n in range(1, 101)]

    assert benchstats.percentile(timings, 95) == 95.0
    assert benchstats.describe(timings, 95, digits=0) == "p95 95 ms"
