# BOCP for Odoo. Two commands matter:
#   make run    set everything up and serve Odoo on http://127.0.0.1:8069 (demo data)
#   make test   set everything up and run every test; last line "N passed, M failed"
# Details (finding Odoo and PostgreSQL, the private cluster) live in scripts/bocp.py.

PYTHON ?= python3
BOCP := $(PYTHON) scripts/bocp.py

# make test ADDONS=bocp_emag DB=my_test_db HTTP_PORT=8179   (defaults: all addons)
# Without an Odoo, one is installed under var/ from ODOO_ARCHIVE, ODOO_GIT (+ODOO_REF)
# or the nightly download (scripts/odoo_install.py; ODOO_LDAP=1 adds python-ldap).
export ADDONS DB HTTP_PORT ODOO_ARCHIVE ODOO_GIT ODOO_REF ODOO_LDAP

.PHONY: help run test lint bench fuzz stop-db clean distclean

help:
	@echo "make run     set up (requirements, Odoo, PostgreSQL, database 'bocp') and serve Odoo"
	@echo "make test    set up, lint, then install every addon in a fresh database and run all tests"
	@echo "             (ADDONS=a,b to test some addons only; DB=, HTTP_PORT= to run several at once)"
	@echo "make lint    ruff and pylint (pylint_odoo) on the addons"
	@echo "make bench   run the benchmarks in tests/bench (BENCH=name to run one)"
	@echo "make fuzz    long property/fuzz run of tests/fuzz (FUZZ_EXAMPLES=, FUZZ_SECONDS= for atheris)"
	@echo "make stop-db stop the private PostgreSQL cluster under var/ if one runs"
	@echo "make clean   remove var/ except an Odoo installed there (var/odoo, var/venv)"
	@echo "make distclean  remove all of var/"

run:
	$(BOCP) run

test:
	$(BOCP) test

lint:
	$(BOCP) lint

bench:
	$(BOCP) bench $(BENCH)

fuzz:
	$(BOCP) fuzz --examples $(or $(FUZZ_EXAMPLES),20000) --seconds $(or $(FUZZ_SECONDS),120)

stop-db:
	$(PYTHON) -c "import sys; sys.path.insert(0, 'scripts'); import bocp; bocp.stop_private_cluster()"

clean: stop-db
	[ ! -d var ] || find var -mindepth 1 -maxdepth 1 ! -name odoo ! -name venv -exec rm -rf {} +

distclean: clean
	rm -rf var
