#!/bin/sh
# alumni-report.sh: run one alumni report from cron or a systemd timer.
#
#   alumni-report.sh [ALUMNI ARGUMENTS...]
#
# It runs `alumni ARGUMENTS...` (default: export kpi --format json --out {out})
# and keeps what it writes as $REPORT_DIR/$REPORT_NAME-YYYY-MM-DD.$REPORT_EXT:
#
#   - An argument containing {out} is given the path to write; without one,
#     the command's stdout is the report.
#   - The report appears whole or not at all: it is written in a temporary
#     directory beside the reports and renamed into place only when the
#     command succeeded and wrote something. A second run on the same day
#     replaces that day's report.
#   - Start, end and exit status, with timestamps, and everything alumni says
#     on stderr, go to $REPORT_LOG.
#   - Only the newest $REPORT_KEEP reports of this name are kept.
#   - It exits with the command's status. On failure it also says so on
#     stderr, so that cron mails it and the systemd journal shows it; on
#     success it prints nothing.
#
# Configuration, from the environment:
#
#   ALUMNI         the alumni binary                 [default: alumni, on PATH]
#   ALUMNI_DB      the database (read by alumni itself)
#   REPORT_DIR     where reports are kept             [default: $HOME/alumni-reports]
#   REPORT_NAME    file name prefix                   [default: kpi]
#   REPORT_EXT     file name extension                [default: json]
#   REPORT_KEEP    how many reports to keep           [default: 12]
#   REPORT_LOG     the log file                       [default: $REPORT_DIR/alumni-report.log]
#
# Examples:
#   alumni-report.sh                                   # export kpi --format json --out {out}
#   REPORT_NAME=kpi-table REPORT_EXT=txt alumni-report.sh kpi --lang ja
#   REPORT_NAME=alumni REPORT_EXT=db REPORT_KEEP=7 alumni-report.sh backup {out}
#
# POSIX sh; no terminal needed or used.
set -eu

ALUMNI=${ALUMNI:-alumni}
REPORT_DIR=${REPORT_DIR:-${HOME:?set REPORT_DIR or HOME}/alumni-reports}
REPORT_NAME=${REPORT_NAME:-kpi}
REPORT_EXT=${REPORT_EXT:-json}
REPORT_KEEP=${REPORT_KEEP:-12}
REPORT_LOG=${REPORT_LOG:-$REPORT_DIR/alumni-report.log}

# Reports may hold personal data: only their owner reads them. The group
# and others lose every right; a stricter umask (one that also takes the
# owner's write, say) is kept as it is.
umask "$(printf '%o' $((0$(umask) | 077)))"
# Sorted file names, plain messages.
LC_ALL=C
export LC_ALL

if [ "$#" -eq 0 ]; then
    set -- export kpi --format json --out '{out}'
fi

case $REPORT_KEEP in
    '' | *[!0-9]* | 0)
        echo "alumni-report: REPORT_KEEP must be a whole number above 0, not '$REPORT_KEEP'" >&2
        exit 2
        ;;
esac

mkdir -p "$REPORT_DIR"
mkdir -p "$(dirname "$REPORT_LOG")"

log() {
    printf '%s %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$*" >>"$REPORT_LOG"
}

fail() {
    log "FAILED: $*"
    echo "alumni-report: $* (see $REPORT_LOG)" >&2
}

report=$REPORT_DIR/$REPORT_NAME-$(date '+%Y-%m-%d').$REPORT_EXT
work=$(mktemp -d "$REPORT_DIR/.alumni-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
partial=$work/$(basename "$report")

# {out} in any argument becomes the partial file's path.
to_file=false
for arg; do
    shift
    case $arg in
        *'{out}'*)
            arg=${arg%%\{out\}*}$partial${arg#*\{out\}}
            to_file=true
            ;;
    esac
    set -- "$@" "$arg"
done

log "start: $ALUMNI $* (pid $$)"
if [ "$to_file" = true ]; then
    # stdout is messages here, not the report.
    if "$ALUMNI" "$@" >>"$REPORT_LOG" 2>&1 </dev/null; then status=0; else status=$?; fi
else
    if "$ALUMNI" "$@" >"$partial" 2>>"$REPORT_LOG" </dev/null; then status=0; else status=$?; fi
fi

if [ "$status" -ne 0 ]; then
    fail "exit $status: $ALUMNI $*"
    exit "$status"
fi
if [ ! -s "$partial" ]; then
    fail "the command succeeded but wrote no report: $ALUMNI $*"
    exit 1
fi
mv -f "$partial" "$report"
log "end: exit 0, wrote $report ($(wc -c <"$report" | tr -d ' ') bytes)"

# Keep the newest $REPORT_KEEP: the names sort by date.
prune() {
    set -- "$REPORT_DIR/$REPORT_NAME"-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]."$REPORT_EXT"
    [ -e "$1" ] || return 0
    excess=$(($# - REPORT_KEEP))
    while [ "$excess" -gt 0 ]; do
        rm -f -- "$1"
        log "removed old report $1"
        shift
        excess=$((excess - 1))
    done
}
prune
