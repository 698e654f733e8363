import { execAll } from "../../util/regex.js";
import { evidenceOf, type InjectionRule, MEDIUM, STRONG, WEAK } from "./injection-types.js";

/** A pattern and what its match must also satisfy. */
type Pattern = RegExp | { re: RegExp; accept: (match: string) => boolean };

const QUOTES = `"'“”‘’«»\``;
/** Words that introduce a quotation of an attack rather than an attack. */
const META =
  /\b(?:examples?|e\.g\.|such\s+as|(?:phrases?|prompts?|strings?|inputs?|messages?|things|text)\s+like|known\s+as|called|attacks?|injections?|jailbreaks?|payloads?|attempts?|classic|detect\w*|filter\w*|block\w*|quoted?|red[\s-]team\w*)\b[^.!?\n]{0,60}$/i;

/** A match quoted or introduced as an example counts half: articles about attacks are not attacks. */
function isMention(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 100), start);
  const opener = before.trimEnd().slice(-1);
  const after = text.slice(end, end + 150).split("\n")[0]!;
  const quoted =
    opener !== "" && QUOTES.includes(opener) && [...after].some((c) => QUOTES.includes(c));
  return quoted || META.test(before);
}

/** A rule from patterns: full weight for a direct match, half for a mention. */
export function patternRule(
  id: string,
  weight: number,
  patterns: readonly Pattern[],
): InjectionRule {
  const compiled = patterns.map((p) => {
    const re = p instanceof RegExp ? p : p.re;
    return {
      re: new RegExp(re.source, `${re.flags}g`),
      accept: p instanceof RegExp ? undefined : p.accept,
    };
  });
  return {
    id,
    detect(text) {
      let best: { weight: number; evidence: string; mention: boolean } | undefined;
      for (const { re, accept } of compiled) {
        let seen = 0;
        // A few matches suffice: the first direct one decides, mentions only count half.
        for (const m of execAll(re, text)) {
          if (++seen > 5) break;
          if (accept && !accept(m[0])) continue;
          const mention = isMention(text, m.index, m.index + m[0].length);
          const w = mention ? weight / 2 : weight;
          if (!best || w > best.weight)
            best = { weight: w, evidence: `"${evidenceOf(m[0])}"`, mention };
          if (w === weight) return { rule: id, ...best };
        }
      }
      return best && { rule: id, ...best };
    },
  };
}

// Gaps between words are bounded ({0,n}) and made of disjoint classes, so no pattern
// backtracks more than a constant per position.
const Q =
  "(?:all|any|every|your|previous|prior|above|earlier|preceding|foregoing|original|initial|system|existing|developer|safety|content|usage|ethical|moral|current)";
const F = "(?:the|of|these|those|other|given|that|its)";
const NOUN =
  "(?:instructions?|directions|prompts?|rules|directives?|guidelines|guardrails|commands|programming|constraints|restrictions|polic(?:y|ies)|system\\s+(?:message|prompt)|context)";

const override = patternRule("instruction-override", STRONG, [
  new RegExp(
    `\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:${F}\\s+){0,2}${Q}\\s+(?:(?:${F}|${Q})\\s+){0,3}${NOUN}\\b`,
    "i",
  ),
  /\b(?:ignore|disregard|forget)\s+(?:(?:all|everything|anything|that|what(?:ever)?)\s+(?:(?:was|is|I|you)\s+)?(?:(?:said|written|stated|told|were\s+told)\s+)?)?(?:the\s+)?(?:above|previously|before|earlier)\b(?!\s+(?:e-?mail|message|mail|order|address|request|question|comment|post|note|steps?|link|one)\b|\s+\d)/i,
  /\b(?:previous|prior|above|earlier|original|old)\s+(?:system\s+)?(?:instructions|prompt)\s+(?:are|is)\s+(?:now\s+)?(?:void|cancel+ed|revoked|obsolete|invalid|no\s+longer\s+(?:valid|in\s+effect|apply))\b/i,
  /\bignore\s+(?:the\s+|your\s+|this\s+)?(?:\w+\s+)?(?:task|request|question)\s+and\s+(?:instead|just|only)\b/i,
  /\bforget\s+(?:everything|all|anything|what)\s+(?:that\s+)?(?:you(?:'ve|\s+have|\s+were|\s+was)?\s+)?(?:been\s+)?(?:told|taught|instructed)\b/i,
]);

const persona = patternRule("persona-jailbreak", STRONG, [
  /\b[Yy]ou\s+are\s+(?:now\s+)?(?:DAN|STAN|DUDE|AIM)\b/,
  /\b(?:DAN|STAN)\s+mode\b/,
  /\b(?:broken|break)\s+free\s+(?:of|from)\s+(?:the\s+)?(?:typical\s+)?(?:confines|rules|restrictions|limits)\b|\bdo(?:es)?\s+not\s+(?:have\s+to\s+)?(?:abide|comply)\s+(?:by|with)\s+(?:any\s+|the\s+)?(?:rules|policies|guidelines)\b/i,
  /\b(?:you\s+are|you're|act(?:ing)?\s+as|become|respond\s+as|behave\s+as|play(?:ing)?\s+(?:the\s+role\s+of\s+)?)\s+(?:now\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral|unaligned)\b/i,
  /\bdo\s+anything\s+now\b|\bjailbr(?:eak|oken)\s+mode\b|\b(?:developer|dev)\s+mode\s+(?:is\s+)?(?:enabled|activated)\b|\byou\s+are\s+(?:now\s+)?in\s+(?:developer|dev|god)\s+mode\b/i,
]);

const roleplay = patternRule("roleplay-jailbreak", STRONG, [
  {
    re: /\b(?:pretend|imagine|act|behave|roleplay|role-play|simulate)\b[^.!?\n]{0,80}?\b(?:no|without|free\s+(?:of|from)|ignor\w*|unbound\s+by|not\s+bound\s+by)\s+(?:any\s+)?(?:restrictions?|rules|filters?|limits|limitations|guidelines|censorship|ethics|ethical\s+\w+|morals?|moral\s+\w+|content\s+polic\w+|safety\s+\w+)/i,
    accept: (m) => /\b(?:you|your|AI|assistant|model|chatbot|bot|character|persona)\b/i.test(m),
  },
]);

const newInstructions = patternRule("new-instructions", MEDIUM, [
  /\b(?:new|updated|revised|real|actual|true|secret|hidden|override)\s+(?:system\s+)?(?:instructions?|rules?|task|role|objective|goal)\s*:/i,
  /\bfrom\s+now\s+on,?\s+(?:you|your)\s+(?:will|must|are|shall|should|only|respond|answer|reply)\b/i,
]);

const roleMarker = patternRule("fake-role-marker", STRONG, [
  /<\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?system>/i,
]);

const fakeAuthority = patternRule("fake-authority", MEDIUM, [
  /\[(?:system|admin|developer)(?:\s+(?:message|note|override|prompt))?\]|\b(?:system|admin|developer|root)\s+(?:override|message|prompt|command)\s*:/i,
  /^\s*SYSTEM\s*:/m,
]);

const PROMPT_NOUN =
  "(?:system\\s+(?:prompt|message|instructions?)|(?:pre-?)?prompt|instructions|programming|context\\s+window)";
/** The noun ends the request: "your prompt verbatim", not "your prompt engineering tips". */
const PHRASE_END =
  "(?=\\s*(?:$|[.,;:!?\"')\\]])|\\s+(?:verbatim|word|exactly|in\\s+full|and|so|to|as|please|back|again|here|now|above|below|from|that|which|you|into|in\\s+a)\\b)";
const exfiltration = patternRule("prompt-exfiltration", STRONG, [
  new RegExp(
    `\\b(?:repeat|print|reveal|show|output|display|tell|give|write|dump|leak|share|list|recite|copy|paste|return|disclose|expose|spell\\s+out|what(?:'s|\\s+is|\\s+are|\\s+were))\\s+(?:me\\s+|us\\s+)?(?:back\\s+)?(?:(?:all|of|exactly|verbatim|the|contents?|text|full|entire)\\s+){0,4}your\\s+(?:(?:full|entire|whole|complete|exact|original|initial|hidden|secret|internal|first|confidential|current|real)\\s+){0,3}${PROMPT_NOUN}${PHRASE_END}`,
    "i",
  ),
  /\b(?:repeat|print|reveal|show|output|display|tell|give|write|dump|leak|share|recite|copy|disclose|expose|what(?:'s|\s+is|\s+are|\s+were))\s+(?:me\s+|us\s+)?(?:back\s+)?(?:(?:all|of|exactly|verbatim)\s+){0,3}the\s+(?:system\s+(?:prompt|message)|developer\s+message|(?:initial|original|hidden|secret|confidential|internal|pre-?)\s*(?:prompt|configuration|config)|(?:initial|hidden|secret|confidential|internal)\s+instructions)\b/i,
  /\bwhat\s+(?:were|was|have|are)\s+you\s+(?:been\s+)?(?:told|instructed|programmed)\s+(?:above|before|earlier|initially|at\s+the\s+(?:start|beginning)|in\s+(?:your|the)\s+(?:system\s+)?prompt|to\s+(?:do|say)|not\s+to)\b/i,
  /\b(?:first|last)\s+\d+\s+(?:words|lines|characters|sentences|tokens)\s+of\s+(?:your|the\s+system)\s+(?:prompt|instructions|message)\b/i,
  /\b(?:rules|instructions|guidelines)\s+(?:that\s+)?you\s+(?:were|have\s+been)\s+given\b/i,
  /\b(?:repeat|print|output|copy|write|reproduce|echo)\b[^.!?\n]{0,40}?\b(?:words|text|everything|all|content|lines?|messages?|tokens)\s+(?:above|before\s+this|preceding|prior\s+to\s+this)\b/i,
  /\b(?:starting|beginning)\s+with\s+["'“]?you\s+are\b/i,
]);

const verbatim = patternRule("verbatim-request", WEAK, [/\b(?:verbatim|word[\s-]for[\s-]word)\b/i]);

const aiAddressed = patternRule("addresses-the-ai", MEDIUM, [
  /\b(?:attention|note|important|message|instructions?)\s*(?:to|for)?\s*(?:all\s+)?(?:the\s+)?(?:AI|LLM|language\s+model|assistant|chatbot|agent|bot)s?(?:\s+(?:assistant|agent|model|system)s?)?\s*[:,!-]/i,
  // A vocative followed by an order: "Assistant, you must ...", "AI agent: ignore ...".
  /(?:^|[\n.!?>-]\s*)(?:dear\s+)?(?:AI|LLM|assistant|chatbot|agent|model)s?(?:\s+(?:assistant|agent|model)s?)?\s*[:,]\s*(?:you\s+(?:must|should|will|have\s+to)|please|ignore|disregard|do\s+not|don't|always|never|tell|say|reply|respond|include|recommend|insert)\b/i,
  /\bif\s+you\s+are\s+an?\s+(?:AI|LLM|language\s+model|assistant|chatbot|agent)\b/i,
  /\b(?:AI|LLM|assistant|agent|model)s?\s+(?:reading|processing|summari[sz]ing|parsing)\s+this\b/i,
]);

const conceal = patternRule("conceal-from-user", MEDIUM, [
  /\b(?:do\s+not|don't|never)\s+(?:tell|inform|alert|notify|mention\s+(?:this|it)\s+to|reveal\s+(?:this|it)\s+to|let)\s+(?:the\s+)?user\b|\bwithout\s+(?:telling|informing|alerting|notifying)\s+(?:the\s+)?user\b/i,
  /\b(?:do\s+not|don't|never)\s+(?:mention|reveal|disclose|acknowledge)\s+(?:this|these)\s+(?:instructions?|notes?|messages?)\b/i,
]);

const decodeAndFollow = patternRule("decode-and-follow", STRONG, [
  {
    re: /\b(?:decode|decipher|unscramble|translate|convert)\b[^.!?\n]{0,60}?\b(?:follow|execute|obey|do\s+(?:what|as)|act\s+on|comply|carry\s+out)\b/i,
    accept: (m) =>
      /\b(?:base64|b64|hex|rot-?13|caesar|binary|morse|cipher|encoded|instructions?|it\s+says)\b/i.test(
        m,
      ),
  },
]);

const encodingHint = patternRule("encoding-hint", WEAK, [
  /\b(?:base64|rot-?13|hex)[\s-]*(?:encoded|decode)\b|\bdecode\s+(?:this|the\s+following)\b/i,
]);

const SECRET_NOUN =
  "(?:(?:api|access|secret|auth(?:entication)?|bearer)\\s+)?(?:keys?|tokens?|secrets?|credentials|passwords?)";
/** Asking the model for the credentials it runs with (not asking how to create one). */
const credentials = patternRule("credential-exfiltration", STRONG, [
  new RegExp(
    `\\b(?:reveal|print|show|tell|give|share|leak|dump|output|disclose|expose|send)\\s+(?:me\\s+|us\\s+)?(?:all\\s+)?your\\s+${SECRET_NOUN}\\b`,
    "i",
  ),
  new RegExp(
    `\\b(?:reveal|print|show|tell|give|share|leak|dump|output|disclose|expose|send)\\s+(?:me\\s+|us\\s+)?(?:all\\s+)?(?:the|any)\\s+${SECRET_NOUN}\\b[^.!?\\n]{0,40}?\\byou\\s+(?:were|are|have\\s+been)\\s+(?:configured|given|set\\s+up|using|running)\\b`,
    "i",
  ),
]);

/** Rules that read the text as it is; also run on decoded and hidden text. */
export const TEXT_RULES: readonly InjectionRule[] = [
  override,
  persona,
  roleplay,
  newInstructions,
  roleMarker,
  fakeAuthority,
  exfiltration,
  credentials,
  verbatim,
  aiAddressed,
  conceal,
  decodeAndFollow,
  encodingHint,
];

/** Whether decoded or hidden text reads as instructions to a model. */
export function readsAsInstructions(text: string): boolean {
  return TEXT_RULES.some((r) => (r.detect(text)?.weight ?? 0) >= MEDIUM);
}
