/**
 * Escaping of text that users or models wrote, for the markdown and XML reports. Nothing a model
 * says may close a report's HTML, open a code fence, ping a person or cross-reference an issue.
 */

import { stripControls } from "../util/terminal-text.js";

/** Zero-width space: after `@` or `#` it breaks GitHub's mention and issue-reference patterns. */
const ZWSP = "&#8203;";

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// Markdown specials as numeric entities: unlike backslash escapes they also hold inside raw HTML
// (a <summary>) and GitHub splits table cells before it decodes them.
const INLINE_ENTITIES: Record<string, string> = {
  ...HTML_ENTITIES,
  "|": "&#124;",
  "`": "&#96;",
  "*": "&#42;",
  _: "&#95;",
  "[": "&#91;",
  "]": "&#93;",
  "\\": "&#92;",
  "~": "&#126;",
  $: "&#36;",
};

// `@name` and `#123` as text that neither notifies anyone nor links an issue.
const REFERENCES: Record<string, string> = { "@": `&#64;${ZWSP}`, "#": `&#35;${ZWSP}` };
// Backticks and tildes too: no line of a <pre> may look like a code fence to any renderer.
const PRE_ENTITIES: Record<string, string> = {
  ...HTML_ENTITIES,
  ...REFERENCES,
  "`": "&#96;",
  "~": "&#126;",
};
const LINE_ENTITIES = { ...INLINE_ENTITIES, ...REFERENCES };

/** Text for the inside of a `<pre>` block: HTML-escaped, fences, mentions and issue references defused. */
export function escapePre(text: string): string {
  return stripControl(text).replace(/[&<>"'`~@]|#(?=\d)/g, (ch) => PRE_ENTITIES[ch]!);
}

/**
 * Text for one line of markdown or HTML (a table cell, a `<summary>`, a list item): every markdown
 * and HTML special as an entity, line breaks as spaces.
 */
export function escapeInline(text: string): string {
  const oneLine = stripControl(text).replace(/\s*[\r\n]+\s*/g, " ");
  return oneLine.replace(/[&<>"'|`*_[\]\\~$@]|#(?=\d)/g, (ch) => LINE_ENTITIES[ch]!);
}

/**
 * `text` without terminal escape sequences (whole: CSI, OSC 8 links, OSC 52 clipboard writes,
 * their 8-bit forms) and control characters other than tab and line breaks.
 */
export function stripControl(text: string): string {
  return stripControls(text);
}

/** A fenced code block that no line of `text` can close early. */
export function codeBlock(text: string, info = ""): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/**
 * At most `max` characters of `text`, never splitting a surrogate pair; `marker` is appended when
 * it was cut.
 */
export function clipText(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}${marker}`;
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters XML 1.0 forbids (control characters, lone surrogates). */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, "");
}

/** Text for an XML element body or attribute value; line breaks kept as character references. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"'\r\n\t]/g, (ch) => XML_ENTITIES[ch]!);
}

/** Text for an XML element body: `&`, `<` and `>` escaped, line breaks as they are. */
export function escapeXmlText(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>]/g, (ch) => XML_ENTITIES[ch]!);
}

const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};
