# The two commands of the README. Both install what they need first (scripts/setup.sh).
PERIOD ?= 2026-03
AS_OF ?= 2026-05-15

.PHONY: setup report test sample bench conformance

setup:
	scripts/setup.sh

## Build in release and run the monthly job on the sample inputs: Reports/$(PERIOD)/.
## A run writes its period's months only, so the history (the half year) is loaded first,
## as a quality office does once when it starts; the trend then covers January to March.
report: setup
	swift build -c release --product followup
	.build/release/followup run --inputs Inputs --period 2026-H1 --as-of $(AS_OF) --out Reports --quiet > /dev/null
	.build/release/followup run --inputs Inputs --period $(PERIOD) --as-of $(AS_OF) --out Reports

## Run the whole test suite.
test:
	scripts/setup.sh --test
	swift build --build-tests
	swift test --skip-build

## Regenerate the sample inputs (deterministic).
sample:
	python3 scripts/generate_sample.py --out Inputs --seed 7 --expected Tests/FollowupCoreTests/Fixtures/e2e/sample-expected --verify

## Benchmark the whole job beside pandas and polars (bench/run.sh; results under bench/out/).
SIZES ?= 100k 300k
bench: setup
	bench/run.sh $(SIZES)
