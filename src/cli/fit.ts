/**
 * 80 columns on a terminal (issue 13): text the CLI writes for people — help, usage errors,
 * warnings, `list` — is folded to 80 characters at spaces. A line laid out in two columns
 * (an option or an example and its description, split by two or more spaces) continues under
 * its description; an example command continues as a shell line does (` \` then an indent),
 * so it still pastes; any other line continues under its own indentation.
 */

/** The width the CLI keeps to: the classic terminal's, and what `--help` is laid out for. */
export const TERMINAL_WIDTH = 80;

const visible = (t: string): number => [...t.replace(/\u001b\[[0-9;]*m/g, '')].length;

/** `text` with every line longer than `width` folded at spaces (a single word longer than the width stays whole). */
export function fitLines(text: string, width = TERMINAL_WIDTH): string {
  return text
    .split('\n')
    .map((line) => (visible(line) <= width ? line : foldLine(line, width)))
    .join('\n');
}

function foldLine(line: string, width: number): string {
  const lead = /^ */.exec(line)![0].length;
  const command = /^ *\$ /.test(line);
  // Two columns: the description starts after the first run of 2+ spaces past the indentation.
  const gap = /\S( {2,})(?=\S)/.exec(line.slice(lead));
  const column = gap === null ? -1 : lead + gap.index + 1 + gap[1]!.length;
  if (column > 0 && column <= width - 20) {
    // Fold the description alone, each piece under the first.
    const head = line.slice(0, column);
    const pieces = fold(line.slice(column), width - column);
    return [head + pieces[0], ...pieces.slice(1).map((p) => ' '.repeat(column) + p)].join('\n');
  }
  if (command) {
    const indent = ' '.repeat(lead + 4);
    const pieces = fold(line.slice(lead), width - lead - 2, width - lead - 6);
    return pieces.map((p, i) => `${i === 0 ? ' '.repeat(lead) : indent}${p}${i < pieces.length - 1 ? ' \\' : ''}`).join('\n');
  }
  const indent = ' '.repeat(lead);
  return fold(line.slice(lead), width - lead).map((p) => indent + p).join('\n');
}

/** Words of `text` in lines of at most `first` (then `rest`) characters. */
function fold(text: string, first: number, rest = first): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const limit = lines.length === 0 ? first : rest;
    if (line !== '' && visible(line) + 1 + visible(word) > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A note or warning for stderr: on a terminal folded to 80 columns, each continuation
 * indented by two spaces under the first line; piped or redirected, one line per note (so
 * `grep warning` and logs keep it whole).
 */
export function stderrNote(io: { stderr: (text: string) => void; stderrIsTTY?: boolean }, line: string): void {
  stderrError(io, `${line}\n`);
}

/**
 * An error for stderr (a usage error, a scenario's problems one per line, a run's failure): on
 * a terminal each line longer than 80 is folded, its continuations two spaces deeper than the
 * line itself, so "  at events[0].at: expected …" stays readable under its path; piped, as is
 * (one line per problem, for grep and logs).
 */
export function stderrError(io: { stderr: (text: string) => void; stderrIsTTY?: boolean }, text: string): void {
  if (io.stderrIsTTY !== true) {
    io.stderr(text);
    return;
  }
  const folded = text
    .split('\n')
    .map((line) => {
      if (visible(line) <= TERMINAL_WIDTH) return line;
      const lead = /^ */.exec(line)![0].length;
      const pieces = fold(line.slice(lead), TERMINAL_WIDTH - lead, TERMINAL_WIDTH - lead - 2);
      return [' '.repeat(lead) + pieces[0], ...pieces.slice(1).map((p) => ' '.repeat(lead + 2) + p)].join('\n');
    })
    .join('\n');
  io.stderr(folded);
}
