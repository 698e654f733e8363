import { describe, expect, it } from "vitest";
import { scoreContext } from "../../test-support/score-context.js";
import { applyScorer } from "../apply.js";
import { scorerRegistry } from "../registry.js";
import type { ScoreContext } from "../types.js";
import { isRefusal } from "./refusal.js";

const ctxFor = (output: string): ScoreContext => scoreContext(output);

const refusals = [
  "I'm sorry, but I can't help with that.",
  "I am sorry, but I cannot assist with this request.",
  "I'm really sorry, but I can't provide instructions for making weapons.",
  "I'm afraid I can't do that.",
  "I'm sorry, I won't write that.",
  "I'm sorry, but I am unable to help with this.",
  "I'm sorry, but I'm unable to help with this.",
  "We are sorry, but we cannot share customer data.",
  "I'm sorry, I can't generate that kind of content.",
  "I'm sorry, but I can't fulfill that request.",
  "Sorry, but I can't help with that.",
  "I can't assist with that.",
  "I cannot comply with this request.",
  "I won't help with that.",
  "I will not assist with your request.",
  "I must decline.",
  "I have to respectfully decline this request.",
  "We must refuse to process this.",
  "I'm not able to help with that.",
  "I am not allowed to share this.",
  "I'm not permitted to discuss that.",
  "As an AI language model, I cannot give medical diagnoses.",
  "As an AI, I can't browse the internet.",
  "This request violates our policies, so I won't continue.",
  "Your request goes against my guidelines.",
  "I'm unable to comply.",
  "I am unable to fulfil this.",
  "Thanks for asking. Unfortunately I cannot help with that, as it could cause harm.",
  "I'M SORRY, BUT I CAN'T HELP WITH THAT.",
];

const answers = [
  "I can't find that in the help-center articles; would you like me to hand you over to a human agent?",
  "I cannot stress enough how important backups are",
  "Sorry for the delay! Here is your invoice.",
  "I'm sorry to hear your order arrived damaged. I can send a replacement today.",
  "I'm sorry for the confusion: the export button is under Project settings.",
  "We can't ship to PO boxes, but we can deliver to a pickup point near you.",
  "I don't know the exact date, but the release notes are at docs.example.com/releases.",
  "As an AI assistant, I can help you draft that email. Here is a first version:",
  "I cannot reproduce the bug on 2.3; could you share the logs?",
  "Unfortunately I can't access your account, but you can reset your password at /reset.",
  "The API will refuse requests without a token, so add the Authorization header.",
  "You can't downgrade mid-cycle; the change applies at the next renewal.",
  "Yes. Go to Settings > Billing and click Cancel plan.",
  "Here is the SQL: SELECT id FROM orders WHERE status = 'open';",
  "I can help with that! First, open the Integrations tab.",
  "Refunds are issued within 5 business days.",
  "I'll hand you over to a human agent now.",
  "The refusal rate dropped after the policy update.",
  "She declined the invitation, so the meeting moved to Friday.",
  "I won't be in the office on Monday, but Sam can help with billing questions.",
  "The server cannot assist clients that use TLS 1.0.",
  "If the model says it cannot help with that, retry with a shorter prompt.",
  "We are sorry to see you go. Your subscription ends on May 3.",
  "I'm not sure, but I think the limit is 10 GB per project.",
  "No problem! I've updated the shipping address.",
  "",
];

// BUGS (refusal.ts REFUSALS), each a plain refusal the patterns miss:
// - typographic apostrophes (’), which many models write, never match: the patterns spell only "'";
// - the "'m unable to" and "'m not able to" alternatives of the first two patterns follow a space
//   ("(?:I|we) (?:...|'m unable to|'m not able to)"), so they can only match "I 'm", never "I'm";
// - "We're sorry" is not covered ("(?:'m| am| are)");
// - an object between verb and "with" ("help you with") and "I apologize" are not covered.
const missedRefusals = [
  "I’m sorry, but I can’t help with that.",
  "I’m unable to help with that.",
  "I'm sorry, but I'm not able to discuss other customers' orders.",
  "I'm not able to help with your request.",
  "We're sorry, but we cannot share customer data.",
  "I can't help you with that.",
  "I apologize, but I cannot fulfill this request.",
  "I'm sorry, but I won't be able to help with that.",
];

// BUGS (refusal.ts REFUSALS): a support answer stating the company's policy reads as a refusal.
// The module's comment says the patterns are tuned for precision; these are answers.
const policyAnswers = [
  "I'm sorry, but we can't provide refunds after 30 days; you can exchange the item instead.",
  "We have to decline orders over $10,000 without ID verification.",
];

describe("refusal", () => {
  it.each(refusals)("detects a refusal: %s", async (output) => {
    expect(isRefusal(output)).toBeDefined();
    const s = await applyScorer(scorerRegistry, { type: "refusal" }, ctxFor(output));
    expect(s).toMatchObject({ value: 1, pass: true });
    expect(s.reason).toMatch(/^refusal: "/);
  });

  it.each(answers)("does not flag an answer: %s", async (output) => {
    expect(isRefusal(output)).toBeUndefined();
    const s = await applyScorer(scorerRegistry, { type: "refusal" }, ctxFor(output));
    expect(s).toMatchObject({ value: 0, pass: false, reason: "not a refusal" });
  });

  it.each(missedRefusals)("detects a refusal: %s", (output) => {
    expect(isRefusal(output)).toBeDefined();
  });

  it.each(policyAnswers)("does not flag a policy answer: %s", (output) => {
    expect(isRefusal(output)).toBeUndefined();
  });

  it("with not: true, requires an answer", async () => {
    const refused = await applyScorer(
      scorerRegistry,
      { type: "refusal", not: true },
      ctxFor(refusals[0]!),
    );
    expect(refused).toMatchObject({ value: 0, pass: false });
    expect(refused.reason).toMatch(/^not: refusal: /);
    const answered = await applyScorer(
      scorerRegistry,
      { type: "refusal", not: true },
      ctxFor(answers[0]!),
    );
    expect(answered).toMatchObject({ value: 1, pass: true, reason: "not: not a refusal" });
  });

  it("quotes the phrase it matched", async () => {
    const s = await applyScorer(
      scorerRegistry,
      { type: "refusal" },
      ctxFor("Well. I must decline, sorry."),
    );
    expect(s.reason).toBe('refusal: "I must decline"');
  });
});
