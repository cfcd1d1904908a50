import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output (not a TTY, no colour). */
export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env,
  });
  return { code, stdout, stderr };
}

/** Text without ANSI colour codes and carriage returns. */
export const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

/** The lines wider than 80 characters (code points, colour codes aside), for the failure message. */
export const tooWide = (text: string) => stripAnsi(text).split('\n').filter((l) => [...l].length > 80);
