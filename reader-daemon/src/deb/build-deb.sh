#!/usr/bin/env bash
# Builds the Debian package of madoguchi from the production jar: a jlink-trimmed Java runtime and
# a native launcher (jpackage --type app-image), the systemd unit, the sysusers.d entry, the polkit
# rule, the kiosk desktop entry and the maintainer scripts, assembled with dpkg-deb.
# Run by Maven with -Pdeb (reader-daemon/pom.xml); by hand:
#   build-deb.sh PRODUCTION_JAR MAVEN_VERSION OUTPUT_DIR [JAVA_HOME]
# Needs: a JDK 17 with jlink, jpackage, jdeps and its jmods (Debian: openjdk-17-jdk-headless, and
# openjdk-17-jmods where the jmods are a package of their own), dpkg-deb and dpkg-shlibdeps
# (dpkg-dev). Nothing else: no fakeroot (dpkg-deb --root-owner-group), no network.
set -euo pipefail

JAR=$1
MAVEN_VERSION=$2
OUT=$3
JAVA_HOME=${4:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}}
SRC=$(cd "$(dirname "$0")" && pwd)
NAME=madoguchi
PREFIX=/usr/lib/$NAME

# --- the JVM options of the installed launcher (docs/operations.md, "Start-up and footprint") ---
# Serial GC: one GC thread and no region bookkeeping; the live heap is ~30 MB, so pauses stay short.
# -Xmx256m: the face engine holds 25 MiB of weights and a face comparison (6 faces) briefly allocates
#   up to about 80 MiB more per reader: at 128 MiB one capture already peaked at 121 MiB, and with
#   ExitOnOutOfMemoryError a second reader comparing at the same time would end the process.
#   -Xms16m and the serial collector give memory back to the OS as the heap shrinks.
# MaxMetaspaceSize / ReservedCodeCacheSize / MaxDirectMemorySize: caps well above use, so a leak
#   ends in a restart (ExitOnOutOfMemoryError, systemd Restart=on-failure), not a swapping PC.
# C2 stays on (no -XX:TieredStopAtLevel=1): the face engine's convolutions need C2's vectorised loops;
#   with C1 only a face capture took 2.5 s instead of 0.46 s (docs/operations.md).
# -XX:-UsePerfData: no hsperfdata file in /tmp (and no jstat); -Xshare with the AppCDS archive that
#   postinst builds for this machine (make-cds-archive); missing or stale, the JVM goes on without it.
# JNA loads libjnidispatch.so from the package instead of unpacking it into $HOME.
JAVA_OPTIONS=(
    -XX:+UseSerialGC -Xms16m -Xmx256m
    -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m
    -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData
    -XX:SharedArchiveFile=/var/cache/$NAME/$NAME.jsa
    -Dfile.encoding=UTF-8 -Djava.awt.headless=true
    '-Djna.boot.library.path=$APPDIR/native' -Djna.nounpack=true
)

die() { echo "build-deb: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || die "$1 is missing: $2"; }

need "$JAVA_HOME/bin/jlink" "install a JDK 17 (Debian: openjdk-17-jdk-headless)"
need "$JAVA_HOME/bin/jpackage" "install a JDK 17 with jpackage (Debian: openjdk-17-jdk-headless)"
need "$JAVA_HOME/bin/jdeps" "install a JDK 17 (Debian: openjdk-17-jdk-headless)"
[ -e "$JAVA_HOME/jmods/java.base.jmod" ] || die "$JAVA_HOME/jmods is missing: jlink needs the JDK's jmods (Debian: apt-get install openjdk-17-jmods)"
need dpkg-deb "install dpkg"
need dpkg-shlibdeps "install dpkg-dev"
need dpkg-architecture "install dpkg-dev"
[ -f "$JAR" ] || die "no production jar at $JAR (mvn -Pdeb package builds it first)"

ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
# Maven's 0.1.0-SNAPSHOT is Debian's 0.1.0~SNAPSHOT: a tilde sorts before the release it precedes.
VERSION=${MAVEN_VERSION//-/\~}
APP_VERSION=${MAVEN_VERSION%%-*}

rm -rf "$OUT"
mkdir -p "$OUT/input"
cp "$JAR" "$OUT/input/$NAME.jar"

# --- 1. the runtime: the modules the jar needs (jdeps), plus EC crypto for certificates ---------
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 "$OUT/input/$NAME.jar")
modules="$modules,jdk.crypto.ec"
echo "build-deb: runtime modules $modules"
# AWT for X11, sound and the splash screen are left out: the daemon is headless (the face engine
# uses only java.awt.image), and they would pull X11 and ALSA libraries into the dependencies.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive \
    --exclude-files='**/libawt_xawt.so,**/libsplashscreen.so,**/libjawt.so,**/libjsound.so' \
    --output "$OUT/runtime" >"$OUT/jlink.log"

# --- 2. the launcher: jpackage's app image around the jar and that runtime -----------------------
jp_opts=()
for o in "${JAVA_OPTIONS[@]}"; do jp_opts+=(--java-options "$o"); done
"$JAVA_HOME/bin/jpackage" --type app-image --name "$NAME" --app-version "$APP_VERSION" \
    --vendor "madoguchi" --description "madoguchi card reader daemon" \
    --input "$OUT/input" --main-jar "$NAME.jar" --main-class org.madoguchi.daemon.DaemonMain \
    --runtime-image "$OUT/runtime" "${jp_opts[@]}" --dest "$OUT/app-image"
IMAGE="$OUT/app-image/$NAME"
rm -f "$IMAGE/lib/$NAME.png" # jpackage's generic icon; the desktop entry uses madoguchi's own
# JNA's native part, for -Djna.boot.library.path (the jar holds one per platform).
mkdir -p "$IMAGE/lib/app/native"
(cd "$IMAGE/lib/app/native" && "$JAVA_HOME/bin/jar" xf "$OUT/input/$NAME.jar" com/sun/jna/linux-x86-64/libjnidispatch.so \
    && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -rf com)
[ -s "$IMAGE/lib/app/native/libjnidispatch.so" ] || die "libjnidispatch.so for linux-x86-64 not found in the jar"

# --- 3. the package tree ---------------------------------------------------------------------------
ROOT="$OUT/root"
mkdir -p "$ROOT/DEBIAN" "$ROOT/usr/lib" "$ROOT/usr/bin" "$ROOT/lib/systemd/system" "$ROOT/usr/lib/sysusers.d" \
    "$ROOT/usr/share/polkit-1/rules.d" "$ROOT/usr/share/applications" "$ROOT/usr/share/doc/$NAME" \
    "$ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$IMAGE" "$ROOT$PREFIX"
ln -s "../lib/$NAME/bin/$NAME" "$ROOT/usr/bin/$NAME"
install -m 0755 "$SRC/make-cds-archive" "$ROOT$PREFIX/make-cds-archive"
install -m 0644 "$SRC/madoguchi.service" "$ROOT/lib/systemd/system/$NAME.service"
install -m 0644 "$SRC/madoguchi.sysusers" "$ROOT/usr/lib/sysusers.d/$NAME.conf"
install -m 0644 "$SRC/60-madoguchi.rules" "$ROOT/usr/share/polkit-1/rules.d/60-$NAME.rules"
install -m 0644 "$SRC/madoguchi-kiosk.desktop" "$ROOT/usr/share/applications/$NAME-kiosk.desktop"
install -m 0644 "$SRC/../main/web/assets/icon.svg" "$ROOT/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 0644 "$SRC/copyright" "$ROOT/usr/share/doc/$NAME/copyright"
DOCS="$SRC/../../../docs"
for d in operations.md security.md protocol.md frontends.md; do
    [ -f "$DOCS/$d" ] && install -m 0644 "$DOCS/$d" "$ROOT/usr/share/doc/$NAME/$d"
done
printf '%s (%s) unstable; urgency=medium\n\n  * Built from the madoguchi repository.\n\n -- madoguchi developers <madoguchi@users.invalid>  %s\n' \
    "$NAME" "$VERSION" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")" | gzip -9n >"$ROOT/usr/share/doc/$NAME/changelog.gz"
for s in postinst prerm postrm; do install -m 0755 "$SRC/$s" "$ROOT/DEBIAN/$s"; done
# Files the package owns are root's; the launcher and native libraries executable, the rest read-only.
find "$ROOT" -path "$ROOT/DEBIAN" -prune -o -type d -exec chmod 0755 {} +
find "$ROOT$PREFIX" -type f -exec chmod go-w {} +

# --- 4. the dependencies of the native code (dpkg-shlibdeps) --------------------------------------
elves=()
while IFS= read -r -d '' f; do
    if head -c 4 "$f" | grep -q 'ELF'; then elves+=("$f"); fi
done < <(find "$ROOT$PREFIX" -type f \( -name '*.so' -o -perm -u+x \) -print0)
shl=$(mktemp -d)
mkdir -p "$shl/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$NAME" "$NAME" >"$shl/debian/control"
libdirs=()
while IFS= read -r d; do libdirs+=("-l$d"); done < <(find "$ROOT$PREFIX" -name '*.so' -printf '%h\n' | sort -u)
( cd "$shl" && dpkg-shlibdeps -O --ignore-missing-info "${libdirs[@]}" "${elves[@]}" ) >"$OUT/shlibs.txt" 2>"$OUT/shlibdeps.log" \
    || { cat "$OUT/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
rm -rf "$shl"
SHLIBS=$(sed -n 's/^shlibs:Depends=//p' "$OUT/shlibs.txt")
[ -n "$SHLIBS" ] || die "dpkg-shlibdeps found no dependencies"
# JNA opens libpcsclite.so.1 at run time, which no ELF file records.
case "$SHLIBS" in *libpcsclite1*) ;; *) SHLIBS="$SHLIBS, libpcsclite1" ;; esac

SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@SIZE@|$SIZE|" -e "s|@SHLIBS@|$SHLIBS|" \
    "$SRC/control.in" >"$ROOT/DEBIAN/control"
( cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum ) >"$ROOT/DEBIAN/md5sums"

DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "build-deb: $DEB ($(du -h "$DEB" | cut -f1))"
