/** One heuristic that fired, with the text that made it fire. */
export interface InjectionSignal {
  rule: string;
  /** What the rule adds to the risk; rules below 0.5 only flag in combination. */
  weight: number;
  evidence: string;
  /** The match was quoted or introduced as an example: a mention, not an attack. */
  mention?: boolean;
}

/** A heuristic: the signal it raises on a text, if any. */
export interface InjectionRule {
  id: string;
  detect(text: string): InjectionSignal | undefined;
}

/** Rules that decide alone whether a text is an injection: at or above 0.5. */
export const STRONG = 0.6;
/** Rules that need another signal: two medium, or medium and weak, exceed 0.5. */
export const MEDIUM = 0.4;
export const WEAK = 0.2;

/** Candidates a rule examines: enough for real text, bounded for adversarial input. */
export const MAX_CANDIDATES = 50;

/** Shorten evidence to one line. */
export function evidenceOf(text: string, max = 60): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
