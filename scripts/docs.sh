#!/usr/bin/env bash
# Builds the DocC documentation of Exact, Reference and FastPath with the toolchain's `docc`
# (no package plugin, so the build and CI need no extra dependency), and fails on any DocC
# warning (`--warnings-as-errors`): unresolved symbol links, undocumented parameters of a
# documented function, malformed catalogs.
#
#   scripts/docs.sh                 all three modules
#   scripts/docs.sh Exact           one module
#
# Symbol graphs: `swift symbolgraph-extract` on a debug build in .build-docs/ (public
# symbols). The archives are written to .build-docs/docs/<Module>.doccarchive. Each
# catalog's overview article is
# Sources/<Module>/<Module>.docc/<Module>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=("$@"); [ ${#modules[@]} -gt 0 ] || modules=(Exact Reference FastPath)
for m in "${modules[@]}"; do
  case "$m" in Exact|Reference|FastPath) ;; *) echo "docs.sh: no catalog for $m (one of: Exact Reference FastPath)" >&2; exit 2 ;; esac
done
graphs=.build-docs/symbol-graphs
mkdir -p .build-docs/docs
for m in "${modules[@]}"; do
  echo "docs.sh: building $m" >&2
  swift build --scratch-path .build-docs --target "$m" >&2
done
status=0
for m in "${modules[@]}"; do
  dir="$graphs/$m"; rm -rf "$dir"; mkdir -p "$dir"
  # The public symbols of the built module (and its extensions of other modules' types).
  swift symbolgraph-extract -module-name "$m" -I .build-docs/debug/Modules -I Sources/CGMP \
    -target "$(uname -m)-unknown-linux-gnu" -minimum-access-level public -output-dir "$dir"
  out=".build-docs/docs/$m.doccarchive"
  echo "docs.sh: docc convert $m" >&2
  if docc convert "Sources/$m/$m.docc" --additional-symbol-graph-dir "$dir" \
       --fallback-display-name "$m" --fallback-bundle-identifier "org.homotopy-relu.$m" \
       --output-path "$out" --warnings-as-errors; then
    echo "docs.sh: $m: no warnings → $out"
  else
    echo "docs.sh: $m: DocC reported problems (above)"; status=1
  fi
done
exit $status
