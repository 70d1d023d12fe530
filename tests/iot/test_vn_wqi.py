"""VN_WQI against examples worked by hand from Decision 1460/QĐ-TCMT's tables and formulas (each stated below)."""

import pytest

from iot import wqi

# DO at saturation at 25 °C (the guidance's cubic): 14.652 - 0.41022·25 + 0.0079910·625 - 0.000077774·15625
DO_SAT_25 = 14.652 - 10.2555 + 4.994375 - 1.21521875  # = 8.17565625 mg/L


def test_ph_index_follows_table_1() -> None:
    assert wqi.ph_index(7.0) == 100  # 6 ≤ pH ≤ 8.5
    assert wqi.ph_index(5.75) == pytest.approx(75)  # halfway from (5.5, 50) to (6, 100)
    assert wqi.ph_index(8.8) == pytest.approx(70)  # 100 - 50 · (8.8 - 8.5) / (9 - 8.5)
    assert wqi.ph_index(5.4) == 10 and wqi.ph_index(9.0) == 10  # pH < 5.5 and pH ≥ 9


def test_do_saturation_and_index_follow_table_4() -> None:
    assert wqi.do_saturation(25) == pytest.approx(DO_SAT_25)
    percent = wqi.do_percent(6.0, 25)  # 6 / 8.1757 · 100 = 73.39 %
    assert percent == pytest.approx(73.389, abs=0.001)
    assert wqi.do_index(percent) == pytest.approx(73.389, abs=0.001)  # between (50 %, 50) and (75 %, 75)
    assert wqi.do_index(100) == 100 and wqi.do_index(130) == pytest.approx(70)  # plateau; (125,75)→(150,50)
    assert wqi.do_index(15) == 10 and wqi.do_index(210) == 10


def test_parameter_index_interpolates_formula_2() -> None:
    # WQI_SI = (q_i - q_i+1) / (BP_i+1 - BP_i) · (BP_i+1 - C) + q_i+1
    assert wqi.parameter_index("bod5", 5) == pytest.approx(87.5)  # (100-75)/(6-4)·(6-5)+75
    assert wqi.parameter_index("cod", 12) == pytest.approx(90)  # (100-75)/(15-10)·(15-12)+75
    assert wqi.parameter_index("n_nh4", 0.5) == pytest.approx(66.667, abs=0.001)  # (75-50)/(0.9-0.3)·0.4+50
    assert wqi.parameter_index("coliform", 3000) == pytest.approx(95)  # (100-75)/2500·2000+75
    assert wqi.parameter_index("bod5", 4) == 100 and wqi.parameter_index("bod5", 6) == 75


def test_parameter_index_at_the_ends_of_the_table() -> None:
    assert wqi.parameter_index("bod5", 50) == 10 and wqi.parameter_index("bod5", 80) == 10
    assert wqi.parameter_index("coliform", 10000) == 25 and wqi.parameter_index("coliform", 12000) == 10
    assert wqi.parameter_index("aldrin", 0.1) == 100 and wqi.parameter_index("aldrin", 0.2) == 10
    # Cd: A1 = A2 = 0.005, so 0.005 is 100 and 0.0075 lies between (0.005, 75) and (0.01, 50).
    assert wqi.parameter_index("cd", 0.005) == 100
    assert wqi.parameter_index("cd", 0.0075) == pytest.approx(62.5)


def test_worked_example_of_groups_i_iv_and_v() -> None:
    # I: pH 7 → 100.  IV: DO 6 mg/L at 25 °C → 73.389; BOD5 5 → 87.5; COD 12 → 90; N-NH4 0.5 → 66.667;
    # P-PO4 0.15 → (100-75)/0.1·0.05+75 = 87.5; mean = 405.056 / 5 = 81.011.  V: Coliform 3000 → 95.
    # VN_WQI = 100/100 · [81.011² · 95]^(1/3) = (623 466)^(1/3) = 85.43 → 85, class "Tốt".
    values = {"ph": 7.0, "dissolved_oxygen": 6.0, "water_temperature": 25.0, "bod5": 5.0, "cod": 12.0,
              "n_nh4": 0.5, "p_po4": 0.15, "coliform": 3000.0, "turbidity": 40.0, "tss": 35.0}  # fmt: skip

    result = wqi.compute(values)

    assert result.groups["IV"] == pytest.approx(81.01, abs=0.01)
    assert result.groups["V"] == 95
    assert result.wqi == 85
    assert result.wqi_class.label == "Tốt"
    assert "turbidity" not in result.sub_indices and "tss" not in result.sub_indices  # not VN_WQI parameters


def test_worked_example_with_heavy_metals_and_no_group_v() -> None:
    # I: pH 8.8 → 70.  III: As 0.03 → (75-50)/(0.05-0.02)·(0.05-0.03)+50 = 66.667; Cd 0.003 → 100;
    # geometric mean √(66.667 · 100) = 81.650.  IV: BOD5 15 → 50; COD 30 → 50; DO 8.2 mg/L at 25 °C = 100.3 %
    # → 100; mean 66.667.  No group V: the bracket is the mean of group IV.
    # VN_WQI = 0.70 · 0.81650 · 66.667 = 38.10 → 38, class "Kém".
    values = {"ph": 8.8, "as": 0.03, "cd": 0.003, "bod5": 15.0, "cod": 30.0, "dissolved_oxygen": 8.2,
              "water_temperature": 25.0}  # fmt: skip

    result = wqi.compute(values)

    assert result.groups["III"] == pytest.approx(81.65, abs=0.01)
    assert result.wqi == 38
    assert result.wqi_class.label == "Kém"


def test_a_pesticide_over_its_limit_pulls_the_index_down_tenfold() -> None:
    # Example 1 with Aldrin 0.2 µg/L (> 0.1): group II = 10, so VN_WQI = 0.10 · 85.43 = 8.5 → 9, "Ô nhiễm rất nặng".
    values = {"ph": 7.0, "dissolved_oxygen": 6.0, "water_temperature": 25.0, "bod5": 5.0, "cod": 12.0,
              "n_nh4": 0.5, "p_po4": 0.15, "coliform": 3000.0, "aldrin": 0.2}  # fmt: skip

    result = wqi.compute(values)

    assert result.wqi == 9
    assert result.wqi_class.label == "Ô nhiễm rất nặng"


def test_a_sample_needs_three_groups_and_three_group_iv_parameters() -> None:
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "cod": 12.0, "n_nh4": 0.5})  # groups I and IV only
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "cod": 12.0, "coliform": 3000.0})  # group IV with two
    with pytest.raises(wqi.NotRateable):
        wqi.compute({"ph": 7.0, "bod5": 5.0, "dissolved_oxygen": 6.0, "cod": 10, "coliform": 3000.0})  # DO w/o T


def test_classes_of_table_5() -> None:
    labels = [wqi.class_of(value).label for value in (100, 91, 90, 76, 75, 51, 50, 26, 25, 10, 9, 0)]
    assert labels == ["Rất tốt", "Rất tốt", "Tốt", "Tốt", "Trung bình", "Trung bình", "Kém", "Kém", "Xấu", "Xấu",
                      "Ô nhiễm rất nặng", "Ô nhiễm rất nặng"]  # fmt: skip
