// Re-records fixtures/ for the bundled examples from the hand-written sample responses in
// scripts/samples/, through a local stand-in server (no API key, no network), then rewrites the
// baselines from a replay. Run after changing an example: `npm run build && node scripts/record-samples.mjs`.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeOpenAI } from "../dist/test-support/fake-openai.js";
import * as samples from "./samples/responses.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NOTE =
  "Sample responses written by hand for the bundled examples (scripts/samples/), recorded through a local stand-in server: not a model's output, and its timings are illustrative.";

const find = (table, text) => Object.entries(table).find(([phrase]) => text.includes(phrase))?.[1];
const seen = new Map();
/** Deterministic stand-in timings: 300-1200 ms by a hash of the text. */
const delayOf = (text) =>
  300 + ([...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % 900);

function reply(call) {
  const body = call.body;
  const messages = body.messages ?? [];
  const user = messages.at(-1)?.content ?? "";
  const system = messages[0]?.content ?? "";
  const schema = body.response_format?.json_schema;
  if (schema?.name === "verdict") return judge(schema.schema, user);
  const text = pick(body.model, system, user);
  if (text === undefined) throw new Error(`no sample for: ${user.slice(0, 120)}`);
  // Stand-in timings: the time to the first token, then a steady stream of chunks.
  return { content: text, delayMs: Math.round(delayOf(text) / 2), chunkDelayMs: 8 };
}

function pick(model, system, user) {
  if (system.includes("Classify the support ticket")) {
    const subject = /^Subject: (.*)$/m.exec(user)?.[1] ?? "";
    const answer = samples.classifierReplies[subject];
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
}

function judge(schema, user) {
  const verdicts = schema.properties.verdict.enum;
  const output = /<output>\n([\s\S]*?)\n<\/output>/.exec(user)?.[1] ?? "";
  let verdict = verdicts[0];
  let claims = [];
  if (verdicts.includes("5")) verdict = "4";
  const rule = samples.groundednessVerdicts.find(([phrase]) => output.includes(phrase));
  if (rule && verdicts.includes(rule[1])) [, verdict, claims] = rule;
  const reasoning =
    verdict === verdicts[0] || verdict === "4"
      ? "Each statement in the answer is stated in the material given; nothing is added."
      : `The answer goes beyond the material: ${claims.join("; ") || "see the verdict"}.`;
  const extra = "unsupported_claims" in schema.properties ? { unsupported_claims: claims } : {};
  return { content: JSON.stringify({ reasoning, ...extra, verdict }), delayMs: 400 };
}

const server = await startFakeOpenAI(reply);
const env = {
  ...process.env,
  OPENAI_BASE_URL: server.url,
  OPENAI_API_KEY: "sample-recorder-no-key",
  NO_COLOR: "1",
};
// Asynchronously: the stand-in server lives in this process and must keep answering.
const llmops = (...args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/llmops.js"), ...args], {
      cwd: ROOT,
      env,
      stdio: "inherit",
    });
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`llmops ${args.join(" ")} exited ${code}`)),
    );
  });
try {
  // The flaky sample answers the trials of a case in the order they arrive.
  await llmops("eval", "--record", "--prune", "--no-cache", "--concurrency", "8", "--quiet");
} finally {
  await server.close();
}
for (const suite of readdirSync(join(ROOT, "fixtures"))) {
  for (const file of readdirSync(join(ROOT, "fixtures", suite))) {
    const path = join(ROOT, "fixtures", suite, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes("\nnote: "))
      writeFileSync(path, text.replace(/\nsuite: /, `\nnote: ${JSON.stringify(NOTE)}\nsuite: `));
  }
}
execFileSync(
  process.execPath,
  [join(ROOT, "bin/llmops.js"), "eval", "--replay", "--update-baseline", "--quiet"],
  { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: "inherit" },
);
console.error("recorded fixtures/ and rewrote evals/baselines/ from the samples");
