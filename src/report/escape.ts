// Escaping for the text formats: whatever a container name, an error or a profile description holds is shown, never run.

/** Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, newline, return. */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** HTML text and attribute values alike (&#39; rather than &apos;, which older HTML lacks). */
export function escapeHtml(text: string): string {
  return escapeXml(text).replace(/&apos;/g, "&#39;");
}

/**
 * A table cell in GitHub-flavoured Markdown: a pipe would end the cell and a newline the row; inline HTML is
 * rendered by CI summaries, so it is escaped too; markdown emphasis characters are neutralised.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Markdown's own characters first, then the three HTML ones, so an entity's # is not escaped in turn. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]#~])/g, "\\$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
