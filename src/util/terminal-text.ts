/**
 * Text that users and models wrote, made safe to print on a terminal or a CI log: no escape
 * sequence (clear screen, OSC 52 clipboard writes, OSC 8 links, cursor moves), no control
 * character, and no line a CI runner would execute as a workflow command.
 */

// ESC-introduced sequences and their 8-bit (C1) forms: CSI ... final byte; OSC, DCS, SOS, PM
// and APC strings up to BEL or ST (or the end of the text); any other two-character escape.
const SEQUENCES =
  /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|(?:\u001B[\]PX^_]|[\u0090\u0098\u009D-\u009F])[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|\u001B[\u0020-\u007E]?/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Our own colours, when they are on: Select Graphic Rendition only.
const SGR = /\u001B\[[0-9;]*m/g;

/** `text` without escape sequences and control characters other than tab and newline. */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(SEQUENCES, "").replace(CONTROLS, "");
}

/**
 * A line that starts (after white space) with `::` or `##[` is a workflow command to the GitHub
 * Actions runner; a zero-width space after the first character makes it text.
 */
export function defuseWorkflowCommands(text: string): string {
  return text.replace(/^([ \t]*)(:(?=:)|#(?=#\[))/gm, "$1$2\u200B");
}

/**
 * Output for a terminal or log. With `keepColors`, the SGR colour codes llmops itself adds are
 * kept (anything else, a model's included, is removed with the rest).
 */
export function terminalSafe(text: string, keepColors = false): string {
  if (!keepColors) return defuseWorkflowCommands(stripControls(text));
  const parts = text.split(SGR);
  const codes = text.match(SGR) ?? [];
  return defuseWorkflowCommands(parts.map((p, i) => stripControls(p) + (codes[i] ?? "")).join(""));
}
