# cohortgen — common tasks. `make help` lists them.
GO      ?= go
BIN     ?= bin/cohortgen
PKGS    := ./...

.PHONY: help build test test-race bench lint sample clean

help:
	@echo "make build    build bin/cohortgen"
	@echo "make test     run every test (the command CI runs)"
	@echo "make bench    run the benchmarks and print figures for benchmarks/RESULTS.md"
	@echo "make lint     gofmt, go vet, staticcheck (if it installs)"
	@echo "make sample   generate a 1,000-patient sample into ./out"

build:
	$(GO) build -o $(BIN) ./cmd/cohortgen

test:
	$(GO) test -count=1 -timeout 30m $(PKGS)

test-race:
	$(GO) test -race -count=1 $(PKGS)

bench:
	bash benchmarks/run.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) mod download   # modules fetched first: vet then prints only what it finds
	$(GO) vet $(PKGS)
	@if $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -version >/dev/null 2>&1; then \
		$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS); \
	else echo "staticcheck unavailable; skipped"; fi

sample:
	$(GO) run ./cmd/cohortgen generate -n 1000 -o out --force

clean:
	rm -rf bin out
