"""The quantities of VN_WQI (Decision 1460/QĐ-TCMT) and of traffic cameras that the catalogue of 0003 lacked (data)."""

from django.db import migrations

# code, Vietnamese name, English name, unit, lowest and highest physically possible value
QUANTITIES = [
    ("bod5", "Nhu cầu ô-xy sinh hóa (BOD₅)", "Biochemical oxygen demand (BOD5)", "mg/L", 0, 5000),
    ("toc", "Tổng các-bon hữu cơ (TOC)", "Total organic carbon", "mg/L", 0, 5000),
    ("n_nh4", "Amoni (N-NH₄)", "Ammonium (N-NH4)", "mg/L", 0, 1000),
    ("n_no3", "Nitrat (N-NO₃)", "Nitrate (N-NO3)", "mg/L", 0, 1000),
    ("n_no2", "Nitrit (N-NO₂)", "Nitrite (N-NO2)", "mg/L", 0, 1000),
    ("p_po4", "Phosphat (P-PO₄)", "Phosphate (P-PO4)", "mg/L", 0, 1000),
    ("coliform", "Coliform", "Coliform", "MPN/100mL", 0, 1e9),
    ("e_coli", "E.coli", "E. coli", "MPN/100mL", 0, 1e9),
    ("as", "Asen (As)", "Arsenic (As)", "mg/L", 0, 100),
    ("cd", "Cadimi (Cd)", "Cadmium (Cd)", "mg/L", 0, 100),
    ("pb", "Chì (Pb)", "Lead (Pb)", "mg/L", 0, 100),
    ("cr6", "Crom VI (Cr⁶⁺)", "Chromium VI (Cr6+)", "mg/L", 0, 100),
    ("cu", "Đồng (Cu)", "Copper (Cu)", "mg/L", 0, 100),
    ("zn", "Kẽm (Zn)", "Zinc (Zn)", "mg/L", 0, 100),
    ("hg", "Thủy ngân (Hg)", "Mercury (Hg)", "mg/L", 0, 100),
    ("aldrin", "Aldrin", "Aldrin", "µg/L", 0, 1000),
    ("bhc", "BHC", "BHC", "µg/L", 0, 1000),
    ("dieldrin", "Dieldrin", "Dieldrin", "µg/L", 0, 1000),
    ("ddts", "Tổng DDT (DDTs)", "DDTs", "µg/L", 0, 1000),
    ("heptachlor", "Heptachlor và Heptachlor epoxide", "Heptachlor and heptachlor epoxide", "µg/L", 0, 1000),
    # Traffic cameras report what their analytics count (and so are heard from between events).
    ("vehicle_count", "Số phương tiện qua camera", "Vehicles counted by the camera", "xe", 0, 100000),
]


def load(apps, schema_editor):
    Quantity = apps.get_model("iot", "Quantity")
    for code, name, name_en, unit, low, high in QUANTITIES:
        Quantity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": low, "max_value": high}
        )


class Migration(migrations.Migration):
    dependencies = [("iot", "0005_environment_daily_aqi_wqi_meters")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
