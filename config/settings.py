"""Clef settings: one file, driven by environment variables (documented in .env.example)."""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from clef.utils.storage import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """An empty value (`NAME=` as in .env.example) means the default."""
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "oui", "on"} if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# HTTPS-only behaviour (HSTS, secure cookies, redirect to https) whenever DEBUG is off. The test run
# (pytest sets PYTEST_VERSION) serves plain http on 127.0.0.1: its live server cannot follow https.
TESTING = "PYTEST_VERSION" in os.environ
HTTPS = env_bool("HTTPS", not DEBUG and not TESTING)
# The key used when SECRET_KEY is empty is public (it is in this file): fine for the demo, the tests and
# management commands, never to serve without DEBUG (config/wsgi.py refuses; check accounts.E002).
INSECURE_DEV_SECRET_KEY = "clef-insecure-dev-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("CLEF_ENV", "dev") == "production":
        raise RuntimeError("SECRET_KEY doit être défini en production.")
    SECRET_KEY = INSECURE_DEV_SECRET_KEY

# Number of reverse proxies in front of Clef that append the client address to X-Forwarded-For
# (0: none trusted, the header is ignored; 1: the documented HTTPS proxy).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "clef.www.pages.views.csrf_failure"  # French page, a way back to the form
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Footer pages (mentions légales, données personnelles, accessibilité): who publishes and hosts this
# installation and where to write. Empty: the pages say the operator has not filled them in yet.
LEGAL_PUBLISHER = os.environ.get("LEGAL_PUBLISHER", "")
LEGAL_PUBLICATION_DIRECTOR = os.environ.get("LEGAL_PUBLICATION_DIRECTOR", "")
LEGAL_HOST = os.environ.get("LEGAL_HOST", "")
LEGAL_CONTACT_EMAIL = os.environ.get("LEGAL_CONTACT_EMAIL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "clef.accounts",
    "clef.territories",
    "clef.referential",
    "clef.organisations",
    "clef.dwellings",
    "clef.households",
    "clef.stays",
    "clef.orientation",
    "clef.occupancy",
    "clef.support",
    "clef.exits",
    "clef.agenda",
    "clef.locavantages",
    "clef.captation",
    "clef.contracts",
    "clef.guichet",
    "clef.needs",
    "clef.rental",
    "clef.damages",
    "clef.funding",
    "clef.banking",
    "clef.leases",
    "clef.recovery",
    "clef.guarantees",
    "clef.journal",
    "clef.exchange",
    "clef.campaigns",
    "clef.bilan",
    "clef.demo",
    "clef.www",
]

MIDDLEWARE = [
    "clef.accounts.middleware.UndeclaredProxyWarningMiddleware",  # before the https redirect
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clef.www.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "clef.accounts.middleware.TwoFactorRequiredMiddleware",
    "clef.organisations.middleware.CurrentOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clef.www.context_processors.organisation",
            ],
            "builtins": ["clef.www.templatetags.clef_tags"],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'clef.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Every transaction takes SQLite's write lock when it begins (BEGIN IMMEDIATE): concurrent writers
    # wait their turn (up to `timeout` seconds) instead of failing with "database is locked" when a
    # read-then-write transaction tries to upgrade its lock. This is what serialises, on SQLite, the
    # check-then-insert of the register's services (PostgreSQL has database constraints for that).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache of the computed bilan (clef.bilan.cache, keyed on the data version of each perimeter). In the
# database by default: every gunicorn worker shares it, and it is saved, restored and reset together with
# the data it was computed from (table made by `manage.py createcachetable`; docs/exploitation.md).
# Local memory in the tests.
CACHE_BACKENDS = {
    "database": "django.core.cache.backends.db.DatabaseCache",
    "memory": "django.core.cache.backends.locmem.LocMemCache",
    "none": "django.core.cache.backends.dummy.DummyCache",
}
CACHE_BACKEND = "memory" if TESTING else os.environ.get("CACHE_BACKEND", "database")
if CACHE_BACKEND not in CACHE_BACKENDS:
    raise ValueError(f"CACHE_BACKEND={CACHE_BACKEND!r}: expected one of {', '.join(CACHE_BACKENDS)}.")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKENDS[CACHE_BACKEND],
        "LOCATION": "clef_cache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "clef.accounts.validators.ZxcvbnValidator", "OPTIONS": {"min_score": 3}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "www:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a (login, client IP) pair after repeated failures, for a few
# minutes. The client IP is the one the trusted proxies saw (clef.accounts.throttling.client_ip):
# behind the reverse proxy everybody shares its address, so REMOTE_ADDR alone would let anyone lock
# any known account. On top of that, an account failing from many addresses gets an increasing delay
# between attempts: LOGIN_ACCOUNT_DELAY_AFTER failures, then 1, 2, 4… seconds, for the addresses that
# failed themselves, and for every address not yet known to the account once the failures came from
# LOGIN_ACCOUNT_DELAY_ADDRESSES addresses; never for an address the owner already logged in from.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "clef.accounts.throttling.client_ip"
AXES_RESET_ON_SUCCESS = True
LOGIN_ACCOUNT_DELAY_AFTER = int(os.environ.get("LOGIN_ACCOUNT_DELAY_AFTER", "10"))
LOGIN_ACCOUNT_DELAY_MAX_SECONDS = int(os.environ.get("LOGIN_ACCOUNT_DELAY_MAX_SECONDS", "60"))
LOGIN_ACCOUNT_DELAY_ADDRESSES = int(os.environ.get("LOGIN_ACCOUNT_DELAY_ADDRESSES", "5"))

# Two-factor authentication (django-otp, TOTP + recovery codes): offered to everyone; required for the
# roles below and for staff (the admin site). OTP_ENFORCED=False only in tests where 2FA is not under test.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "platform_admin,state_coordinator")
OTP_ENFORCED = True
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Clef")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin may delete a user's devices, never read their secrets

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Behind the documented HTTPS proxy (TRUSTED_PROXY_COUNT > 0), trust its X-Forwarded-Proto: the proxy
# must set it (and drop any value sent by the client).
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline script, no <style> element, no event handler anywhere.
# Style *attributes* only are allowed (style-src-attr): the State's chart components (@gouvfr/dsfr-chart,
# Chart.js) size their canvas and place their tooltip with them; they cannot run code (docs/securite.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Powerful browser features Clef never uses (clef.www.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The State's chart components (npm @gouvfr/dsfr-chart, installed by `make`): the bilan's charts.
    ("dsfr-chart", BASE_DIR / "node_modules" / "@gouvfr" / "dsfr-chart" / "dist" / "DSFRChart"),
]
STORAGES = {
    # The local disk by default, an S3-compatible store when CLEF_S3_BUCKET is set (clef/utils/storage.py).
    "default": default_storage_from_env(os.environ),
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# E-mail: SMTP when DEBUG is off. In DEBUG (the demo, `make demo`) each message is written to a file
# under var/mail/ (filebased backend), so that no reset link ever appears in the server's log.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Clef <ne-pas-repondre@clef.localhost>")

# Background work (large imports, PDF reports): django-tasks with its database backend, so the queue
# lives in the same database on SQLite and PostgreSQL. Run the worker with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Imports whose data (once a workbook is unzipped) is smaller than this run in the request itself (with
# the same report); larger ones in the worker.
IMPORT_INLINE_MAX_BYTES = int(os.environ.get("IMPORT_INLINE_MAX_BYTES", str(2_000_000)))
# Limits of an import: rows per table, a workbook's size once unzipped and its compression ratio
# (decompression bombs), problems kept for the report (the total is counted), minutes without news
# after which a running import is taken for dead (worker killed) and marked failed.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", str(100_000)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(150_000_000)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "200"))
IMPORT_MAX_PROBLEMS = int(os.environ.get("IMPORT_MAX_PROBLEMS", "1000"))
IMPORT_STALE_MINUTES = int(os.environ.get("IMPORT_STALE_MINUTES", "15"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))

# Retention (docs/rgpd.md, "Conservation des données"): uploaded import files are deleted this many
# days after the upload (`manage.py purge_imports`, the job and its report stay); households whose last
# contact is older than HOUSEHOLD_RETENTION_YEARS are purged by `manage.py purge_households --apply`.
# ⚠ 2 years is the CNIL's recommended active-base duration for social support (référentiel 2023-095):
# each structure, as data controller, validates it (or another, justified duration).
IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("IMPORT_FILE_RETENTION_DAYS", "90"))
HOUSEHOLD_RETENTION_YEARS = int(os.environ.get("HOUSEHOLD_RETENTION_YEARS", "2"))
if IMPORT_FILE_RETENTION_DAYS < 1 or HOUSEHOLD_RETENTION_YEARS < 1:
    raise RuntimeError("IMPORT_FILE_RETENTION_DAYS et HOUSEHOLD_RETENTION_YEARS doivent valoir au moins 1.")

# Reference data: the pinned npm package @etalab/decoupage-administratif (COG 2026).
TERRITORIES_DATA_DIR = Path(
    os.environ.get(
        "TERRITORIES_DATA_DIR", BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
    )
)

# Application logs: no personal data is ever logged (ids and codes only).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "clef.utils.logs.NoValuesFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"no_query_strings": {"()": "clef.utils.logs.NoQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_query_strings"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": os.environ.get("ACCESS_LOG_LEVEL", "INFO")},
        "axes": {"level": "ERROR"},  # its warnings name the login tried
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "matplotlib": {"level": "WARNING"},
    },
}


# How far ahead a dwelling may be made available to the SIAO (« disponible à partir du »): three months.
CLEF_AVAILABILITY_MAX_DAYS_AHEAD = 92

# Practice cadences and durations of an operator (not laws: each operator changes them on its
# « Pratiques » page). Defaults: the figures of the regional IML day (AURA 2025) and the instruction of
# 4 June 2018. ⚠ The lease-slide review every 6 months is unverified (CCH L. 442-8-3 covers HLM dwellings).
CLEF_PRACTICE_DEFAULTS = {
    "occupancy_term_months": 6,  # « six mois renouvelables au maximum deux fois »
    "occupancy_max_renewals": 2,
    "term_alert_days": 31,  # one month before each term
    "demand_validity_months": 12,  # a social-housing demand is renewed every year
    "demand_alert_days": 31,
    "meeting_every_months": 1,  # « une fois par mois, la travailleuse sociale rencontre le ménage »
    "joint_visit_every_months": 6,  # « une fois par semestre, la gestionnaire logement et la travailleuse sociale »
    "slide_review_every_months": 6,
    # Captation (issue 9). Not in the reference text: an operator's choice, changed on its « Pratiques » page.
    "contract_alert_days": 180,  # six months before an Anah convention, a mandate or a main lease ends
    "management_fee_percent": Decimal("7.00"),  # ⚠ unverified: AIS fees vary by operator
}

# Loc'Avantages (CGI art. 199 tricies; shared/reference/domain_rules.md § 1). Values marked ⚠ are
# unverified there: settings, never constants. The per-commune ceilings are reference data loaded by the
# platform administrator (clef.locavantages), never computed.
CLEF_LOCAVANTAGES = {
    # Surface coefficient 0,7 + 19/S, rounded to 2 decimals, capped at 1,2 (⚠ cap and rounding unverified).
    "coefficient_base": Decimal("0.7"),
    "coefficient_numerator": Decimal("19"),
    "coefficient_cap": Decimal("1.2"),
    "coefficient_cap_verified": False,
    # Surface fiscale = habitable surface + half the annexes, annexes limited to 8 m².
    "annex_factor": Decimal("0.5"),
    "annex_max_m2": Decimal("8"),
    # Tax-reduction rates (% of gross rent), direct management / with IML (service-public F34825, 2025).
    "tax_reduction_percent": {
        "loc1": {"direct": Decimal("15"), "iml": Decimal("20")},
        "loc2": {"direct": Decimal("35"), "iml": Decimal("40")},
        "loc3": {"direct": None, "iml": Decimal("65")},  # Loc3 only with IML
    },
    # Prime d'intermédiation locative (F34825): Loc2/Loc3 with IML. ⚠ faire.fr also gives the +1 000 € for
    # small sublet dwellings: the service-public reading is the default (small-surface bonus for mandates).
    "iml_bonus_levels": ["loc2", "loc3"],
    "iml_bonus": {"sous_location": Decimal("1000"), "mandat_gestion": Decimal("2000")},
    "iml_bonus_small_surface": Decimal("3000"),
    "iml_bonus_small_surface_max_m2": Decimal("40"),
    "iml_bonus_small_surface_modes": ["mandat_gestion"],
}

# Captation targets (instruction of 4 June 2018, plans Logement d'abord; reference text): new captations
# half in mandat de gestion, half in location/sous-location (bail glissant counted with sous-location),
# in the private park. Defaults of each operator's yearly target, changed by the State coordinator.
CLEF_CAPTATION_TARGETS = {
    "mandate_share_percent": 50,
    "private_share_percent": 100,  # « la captation doit se faire sur le parc privé »
}

# The owners' one-stop desk (guichet unique): days an operator has to acknowledge a request routed to it
# before it returns to the platform's animator (each platform changes it), and the public form's limits.
CLEF_GUICHET = {
    "acknowledge_days": 5,
    "submissions_per_hour_per_address": 5,
}

# Rental management and losses (issue 10). Every threshold is a setting (docs/guide/gestion-locative.md says
# where each comes from); ⚠ marks a value not verified against an official text (domain_rules.md).
CLEF_RENTAL = {
    # CAF/MSA report (domain_rules § 4, décret 2016-748): arrears ≥ 2 × the monthly rent and charges (net of
    # housing benefit paid to the manager), reported within 2 months.
    "caf_report_threshold_months": Decimal("2"),
    "caf_report_deadline_months": 2,
    # Ageing of arrears, in months of rent and charges: under 1, 1–2, 2–3, 3 and more.
    "ageing_limits_months": (1, 2, 3),
    # Housing benefit paid to the manager still expected (« attendue » / « en retard ») on the calls of at most
    # this many months: an older one still unpaid counts as the household's debt (⚠ a practice, not verified;
    # a suspended benefit is never pending from its suspension).
    "benefit_pending_max_months": 3,
    # A late-payment reminder is due this many days after the rent's due day (a practice, not a rule).
    "reminder_after_days": 10,
    # Repayment plan respected this many consecutive months → the household is flagged for the lease slide
    # (the AIVS Territoires' practice quoted in the reference text: 3 months).
    "slide_after_respected_months": 3,
    # An instalment paid within this many days after its due date counts as respected (a practice).
    "instalment_grace_days": 10,
    # Visale (visale.fr FAQ): a claim is possible once more than 1 month of rent and charges is unpaid;
    # ⚠ the deadline to declare it is not verified.
    "visale_claim_after_months": Decimal("1"),
    "visale_claim_window_days": 90,
    # Visale cover (domain_rules § 4, visale.fr FAQ quoted by secondary sources; ⚠ the IML variant may change):
    # 36 monthly instalments of unpaid rent and charges over the whole occupation, 9 in the social stock (a
    # dwelling of the public stock); damage up to 2 months of rent and charges over all the guarantee's claims.
    "visale_max_instalments": 36,
    "visale_max_instalments_social": 9,
    "visale_damage_max_months": 2,
    # Days to the next litigation step's deadline, per step just taken (⚠ none verified: practices and
    # commonly cited delays; the team decides each step).
    "litigation_next_step_days": {
        "relance": 15,
        "mise_en_demeure": 15,
        "commandement_de_payer": 42,
        "assignation": 60,
        "jugement": 60,
        "expulsion": 0,
    },
    # Security deposit returned within 1 month when the exit inventory matches the entry one, 2 months
    # otherwise, calendar months (loi du 6 juillet 1989, art. 22 — ⚠ not in domain_rules.md).
    "deposit_return_months": (1, 2),
    # Deposit returned late: the household is owed this percentage of the monthly rent excluding charges per
    # month started after the deadline (loi du 6 juillet 1989, art. 22 al. 7 — ⚠ not in domain_rules.md).
    "deposit_late_penalty_percent": Decimal("10"),
    # A rent differential lasts at most this many months (a practice: a new one is decided at its term).
    "differential_max_months": 24,
    # IRL revision (loi du 6 juillet 1989, art. 17-1): a revision not claimed within 12 months of the
    # anniversary is lost for that year; proposals shown this many days before the anniversary (a practice).
    "revision_claim_months": 12,
    "revision_lookahead_days": 30,
    # Charges regularised within this many months after the year (a practice; art. 23: once a year).
    "regularisation_deadline_months": 12,
    # The regional security fund's projection horizon (years).
    "fund_projection_years": 3,
    # The cost per person and per day quoted by the reference text's sociologist (« environ 6 € »), shown
    # next to each operator's figure for comparison, never used in a computation.
    "reference_cost_per_person_day": Decimal("6.00"),
    # « États des lieux de sortie à faire » lists the exits of the last this-many days without an exit
    # inventory (a practice: older exits are settled or lost; the deposit is returned within 2 months).
    "inventory_exit_window_days": 365,
}

# Owners' bank details are encrypted at rest (Fernet, cryptography). Keys, newest first, comma separated;
# in production CLEF_FIELD_ENCRYPTION_KEYS must be set (a key: `python -c "from cryptography.fernet import
# Fernet; print(Fernet.generate_key().decode())"`); elsewhere a key derived from SECRET_KEY is used.
CLEF_FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("CLEF_FIELD_ENCRYPTION_KEYS", "").split(",") if k]
