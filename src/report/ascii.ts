/**
 * Plain ASCII for terminals that are not UTF-8: the few non-ASCII characters our text and
 * pictures use, spelled out (≤ → <=, × → x, — → -, ± → +/-, box drawing → + - |).
 */
const MAP: Record<string, string> = {
  '—': '-', '–': '-', '≤': '<=', '≥': '>=', '×': 'x', '…': '...', 'µ': 'u', '’': "'", '‘': "'", '“': '"', '”': '"', '·': '.', 'ρ': 'rho', '≈': '~', '→': '->', '²': '^2',
  '±': '+/-', '−': '-',
  '─': '-', '│': '|', '┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
  '▁': '.', '▂': ':', '▃': '-', '▄': '=', '▅': '+', '▆': '*', '▇': '#', '█': '@',
};

export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x00-\x7f]/g, (c) => MAP[c] ?? '?');
}
