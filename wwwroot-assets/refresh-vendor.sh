#!/usr/bin/env bash
# Refreshes the vendored front-end files from the exact versions pinned in package.json /
# package-lock.json. Run it only when changing a pinned version; the app itself never needs npm.
#
# apexcharts stays on 4.x: 5.x and later carry a revenue-threshold licence a bank cannot use for free.
set -euo pipefail
cd "$(dirname "$0")"

if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --ignore-scripts
else
    npm install --no-audit --no-fund --ignore-scripts --save-exact
fi

version=$(node -p "require('./node_modules/apexcharts/package.json').version")
case "$version" in
    4.*) ;;
    *) echo "apexcharts $version is not 4.x; refusing to vendor it (licence)." >&2; exit 1 ;;
esac

target=vendor/apexcharts
mkdir -p "$target"
cp node_modules/apexcharts/dist/apexcharts.min.js "$target/apexcharts.min.js"
cp node_modules/apexcharts/LICENSE "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "Vendored apexcharts $version into $target"
