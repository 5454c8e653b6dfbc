#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine and is a no-op when it is there:
#   conntrack, nftables, iproute2   the collector's tests against the real kernel (netns, as root)
#   libreoffice-calc, chromium,     the report's spreadsheet and page checks
#   poppler-utils, fonts
#   kubectl                         builds the kustomize overlays
#   azurite@3.35.0 (npm)            Azure Blob protocol server for the object-store contract tests
# Java 17 and Maven come with the machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(conntrack nftables iproute2 libreoffice-calc chromium poppler-utils fonts-dejavu-core kubectl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]} (run as root, or install them; the tests that need them will skip outside CI)" >&2
  else
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    # kubectl is not in every Debian release: install what exists, say what does not
    installable=()
    for p in "${missing[@]}"; do
      if apt-cache show "$p" >/dev/null 2>&1; then installable+=("$p"); else echo "setup: no Debian package $p here" >&2; fi
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${installable[@]}" >/dev/null
  fi
fi

tools="$here/.tools"
if [ ! -x "$tools/node_modules/.bin/azurite-blob" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: installing azurite@3.35.0 into .tools/" >&2
    mkdir -p "$tools"
    (cd "$tools" && npm install --no-audit --no-fund --silent azurite@3.35.0 >/dev/null)
  else
    echo "setup: npm not found; the Azure Blob contract tests will skip outside CI" >&2
  fi
fi
