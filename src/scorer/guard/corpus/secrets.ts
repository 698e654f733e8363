import type { Corpus } from "./measure.js";

/**
 * Remove the "~~" that splits each key's prefix in this source, so that secret scanners (and
 * push protection) do not take these fake keys for real ones.
 */
export const unmark = (s: string) => s.replaceAll("~~", "");

// Every key below is random text in a provider's format: none was ever issued.
const positives: string[] = [
  // OpenAI
  "Set OPENAI_API_KEY=sk~~-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj in your shell.",
  'client = OpenAI(api_key="sk~~-proj-pNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFY")',
  "Here is the key you asked for: sk~~-proj-Y-kv5ZJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9ZhyiA4uoR",
  "openai.api_key = 'sk~~-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj'",
  // Anthropic
  "ANTHROPIC_API_KEY=sk~~-ant-api03-gnatmUdjAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku-kibjL5AA",
  "x-api-key: sk~~-ant-api03-gnatmUdjAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku-kibjL5AA",
  // AWS
  "aws_access_key_id = AK~~IA3J4WJ99IBAG7I1MN",
  "The temporary credentials are AS~~IABQNS6PUQ80IDW370 with the session token below.",
  "aws_secret_access_key = qtc4~~xatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4O",
  '{"AccessKeyId": "AK~~IA3J4WJ99IBAG7I1MN", "Region": "eu-west-1"}',
  // GitHub
  "git remote set-url origin https://gh~~p_eQpBenQtYh5Xj8TPQxjq4i9DoV8gz4FkQ1ok@github.com/acme/app.git",
  "GITHUB_TOKEN: gh~~o_TBGzvAmwufUxbvJDCTbyvHNsG9eh6Yo4gfqr",
  "token gh~~s_c5XlrWi0B26R08qzjI6GKFSufrdZSlB5er8b expires in 1 hour",
  "Use this fine-grained PAT: github~~_pat_OfZqfM2oeq3hDavJA76rNi_cHTp8hkqdlm7tOtHWnsCGRlrwZbqcabUGJmGEp7CgQ0PBQFI14zGtSnovm1",
  // Slack
  "SLACK_BOT_TOKEN=xo~~xb-265020146201-6849340722470-qx9vJupc94tnwlavyfErGPmp",
  "curl -H 'Authorization: Bearer xo~~xp-801412690604-431982965724-9208682889093-cabe5d68ba192a8ccc92c2101896c93b' https://slack.com/api/auth.test",
  "Webhook: https://hooks.slack~~.com/services/TXVF2OLDS/B7QTUACOJ/sNOBAGx5diFoNPcbdaKwtgHw",
  // Stripe
  "STRIPE_SECRET_KEY=sk~~_live_NOPmeMjvqPVStNKiaEdFrRgS",
  "The restricted key rk~~_live_nRFsTHsDDDXh5Jmtf7EbsDe0 only has read access to charges.",
  "stripe.api_key = 'sk~~_test_G9Cryn687neLfjVHq8xiM0OG'",
  // Google
  'const firebaseConfig = { apiKey: "AI~~zaJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLGViYXj", projectId: "shop-prod" };',
  "https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key=AI~~zaJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLGViYXj",
  // JWTs
  "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiMTIzNDU2Nzg5MCIsICJuYW1lIjogIkphbmUgRG9lIiwgImlhdCI6IDE3MTYyMzkwMjIsICJyb2xlIjogImFkbWluIn0.U2JgJngKtFI3OyV2dZAkg05rK_gqv81RKMGHZEM9Ypv",
  "Your session cookie is token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiMTIzNDU2Nzg5MCIsICJuYW1lIjogIkphbmUgRG9lIiwgImlhdCI6IDE3MTYyMzkwMjIsICJyb2xlIjogImFkbWluIn0.U2JgJngKtFI3OyV2dZAkg05rK_gqv81RKMGHZEM9Ypv; Path=/",
  // Private keys
  "-----BEGIN RSA PRIVATE~~ KEY-----\nMIIEowIBAAKCAQEAw5HanSBeVRsfAGeAbP0VxNjAe/9i0mYtluYI0KN1gNT11cUz\nsYlVvsSKuvinX+zMqf9OgXluCZz8xBfZuXTptFyfePpX6N1NF2XV54wca+7E56w8\n-----END RSA PRIVATE~~ KEY-----",
  "Put this in ~/.ssh/id_ed25519:\n-----BEGIN OPENSSH PRIVATE~~ KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBZniqT3Ul4ffqkOkgWrdioyq+KvCiSGuPJ6sG9AHEOVQAAAJgAAAAA\n-----END OPENSSH PRIVATE~~ KEY-----",
  "-----BEGIN EC PRIVATE~~ KEY-----\nMHcCAQEEIBZniqT3Ul4ffqkOkgWrdioyq+KvCiSGuPJ6sG9AHEOVoAoGCCqGSM49\n",
  "key.pem:\n-----BEGIN PRIVATE~~ KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDDkdqdIF5VGx8A\n-----END PRIVATE~~ KEY-----",
  "-----BEGIN PGP PRIVATE~~ KEY BLOCK-----\n\nlQOYBGXz1kABCADZniqT3Ul4ffqkOkgWrdioyq+KvCiSGuPJ6sG9AHEOVezxZuJP\n-----END PGP PRIVATE~~ KEY BLOCK-----",
  // Connection strings and assignments
  "DATABASE_URL=postgres://app_user:Tr0ub4dor-3x@db.internal.acme.com:5432/shop",
  "mongodb+srv://admin:S3cretPassw0rd!@cluster0.ab12c.mongodb.net/test?retryWrites=true",
  "redis://default:9fK2mQ7xLp4Z@cache.acme.local:6379/0",
  'config.json: { "db_host": "10.0.0.5", "password": "Summer2024!" }',
  "SMTP_PASSWORD=hunter2hunter2",
  "client_secret: 7f3K9xQ2vL8pW1zR5tY6uB4nM0cE",
  "The admin password is password=Xk9#mP2$vL7q",
  "api_key: 'c2a8F9kLm3Qz7Xw1Rt5Yp0Vb'",
  "Authorization: Basic YWRtaW46czNjcjN0LXBhc3N3b3Jk",
  'curl -H "Authorization: Bearer 8f2Kx9LmQ4zW7pR1tY6uV3bN5cE0aS" https://api.acme.com/v1/orders',
  "ACCESS_TOKEN=Zx8Kq2Lm9Pw4Rt7Yv1Bn6Cd3",
  // Unlabelled high-entropy tokens
  "Your new API token is PkenG5ZFJoC6vWCBiJmpflvJfupxqZKm4bV3AyAV. Store it somewhere safe.",
  "Use HnyrvWdFrK9xiRGHOY32nfr5pyzPCB9t2039bicB as the webhook signing secret.",
  "X-Api-Token: TW5ZE9LFaez7770H2DCpYgojjHRg80USP2W5DfJX",
  "export SENTRY_AUTH=caYioK6cPTt9iOqHOBSWhgetH8LmyqoYMaaItDr9",
  "The integration key uP14pEHpJpb9ATPtdbmF4RPAfqoQB7xoFcSvTAxR was rotated last week.",
  '{"token": "zmaZsV2GenFmtX0moDoqW4sg8NFNl5oFA6Qd8Mj7"}',
  "pass zdnbMjAdTdlzC5T4uUhf7kvmlP7HVDctQUy1xvCk to --auth",
  "heroku config:set SIGNING_KEY=gafrfwA94hJ9WnywX0t0ZBfdTEmxI6CmuxV5EbOA",
  "refresh_token=pZOXzcycDeZ6dqmVe5Mvxrv99NcqVTSu7rtaUWM6ZO88eb0ogET9D9XyYq6B0Fi7",
  "Recovery code: FlaZ7Vt0SXjMpu3uDxYYMfGmzWkpAePcEJIukB4geqNfngAFTCloiADN5RpVI2XQ",
  "//registry.npmjs.org/:_authToken=np~~m_C3J27XDCG2LmlZGEONYlgCtjfIZ4SOcMz9CP",
  "Alerts go to https://discord~~.com/api/webhooks/929081003390757938/DL-ak6J0kGODKdinZnLXicaBAg8WY1jzIRlNQb0prFmbh7_wy5yq1XoY1BaIMcAxYmfs",
  "session=WhX1ssrKrxqVqmCplppjs46LmuezqpGHoPZgPDcgaE40o1C6xc4sohdmM0Lm7exG",
].map(unmark);

const negatives: string[] = [
  // Hashes, ids and digests
  "Fixed in commit 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a (see PR #412).",
  "SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "Request id 550e8400-e29b-41d4-a716-446655440000 failed with 502.",
  "docker pull node@sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
  '<script src="https://cdn.example.com/lib.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"></script>',
  '"resolved": "https://registry.npmjs.org/zod/-/zod-4.1.0.tgz", "integrity": "sha512-Hq0kVn2pNvj0bTfbk7XqfGgZ1hHl8p1P5u0yQ3F9n1mJYk0G3kX8ZbNQ2m0h4Q=="',
  'ETag: "d41d8cd98f00b204e9800998ecf8427e"',
  "Tracking number 1Z999AA10123456784 (UPS Ground).",
  "ISBN 978-0-306-40615-7",
  "Pod api-server-7d9f8b6c5d-x2k9p restarted 3 times.",
  '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
  // Placeholders and documentation
  "Set OPENAI_API_KEY=sk-your-key-here before running the script.",
  "export OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "The example key AKIAIOSFODNN7EXAMPLE from the AWS docs is not valid.",
  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "password: ********",
  "password=<your-password>",
  'api_key = os.environ["OPENAI_API_KEY"]',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell placeholder, as written in configs
  "api_key: ${API_KEY}",
  "Authorization: Bearer <token>",
  "Authorization: Bearer $GITHUB_TOKEN",
  "postgres://user:password@localhost:5432/mydb",
  "mongodb://<username>:<password>@host:27017",
  "Replace YOUR_API_KEY with the key from the dashboard.",
  "GitHub tokens start with ghp_ and Slack bot tokens with xoxb-.",
  "We use scikit-learn (sk-learn) and sk-image for preprocessing.",
  "Stripe secret keys look like sk_live_... and must never reach the browser.",
  "Your password must be at least 12 characters long.",
  "The secret: there is no secret ingredient.",
  "To reset your API key, go to Settings > API keys > Regenerate.",
  "client_secret: process.env.CLIENT_SECRET",
  "password = settings.DATABASE_PASSWORD",
  "pwd: /home/deploy/app",
  // Long identifiers, paths and prose
  "The class AbstractSingletonProxyFactoryBean2 wraps the factory.",
  "handleUserAuthenticationRequestWithOAuth2Provider() returns a promise.",
  "See /Users/alice/Projects/llmops/src/scorer/guard/Secrets2Test.ts for details.",
  "https://docs.example.com/en/latest/reference/api/v2/authentication/OAuth2Tokens",
  "The variable TOTAL_NUMBER_OF_ITEMS_IN_THE_SHOPPING_CART_2024 is unused.",
  "Supercalifragilisticexpialidocious2024Edition is a long word.",
  'JWT headers start with eyJ because that is base64 for {".',
  "Run `ssh-keygen -t ed25519` to create a key pair; never share the private key.",
  "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
  "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw5HanSBeVRsfAGeAbP0V\n-----END PUBLIC KEY-----",
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1b2c3d4e5f6 alice@laptop",
  "Order ORD-2024-000123-ABCD shipped via DHL 1234567890.",
  "The build id is 20240115.1423.0007-release.",
  "Your booking reference is QX7P2L and seat 14C.",
  "Base64 of 'hello world' is aGVsbG8gd29ybGQ=.",
  "UUIDs like 123e4567-e89b-12d3-a456-426614174000 are not secrets.",
  "The token budget is 128000 tokens and the key insight is caching.",
  "The sheet is at https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0",
  "Watch the setup video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
  "Use the access_token field from the OAuth response (it expires in 3600 s).",
];

/** Credentials in configs, logs, code and chat answers, and look-alikes that are not. */
export const secretsCorpus: Corpus = { positives, negatives };
