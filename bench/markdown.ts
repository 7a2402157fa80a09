/** A Markdown table; `align` holds one of 'l' or 'r' per column. */
export function markdownTable(header: string[], align: string, rows: (string | number)[][]): string {
  const rule = [...align].map((side) => (side === 'r' ? '--:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
