"""Settings for the Khánh Hòa IOC platform, read only from environment variables."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_database_list,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_str,
)
from config.gdal import bundled_gdal_library

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
_DEV_SECRET = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET) if DEBUG else env_str("DJANGO_SECRET_KEY")
_DEV_HOSTS = ["127.0.0.1", "localhost"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", _DEV_HOSTS) if DEBUG else env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django_otp",  # two-factor sign-in for staff (accounts/two_factor.py)
    "django_otp.plugins.otp_totp",
    "accounts.axes_app.AxesConfig",  # django-axes, titled in Vietnamese in the admin
    "core",
    "accounts",
    "gis_core",
    "agencies",
    "planning",
    "layers",
    "imports",  # uploads of layers and plans run as background jobs by the tasks worker
    "ogc_api",
    "ogc_pygeoapi",
    "tiles",
    "alerts",
    "alert_rules",  # the rule engine: rule types, spatial and raster rules, rule runs (above alerts)
    "delivery",  # sends the alerts' notices by email, SMS, Zalo and webhooks; above alerts, through alerts.api
    "iot",
    "fieldreports",
    "datahub",
    "indicators",
    "reports",
    "services",
    "roads",
    # The sector services of Appendix I, one room each (sectors/), after the platform apps they build on.
    "sectors.traffic",
    "sectors.fire",
    "sectors.health",
    "sectors.education",
    "sectors.listening",
    "sectors.cyber",
    "backups",
    "search",
    "audit",
    "portal",
]

MIDDLEWARE = [
    # First, so it compresses every response below it (pages, JSON, tiles); static files come precompressed.
    "core.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads parameters: a NUL or control character in a query or form is a 400 at the door.
    "core.middleware.ControlCharacterMiddleware",
    # Before anything reads the database: safe requests read from a replica unless the caller just wrote.
    "config.db_router.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then staff who must use two-factor sign-in are sent to enrol or verify.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    # Lets the audit log's signal receivers (role changes, admin log entries) know the request's user and address.
    "audit.log.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ErrorResponseMiddleware",
    # AxesMiddleware must come last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.navigation.navigation",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/ioc")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
# A kept-open connection that died with a database restart is replaced instead of failing a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
# Streaming replicas (comma-separated URLs): requests that only read go to them (config/db_router.py), and a caller
# who wrote reads from the primary for DATABASE_READ_YOUR_WRITES_SECONDS.
DATABASE_REPLICAS: list[str] = []
for _number, _replica in enumerate(env_database_list("DATABASE_REPLICA_URLS"), start=1):
    _replica.update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
    _replica["TEST"] = {"MIRROR": "default"}
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = DATABASES["default"]["OPTIONS"]["connect_timeout"]
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_READ_YOUR_WRITES_SECONDS = env_int("DATABASE_READ_YOUR_WRITES_SECONDS", 5)
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
# Behind PgBouncer in transaction pooling a named cursor cannot outlive its transaction's server connection.
DATABASE_POOLER = env_choice("DATABASE_POOLER", "none", {"none", "pgbouncer"})
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "pgbouncer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _REDIS_URL = env_str("REDIS_URL", "")  # required with DEBUG off (core/deploy_checks.py)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions are read from Redis on any web node (and kept in the database too, so a Redis restart signs nobody out).
if _REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The caller's address for every rate limit and log: X-Forwarded-For is believed only from TRUSTED_PROXIES
# (addresses or networks of our own reverse proxies), never from anyone else (core/client_ip.py).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Two-factor sign-in (TOTP, django-otp): when on, operators and management administrators must enrol a phone app
# and give its code after their password (production sets it; development leaves it off for the demo accounts).
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Khánh Hòa IOC"
# The audit log of user activity (audit app) is kept this many days; the tasks worker deletes older entries.
AUDIT_KEEP_DAYS = env_int("AUDIT_KEEP_DAYS", 365 * 2)
# Outbound requests (core/fetch.py) never reach private, loopback or link-local addresses except these networks
# (e.g. the province's own data servers; the tests' local fake servers).
OUTBOUND_ALLOWED_NETWORKS = env_networks("OUTBOUND_ALLOWED_NETWORKS", [])

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our catalogue first; then Vietnamese for texts of Django and django-axes their own catalogues leave in English.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end packages come from the npm registry at set-up time (scripts/setup.sh), never from a CDN.
STATICFILES_DIRS = [("vendor", BASE_DIR / "vendor")]
# Production (DEBUG off): collectstatic writes fingerprinted names (map.3f2a….js) with .gz and .br beside them, and
# WhiteNoise serves them with a year's immutable caching. scripts/setup.sh and the Dockerfile run collectstatic.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "core.staticfiles.ManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if STATIC_MANIFEST:
    # gunicorn serves the collected files itself (immutable caching, brotli or gzip); runserver does in development.
    _SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    MIDDLEWARE.insert(_SECURITY + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

# An online basemap is opt-in; the default map draws only our own layers and works offline.
MAP_ONLINE_BASEMAP_URL = env_str("MAP_ONLINE_BASEMAP_URL", "")
MAP_ONLINE_BASEMAP_ATTRIBUTION = env_str("MAP_ONLINE_BASEMAP_ATTRIBUTION", "")

SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS", [])

# Production hardening; every value can be relaxed only explicitly.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", {"text", "json"})
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Axes announces itself at every start; keep its routine lines out of the way.
    "loggers": {"axes": {"level": "WARNING"}},
}

# GeoDjango uses the GDAL (>= 3.9) bundled in the pinned pyogrio wheel, which blocks file and network
# access from spatial-reference text (Debian's GDAL 3.6 cannot: gis.W001). GDAL_LIBRARY_PATH overrides;
# without either, Django falls back to the system GDAL and its check warns loudly.
GDAL_LIBRARY_PATH = env_str("GDAL_LIBRARY_PATH", "") or bundled_gdal_library()

# --- layers and tiles ---
# Uploaded layers (layers.importing): the largest file and the most features one upload may hold. The import
# streams in batches (memory stays that of a batch), so the feature limit bounds the worker's time, not its memory:
# 1,000,000 features import in well under a minute.
LAYERS_UPLOAD_MAX_BYTES = env_int("LAYERS_UPLOAD_MAX_MB", 256) * 1024 * 1024
LAYERS_IMPORT_MAX_FEATURES = env_int("LAYERS_IMPORT_MAX_FEATURES", 2_000_000)
# Features read, checked and written at a time: large enough that GDAL's and PostgreSQL's per-call costs vanish,
# small enough that a batch (its frame, geometries and rows) stays within some tens of megabytes.
LAYERS_IMPORT_BATCH_SIZE = env_int("LAYERS_IMPORT_BATCH_SIZE", 50_000)
# Raster layers (layers.rasters): where their Cloud-Optimized GeoTIFFs live (never served as files: the web
# server has no route to it; tiles and rules read it through rasterio), and the most pixels (width x height x
# bands) one GeoTIFF may hold.
LAYER_DATA_DIR = env_path("LAYER_DATA_DIR", MEDIA_ROOT / "layers")
LAYERS_RASTER_MAX_PIXELS = env_int("LAYERS_RASTER_MAX_PIXELS", 400_000_000)
# Vector tiles (tiles app): how long the server keeps a rendered tile (keys carry the layer's data_version,
# so an import never serves stale tiles), and how long browsers may reuse one before revalidating its ETag.
TILES_CACHE_SECONDS = env_int("TILES_CACHE_SECONDS", 7 * 24 * 3600)
# Off only to measure rendering (bench/tiles.sh): every tile is then rendered by PostGIS on each request.
TILES_SERVER_CACHE = env_bool("TILES_SERVER_CACHE", True)
TILES_BROWSER_MAX_AGE = env_int("TILES_BROWSER_MAX_AGE", 60)
# Tiles asked for with the layer's data version (?v=<data_version>, as the map component does) change URL with the
# data, so browsers keep them longer; an edit of a layer's tile options in the admin reaches them within this time.
TILES_VERSIONED_MAX_AGE = env_int("TILES_VERSIONED_MAX_AGE", 24 * 3600)

# --- IoT sensors, cameras and street lights (iot app) ---
# The MQTT broker (Mosquitto) and the topic scheme ioc/sensors/<device>/readings|acks|commands (prefix settable
# so that test runs never mix). The subscriber keeps a persistent session under a fixed client id: readings
# published while it is down wait at the broker (MQTT 5: clean start off, session expiry below).
IOT_MQTT_HOST = env_str("IOT_MQTT_HOST", "127.0.0.1")
# The project's own broker (make run starts it with scripts/broker.sh), never a broker configured by someone else.
IOT_MQTT_PORT = env_int("IOT_MQTT_PORT", 18830)
IOT_MQTT_USERNAME = env_str("IOT_MQTT_USERNAME", "")
IOT_MQTT_PASSWORD = env_str("IOT_MQTT_PASSWORD", "")
IOT_MQTT_TOPIC_PREFIX = env_str("IOT_MQTT_TOPIC_PREFIX", "ioc")
IOT_MQTT_CLIENT_ID = env_str("IOT_MQTT_CLIENT_ID", "ioc-iot-ingest")
IOT_MQTT_SESSION_EXPIRY_SECONDS = env_int("IOT_MQTT_SESSION_EXPIRY_SECONDS", 7 * 24 * 3600)
# How many unacknowledged messages the broker may send before the subscriber commits and acknowledges them.
IOT_MQTT_RECEIVE_MAXIMUM = env_int("IOT_MQTT_RECEIVE_MAXIMUM", 4000)
IOT_INGEST_BATCH_MESSAGES = env_int("IOT_INGEST_BATCH_MESSAGES", 2000)
IOT_INGEST_MAX_WAIT_MS = env_int("IOT_INGEST_MAX_WAIT_MS", 50)
# Readings: monthly partitions kept this many months (older ones are dropped), created this many months ahead.
IOT_READING_RETENTION_MONTHS = env_int("IOT_READING_RETENTION_MONTHS", 24)
IOT_PARTITIONS_AHEAD_MONTHS = env_int("IOT_PARTITIONS_AHEAD_MONTHS", 3)
# Refusals: timestamps further ahead than this are refused; payload size and samples per payload.
IOT_MAX_CLOCK_SKEW_SECONDS = env_int("IOT_MAX_CLOCK_SKEW_SECONDS", 300)
IOT_MAX_PAYLOAD_BYTES = env_int("IOT_MAX_PAYLOAD_KB", 256) * 1024
IOT_MAX_SAMPLES = env_int("IOT_MAX_SAMPLES", 1000)
# Threshold rules: default hysteresis band (percent of the threshold) when a rule gives no "hysteresis".
IOT_HYSTERESIS_PERCENT = env_int("IOT_HYSTERESIS_PERCENT", 5)
# A device silent for this many times its interval raises a data-feed alert; periodic checks run this often.
IOT_SILENCE_FACTOR = env_int("IOT_SILENCE_FACTOR", 3)
IOT_TICK_SECONDS = env_int("IOT_TICK_SECONDS", 60)
# Workers (alerts, tasks, iot) record each completed pass; /healthz is red when one has not completed a pass for
# this long, or when one named in WORKERS_EXPECTED (production: alerts,tasks,iot) has never reported.
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 180)
WORKERS_EXPECTED = env_list("WORKERS_EXPECTED", [])
IOT_DEVICE_CACHE_SECONDS = env_int("IOT_DEVICE_CACHE_SECONDS", 30)
# Street lights: a command unanswered this long is marked so; camera snapshots: the largest accepted upload.
IOT_COMMAND_ACK_TIMEOUT_SECONDS = env_int("IOT_COMMAND_ACK_TIMEOUT_SECONDS", 120)
IOT_SNAPSHOT_MAX_BYTES = env_int("IOT_SNAPSHOT_MAX_MB", 5) * 1024 * 1024
# Water samples rated below this VN_WQI raise an alert (51: the classes "poor" and worse of Decision 1460/QĐ-TCMT).
IOT_WQI_ALERT_BELOW = env_int("IOT_WQI_ALERT_BELOW", 51)
# Leak rule of water meters: mean flow between 01:00 and 04:00 above this (litres per hour) for this many nights.
IOT_LEAK_NIGHT_FLOW_LPH = env_int("IOT_LEAK_NIGHT_FLOW_LPH", 100)
IOT_LEAK_NIGHTS = env_int("IOT_LEAK_NIGHTS", 3)

# --- field reports (fieldreports app, service 2) ---
# Photos: how many per report, the largest file and image, and whether EXIF (GPS position, phone serial, time)
# is kept; off by default, the photo is re-encoded without it (Decree 13/2023 on personal data).
FIELDREPORTS_MAX_PHOTOS = env_int("FIELDREPORTS_MAX_PHOTOS", 3)
FIELDREPORTS_PHOTO_MAX_BYTES = env_int("FIELDREPORTS_PHOTO_MAX_MB", 8) * 1024 * 1024
FIELDREPORTS_PHOTO_MAX_PIXELS = env_int("FIELDREPORTS_PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000
FIELDREPORTS_KEEP_EXIF = env_bool("FIELDREPORTS_KEEP_EXIF", False)
# Likely duplicates: open reports of the same category this close and this recent.
FIELDREPORTS_DUPLICATE_RADIUS_M = env_int("FIELDREPORTS_DUPLICATE_RADIUS_M", 50)
FIELDREPORTS_DUPLICATE_DAYS = env_int("FIELDREPORTS_DUPLICATE_DAYS", 7)
# Abuse limits, counted in this cache (Redis when REDIS_URL is set), per caller address (core/client_ip.py).
FIELDREPORTS_RATE_PER_IP_PER_HOUR = env_int("FIELDREPORTS_RATE_PER_IP_PER_HOUR", 10)
FIELDREPORTS_RATE_PER_CONTACT_PER_DAY = env_int("FIELDREPORTS_RATE_PER_CONTACT_PER_DAY", 5)
FIELDREPORTS_RATE_CACHE = env_str("FIELDREPORTS_RATE_CACHE", "default")
# Open311 GeoReport v2: the one jurisdiction served, and the spec's limits of GET requests.
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID", "khanhhoa.gov.vn")
OPEN311_MAX_REQUESTS = env_int("OPEN311_MAX_REQUESTS", 1000)
OPEN311_MAX_DAYS = env_int("OPEN311_MAX_DAYS", 90)

# --- data providers and datasets (datahub app, Article 6), indicators (service 1), reports, backups (Art. 5.1.e) ---
# Files (CSV, XLSX, PDF) and pushed bodies: the largest accepted, and the most rows one delivery may hold.
DATAHUB_MAX_UPLOAD_BYTES = env_int("DATAHUB_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATAHUB_MAX_ROWS = env_int("DATAHUB_MAX_ROWS", 50_000)
# A dataset past its expected update is late (one data-feed alert); past this many periods, interrupted.
DATAHUB_INTERRUPTED_FACTOR = env_int("DATAHUB_INTERRUPTED_FACTOR", 3)
# Pulls: how long one HTTP fetch may take, and the first retry delay (doubled after each failure, at most the
# dataset's period).
DATAHUB_PULL_TIMEOUT_SECONDS = env_int("DATAHUB_PULL_TIMEOUT_SECONDS", 30)
DATAHUB_PULL_RETRY_SECONDS = env_int("DATAHUB_PULL_RETRY_SECONDS", 300)
# Late-processing rule of administrative procedures (indicators/dossier_rule.py): an agency's month raises an alert
# when its late rate is above this percent with at least this many dossiers resolved, or when this many dossiers in
# progress are past their deadline.
DOSSIER_LATE_RATE_PERCENT = env_int("DOSSIER_LATE_RATE_PERCENT", 10)
DOSSIER_MIN_RESOLVED = env_int("DOSSIER_MIN_RESOLVED", 20)
DOSSIER_OVERDUE_LIMIT = env_int("DOSSIER_OVERDUE_LIMIT", 20)
# Periodic reports: who receives them by email (empty: kept in the archive page only); the day of the month from
# which the previous month's report is generated (well before the 30th, Article 13.5).
REPORTS_RECIPIENTS = env_list("REPORTS_RECIPIENTS", [])
REPORTS_MONTHLY_DAY = env_int("REPORTS_MONTHLY_DAY", 1)
# Backups: at least two directories on different disks (an unset list means no scheduled backup and a clear refusal
# from manage.py backup), how often the worker starts one, how many daily and weekly ones are kept, and where
# pg_dump/pg_restore of the server's major version live when not in Debian's /usr/lib/postgresql/<major>/bin.
BACKUP_DESTINATIONS = env_list("BACKUP_DESTINATIONS", [])
BACKUP_EVERY_HOURS = env_int("BACKUP_EVERY_HOURS", 24)
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR", "")

# --- sectors: traffic and cyber-security ---
# Congestion rule (sectors/traffic/congestion.py): a segment below this level of service (percent of free flow) for
# this many minutes raises a traffic alert. Escalated incidents notify this agency (an agency code).
TRAFFIC_CONGESTED_BELOW_PERCENT = env_int("TRAFFIC_CONGESTED_BELOW_PERCENT", 40)
TRAFFIC_CONGESTED_MINUTES = env_int("TRAFFIC_CONGESTED_MINUTES", 15)
TRAFFIC_POLICE_AGENCY = env_str("TRAFFIC_POLICE_AGENCY", "ca-tinh")
# The provincial cyber-security team (sectors/cyber/access.py), which sees every system and incident; an agency code.
CYBER_TEAM_AGENCY = env_str("CYBER_TEAM_AGENCY", "ca-tinh")

# --- email (SMTP): alert notifications and quick reports; an empty EMAIL_HOST means no email channel ---
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IOC Khánh Hòa <ioc@khanhhoa.gov.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- alert operations (alerts app): notifications, CAP 1.2, evidence, quick reports, the operator console ---
# The address people reach the platform at, for links in messages, CAP and the Atom feed.
# The public address that messages link to; with DEBUG off it must be set (core/deploy_checks.py).
ALERTS_SITE_URL = env_str("ALERTS_SITE_URL", "http://127.0.0.1:8000")
# Sending (delivery/sending.py): one network call's timeout; the first retry delay, doubled per failed attempt up to
# the cap; after this many attempts a message is failed for good (the admin can send it again).
ALERTS_SEND_TIMEOUT_SECONDS = env_int("ALERTS_SEND_TIMEOUT_SECONDS", 10)
ALERTS_DELIVERY_RETRY_SECONDS = env_int("ALERTS_DELIVERY_RETRY_SECONDS", 30)
ALERTS_DELIVERY_RETRY_MAX_SECONDS = env_int("ALERTS_DELIVERY_RETRY_MAX_SECONDS", 3600)
ALERTS_DELIVERY_MAX_ATTEMPTS = env_int("ALERTS_DELIVERY_MAX_ATTEMPTS", 30)
# SMS through the carrier's brand-name HTTP gateway (empty URL: no SMS channel); a bearer token or basic auth.
ALERTS_SMS_URL = env_str("ALERTS_SMS_URL", "")
ALERTS_SMS_TOKEN = env_str("ALERTS_SMS_TOKEN", "")
ALERTS_SMS_USERNAME = env_str("ALERTS_SMS_USERNAME", "")
ALERTS_SMS_PASSWORD = env_str("ALERTS_SMS_PASSWORD", "")
ALERTS_SMS_SENDER = env_str("ALERTS_SMS_SENDER", "IOC KHANHHOA")
# Zalo Official Account message API (empty token: no Zalo channel); followers are mapped in the admin.
ALERTS_ZALO_API_URL = env_str("ALERTS_ZALO_API_URL", "https://openapi.zalo.me/v3.0/oa/message/cs")
ALERTS_ZALO_ACCESS_TOKEN = env_str("ALERTS_ZALO_ACCESS_TOKEN", "")
# CAP 1.2 (alerts/cap.py, alerts/cap_import.py): who we are as a sender, how long a message stays valid, the
# largest feed or message read, and the OASIS schema every message is checked against.
ALERTS_CAP_SENDER = env_str("ALERTS_CAP_SENDER", "ioc.khanhhoa.gov.vn")
ALERTS_CAP_SENDER_NAME = env_str("ALERTS_CAP_SENDER_NAME", "Trung tâm Giám sát, điều hành thông minh tỉnh Khánh Hòa")
ALERTS_CAP_VALID_HOURS = env_int("ALERTS_CAP_VALID_HOURS", 24)
ALERTS_CAP_MAX_BYTES = env_int("ALERTS_CAP_MAX_KB", 1024) * 1024
# Social listening feeds (sectors/listening/feeds.py): size and time per feed, and the time of one worker pass.
LISTENING_FEED_MAX_BYTES = env_int("LISTENING_FEED_MAX_KB", 2048) * 1024
LISTENING_FEED_TIMEOUT_SECONDS = env_int("LISTENING_FEED_TIMEOUT_SECONDS", 10)
LISTENING_PASS_SECONDS = env_int("LISTENING_PASS_SECONDS", 60)
# Evidence (alerts/evidence.py): photos (JPEG, PNG, WebP) and PDFs checked by content; GPS tags are evidence and
# kept unless ALERTS_EVIDENCE_STRIP_GPS is on.
ALERTS_EVIDENCE_MAX_FILES = env_int("ALERTS_EVIDENCE_MAX_FILES", 10)
ALERTS_EVIDENCE_MAX_BYTES = env_int("ALERTS_EVIDENCE_MAX_MB", 20) * 1024 * 1024
ALERTS_EVIDENCE_MAX_PIXELS = env_int("ALERTS_EVIDENCE_MAX_MEGAPIXELS", 60) * 1_000_000
ALERTS_EVIDENCE_STRIP_GPS = env_bool("ALERTS_EVIDENCE_STRIP_GPS", False)
# Quick reports (alerts/quick_report.py): a TrueType font with Vietnamese letters (Debian's fonts-dejavu-core).
ALERTS_REPORT_FONT = env_path("ALERTS_REPORT_FONT", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
ALERTS_REPORT_BOLD_FONT = env_path(
    "ALERTS_REPORT_BOLD_FONT", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
)
# The operator console and agency inbox ask the API for changes this often.
ALERTS_CONSOLE_POLL_SECONDS = env_int("ALERTS_CONSOLE_POLL_SECONDS", 20)
