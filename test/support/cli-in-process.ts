/** The CLI run in-process, as `node bin/gatehouse.js <args>` would, with its output and exit status captured. */
import type { Command } from 'commander';
import { buildProgram } from '../../bin/cli/main';

export async function gatehouseInProcess(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  process.exitCode = undefined;
  const program = buildProgram({ out: (text) => stdout.push(text), err: (text) => stderr.push(text) });
  // Commander exits the process on usage errors; every command (and subcommand) throws instead.
  const throwInstead = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(throwInstead);
  };
  throwInstead(program);
  let exitCode: number;
  try {
    await program.parseAsync(['node', 'gatehouse', ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    exitCode = typeof code === 'number' ? code : 1;
    if (code === undefined) stderr.push((error as Error).message);
  } finally {
    process.exitCode = undefined;
  }
  return { stdout: stdout.join('\n'), stderr: stderr.join('\n'), exitCode };
}
