// A plain-text table: aligned columns, no borders, readable in a terminal and in a CI log alike.

/** Visible width, ignoring ANSI colour codes. */
const width = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "").length;

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ""))));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell + " ".repeat(widths[column]! - width(cell)))).join("  ");
  return [format(header), ...rows.map(format)].join("\n");
}
