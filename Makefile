# Clef — two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := python3 -m uv
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-dev uv node-deps runtime-deps system-deps apt-ensure migrate seed serve web lint check clean

uv:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

node-deps:
	@[ -f node_modules/@etalab/decoupage-administratif/package.json ] && [ -f node_modules/@gouvfr/dsfr-chart/package.json ] \
	  && [ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

install: uv node-deps
	@$(UV) sync --frozen --no-dev --quiet
	@mkdir -p var

install-dev: uv node-deps
	@$(UV) sync --frozen --quiet
	@mkdir -p var

# Debian packages: what the application needs to run (PDF: pango, harfbuzz-subset, fonts), and what
# the tests need on top (chromium for the browser journeys, poppler-utils to read PDFs back).
runtime-deps:
	@$(MAKE) --no-print-directory apt-ensure PKGS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

system-deps:
	@$(MAKE) --no-print-directory apt-ensure PKGS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium poppler-utils"

apt-ensure:
	@need=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || need="$$need $$p"; done; \
	if [ -n "$$need" ]; then \
	  echo "Installation des paquets Debian :$$need"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	fi

migrate:
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py collectstatic --noinput -v 0

seed: $(DEMO_ENCRYPTION_KEY)
	@CLEF_FIELD_ENCRYPTION_KEYS="$$(cat $(DEMO_ENCRYPTION_KEY))" $(PY) manage.py seed_demo

# The demo's e-mails (password reset, reminders) are written as files under var/mail/, never to the log.
DEMO_EMAIL := EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=var/mail SITE_URL=http://$(HOST):$(PORT)
# The demo runs as production does (DEBUG off): Clef's own 404 and 500 pages, never Django's debug pages;
# static files served by WhiteNoise from var/static (collectstatic, in `migrate`); plain http on this
# machine (HTTPS=false); a secret key drawn once for this installation (Clef refuses to serve without
# DEBUG with the public development key). Names other than HOST, 127.0.0.1 and localhost: ALLOWED_HOSTS.
# Owners' bank details are encrypted with a key of their own, drawn once too: the seed and the server
# must use the same one (docs/exploitation.md, « Clés de chiffrement »).
DEMO_SECRET_KEY := var/demo-secret-key
DEMO_ENCRYPTION_KEY := var/demo-encryption-key
ALLOWED_HOSTS ?= $(HOST),127.0.0.1,localhost
DEMO_ENV = DEBUG=false HTTPS=false SECRET_KEY="$$(cat $(DEMO_SECRET_KEY))" CLEF_FIELD_ENCRYPTION_KEYS="$$(cat $(DEMO_ENCRYPTION_KEY))" ALLOWED_HOSTS="$(ALLOWED_HOSTS)" $(DEMO_EMAIL)

$(DEMO_SECRET_KEY):
	@mkdir -p var
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

$(DEMO_ENCRYPTION_KEY):
	@mkdir -p var
	@umask 077 && $(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $@

serve: $(DEMO_SECRET_KEY) $(DEMO_ENCRYPTION_KEY)
	@mkdir -p var/mail
	@echo "Clef est servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter) ; le worker des imports tourne à côté."
	@echo "Les courriels envoyés (réinitialisation du mot de passe, relances) sont écrits dans var/mail/."
	@$(DEMO_ENV) $(PY) manage.py recover_imports -v 0 >/dev/null
	@$(DEMO_ENV) $(PY) manage.py db_worker --no-reload --no-startup-delay -v 0 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(MAKE) --no-print-directory web

# The web server alone, as the demo runs it (tests/www/pages/test_demo_error_pages.py starts it).
web: $(DEMO_SECRET_KEY) $(DEMO_ENCRYPTION_KEY)
	@$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT) --noreload

demo: install runtime-deps migrate seed serve

lint:
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache

check:
	@$(PY) manage.py makemigrations --check --dry-run -v 1 >/dev/null || (echo "Des migrations manquent : lancez makemigrations."; exit 1)
	@$(PY) manage.py check --fail-level WARNING

test: install-dev system-deps
	@mkdir -p var test-artifacts
	@$(PY) manage.py collectstatic --noinput -v 0
	@$(MAKE) --no-print-directory lint check
	@.venv/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf .venv var test-artifacts
