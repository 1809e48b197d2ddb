# Shortcuts for developers who have make; the scripts work without it.
.PHONY: setup demo test bench bench-gate stress fuzz package clean
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
bench:
	bash scripts/bench.sh
bench-gate:
	bash scripts/bench-gate.sh
stress:
	bash scripts/stress.sh
fuzz:
	bash scripts/fuzz.sh
package:
	bash scripts/package.sh
clean:
	rm -rf build
