# Shared by the scripts in samples/: find a JDK 21+ and the repository root.
# shellcheck shell=bash

repo_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

# Prints the home of the newest JDK 21+ among JAVA_HOME, the java on PATH and /usr/lib/jvm/*.
find_jdk() {
  local candidates=() best="" best_major=0 home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  [ -n "$best" ] || { echo "no JDK 21+ found (JAVA_HOME, java on PATH, /usr/lib/jvm)" >&2; return 1; }
  echo "$best"
}
