// The local stand-in for a model that answers the bundled examples from the sample responses.
import * as samples from "./responses.mjs";

export const NOTE =
  "Sample responses written by hand for the bundled examples (scripts/samples/), recorded through a local stand-in server: not a model's output, and its timings are illustrative.";

const find = (table, text) => Object.entries(table).find(([phrase]) => text.includes(phrase))?.[1];
/** Deterministic stand-in timings: 300-1200 ms by a hash of the text. */
const delayOf = (text) =>
  300 + ([...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % 900);

/** A handler for the fake OpenAI server; `classifier` replaces the ticket router's answers. */
export function standIn({ classifier = samples.classifierReplies } = {}) {
  const seen = new Map();
  const pick = (model, system, user) => {
    if (system.includes("which model answers a ticket")) {
      const subject = /^Subject: (.*)$/m.exec(user)?.[1] ?? "";
      return samples.routerReplies[subject] ?? "small";
    }
    if (system.includes("support ticket")) {
      const subject = /^Subject: (.*)$/m.exec(user)?.[1] ?? "";
      const matrix = samples.matrixReplies[subject];
      if (matrix) return matrix[model];
      const answer = classifier[subject];
      if (!Array.isArray(answer)) return answer;
      const n = seen.get(subject) ?? 0;
      seen.set(subject, n + 1);
      return answer[n % answer.length];
    }
    if (system.includes("Extract the order request")) {
      const order = find(samples.extractReplies, user);
      return order && JSON.stringify(order);
    }
    if (system.includes("greetings and farewells")) return find(samples.greetingReplies, user);
    if (model === "gpt-4.1-nano") return find(samples.judgeCalibrationReplies, user);
    return find(samples.guardrailReplies, user) ?? find(samples.supportReplies, user);
  };
  return (call) => {
    const body = call.body;
    const messages = body.messages ?? [];
    const user = messages.at(-1)?.content ?? "";
    const schema = body.response_format?.json_schema;
    if (schema?.name === "verdict") return judge(schema.schema, user);
    const text = pick(body.model, messages[0]?.content ?? "", user);
    if (text === undefined) throw new Error(`no sample for: ${user.slice(0, 120)}`);
    // The time to the first token, then a steady stream of chunks.
    return { content: text, delayMs: Math.round(delayOf(text) / 2), chunkDelayMs: 8 };
  };
}

function judge(schema, user) {
  const verdicts = schema.properties.verdict.enum;
  const output = /<output>\n([\s\S]*?)\n<\/output>/.exec(user)?.[1] ?? "";
  let verdict = verdicts.includes("5") ? "4" : verdicts[0];
  let claims = [];
  const rule = samples.groundednessVerdicts.find(([phrase]) => output.includes(phrase));
  if (rule && verdicts.includes(rule[1])) [, verdict, claims] = rule;
  const fine = verdict === verdicts[0] || verdict === "4";
  const reasoning = fine
    ? "Each statement in the answer is stated in the material given; nothing is added."
    : `The answer goes beyond the material: ${claims.join("; ") || "see the verdict"}.`;
  const extra = "unsupported_claims" in schema.properties ? { unsupported_claims: claims } : {};
  return { content: JSON.stringify({ reasoning, ...extra, verdict }), delayMs: 400 };
}
