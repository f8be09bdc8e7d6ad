// `npm test` runs this first: the store's and the service's tests talk to a real PostgreSQL on
// 127.0.0.1:5432 (and later tests to Redis on 6379). Start them with the machine's own commands
// when they are installed but down; otherwise say how, and let the tests report what is missing.
// Prometheus is not a service to start (its tests start their own) but a package to install.
import './ensure-prometheus.mjs';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const quiet = (cmd) => {
  try {
    execSync(cmd, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const has = (cmd) => quiet(`command -v ${cmd}`);

if (has('pg_isready') && !quiet('pg_isready -h 127.0.0.1 -p 5432 -q')) {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (has('pg_ctlcluster') && versions[0]) {
    process.stderr.write('starting PostgreSQL for the store tests\n');
    quiet(`pg_ctlcluster --skip-systemctl-redirect ${versions[0]} main start`);
  }
  if (!quiet('pg_isready -h 127.0.0.1 -p 5432 -q'))
    process.stderr.write(
      'PostgreSQL is not running on 127.0.0.1:5432: the store and service tests on PostgreSQL will fail (start it, or set AIDC_TEST_POSTGRES)\n',
    );
}

if (has('redis-server') && has('redis-cli') && !quiet('redis-cli -h 127.0.0.1 -p 6379 ping')) {
  process.stderr.write('starting Redis\n');
  quiet('redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no');
}
