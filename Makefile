# Everything runs inside .venv, which the first target that needs it creates.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
BINDINGS := pyside2 pyside6
CORE_SUITES := tests/test_layout.py tests/sglocal tests/sgsession
QT_SUITES := tests/sgbrowser tests/plugins
OFFSCREEN := QT_QPA_PLATFORM=offscreen

.PHONY: venv test lint format bench demo clean

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,pyside2,pyside6]"
	touch $(INSTALLED)

venv: $(INSTALLED)

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(INSTALLED)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint
	$(OFFSCREEN) $(PY) -m pytest $(CORE_SUITES)
	for binding in $(BINDINGS); do \
		$(OFFSCREEN) QT_API=$$binding PYTEST_QT_API=$$binding \
			$(PY) -m pytest $(QT_SUITES) || exit 1; \
	done

bench: $(INSTALLED)
	$(OFFSCREEN) $(PY) -m bench

# The standalone browser runs on the binding the newest hosts ship, unless QT_API says.
demo: $(INSTALLED)
	QT_API=$${QT_API:-pyside6} $(PY) -m sgbrowser --demo $(DEMO_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
