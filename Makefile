# jisr — make targets mirror the README.
.PHONY: demo test build bench fuzz

build:
	go build -o jisr ./cmd/jisr

demo:
	go run ./cmd/jisr demo

test:
	go test -race -count=1 ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

fuzz:
	go test -run '^$$' -fuzz FuzzFold -fuzztime 30s ./textnorm
