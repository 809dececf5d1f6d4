import { Command, Option } from 'commander';
import { DEPTHS } from '../../../core/content/depths';
import type { RunCliOptions } from './run';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `esy run`. The engine, models and simulator are loaded only when the command runs. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run a whole workflow locally, with no server: the workspace goes to <out>/workspace and the full run record to <out>/run.json.')
    .argument('<workflow>', 'workflow slug (a file in orchestration/workflows/)')
    .option('--intent <key=value>', 'an intent field; repeat for each field', collect, [])
    .option('--model <model>', 'run every gate on this model (a model id such as claude-sonnet-4)')
    .option('--out <dir>', 'output folder (default: ./esy-runs/<workflow>-<time>)')
    .addOption(new Option('--depth <depth>', 'run depth (default: the intent or the workflow)').choices([...DEPTHS]))
    .option('--budget <usd>', 'cost budget in USD (default: the workflow cost profile)')
    .option('--simulate', 'use the simulator even when a provider key is set')
    .option('--simulate-latency <ms>', 'simulator delay per model round, in milliseconds', '0')
    .option('--fail <gate=N>', 'simulator: make the first N attempts of a gate write incomplete output; repeatable', collect, [])
    .option('--fail-rate <rate>', 'simulator: probability (0–1) that any attempt writes incomplete output')
    .option('--orchestration <dir>', 'content folder (agents, contracts, workflows); default: the built-in one')
    .option('--json', 'print a JSON summary on stdout')
    .addHelpText(
      'after',
      '\nExit codes: 0 run completed, 1 run paused or failed, 2 usage error.\n' +
        'Example: esy run etymology-visual-essay --intent word=serendipity --intent angle=etymology --out ./out',
    )
    .action(async (workflow: string, options: RunCliOptions) => {
      const { runWorkflowCommand } = await import('./run');
      process.exitCode = await runWorkflowCommand(workflow, options, process.stdout, process.stderr);
    });
}
