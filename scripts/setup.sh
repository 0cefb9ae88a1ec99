#!/usr/bin/env bash
# Sets up a fresh clone and runs pyenvc on the bundled example (README, first command):
# installs the exact npm dependencies, makes sure shellcheck (used by the tests) is present, builds,
# and compiles examples/flask-app/pyenv.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "setup: installing shellcheck (Debian package) for the entrypoint tests"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 update -qq && $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends shellcheck >/dev/null
fi
npm run example
