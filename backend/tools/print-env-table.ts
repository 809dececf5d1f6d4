// Prints the configuration table (every environment variable, its default, what it expects) as Markdown for the
// README: `node -r ./backend/tools/swc-register.cjs backend/tools/print-env-table.ts`.
import { ENV_VARIABLES } from '../src/config/env.variables';

const escape = (text: string) => text.replace(/\|/g, '\\|');
const lines = ['| Variable | Default | Meaning |', '|---|---|---|'];
for (const variable of ENV_VARIABLES) {
  const fallback = variable.default === null ? '—' : `\`${variable.default}\``;
  lines.push(`| \`${variable.name}\` | ${fallback} | ${escape(variable.description)} |`);
}
process.stdout.write(lines.join('\n') + '\n');
