#!/usr/bin/env bash
# Sets up and runs every test: Rust unit and integration tests (each against a throwaway mongod), then the
# Playwright end-to-end tests in headless Chromium against a release build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

scripts/setup.sh --test

printf '\n\033[1m==> Rust tests (unit and integration)\033[0m\n'
cargo test --features ssr

printf '\n\033[1m==> Building the store for the end-to-end tests (release)\033[0m\n'
scripts/build-release.sh

printf '\n\033[1m==> End-to-end tests (Playwright, headless Chromium)\033[0m\n'
# Playwright starts target/release/amazone with a throwaway mongod and stops it with SIGTERM (playwright.config.ts).
(cd end2end && npx playwright test)
