# jisr — make targets mirror the README.
.PHONY: demo test build bench fuzz

build:
	go build -o jisr ./cmd/jisr

demo:
	go run ./cmd/jisr demo

test:
	scripts/test

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Each fuzz target (scripts/fuzz lists them) runs its count of executions,
# or FUZZTIME each: make fuzz FUZZTIME=5m, make fuzz FUZZTIME=2000000x
FUZZTIME ?=
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz
