"""VN_WQI of Decision 1460/QĐ-TCMT against examples worked by hand from its tables and formula.

The decision's own text (and any worked example it prints) could not be read here, so each example below is
computed by hand, every step written beside it, from the tables and formula as the public sources agree on them
(listed in docs/ARCHITECTURE.md, *Environment and utilities*). The expected numbers are literals, not read back
from iot.wqi, so a changed breakpoint or formula fails here.
"""

import pytest

from iot import wqi

# DO at saturation at 25 °C (the guidance's cubic): 14.652 - 0.41022·25 + 0.0079910·625 - 0.000077774·15625
DO_SAT_25 = 14.652 - 10.2555 + 4.994375 - 1.21521875  # = 8.17565625 mg/L

# Sample A: groups I, IV and V, plus turbidity and TSS which VN_WQI 2019 does not index.
SAMPLE_A = {"ph": 7.0, "dissolved_oxygen": 6.0, "water_temperature": 25.0, "bod5": 5.0, "cod": 12.0,
            "n_nh4": 0.5, "p_po4": 0.15, "coliform": 3000.0, "turbidity": 40.0, "tss": 35.0}  # fmt: skip


def test_ph_has_a_plateau_from_6_to_8_5_and_floors_outside_5_5_to_9() -> None:
    assert wqi.ph_index(6.0) == 100 and wqi.ph_index(7.0) == 100 and wqi.ph_index(8.5) == 100
    assert wqi.ph_index(5.75) == pytest.approx(75)  # halfway from (5.5, 50) to (6, 100)
    assert wqi.ph_index(8.8) == pytest.approx(70)  # 100 - 50 · (8.8 - 8.5) / (9 - 8.5)
    assert wqi.ph_index(5.5) == 50 and wqi.ph_index(9.0) == 50  # the ends of the lines
    assert wqi.ph_index(5.49) == 10 and wqi.ph_index(9.01) == 10  # pH < 5.5 or pH > 9


def test_do_saturation_and_its_plateau_from_88_to_112_percent() -> None:
    assert wqi.do_saturation(25) == pytest.approx(DO_SAT_25)
    percent = wqi.do_percent(6.0, 25)  # 6 / 8.17566 · 100 = 73.389 %
    assert percent == pytest.approx(73.389, abs=0.001)
    assert wqi.do_index(percent) == pytest.approx(73.389, abs=0.001)  # between (50 %, 50) and (75 %, 75)
    assert wqi.do_index(88) == 100 and wqi.do_index(100) == 100 and wqi.do_index(112) == 100
    assert wqi.do_index(81.5) == pytest.approx(87.5)  # halfway from (75 %, 75) to (88 %, 100)
    assert wqi.do_index(130) == pytest.approx(70)  # (125 %, 75) → (150 %, 50)
    assert wqi.do_index(20) == 25 and wqi.do_index(200) == 25
    assert wqi.do_index(19.9) == 10 and wqi.do_index(200.1) == 10  # below 20 % or above 200 %


# (parameter, concentration, WQI_SI). Formula 1: (q_i - q_i+1) / (BP_i+1 - BP_i) · (BP_i+1 - C) + q_i+1.
# The midpoint of the last segment, (BP_4 + BP_5) / 2, rates (25 + 10) / 2 = 17.5 for every parameter with a BP_5.
TABLE_CASES = [
    ("bod5", 5.0, 87.5),  # (100-75)/(6-4)·(6-5)+75
    ("bod5", 37.5, 17.5),  # BOD5 25 → 50
    ("cod", 12.0, 90.0),  # (100-75)/(15-10)·(15-12)+75
    ("cod", 100.0, 17.5),  # COD 50 → 150
    ("toc", 10.5, 62.5),  # TOC 6 → 15: (75-50)/9·4.5+50
    ("toc", 37.5, 17.5),  # TOC 25 → 50
    ("n_nh4", 0.5, 58.333),  # N-NH4 0.3 → 0.6: (75-50)/0.3·0.1+50
    ("n_nh4", 0.75, 37.5),  # N-NH4 0.6 → 0.9
    ("n_nh4", 2.95, 17.5),  # N-NH4 0.9 → 5
    ("n_no3", 7.5, 62.5),  # N-NO3 5 → 10
    ("n_no3", 12.5, 37.5),  # N-NO3 10 → 15
    ("p_po4", 0.15, 87.5),  # (100-75)/0.1·0.05+75
    ("p_po4", 2.25, 17.5),  # P-PO4 0.5 → 4
    ("coliform", 3000.0, 95.0),  # (100-75)/2500·2000+75
    ("coliform", 8750.0, 37.5),  # Coliform 7500 → 10000
    ("e_coli", 150.0, 37.5),  # E.coli 100 → 200
    ("as", 0.03, 66.667),  # As 0.02 → 0.05: (75-50)/0.03·0.02+50
    ("cd", 0.0065, 62.5),  # Cd 0.005 → 0.008
    ("cd", 0.055, 17.5),  # Cd 0.01 → 0.1
    ("pb", 0.03, 62.5),  # Pb 0.02 → 0.04
    ("pb", 0.275, 17.5),  # Pb 0.05 → 0.5
    ("cr6", 0.075, 17.5),  # Cr6+ 0.05 → 0.1
    ("cu", 1.5, 17.5),  # Cu 1 → 2
    ("zn", 2.5, 17.5),  # Zn 2 → 3
    ("hg", 0.00125, 62.5),  # Hg 0.001 → 0.0015
    ("hg", 0.006, 17.5),  # Hg 0.002 → 0.01
]


@pytest.mark.parametrize(("code", "concentration", "expected"), TABLE_CASES)
def test_parameter_index_interpolates_in_the_breakpoint_tables(code: str, concentration: float,
                                                               expected: float) -> None:  # fmt: skip
    assert wqi.parameter_index(code, concentration) == pytest.approx(expected, abs=0.001)


def test_a_value_on_a_breakpoint_takes_its_q_and_a_doubled_first_breakpoint_rates_75() -> None:
    assert wqi.parameter_index("bod5", 4) == 100 and wqi.parameter_index("bod5", 6) == 75  # "≤ 4", then 6
    assert wqi.parameter_index("as", 0.01) == 100 and wqi.parameter_index("as", 0.1) == 25
    # N-NH4, Cd, Pb and Hg have BP_1 = BP_2: the q = 100 column reads "< BP_1", so BP_1 itself is 75.
    for code, bp in (("n_nh4", 0.3), ("cd", 0.005), ("pb", 0.02), ("hg", 0.001)):
        assert wqi.parameter_index(code, bp * 0.99) == 100
        assert wqi.parameter_index(code, bp) == 75


def test_past_the_last_breakpoint_a_parameter_rates_10() -> None:
    # A BP_5 ("≥ BP_5" rates 10):
    assert wqi.parameter_index("bod5", 50) == 10 and wqi.parameter_index("bod5", 80) == 10
    assert wqi.parameter_index("n_nh4", 5) == 10 and wqi.parameter_index("p_po4", 4) == 10
    assert wqi.parameter_index("p_po4", 3.99) > 10 and wqi.parameter_index("hg", 0.01) == 10
    # No BP_5 ("> BP_4" rates 10), so BP_4 itself is still 25:
    assert wqi.parameter_index("coliform", 10000) == 25 and wqi.parameter_index("coliform", 10001) == 10
    assert wqi.parameter_index("e_coli", 200) == 25 and wqi.parameter_index("e_coli", 201) == 10
    assert wqi.parameter_index("n_no3", 15) == 25 and wqi.parameter_index("n_no3", 15.1) == 10
    assert wqi.parameter_index("as", 0.11) == 10


def test_pesticides_and_nitrite_pass_within_their_limit_and_fail_above_it() -> None:
    for code, limit in (("aldrin", 0.1), ("bhc", 0.02), ("dieldrin", 0.1), ("ddts", 1.0), ("heptachlor", 0.2),
                        ("n_no2", 0.05)):  # fmt: skip
        assert wqi.parameter_index(code, limit) == 100
        assert wqi.parameter_index(code, limit * 1.01) == 10


def test_example_a_groups_i_iv_and_v() -> None:
    """Groups I, IV and V: the bracket is the cube root of (mean IV)² · mean V.

    I: pH 7 → 100.  IV: DO 6 mg/L at 25 °C = 73.389 % → 73.389; BOD5 5 → 87.5; COD 12 → 90; N-NH4 0.5 → 58.333;
    P-PO4 0.15 → 87.5; mean = 396.722 / 5 = 79.344.  V: Coliform 3000 → 95.
    VN_WQI = 100/100 · (79.344² · 95)^(1/3) = (598 068)^(1/3) = 84.25 → 84, "Tốt".
    """
    result = wqi.compute(SAMPLE_A)

    assert result.groups["IV"] == pytest.approx(79.34, abs=0.01)
    assert result.groups["V"] == 95
    assert result.wqi == 84
    assert result.wqi_class.label == "Tốt"
    assert "turbidity" not in result.sub_indices and "tss" not in result.sub_indices  # not VN_WQI parameters


def test_example_b_heavy_metals_without_group_v() -> None:
    """Groups I, III and IV: group III is a geometric mean, and without group V the bracket is the mean of IV.

    I: pH 8.8 → 70.  III: As 0.03 → 66.667; Cd 0.003 (< 0.005) → 100; √(66.667 · 100) = 81.650.
    IV: BOD5 15 → 50; COD 30 → 50; DO 8.2 mg/L at 25 °C = 100.3 % → 100; mean 66.667.
    VN_WQI = 0.70 · 0.81650 · 66.667 = 38.10 → 38, "Xấu" (26-50).
    """
    values = {"ph": 8.8, "as": 0.03, "cd": 0.003, "bod5": 15.0, "cod": 30.0, "dissolved_oxygen": 8.2,
              "water_temperature": 25.0}  # fmt: skip

    result = wqi.compute(values)

    assert result.groups["III"] == pytest.approx(81.65, abs=0.01)
    assert "V" not in result.groups
    assert result.wqi == 38
    assert result.wqi_class.label == "Xấu"


def test_example_c_a_missing_group_i_leaves_its_factor_out() -> None:
    """Groups III, IV and V, no pH: sample A's bracket 84.253 times group III's 0.81650 = 68.79 → 69."""
    values = {code: value for code, value in SAMPLE_A.items() if code != "ph"} | {"as": 0.03, "cd": 0.003}

    result = wqi.compute(values)

    assert "I" not in result.groups
    assert result.wqi == 69
    assert result.wqi_class.label == "Trung bình"


def test_example_d_a_pesticide_over_its_limit_pulls_the_index_down_tenfold() -> None:
    """Sample A with Aldrin 0.2 µg/L (> 0.1): group II = 10, VN_WQI = 0.10 · 84.25 = 8.4 → 8."""
    result = wqi.compute(SAMPLE_A | {"aldrin": 0.2})

    assert result.groups["II"] == 10
    assert result.wqi == 8
    assert result.wqi_class.label == "Ô nhiễm rất nặng"


def test_example_e_group_v_is_the_mean_of_coliform_and_e_coli() -> None:
    """Sample A with E.coli 150 → 37.5: group V = (95 + 37.5) / 2 = 66.25.

    VN_WQI = (79.344² · 66.25)^(1/3) = (417 075)^(1/3) = 74.71 → 75, "Trung bình".
    """
    result = wqi.compute(SAMPLE_A | {"e_coli": 150.0})

    assert result.groups["V"] == 66.25
    assert result.wqi == 75
    assert result.wqi_class.label == "Trung bình"


def test_a_sample_needs_three_groups_and_three_group_iv_parameters() -> None:
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "cod": 12.0, "n_nh4": 0.5})  # groups I and IV only
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "cod": 12.0, "coliform": 3000.0})  # group IV with two
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "dissolved_oxygen": 6.0, "cod": 10, "coliform": 3000.0})  # DO w/o T
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "coliform": 3000.0, "as": 0.01, "aldrin": 0.05, "bod5": 5.0})  # four groups, IV one
    # Three groups with three group IV parameters: IV (87.5 + 90 + 100) / 3 = 92.5, (92.5² · 95)^(1/3) = 93.33.
    assert wqi.compute({"ph": 7.0, "bod5": 5.0, "cod": 12.0, "n_no2": 0.01, "coliform": 3000.0}).wqi == 93


def test_the_index_is_rounded_half_up() -> None:
    assert wqi.round_half_up(84.5) == 85 and wqi.round_half_up(84.49) == 84 and wqi.round_half_up(8.5) == 9


def test_six_classes_with_xau_above_kem() -> None:
    values = (100, 91, 90, 76, 75, 51, 50, 26, 25, 10, 9, 0)
    labels = [wqi.class_of(value).label for value in values]
    assert labels == ["Rất tốt", "Rất tốt", "Tốt", "Tốt", "Trung bình", "Trung bình", "Xấu", "Xấu", "Kém", "Kém",
                      "Ô nhiễm rất nặng", "Ô nhiễm rất nặng"]  # fmt: skip
    assert [wqi.class_of(value).hex for value in (95, 80, 60, 40, 20, 5)] == [
        "#3333FF", "#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#7E0023"
    ]  # fmt: skip
