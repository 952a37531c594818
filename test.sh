#!/usr/bin/env bash
# All tests: the library, its JUnit 5 and JUnit 6 consumer builds, and the three example applications.
# The tests are real: the HTML report is checked in a headless Chromium, the hook through the pre-commit framework,
# both on real git repositories. What is missing is installed first from Debian's packages (as root, or through
# sudo); where neither works the script stops with the one command that installs them. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
if [ ${#missing[@]} -gt 0 ]; then
  install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: the tests need ${missing[*]}, and this machine has no apt-get: install them with its package manager" >&2
    exit 2
  elif [ "$(id -u)" = 0 ]; then
    sh -c "$install" > /dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo sh -c "$install" > /dev/null
  else
    echo "test.sh: the tests need ${missing[*]}; install them with: sudo sh -c '$install'" >&2
    exit 2
  fi
fi

mvn -B install "$@"
mvn -B -f examples/notifications-service/pom.xml verify "$@"
mvn -B -f examples/spring-shop/pom.xml verify "$@"
mvn -B -f examples/reactive-shop/pom.xml verify "$@"
