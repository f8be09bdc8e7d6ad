// `npm test` runs this first: the HTML-report and web app tests drive Debian's Chromium, which a
// fresh machine does not have, and the web app's Chinese screenshots need a CJK font
// (fonts-wqy-microhei). Install both with apt-get when possible (root, or sudo without a
// password); otherwise say how, and let the browser tests report the missing browser.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
if (existsSync(path) && existsSync(cjkFont)) process.exit(0);

const run = (cmd) => execSync(cmd, { stdio: ['ignore', 'ignore', 'inherit'] });
const has = (cmd) => {
  try {
    execSync(`command -v ${cmd}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

let sudo = null;
if (process.getuid?.() === 0) sudo = '';
else if (has('sudo')) {
  try {
    execSync('sudo -n true', { stdio: 'ignore' });
    sudo = 'sudo -n ';
  } catch {
    sudo = null;
  }
}
if (!has('apt-get') || sudo === null) {
  if (!existsSync(path))
    console.error(
      `aidc tests: ${path} is missing; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  process.exit(0);
}
if (existsSync(path)) {
  // Only the font is missing: best effort, the tests pass without it (the glyphs are boxes).
  try {
    run(`DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq fonts-wqy-microhei`);
  } catch {
    console.error(
      'aidc tests: no CJK font (apt-get install fonts-wqy-microhei); Chinese screenshots show boxes',
    );
  }
  process.exit(0);
}
console.error(
  "aidc tests: installing Debian's chromium for the HTML-report browser test (once)...",
);
run(`${sudo}apt-get update -qq`);
run(`DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq chromium`);
try {
  run(`DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq fonts-wqy-microhei`);
} catch {
  console.error(
    'aidc tests: no CJK font (apt-get install fonts-wqy-microhei); Chinese screenshots show boxes',
  );
}
