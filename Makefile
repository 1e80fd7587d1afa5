# Veredicto developer tasks. On a fresh machine two commands are enough:
#
#   make run    the app with demo data at http://localhost:8080
#   make test   every test
#
# Both install or start what they need. The database always comes from
# scripts/db.sh: DATABASE_URL if set, else a server on 127.0.0.1:5432, else a
# private cluster it starts in .dev/pg (stop it with `make db-stop`).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# generate rewrites files that lint and the tests read: never run steps side
# by side, even under `make -j`.
.NOTPARALLEL:

GO          ?= go
ADDR        ?= 127.0.0.1:8080
GOTESTFLAGS ?=
DB          := scripts/db.sh

# TEST_ENV starts the database (if needed) and exports the server DSN that
# internal/pgtest creates each test's database on. The assignment and the
# export are separate statements so that a failing db.sh stops the recipe.
TEST_ENV = dsn="$$($(DB) server-dsn)"; export VEREDICTO_TEST_DATABASE_URL="$$dsn";

.PHONY: help db db-up db-ready db-stop build run generate migration check-generated \
	lint test test-go test-frontend bench bench-verdicts clean

help: ## list the targets
	@echo "usage: make TARGET   (variables: ADDR=$(ADDR), GOTESTFLAGS=..., ARGS=...)"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

db: ## ensure the app database exists and print its DSN
	@$(DB) dsn

db-up: ## ensure the database server runs and print the DSN tests use
	@$(DB) server-dsn

db-stop: ## stop the private PostgreSQL cluster in .dev/pg, if one runs
	@$(DB) stop

build: ## build bin/veredicto, with the frontend built into it
	@scripts/frontend.sh build
	$(GO) build -o bin/veredicto .

run: ## the app with demo data, served on ADDR (default 127.0.0.1:8080)
	@dsn="$$($(DB) dsn)"; \
	$(MAKE) --no-print-directory build; \
	export DATABASE_URL="$$dsn" ADDR="$(ADDR)"; \
	bin/veredicto migrate; \
	bin/veredicto seed; \
	echo "veredicto: serving http://$(ADDR)" >&2; \
	exec bin/veredicto serve

generate: ## run the code generators: ent, gqlgen, the frontend GraphQL codegen
	$(GO) generate ./...
	@scripts/frontend.sh codegen

migration: ## write a new migration from ent/schema changes: make migration NAME=add_x
	@[[ "$(NAME)" =~ ^[a-z0-9_]+$$ ]] || { echo "usage: make migration NAME=short_description (a-z, 0-9, _)" >&2; exit 1; }
	@dsn="$$($(DB) server-dsn)"; DATABASE_URL="$$dsn" $(GO) run -mod=mod ent/migrate/main.go "$(NAME)"

check-generated: ## fail if generating changes any committed generated file
	@scripts/check-generated.sh $(MAKE) --no-print-directory generate

lint: ## gofmt, go vet, staticcheck
	@GO="$(GO)" scripts/lint.sh

test: db-ready check-generated lint test-go test-frontend ## every test (what CI runs)

# db-ready starts the database before the slower steps, so a missing
# PostgreSQL fails the run at once; the DSN is shown without its password.
db-ready:
	@$(DB) server-dsn | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#; s#^#database: #'

test-go: ## Go tests only, each test on its own fresh database
	@$(TEST_ENV) $(GO) test -count=1 $(GOTESTFLAGS) ./...

test-frontend: ## frontend typecheck, unit and browser tests
	@$(TEST_ENV) scripts/frontend.sh test

bench: ## side-by-side benchmark: Veredicto, a hand-written ceiling, PostGraphile (bench/README.md; ~12 min)
	@GO="$(GO)" bench/run.sh

bench-verdicts: ## the verdict scoring benchmark (flags via ARGS="-verdicts 1000")
	$(GO) run ./verdict/cmd/bench-verdicts $(ARGS)

clean: ## remove build output (not the database in .dev/pg)
	rm -rf bin
