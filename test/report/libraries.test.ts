/**
 * The renderers' colour library (src/report/libraries.ts): without colour they get a stand-in
 * that does what chalk at level 0 does — text back unchanged — without loading chalk; with
 * colour, chalk itself at 16 colours.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { chalkFor } from '../../src/report/libraries.js';

const chalk0 = new Chalk({ level: 0 });
const STYLES = ['bold', 'dim', 'red', 'green', 'yellow', 'cyan', 'magenta', 'underline', 'gray', 'visible'] as const;
const ARGS: unknown[][] = [['text'], [''], [42], [0], [undefined], ['a', 'b'], [1, 'b', null], [], ['\u001b[1mpre-styled\u001b[22m']];

describe('no colour: chalk level 0, without chalk', () => {
  const plain = chalkFor(false);

  it.each(STYLES)('%s gives what chalk at level 0 gives, for one, several or no arguments', (style) => {
    for (const args of ARGS) {
      const call = (c: typeof chalk0, key: string) => (c as unknown as Record<string, (...a: unknown[]) => string>)[key]!(...args);
      expect(call(plain, style)).toBe(call(chalk0, style));
    }
  });

  it('chained styles too, visible hiding its text wherever it is in the chain; level is 0', () => {
    expect(plain.bold.red('x')).toBe(chalk0.bold.red('x'));
    expect(plain.dim.cyan.underline('a', 'b')).toBe(chalk0.dim.cyan.underline('a', 'b'));
    expect(plain.visible.red('x')).toBe(chalk0.visible.red('x'));
    expect(plain.red.visible('x')).toBe(chalk0.red.visible('x'));
    expect(plain.level).toBe(0);
  });
});

describe('colour: chalk at 16 colours', () => {
  it('styles with ANSI escapes', () => {
    const c = chalkFor(true);
    expect(c.level).toBe(1);
    expect(c.red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
