"""Reference values the gis_core tests share."""

# The province's test vector: a point in Nha Trang in WGS 84 and in VN-2000 / TM-3 108-15 (EPSG:9217).
TEST_LON, TEST_LAT = 109.1967, 12.2388
TEST_E, TEST_N = 602805.66, 1353660.03
NHA_TRANG_WARD = "22366"  # Phường Nha Trang, which contains the test vector in the demo geometry
SPECIAL_ZONE = "22736"  # Đặc khu Trường Sa
OUTSIDE_LON, OUTSIDE_LAT = 107.5, 12.0  # Đắk Lắk / Lâm Đồng side, west of the province
