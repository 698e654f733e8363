import { execAll } from "../../util/regex.js";
import {
  evidenceOf,
  type InjectionRule,
  type InjectionSignal,
  MAX_CANDIDATES,
  MEDIUM,
  STRONG,
} from "./injection-types.js";

const EXFIL_VERB =
  /\b(?:send|post|forward|upload|transmit|e-?mail|exfiltrate|leak|submit|append|include|encode|embed)\b/gi;
const EXFIL_OBJECT =
  /\b(?:conversation|chat\s+history|history|context|system\s+prompt|credentials|api\s+keys?|secrets?|tokens?|passwords?|(?:user|personal|customer)(?:'s)?\s+(?:data|info\w*|details)|session|cookies?|memory|(?:previous|all|prior)\s+messages)\b/i;
const URL_TARGET = /https?:\/\/|\bwww\.|\b(?:webhook|endpoint|attacker)\b/i;
const MAIL_TARGET = /[\w.-]+@[\w-]+\.[a-z]{2,}/i;

const dataExfil: InjectionRule = {
  id: "data-exfiltration",
  detect(text) {
    let best: InjectionSignal | undefined;
    let n = 0;
    for (const m of execAll(EXFIL_VERB, text)) {
      if (++n > MAX_CANDIDATES) break;
      const window = text.slice(m.index, m.index + 200);
      const obj = EXFIL_OBJECT.exec(window);
      if (!obj) continue;
      const rest = window.slice(obj.index);
      // To a URL is exfiltration; to an address may be a user asking for a copy.
      const weight = URL_TARGET.test(rest) ? STRONG : MAIL_TARGET.test(rest) ? MEDIUM : 0;
      if (weight > (best?.weight ?? 0))
        best = { rule: "data-exfiltration", weight, evidence: `"${evidenceOf(window, 60)}"` };
      if (weight === STRONG) break;
    }
    return best;
  },
};

const URL_PARAMS =
  /[?&][\w-]{0,30}=[^&\s)"'<>]{0,100}(?:\{|%7B|\$\(|\[[A-Z_]{3,}|<[a-z_]{3,})|[?&][\w-]{0,20}(?:conversation|chat|history|secret|prompt|password|memory|exfil)[\w-]{0,20}=/i;
const urlExfil: InjectionRule = {
  id: "url-exfiltration",
  detect(text) {
    let n = 0;
    for (const m of text.matchAll(/https?:\/\/[^\s)"'<>]{1,500}/g)) {
      if (++n > MAX_CANDIDATES) break;
      if (URL_PARAMS.test(m[0]))
        return { rule: "url-exfiltration", weight: STRONG, evidence: `"${evidenceOf(m[0], 60)}"` };
    }
    return undefined;
  },
};

/** Rules for instructions that send the conversation's data out of it. */
export const EXFILTRATION_RULES: readonly InjectionRule[] = [dataExfil, urlExfil];
