// `npm test` runs this first (imported by scripts/ensure-services.mjs; also runs on its own): the
// Prometheus source's tests start Debian's Prometheus (/usr/bin/prometheus, or PROMETHEUS_PATH)
// themselves, which a fresh machine does not have. Install it with apt-get when possible (root,
// or sudo without a password) without letting the package start its system-wide service (a
// policy-rc.d that forbids it, for the install, when the machine has none); otherwise say how,
// and let the tests report the missing binary. AIDC_SKIP_PROMETHEUS=1 skips this.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
const how =
  "install Debian's prometheus (apt-get install --no-install-recommends prometheus), set PROMETHEUS_PATH, or set AIDC_SKIP_PROMETHEUS=1";

const run = (cmd) => execSync(cmd, { stdio: ['ignore', 'ignore', 'inherit'] });
const has = (cmd) => {
  try {
    execSync(`command -v ${cmd}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function sudoPrefix() {
  if (process.getuid?.() === 0) return '';
  if (!has('sudo')) return null;
  try {
    execSync('sudo -n true', { stdio: 'ignore' });
    return 'sudo -n ';
  } catch {
    return null;
  }
}

function ensurePrometheus() {
  if (existsSync(path) || process.env.AIDC_SKIP_PROMETHEUS === '1') return;
  const sudo = sudoPrefix();
  if (!has('apt-get') || sudo === null) {
    console.error(`aidc tests: ${path} is missing; ${how}`);
    return;
  }
  console.error("aidc tests: installing Debian's prometheus for the Prometheus tests (once)...");
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  try {
    // Exit 101: invoke-rc.d may not start the service the package starts on install.
    if (ownPolicy)
      run(`printf '#!/bin/sh\\nexit 101\\n' | ${sudo}tee ${policy} && ${sudo}chmod 755 ${policy}`);
    run(`${sudo}apt-get update -qq`);
    run(
      `DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq --no-install-recommends prometheus`,
    );
  } catch {
    console.error(`aidc tests: could not install prometheus; ${how}`);
  } finally {
    if (ownPolicy) {
      try {
        run(`${sudo}rm -f ${policy}`);
      } catch {
        console.error(`aidc tests: could not remove the temporary ${policy}`);
      }
    }
  }
}

ensurePrometheus();
