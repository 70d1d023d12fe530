"""VN_AQI against the worked examples of Decision 1459/QĐ-TCMT (section 2.3) and its tables 1 and 2."""

import pytest

from iot import aqi

# Section 2.3 a: PM2.5 hourly means from 09:00 to 20:00; c1 is the current hour (20:00).
PM25_09_TO_20 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]


def test_nowcast_of_the_guidance_example_is_20_3() -> None:
    series = list(reversed(PM25_09_TO_20))  # c1 = 20:00 … c12 = 09:00

    assert aqi.nowcast(series) == pytest.approx(20.3, abs=0.05)


def test_nowcast_with_a_fast_change_weights_the_recent_hours_by_one_half() -> None:
    # w* = 10 / 100 < 1/2, so w = 1/2: the guidance's Σ (1/2)^i c_i, which the weighted mean equals to 0.05 %.
    series = [100.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    guidance_form = sum(0.5 ** (i + 1) * value for i, value in enumerate(series))

    assert aqi.nowcast(series) == pytest.approx(guidance_form, rel=1e-3)


def test_nowcast_needs_two_of_the_three_latest_hours() -> None:
    assert aqi.nowcast([None, None, 30.0, 30.0, 30.0]) is None
    assert aqi.nowcast([30.0, None, 30.0, None, 30.0]) == pytest.approx(30.0)


def rounded(quantity: str, concentration: float) -> int:
    value = aqi.sub_index(quantity, concentration)
    assert value is not None
    return aqi.round_half_up(value)


def test_hourly_sub_indices_of_the_guidance_example() -> None:
    # Section 2.3 b: O3 136.1, NO2 118.7 (hourly means), Nowcast PM2.5 20.3.
    assert rounded("o3", 136.1) == 43
    assert rounded("pm25", 20.3) == 41
    # The guidance prints 60 for NO2; formula 1 gives 50/100 * 18.7 + 50 = 59.35. We follow the formula.
    assert aqi.sub_index("no2", 118.7) == pytest.approx(59.35)


def test_hourly_aqi_is_the_largest_sub_index_with_its_band() -> None:
    series = list(reversed(PM25_09_TO_20))

    result = aqi.hourly({"pm25": series}, {"o3": 136.1, "no2": 118.7})

    assert result is not None
    assert (result.aqi, result.dominant) == (59, "no2")
    assert (result.band.label, result.band.hex) == ("Trung bình", "#FFFF00")


def test_daily_aqi_of_the_guidance_example_is_110() -> None:
    # Section 2.3 c: O3 8-hour max 89.3, O3 1-hour max 114.6, NO2 1-hour max 130.8, PM2.5 24-hour mean 55.7.
    result = aqi.daily({"pm25": 55.7}, {"o3": 114.6, "no2": 130.8}, o3_max_8h=89.3)

    assert result is not None
    assert result.aqi == 110
    assert result.dominant == "pm25"
    assert {key: aqi.round_half_up(value) for key, value in result.sub_indices.items()} == {
        "pm25": 110, "o3": 45, "no2": 65,
    }  # fmt: skip


def test_without_pm25_or_pm10_there_is_no_aqi() -> None:
    assert aqi.hourly({}, {"o3": 300.0, "no2": 500.0}) is None


@pytest.mark.parametrize(
    ("value", "label", "rgb"),
    [
        (0, "Tốt", (0, 228, 0)), (50, "Tốt", (0, 228, 0)), (51, "Trung bình", (255, 255, 0)),
        (101, "Kém", (255, 126, 0)), (151, "Xấu", (255, 0, 0)), (201, "Rất xấu", (143, 63, 151)),
        (301, "Nguy hại", (126, 0, 35)), (500, "Nguy hại", (126, 0, 35)),
    ],
)  # fmt: skip
def test_colour_bands_of_table_1(value: int, label: str, rgb: tuple[int, int, int]) -> None:
    band = aqi.band_of(value)

    assert (band.label, band.rgb) == (label, rgb)


def test_breakpoints_interpolate_linearly_between_the_rows_of_table_2() -> None:
    assert aqi.sub_index("pm10", 150) == 100
    assert aqi.sub_index("pm10", 200) == 125
    assert aqi.sub_index("co", 45_000) == 150
    assert aqi.sub_index("so2", 2630) == 500
    assert aqi.sub_index("pm25", 800) == 500  # past the last row: the top of the scale
