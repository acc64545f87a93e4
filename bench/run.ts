/**
 * `npm run bench`: the authorizer's speed against the signature-math limit and the best peer, cold start,
 * store traffic, IP rules and the IaC's scale, all in one run on one machine, reported as ratios.
 * `npm run bench -- --write-docs` also writes the results into docs/performance.md.
 * The last line is always `decision/limit=<x> decision/aws-jwt-verify=<y>` (RS256 medians).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildAuthorizer } from '../scripts/build-authorizer';
import { prepareDemoMaterial } from '../stacks/app/demo-material';
import { LOCAL_AWS_ENV } from '../local/local-dynamodb';
import { terraformVersion } from '../local/terraform';
import { benchCliStart } from './cli-start';
import { benchColdStart } from './cold-start';
import { benchDecisionSpeed } from './decision-speed';
import { formatIac, measureIac } from './iac-scale';
import { benchIpRules } from './ip-rules';
import { benchStoreTraffic } from './store-traffic';

const DOCS = join(__dirname, '..', 'docs', 'performance.md');
const SPEED = { rounds: 40, opsPerRound: 750, warmupOps: 3000 };

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: LOCAL_AWS_ENV.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED });
  await Promise.all([buildAuthorizer(), prepareDemoMaterial()]);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}/${process.arch}, Node ${process.version}, Terraform ${(await terraformVersion()) ?? 'missing'}`;
  const progress = (what: string) => process.stderr.write(`… ${what}\n`);

  progress('decision speed (RS256, HS256, ES256)');
  const speed = await benchDecisionSpeed(SPEED);
  progress('IP rules');
  const ip = await benchIpRules(SPEED);
  progress('store traffic');
  const traffic = await benchStoreTraffic();
  progress('cold start');
  const cold = await benchColdStart(9);
  progress('CLI start');
  const cliStart = await benchCliStart(9);
  progress('IaC at 100 clients');
  const small = await measureIac(100);
  progress('IaC at 1,000 clients');
  const large = await measureIac(1000);

  const ipCheckUs = (ip.rows[0]?.medianUs ?? Number.NaN);
  const linear = (a: number, b: number) => b / a <= 10 * 1.1; // 10× the clients, within 10% of linear
  const targets = [
    `RS256 warm decision ≤ 1.5 × the limit            ${speed.decisionToLimit.toFixed(2)}  ${verdict(speed.decisionToLimit <= 1.5)}`,
    `RS256 warm decision ≤ 1.0 × aws-jwt-verify        ${speed.decisionToAwsJwtVerify.toFixed(2)}  ${verdict(speed.decisionToAwsJwtVerify <= 1.0)}`,
    `HS256 warm decision ≤ 5 × raw HMAC                ${speed.hs256DecisionToRaw.toFixed(2)}  ${verdict(speed.hs256DecisionToRaw <= 5)}`,
    `bundle ≤ 250 KB minified                          ${(cold.bundleBytes / 1000).toFixed(0)} KB  ${verdict(cold.bundleBytes <= 250_000)}`,
    `cold-start ratio ≤ 1.5                            ${cold.ratio.toFixed(2)}  ${verdict(cold.ratio <= 1.5)}`,
    cliStart.target,
    `GetItem ≤ one per key per TTL                     ${(traffic.getItems / traffic.distinctKeys).toFixed(2)}  ${verdict(traffic.getItems <= traffic.distinctKeys)}`,
    `IP check ≤ 2 µs at 10,000 entries                 ${ipCheckUs.toFixed(2)} µs  ${verdict(ipCheckUs <= 2)}`,
    `synth grows ≤ linearly (×10 clients)              ×${(large.synthSeconds / small.synthSeconds).toFixed(1)}  ${verdict(linear(small.synthSeconds, large.synthSeconds))}`,
    `plan grows ≤ linearly (×10 clients)               ×${(large.planSeconds / small.planSeconds).toFixed(1)}  ${verdict(linear(small.planSeconds, large.planSeconds))}`,
  ];

  const report = [
    `Machine: ${machine}`,
    `Run: ${new Date().toISOString()}`,
    '',
    speed.report,
    '',
    ip.report,
    '',
    traffic.report,
    '',
    cold.report,
    '',
    cliStart.report,
    '',
    formatIac([small, large]),
    '',
    'Targets',
    ...targets.map((line) => `  ${line}`),
  ].join('\n');
  const finalLine = `decision/limit=${speed.decisionToLimit.toFixed(2)} decision/aws-jwt-verify=${speed.decisionToAwsJwtVerify.toFixed(2)}`;

  if (process.argv.includes('--write-docs')) {
    const docs = readFileSync(DOCS, 'utf8');
    const block = `<!-- bench:start -->\n\`\`\`\n${report}\n${finalLine}\n\`\`\`\n<!-- bench:end -->`;
    writeFileSync(DOCS, docs.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
    progress(`wrote ${DOCS}`);
  }
  process.stdout.write(`${report}\n\n${finalLine}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
