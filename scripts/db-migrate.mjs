#!/usr/bin/env node
// `npm run db:migrate [-- --status | --revert-last | --revert-all]`: applies the backend's TypeORM migrations to
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/esy). Runs the TypeScript sources directly (SWC).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../backend/tools/swc-register.cjs');
const { migrateCli } = require('../backend/src/database/migrate.cli.ts');

migrateCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Migration failed: ${error?.message ?? error}`);
    process.exit(1);
  },
);
