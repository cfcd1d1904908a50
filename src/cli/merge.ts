/**
 * `session-sim merge PARTS... --out result.json`: put the part files of a sharded sweep
 * (`sweep … --shard I/N --out part-I.json`) back together. The JSON written is byte for byte
 * what `sweep … --format json` gives on one machine; parts from another version, another
 * sweep, a missing or a duplicated shard are refused (exit 2) before anything is written.
 */
import { ScenarioError, visible } from '../scenario/errors.js';
import { depthProblem, MAX_DEPTH } from '../scenario/guards.js';
import { readInputFile } from '../scenario/read.js';
import { checkPartScenario } from '../scenario/sweep-part.js';
import { Option, type Command } from 'commander';
import { mergeParts, type NamedPart } from '../experiment/merge.js';
import { SweepInputError } from '../experiment/shard.js';
import { summarizeSweep } from '../experiment/sweep.js';
import { checkOutputPaths, type Charset, type CliIO } from './io.js';
import { UsageError } from './output.js';
import { SWEEP_FORMATS, writeSweepOutputs, type SweepFormat } from './sweep.js';

/**
 * A part file holds one shard's points: at most 512 MB, V8's longest string (2^29 − 24
 * characters), read as one; the 1 GB this was let a 600 MB part fail inside the read with
 * "Cannot create a string longer than 0x1fffffe8 characters". A sweep that large belongs in
 * more shards.
 */
const MAX_PART_BYTES = 2 ** 29 - 24;
/** How deep a part may nest: a scenario's MAX_DEPTH and the four levels above a param's values. */
const PART_MAX_DEPTH = MAX_DEPTH + 4;

function readPart(file: string): NamedPart {
  let text: string;
  try {
    // A regular file only (a FIFO or /dev/zero would hang or fill memory); parts may be large.
    text = readInputFile(file, 'a part file', '', MAX_PART_BYTES);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw new UsageError(`${file}: cannot read the part file (${e.problems[0]?.found ?? 'unreadable'})`);
  }
  let part: unknown;
  try {
    part = JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${file} is not JSON (a part file cut short while it was written or copied?)`);
  }
  // Before anything recursive reads it: its checksum's JSON.stringify overflowed the stack on a
  // part nesting 300 000 arrays in its scenario (exit 1). A part nests its scenario one level
  // down and a param's values four (params[k].values[i]), each as deep as a scenario may.
  const deep = depthProblem(part, PART_MAX_DEPTH);
  if (deep !== null) throw new UsageError(`${file} is a damaged sweep part at ${deep.path}: expected ${deep.expected}, found ${deep.found}`);
  return { name: file, part };
}

export function registerMerge(program: Command, io: CliIO): void {
  program
    .command('merge')
    .description('combine the part files of a sweep run with --shard I/N into the result of the whole sweep (the same bytes as one machine gives)')
    .argument('<parts...>', 'the part files, one per shard, in any order')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SWEEP_FORMATS).default('json'))
    .option('-o, --out <file>', 'write the result to a file (atomically) instead of stdout')
    .option('--html <file>', 'also write the sweep\'s HTML report')
    .option('-q, --quiet', 'no "wrote" notes')
    .addOption(new Option('--charset <charset>', 'characters for tables').choices(['auto', 'unicode', 'ascii']).default('auto'))
    .option('--no-color', 'no colour, even on a terminal')
    .addHelpText('after', '\nExample:\n  $ session-sim merge part-*.json --out result.json\n\nExit codes: 0 success, 2 unreadable parts, parts of different sweeps or\nversions, a shard missing or given twice, a part changed after it was\nwritten (its checksum).\n')
    .action((files: string[], opts: { format: SweepFormat; out?: string; html?: string; quiet?: boolean; color?: boolean; charset: Charset }) => {
      checkOutputPaths({ '--out': opts.out, '--html': opts.html }, files);
      const parts = files.map(readPart);
      let result;
      try {
        result = summarizeSweep(mergeParts(parts, checkPartScenario));
      } catch (e) {
        // A refusal may echo a part's text: shown, never obeyed, by the terminal (JSON.stringify leaves DEL and C1 raw).
        if (e instanceof SweepInputError) throw new UsageError(visible(e.message));
        throw e;
      }
      writeSweepOutputs(result, opts, io);
    });
}
