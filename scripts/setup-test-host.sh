#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real peers: socat (pseudo-terminal pairs
# for serial radio tests), mosquitto-clients (mosquitto_pub/sub against the broker), sip-tester
# (sipp SIP peers), chromium (dashboard tests with playwright-core) and systemd (systemd-analyze
# and systemd-sysusers check deploy/systemd; nothing is started), poppler-utils (pdftotext and
# pdfinfo read the conference protocol PDFs back) and fail2ban (fail2ban-regex runs
# deploy/fail2ban's filter over the gateway's own refusal lines; the service the package enables
# is stopped and disabled again, so a test host bans nobody). Idempotent; needs root or sudo
# only when something is missing.
set -euo pipefail
need=()
command -v socat >/dev/null || need+=(socat)
command -v mosquitto_pub >/dev/null || need+=(mosquitto-clients)
command -v sipp >/dev/null || need+=(sip-tester)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v fail2ban-regex >/dev/null || need+=(fail2ban)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup-test-host: all test tools present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup-test-host: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
# Only fail2ban-regex is needed: a fail2ban service the package started would police this host.
if [[ " ${need[*]} " == *" fail2ban "* ]] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now fail2ban.service || true
fi
