#!/usr/bin/env bash
# Stages the root file system of the Lambda container image in a folder, exactly as the image will hold it:
#
#   stage-root.sh <root> <function.zip> <onnxruntime-layer.zip> <runtime-lib-folder>
#
#   /var/lang                  the build's JDK (JAVA_HOME), jlinked, with its default CDS archive; checked
#                              against image.pins (the AOT cache is valid only for this very JVM)
#   /var/runtime/lib           AWS's runtime interface client and its jars, its JNI library under jni/
#   /var/task                  function.zip, unpacked (LAMBDA_TASK_ROOT)
#   /opt                       the ONNX Runtime layer, unpacked (where the function looks for its natives)
#   /lib, /lib64, /usr/lib     glibc, libgcc and libstdc++ from the Debian packages pinned in image.pins
#   /var/modelfn/launch.args   the JVM's options, class path and main class (the image's entry point reads it)
#   /var/modelfn/function.jar  function.zip's own classes and resources, as one class path entry
#   /etc/hosts, nsswitch.conf  name resolution for localhost and files-then-DNS; passwd and group: root
#   /tmp, /proc, /dev          empty mount points
#
# Every file gets the modification time Jib gives the image's files (1970-01-01T00:00:01Z), so that the AOT
# cache trained on this folder (lambda-harness AotCacheTraining) sees the files the image will have.
# The Debian packages are downloaded with apt-get into <root>.debs (kept between runs) and checked.
set -euo pipefail

[ $# -eq 4 ] || { echo "usage: $0 <root> <function.zip> <onnxruntime-layer.zip> <runtime-lib-folder>" >&2; exit 2; }
root="$(realpath -m "$1")" function_zip="$2" layer_zip="$3" runtime_lib="$4"
here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/image.pins"
: "${JAVA_HOME:?JAVA_HOME must name the JDK that the image ships and that trains its AOT cache}"

for f in "$function_zip" "$layer_zip"; do
  [ -f "$f" ] || { echo "$f does not exist: package it first" >&2; exit 1; }
done
ls "$runtime_lib"/aws-lambda-java-runtime-interface-client-*.jar >/dev/null

sha() { sha256sum "$1" | cut -d' ' -f1; }

# The JDK: the pinned build, or nothing.
read -r _ jdk_version jvm_sha modules_sha < <(grep '^jdk ' "$pins")
actual_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JAVA_HOME/release")"
if [ "$actual_version" != "$jdk_version" ] || [ "$(sha "$JAVA_HOME/lib/server/libjvm.so")" != "$jvm_sha" ] \
    || [ "$(sha "$JAVA_HOME/lib/modules")" != "$modules_sha" ]; then
  echo "JAVA_HOME ($JAVA_HOME, $actual_version) is not the JDK pinned in $pins ($jdk_version): the image ships" \
       "the JDK that trains its AOT cache; update the pin deliberately" >&2
  exit 1
fi

rm -rf "$root"
mkdir -p "$root"/{var/lang,var/runtime/lib/jni,var/task,var/modelfn,opt,etc,tmp,proc,dev}

# Modules: the Java SE platform, plus what Quarkus, Netty and the AWS SDK reach for outside it.
"$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.net,jdk.charsets \
    --strip-debug --no-header-files --no-man-pages --generate-cds-archive --output "$root/var/lang.tmp"
rm -rf "$root/var/lang" && mv "$root/var/lang.tmp" "$root/var/lang"

# The C libraries, from the pinned Debian packages.
debs="$root.debs"
mkdir -p "$debs"
while read -r kind package version expected; do
  [ "$kind" = deb ] || continue
  file="$debs/${package}_${version//:/%3a}_amd64.deb"
  if [ ! -f "$file" ]; then
    (cd "$debs" && apt-get download -q "$package=$version" >/dev/null)
  fi
  [ "$(sha "$file")" = "$expected" ] || { echo "$file: SHA-256 differs from $pins" >&2; exit 1; }
  extracted="$debs/x-$package"
  rm -rf "$extracted" && mkdir -p "$extracted"
  dpkg-deb -x "$file" "$extracted"
  # Libraries only: no documentation, tools, locale or gconv data.
  for dir in lib lib64 usr/lib; do
    [ -d "$extracted/$dir" ] || continue
    mkdir -p "$root/$dir"
    (cd "$extracted/$dir" && find . \( -name gconv -o -name audit \) -prune -o \( -type f -o -type l \) -name '*.so*' -print) \
      | while read -r lib; do
          mkdir -p "$root/$dir/$(dirname "$lib")"
          cp -P "$extracted/$dir/$lib" "$root/$dir/$lib"
        done
  done
done < "$pins"
# Jib copies what a link points to, and an absolute link would point into the build machine: make every
# link of the staged libraries a file, resolved inside the root.
find "$root/lib" "$root/lib64" "$root/usr" -type l | while read -r link; do
  target="$(readlink "$link")"
  case "$target" in
    /*) resolved="$root$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  cp --remove-destination "$resolved" "$link"
done

# The runtime interface client, as Lambda's own Java runtime lays it out.
cp "$runtime_lib"/*.jar "$root/var/runtime/lib/"
unzip -q -o -j "$runtime_lib"/aws-lambda-java-runtime-interface-client-*.jar 'jni/libaws-lambda-jni.linux-x86_64.so' \
    -d "$root/var/runtime/lib/jni"

unzip -q "$function_zip" -d "$root/var/task"
unzip -q "$layer_zip" -d "$root/opt"
# A class path entry that is a non-empty folder rules an AOT cache out ("Cannot have non-empty directory in
# paths"): the function's own classes and resources (function.zip's root, /var/task less lib/) go on the class
# path as one jar. /var/task keeps them too, for the runtime client, which reads LAMBDA_TASK_ROOT.
(cd "$root/var/task" && find . -path ./lib -prune -o -type f -print | sort | zip -q -X -@ "$root/var/modelfn/function.jar")

printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
# The JVM names its performance-data file (what jcmd and jstat read) after the user; without a passwd entry it
# writes none.
printf 'root:x:0:0:root:/root:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"

# The launch line. The class path holds the function's classes and jars, so that the JVM's application
# class loader (whose classes an AOT cache can hold, linked) loads them, not the runtime client's own
# loader (whose classes it cannot); sorted, because a cache is valid only for the class path it saw.
classpath="$(cd "$root" && { ls var/runtime/lib/*.jar; echo var/modelfn/function.jar; ls var/task/lib/*.jar; } | sed 's|^|/|' | paste -sd: -)"
cat >"$root/var/modelfn/launch.args" <<EOF
-XX:MaxRAMPercentage=85
-XX:+UseSerialGC
-XX:+TieredCompilation
-XX:TieredStopAtLevel=1
--add-opens=java.base/java.io=ALL-UNNAMED
-XX:+ErrorFileToStderr
-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=/var/runtime/lib/jni/libaws-lambda-jni.linux-x86_64.so
-classpath
$classpath
com.amazonaws.services.lambda.runtime.api.client.AWSLambda
EOF

find "$root" -exec touch -h -d @1 {} +
echo "staged $(du -sh "$root" | cut -f1) in $root"
