// `pnpm keyway <command>`: operator commands that work on the console's data (see cli.ts).
import { runCli } from './cli';

// Run as a package script, relative paths such as DATA_DIR=./data mean what they mean where the
// operator typed the command (pnpm sets INIT_CWD), not the package folder pnpm runs the script in.
if (process.env.npm_lifecycle_event === 'keyway' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

// The first Ctrl+C stops a rotation between two rows, leaving everything readable; a second one ends the process.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), { signal: controller.signal });
