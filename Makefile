# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: setup demo test bench lint docs extension

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/python scripts/demo.py --output reports/demo

test: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider

bench: setup
	.venv/bin/python bench/scan_bench.py
	.venv/bin/python bench/detection_eval.py
	.venv/bin/python bench/dashboard_bench.py
	.venv/bin/python bench/schedule_bench.py
	PYTHONPATH=. .venv/bin/python bench/distributed_bench.py

lint: setup
	.venv/bin/ruff check supportcheck checker rules server tests bench scripts
	.venv/bin/mypy supportcheck checker rules server

docs: setup
	.venv/bin/supportcheck rules --markdown > docs/rules.md

# The browser extension as a zip for Chrome, reproducible byte for byte.
extension: setup
	.venv/bin/python scripts/build_extension.py --output dist/supportcheck-extension.zip
