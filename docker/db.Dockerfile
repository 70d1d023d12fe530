# PostgreSQL 15 with PostGIS (the official image, Debian-based) and pgRouting from Debian's packages: the road
# network's drive-time areas (roads/isochrones.py) need pgr_drivingDistance; the migration creates the extension.
FROM postgis/postgis:15-3.3
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15-pgrouting \
    && rm -rf /var/lib/apt/lists/*
