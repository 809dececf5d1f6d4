#!/usr/bin/env node
// `npm start`: the whole platform for a developer machine — API, worker, user-ui and admin-ui — in one terminal.
// PostgreSQL and Redis must be reachable (see README). The API creates its database, migrates and seeds on start;
// with no provider key set, the built-in simulator model serves every run.
import concurrently from 'concurrently';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const backend = (entry) => `node -r ./backend/tools/swc-register.cjs backend/src/${entry}`;

const commands = [{ name: 'api', command: backend('main.ts'), prefixColor: 'blue' }];
if (existsSync(`${root}backend/src/worker.ts`)) {
  commands.push({ name: 'worker', command: backend('worker.ts'), prefixColor: 'magenta' });
}
commands.push(
  { name: 'user-ui', command: 'npx nx serve user-ui --skip-nx-cache', prefixColor: 'green' },
  { name: 'admin-ui', command: 'npx nx serve admin-ui --skip-nx-cache', prefixColor: 'yellow' },
);

console.log(`Starting the Esy platform:
  API + Swagger   http://localhost:3000/api/docs
  user app        http://localhost:4200
  admin console   http://localhost:4201   (first admin: see the "admin" lines of the api log)
`);

const { result } = concurrently(commands, { cwd: root, killOthersOn: ['failure'], restartTries: 0 });
result.then(
  () => process.exit(0),
  () => process.exit(1),
);
