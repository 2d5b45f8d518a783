# Chợ OCOP — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= shop.settings.dev

.PHONY: run test install migrate demo lint format messages clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py ocop_load_demo
	$(BIN)/python manage.py ocop_demo_superuser
	$(BIN)/python manage.py ocop_demo_producers

run: demo
	@echo ""
	@echo "  Chợ OCOP: http://127.0.0.1:$(PORT)/"
	@echo "  Sign in (local demo only): admin@cho-ocop.local / ocop-demo-2025"
	@echo "    Oscar dashboard: http://127.0.0.1:$(PORT)/dashboard/   Wagtail admin: http://127.0.0.1:$(PORT)/cms/"
	@echo "  Demo producers (seller centre at /dashboard/), password ocop-demo-2025:"
	@echo "    hoangtra@cho-ocop.local (HTX Hoàng Trà)   travinhfarm@cho-ocop.local (Công ty TNHH Trà Vinh FARM)"
	@echo "  Open a new stall: http://127.0.0.1:$(PORT)/mo-gian-hang/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One pytest worker per core (pytest-xdist, `--dist worksteal`: an idle worker takes tests queued
# for a busy one, so a long test near the end does not leave a core idle); PYTEST_WORKERS=0 runs
# in this process.
PYTEST_WORKERS ?= auto
test: install
	DJANGO_SETTINGS_MODULE=shop.settings.test $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal \
		--durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	PYTHON=$(BIN)/python sh locale/update-catalogues.sh

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
