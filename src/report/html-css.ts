/**
 * The HTML report's page: its stylesheet (screen and print) and the document around the
 * sections, shared by the single-run and the replicated report.
 *
 * Screen: the page is readable from a projector down to an 800 px window. Charts scale with
 * the page (an SVG viewBox); a table wider than the page scrolls inside its own box
 * (`.table-scroll`, overflow-x: auto) instead of widening the page, the pattern MDN and the
 * GOV.UK design system recommend for data tables on narrow screens.
 *
 * Print (a handout): black text on white, no scroll box (a table is shown whole and may wrap
 * its headings), and a chart, a table or a figure is never split across pages
 * (break-inside: avoid, with the older page-break-inside for engines that only know it).
 *
 * Colour: the strategies own the hues (palette.ts, Okabe–Ito), the same in every chart and in
 * the swatch beside each strategy's name in the tables. Better and worse cells are told
 * without hue, so a colour never means two things in one report: the best is bold on a grey
 * fill, the worst has a ▼, and the key under the table says so.
 */
import { escapeXml } from './svg.js';

export const CSS = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; box-sizing: border-box; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
p, li, figcaption { overflow-wrap: break-word; }
.meta { color: #555; margin: 0 0 12px; }
.table-scroll { overflow-x: auto; max-width: 100%; margin: 8px 0; }
table.comparison { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0; }
table.comparison th, table.comparison td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: right; white-space: nowrap; }
table.comparison th { background: #f3f5f8; font-weight: 600; vertical-align: bottom; }
table.comparison th:first-child, table.comparison td:first-child, table.comparison td.text { text-align: left; }
td.best { font-weight: 700; background: #e4e4e4; }
td.worst .mark { font-size: 11px; margin-right: 2px; }
td.slo-pass { background: #e3f1ec; }
td.slo-fail { background: #f8e1d6; font-weight: 700; }
td.slo-unsure { background: #f3f0d8; }
td.tie { color: inherit; }
.swatch { display: inline-block; vertical-align: middle; margin-right: 6px; }
.key { color: #555; font-size: 13px; margin: 2px 0 10px; }
.verdict { background: #f3f8f3; border-left: 4px solid #555; padding: 8px 12px; }
ol.story li, ul.advice li, ul.differences li { margin: 4px 0; }
figure { margin: 8px 0 16px; } figcaption { color: #555; font-size: 13px; }
svg.chart { max-width: 100%; height: auto; background: #fff; }
.events { font-size: 13px; color: #555; }
footer { color: #767676; font-size: 12px; margin-top: 40px; }
@media (max-width: 840px) {
  main { padding: 16px 12px 32px; }
  table.comparison th, table.comparison td { padding: 3px 6px; }
}
@media print {
  @page { margin: 14mm; }
  body, main { background: #fff; color: #000; }
  main { max-width: none; padding: 0; }
  .meta, .key, figcaption, .events, footer { color: #000; }
  .table-scroll { overflow: visible; }
  table.comparison { font-size: 11px; }
  table.comparison th { background: #fff; border-bottom: 1.5px solid #000; white-space: normal; }
  table.comparison td { border-bottom: 1px solid #999; }
  td.best, td.slo-pass, td.slo-fail, td.slo-unsure { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td.best { background: #ddd; }
  .verdict { background: #fff; border-left: 3px solid #000; }
  figure, table, .table-scroll, svg.chart, .verdict { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  svg.chart { max-width: 100%; }
}
`;

/**
 * Every table of a section wrapped in a box that scrolls sideways when the table is wider
 * than the page (the page itself then never is). Tables of other modules (targets, cost)
 * get the same box without knowing of it.
 */
export function scrollableTables(html: string): string {
  return html.replace(/<table\b/g, '<div class="table-scroll"><table').replace(/<\/table>/g, '</table></div>');
}

/** The whole document: head with the stylesheet, then `main`'s content. */
export function htmlDocument(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)} · session-sim report</title>
<style>${CSS}</style>
</head>
<body>
<main>
${scrollableTables(main)}
</main>
</body>
</html>
`;
}

/**
 * A report's page: the header (the scenario's name, the line saying what was measured, its
 * description), the sections, and the footer saying what makes the report reproducible.
 */
export function reportPage(scenario: { name: string; description?: string; version: string }, about: string, sections: string, reproducible: string): string {
  return htmlDocument(
    scenario.name,
    `<header>
<h1>${escapeXml(scenario.name)}</h1>
<p class="meta">${escapeXml(about)}</p>
${scenario.description ? `<p class="description">${escapeXml(scenario.description)}</p>` : ''}
</header>
${sections}
<footer>Generated by session-sim ${escapeXml(scenario.version)}. ${escapeXml(reproducible)}</footer>`,
  );
}
