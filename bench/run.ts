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
import { formatIac, type IacPoint, growthOverLinear, localDeploySeconds, measureIac } from './iac-scale';
import { benchIpRules } from './ip-rules';
import type { Ratio } from './measure';
import { benchProviderHang } from './provider-hang';
import { benchStoreTraffic } from './store-traffic';

const DOCS = join(__dirname, '..', 'docs', 'performance.md');
const SPEED = { rounds: 40, opsPerRound: 750, warmupOps: 3000 };

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const spread = (ratio: Ratio) => `${ratio.value.toFixed(2)} (rounds p10–p90 ${ratio.p10.toFixed(2)}–${ratio.p90.toFixed(2)})`;

async function main(): Promise<void> {
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: LOCAL_AWS_ENV.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED });
  await Promise.all([buildAuthorizer(), prepareDemoMaterial()]);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}/${process.arch}, Node ${process.version}, Terraform ${(await terraformVersion()) ?? 'missing'}`;
  const progress = (what: string) => process.stderr.write(`… ${what}\n`);

  progress('decision speed (RS256, HS256, ES256)');
  const speed = await benchDecisionSpeed(SPEED);
  progress('identity provider hanging');
  const hang = await benchProviderHang({ durationMs: 12_000, intervalMs: 2 });
  progress('IP rules');
  const ip = await benchIpRules(SPEED);
  progress('store traffic');
  const traffic = await benchStoreTraffic();
  progress('cold start');
  const cold = await benchColdStart(9);
  progress('CLI start');
  const cliStart = await benchCliStart(9);
  const iac = [];
  for (const clients of [100, 1000, 10_000]) {
    progress(`IaC at ${clients.toLocaleString('en-US')} clients`);
    iac.push(await measureIac(clients));
  }
  const [, thousand, tenThousand] = iac as [IacPoint, IacPoint, IacPoint];

  const ipCheckUs = (ip.rows[0]?.medianUs ?? Number.NaN);
  // The local run's synth has its own target above (as the AWS stacks'); its memory counts here too.
  const localRssMiB = Math.max(tenThousand.local.synth.maxRssMiB, tenThousand.local.deploy.maxRssMiB);
  const targets = [
    `RS256 handler, line written ≤ 1.3 × the limit    ${spread(speed.decisionToLimit)}  ${verdict(speed.decisionToLimit.value <= 1.3)} (floor ${speed.floorToLimit.toFixed(2)}: the signature inside a decision + the write)`,
    `RS256 handler ≤ 0.9 × aws-jwt-verify (documented) ${spread(speed.decisionToAwsJwtVerify)}  ${verdict(speed.decisionToAwsJwtVerify.value <= 0.9)}`,
    `HS256 handler, line written ≤ 4 × raw HMAC       ${spread(speed.hs256DecisionToRaw)}  ${verdict(speed.hs256DecisionToRaw.value <= 4)} (floor ${speed.hs256FloorToLimit.toFixed(2)}: the MAC inside a decision + the write)`,
    `p99 ≤ 50 ms while the key-set endpoint hangs      ${hang.p99Ms.toFixed(2)} ms  ${verdict(hang.p99Ms <= 50 && hang.refused === 0)}`,
    `one key-set fetch at a time during the hang       ${hang.maxOpenJwksRequests}  ${verdict(hang.maxOpenJwksRequests <= 1)}`,
    `bundle ≤ 250 KB minified                          ${(cold.bundleBytes / 1000).toFixed(0)} KB  ${verdict(cold.bundleBytes <= 250_000)}`,
    `cold-start ratio ≤ 1.5                            ${cold.ratio.toFixed(2)}  ${verdict(cold.ratio <= 1.5)}`,
    cliStart.target,
    `GetItem ≤ one per key per TTL                     ${(traffic.getItems / traffic.distinctKeys).toFixed(2)}  ${verdict(traffic.getItems <= traffic.distinctKeys)}`,
    `IP check ≤ 2 µs at 10,000 entries                 ${ipCheckUs.toFixed(2)} µs  ${verdict(ipCheckUs <= 2)}`,
    `synth ≤ 15 s at 10,000 clients                    ${tenThousand.synth.seconds.toFixed(1)} s  ${verdict(tenThousand.synth.seconds <= 15)}`,
    `one-client change plans ≤ 60 s at 10,000 clients  ${tenThousand.oneTeamPlanSeconds.toFixed(1)} s  ${verdict(tenThousand.oneTeamPlanSeconds <= 60)}`,
    `synth memory ≤ 1 GiB at 10,000 clients            ${tenThousand.synth.maxRssMiB.toFixed(0)} MiB  ${verdict(tenThousand.synth.maxRssMiB <= 1024)}`,
    `synth growth 1,000 → 10,000 ≤ 1.2 × linear        ${growthOverLinear(thousand, tenThousand, (point) => point.synth.seconds).toFixed(2)}  ${verdict(growthOverLinear(thousand, tenThousand, (point) => point.synth.seconds) <= 1.2)}`,
    `plan growth 1,000 → 10,000 ≤ 1.2 × linear (env)   ${growthOverLinear(thousand, tenThousand, (point) => point.environmentPlanSeconds).toFixed(2)}  ${verdict(growthOverLinear(thousand, tenThousand, (point) => point.environmentPlanSeconds) <= 1.2)}`,
    `local run with 10,000 keys: start ≤ 60 s without synth, memory ≤ 1 GiB  ${localDeploySeconds(tenThousand.local).toFixed(1)} s, ${localRssMiB.toFixed(0)} MiB  ${verdict(localDeploySeconds(tenThousand.local) <= 60 && localRssMiB <= 1024)}`,
  ];

  const report = [
    `Machine: ${machine}`,
    `Run: ${new Date().toISOString()}`,
    '',
    speed.report,
    '',
    hang.report,
    '',
    ip.report,
    '',
    traffic.report,
    '',
    cold.report,
    '',
    cliStart.report,
    '',
    formatIac(iac),
    '',
    'Targets',
    ...targets.map((line) => `  ${line}`),
  ].join('\n');
  const finalLine = `decision/limit=${speed.decisionToLimit.value.toFixed(2)} decision/aws-jwt-verify=${speed.decisionToAwsJwtVerify.value.toFixed(2)}`;

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
