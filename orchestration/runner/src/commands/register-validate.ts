import { Command, Option } from 'commander';
import { DEPTHS } from '../../../core/content/depths';
import type { ValidateCliOptions } from './validate';

/**
 * Registers `esy validate`. Only the options live here: the validator is loaded when the command runs, so
 * `esy --help` and the other commands never pay for it.
 */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check a directory against a gate contract, offline. Prints one line per check and the verdict (pass, warn or fail) last.')
    .requiredOption('--contract <file|gate>', 'a contract file (any Esy-format contract) or a built-in gate id such as G2')
    .requiredOption('--dir <dir>', 'the artifact directory ({artifact_path})')
    .option('--slug <slug>', '{slug} (default: the name of --dir)')
    .addOption(new Option('--depth <depth>', 'run depth, picks the thresholds').choices([...DEPTHS]).default('standard'))
    .option('--root <dir>', 'what paths without {artifact_path} are relative to (default: the current directory)')
    .option('--no-network', 'do not make HTTP requests: url_reachable checks are reported skipped')
    .option('--no-scripts', 'do not run the contract pre_scripts: they are reported skipped')
    .option('--json', 'print the result as JSON')
    .option('--url-timeout <ms>', 'time allowed per URL check, in milliseconds', '10000')
    .option('--script-timeout <ms>', 'time allowed per pre-script, in milliseconds', '30000')
    .addHelpText(
      'after',
      '\nExit codes: 0 pass or warn, 1 fail, 2 usage or contract error.\n' +
        'Example: esy validate --contract G2 --dir ./essays/the-word-robot --depth standard',
    )
    .action(async (options: ValidateCliOptions) => {
      const { runValidate } = await import('./validate');
      process.exitCode = await runValidate(options, process.stdout, process.stderr);
    });
}
