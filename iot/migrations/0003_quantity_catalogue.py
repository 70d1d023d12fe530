"""The catalogue of measured quantities with units and physical bounds (data: the operator may add more)."""

from django.db import migrations

# code, Vietnamese name, English name, unit, lowest and highest physically possible value
QUANTITIES = [
    ("pm25", "Bụi PM2,5", "PM2.5", "µg/m³", 0, 2000),
    ("pm10", "Bụi PM10", "PM10", "µg/m³", 0, 3000),
    ("o3", "Ô-dôn (O₃)", "Ozone (O3)", "µg/m³", 0, 2000),
    ("no2", "Ni-tơ đi-ô-xít (NO₂)", "Nitrogen dioxide (NO2)", "µg/m³", 0, 5000),
    ("so2", "Lưu huỳnh đi-ô-xít (SO₂)", "Sulphur dioxide (SO2)", "µg/m³", 0, 5000),
    ("co", "Các-bon mô-nô-xít (CO)", "Carbon monoxide (CO)", "µg/m³", 0, 200000),
    ("temperature", "Nhiệt độ không khí", "Air temperature", "°C", -10, 60),
    ("humidity", "Độ ẩm không khí", "Relative humidity", "%", 0, 100),
    ("pressure", "Áp suất khí quyển", "Air pressure", "hPa", 850, 1100),
    ("wind_speed", "Tốc độ gió", "Wind speed", "m/s", 0, 90),
    ("wind_direction", "Hướng gió", "Wind direction", "°", 0, 360),
    ("rainfall", "Lượng mưa", "Rainfall", "mm", 0, 500),
    ("water_level", "Mực nước", "Water level", "m", -20, 50),
    ("water_temperature", "Nhiệt độ nước", "Water temperature", "°C", 0, 45),
    ("ph", "Độ pH", "pH", "", 0, 14),
    ("dissolved_oxygen", "Ô-xy hòa tan (DO)", "Dissolved oxygen", "mg/L", 0, 25),
    ("turbidity", "Độ đục", "Turbidity", "NTU", 0, 4000),
    ("conductivity", "Độ dẫn điện", "Conductivity", "µS/cm", 0, 100000),
    ("cod", "Nhu cầu ô-xy hóa học (COD)", "Chemical oxygen demand", "mg/L", 0, 5000),
    ("tss", "Tổng chất rắn lơ lửng (TSS)", "Total suspended solids", "mg/L", 0, 10000),
    ("flow", "Lưu lượng nước", "Water flow", "m³/h", 0, 100000),
    ("volume", "Chỉ số đồng hồ nước", "Water meter reading", "m³", 0, 1e9),
    ("energy", "Chỉ số công tơ điện", "Energy meter reading", "kWh", 0, 1e10),
    ("power", "Công suất điện", "Electric power", "kW", 0, 100000),
    ("voltage", "Điện áp", "Voltage", "V", 0, 1000),
    ("lamp_state", "Trạng thái đèn (0 tắt, 1 bật)", "Lamp state (0 off, 1 on)", "", 0, 1),
    ("brightness", "Độ sáng đèn", "Lamp brightness", "%", 0, 100),
]


def load(apps, schema_editor):
    Quantity = apps.get_model("iot", "Quantity")
    for code, name, name_en, unit, low, high in QUANTITIES:
        Quantity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": low, "max_value": high}
        )


class Migration(migrations.Migration):
    dependencies = [("iot", "0002_partitioned_readings")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
