# The two set-up commands in the README: `make example` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: example test lint install clean

$(BIN)/ptk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/ptk

example: $(BIN)/ptk
	$(BIN)/python examples/derby-2011/run.py --out $(OUT)

test: $(BIN)/ptk
	$(BIN)/python -m pytest

lint: $(BIN)/ptk
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info
