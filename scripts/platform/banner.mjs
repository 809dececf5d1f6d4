// What `npm start` prints once everything answers: where to go, where the data lives, and — on the first start
// only — the first administrator's generated password, fished out of the API's log.

const FIRST_ADMIN = /Created the first administrator (\S+) with the generated password: (\S+)/;

/** Watches a concurrently command's output; returns a getter for `{ email, password }` once the API logged it. */
export function watchFirstAdmin(command) {
  let found = null;
  let pending = '';
  command.stdout.subscribe((chunk) => {
    if (found) return;
    pending = (pending + chunk.toString()).slice(-4000);
    const match = FIRST_ADMIN.exec(pending);
    if (match) found = { email: match[1], password: match[2] };
  });
  return () => found;
}

export function printBanner({ dev, withWeb, ports, postgres, redis, firstAdmin }) {
  const rows = [];
  if (withWeb) {
    rows.push(['user app', `http://localhost:${ports.userUi}`], ['admin console', `http://localhost:${ports.adminUi}`]);
  }
  rows.push(['REST API', `http://localhost:${ports.api}/api   (Swagger UI: http://localhost:${ports.api}/api/docs)`]);
  rows.push(['PostgreSQL', postgres.embedded ? `embedded, data in ${postgres.embedded} (port ${ports.postgres})` : postgres.source]);
  rows.push(['Redis', redis.source === 'REDIS_URL' ? 'REDIS_URL' : `${redis.source} (port ${ports.redis})`]);
  const email = process.env.ADMIN_EMAIL ?? 'admin@esy.local';
  rows.push(
    firstAdmin
      ? ['first admin', `${firstAdmin.email}   password: ${firstAdmin.password}   (shown this once: sign in and change it)`]
      : ['first admin', `${email} (password: ADMIN_PASSWORD, or the one shown at the first start)`],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  const mode = dev ? 'development servers' : 'production builds';
  console.log(
    [``, `Esy is running (${mode}; Ctrl+C stops everything):`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}   ${value}`), ``].join('\n'),
  );
}
