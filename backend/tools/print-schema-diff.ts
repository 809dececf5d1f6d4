// Prints the SQL TypeORM would need to bring DATABASE_URL's schema in line with the entities — used to write
// migrations and to check that migrations and entities agree (empty output).
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';

async function main() {
  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url) throw new Error('usage: print-schema-diff.ts <database-url>');
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query + ';').join('\n');
    const down = sql.downQueries.reverse().map((q) => q.query + ';').join('\n');
    process.stdout.write(`-- up\n${up}\n-- down\n${down}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
