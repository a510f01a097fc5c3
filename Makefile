# Quick start: `make run` (set up, ingest corpus/ into index/, open the chat page)
#              `make test` (set up, run every test)
PORT ?= 7860
PY := .venv/bin/python
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export ANONYMIZED_TELEMETRY=False

.PHONY: setup run ingest test eval robustness reachability bench

setup:
	@scripts/setup.sh

ingest: setup
	$(PY) -m assistant ingest corpus

run: ingest
	$(PY) app.py --port $(PORT)

test:
	@scripts/setup.sh --browser --servers
	$(PY) -m pytest -q

eval: ingest
	$(PY) -m eval

robustness: ingest
	$(PY) -m eval.robustness

reachability: ingest
	$(PY) -m eval.reachability

bench: setup
	$(PY) -m eval.bench
