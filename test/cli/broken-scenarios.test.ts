/**
 * Forty broken scenarios, each with the exact message and exit code a user gets: syntax
 * errors with line, column and the offending line; schema violations with JSON path,
 * expected, found and "did you mean"; semantic problems; runs over the event budget.
 * No stack trace in any of them (--debug adds it). "FILE" stands for the file's path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

interface BrokenScenario {
  title: string;
  file: string;
  content: string;
  args?: string[];
  exit: number;
  message: string[];
}

const CASES: BrokenScenario[] = [
  {
    title: "a trailing comma",
    file: "bad.json",
    content: "{ \"name\": \"x\", }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 1, column 16: expected valid JSON: a field name in double quotes, found `}` (a trailing comma is not allowed in JSON)",
      "    1 | { \"name\": \"x\", }",
      "      |                ^",
    ],
  },
  {
    title: "single quotes",
    file: "bad.json",
    content: "{\n  'name': 'x'\n}",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 2, column 3: expected valid JSON: a field name in double quotes, found `'` (JSON needs double quotes, not single quotes)",
      "    2 |   'name': 'x'",
      "      |   ^",
    ],
  },
  {
    title: "a missing comma between fields",
    file: "bad.json",
    content: "{\n  \"name\": \"x\"\n  \"seed\": 2\n}",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 3, column 3: expected valid JSON: \",\" or \"}\", found `\"seed\"` (a missing comma between fields)",
      "    3 |   \"seed\": 2",
      "      |   ^",
    ],
  },
  {
    title: "a comment in JSON",
    file: "bad.json",
    content: "{\n  // my scenario\n  \"seed\": 2\n}",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 2, column 3: expected valid JSON: a field name in double quotes, found `//` (comments are not allowed in JSON; YAML allows them)",
      "    2 |   // my scenario",
      "      |   ^",
    ],
  },
  {
    title: "an unterminated string",
    file: "bad.json",
    content: "{ \"name\": \"x }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 1, column 11: expected valid JSON: a string closed by \", found `\"x }` (a string that is never closed)",
      "    1 | { \"name\": \"x }",
      "      |           ^",
    ],
  },
  {
    title: "a truncated file",
    file: "bad.json",
    content: "{ \"clients\": { \"arrivalRate\": 3 }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 1, column 34: expected valid JSON: \",\" or \"}\", found the end of the file",
      "    1 | { \"clients\": { \"arrivalRate\": 3 }",
      "      |                                  ^",
    ],
  },
  {
    title: "text after the document",
    file: "bad.json",
    content: "{ \"seed\": 1 } extra",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 1, column 15: expected valid JSON: the end of the file after the JSON document, found `extra`",
      "    1 | { \"seed\": 1 } extra",
      "      |               ^",
    ],
  },
  {
    title: "an empty file",
    file: "bad.json",
    content: "",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at (top level): expected a scenario (an object of fields; `{}` takes every default), found an empty file",
    ],
  },
  {
    title: "bad YAML indentation",
    file: "bad.yaml",
    content: "name: x\nclients:\n  arrivalRate: 3\n bad: 1\n",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 4, column 1: expected valid YAML, found \"bad: 1\": all mapping items must start at the same column (BAD_INDENT)",
      "    4 |  bad: 1",
      "      | ^",
    ],
  },
  {
    title: "an unclosed YAML flow sequence",
    file: "bad.yaml",
    content: "name: [1, 2\nseed: 3\n",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 2, column 1: expected valid YAML, found \"seed: 3\": flow sequence in block collection must be sufficiently indented and end with a ] (BAD_INDENT)",
      "    2 | seed: 3",
      "      | ^",
    ],
  },
  {
    title: "a duplicate YAML key",
    file: "bad.yaml",
    content: "seed: 1\nseed: 2\n",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at line 2, column 1: expected valid YAML, found \"seed: 2\": map keys must be unique (DUPLICATE_KEY)",
      "    2 | seed: 2",
      "      | ^",
    ],
  },
  {
    title: "a scalar instead of a scenario",
    file: "bad.yaml",
    content: "just text\n",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at (top level): expected an object, found string \"just text\"",
    ],
  },
  {
    title: "a misspelt top-level field",
    file: "bad.json",
    content: "{ \"duraton\": \"5m\" }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at duraton: expected no such field (unknown field), found \"5m\"; did you mean \"duration\"?",
    ],
  },
  {
    title: "a misspelt nested field",
    file: "bad.json",
    content: "{ \"clients\": { \"arivalRate\": 3 } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.arivalRate: expected no such field (unknown field), found 3; did you mean \"arrivalRate\"?",
    ],
  },
  {
    title: "a misspelt field inside a distribution",
    file: "bad.json",
    content: "{ \"servers\": { \"serviceTime\": { \"dist\": \"exponential\", \"maen\": \"20ms\" } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: 2 problems",
      "  at servers.serviceTime.mean: expected a duration: seconds as a number, or a string such as \"250ms\", \"30s\", \"5m\", \"1h30m\", found nothing",
      "  at servers.serviceTime.maen: expected no such field (unknown field), found \"20ms\"; did you mean \"mean\"?",
    ],
  },
  {
    title: "a misspelt strategy field",
    file: "bad.json",
    content: "{ \"strategies\": [{ \"type\": \"sticky\", \"afinity\": \"cookie\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies[0].afinity: expected no such field (unknown field), found \"cookie\"; did you mean \"affinity\"?",
    ],
  },
  {
    title: "an unknown strategy type",
    file: "bad.json",
    content: "{ \"strategies\": [{ \"type\": \"stiky\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies[0].type: expected one of \"sticky\", \"external\", \"jwt\", found \"stiky\"; did you mean \"sticky\"?",
    ],
  },
  {
    title: "an unknown affinity",
    file: "bad.json",
    content: "{ \"strategies\": [{ \"type\": \"sticky\", \"affinity\": \"cokie\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies[0].affinity: expected one of \"cookie\", \"url\", \"ip-hash\", \"stick-table\", found \"cokie\"; did you mean \"cookie\"?",
    ],
  },
  {
    title: "an HAProxy word for an algorithm",
    file: "bad.json",
    content: "{ \"loadBalancer\": { \"algorithm\": \"leastconn\" } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at loadBalancer.algorithm: expected one of \"round-robin\", \"least-connections\", \"random\", \"power-of-d\", \"hash\", found \"leastconn\"; did you mean \"least-connections\"?",
    ],
  },
  {
    title: "an unknown event type",
    file: "bad.json",
    content: "{ \"events\": [{ \"at\": \"1m\", \"type\": \"server-crassh\", \"server\": 1 }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at events[0].type: expected one of \"server-crash\", \"server-recover\", \"store-outage\", \"store-recover\", \"store-crash\", \"store-failover\", \"store-partition\", \"key-rotation\", \"token-service-outage\", \"token-service-recover\", \"scale-out\", \"scale-in\", \"rolling-restart\", \"lb-failover\", \"server-drain\", found \"server-crassh\"; did you mean \"server-crash\"?",
    ],
  },
  {
    title: "an unknown distribution",
    file: "bad.json",
    content: "{ \"clients\": { \"thinkTime\": { \"dist\": \"exponental\", \"mean\": \"5s\" } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.thinkTime.dist: expected one of \"constant\", \"exponential\", \"uniform\", \"lognormal\", \"empirical\", found \"exponental\"; did you mean \"exponential\"?",
    ],
  },
  {
    title: "a bad duration",
    file: "bad.json",
    content: "{ \"duration\": \"10 minutes\" }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at duration: expected a duration: seconds as a number, or a string such as \"250ms\", \"30s\", \"5m\", \"1h30m\", found \"10 minutes\"",
    ],
  },
  {
    title: "a bad size",
    file: "bad.json",
    content: "{ \"clients\": { \"sessionData\": \"4 kilobytes\" } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.sessionData: expected a size: bytes as a number, or a string such as \"200B\", \"4KB\", \"1MB\" (binary multiples, any letter case), found \"4 kilobytes\"",
    ],
  },
  {
    title: "a negative count",
    file: "bad.json",
    content: "{ \"servers\": { \"count\": -2 } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at servers.count: expected a number >= 1, found -2",
    ],
  },
  {
    title: "a fractional worker count",
    file: "bad.json",
    content: "{ \"servers\": { \"workers\": 2.5 } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at servers.workers: expected a whole number, found number 2.5",
    ],
  },
  {
    title: "a share above 1",
    file: "bad.json",
    content: "{ \"clients\": { \"network\": { \"natShare\": 1.5 } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.network.natShare: expected a number <= 1, found 1.5",
    ],
  },
  {
    title: "a string where a number belongs",
    file: "bad.json",
    content: "{ \"clients\": { \"arrivalRate\": \"fast\" } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.arrivalRate: expected a number, found string \"fast\"",
    ],
  },
  {
    title: "an empty strategy list",
    file: "bad.json",
    content: "{ \"strategies\": [] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies: expected an array with at least 1 item, found an array of 0",
    ],
  },
  {
    title: "a lognormal p99 below its mean",
    file: "bad.json",
    content: "{ \"servers\": { \"serviceTime\": { \"dist\": \"lognormal\", \"mean\": \"20ms\", \"p99\": \"10ms\" } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at servers.serviceTime.p99: expected a p99 greater than the mean, found \"10ms\"",
    ],
  },
  {
    title: "a lognormal without its parameters",
    file: "bad.json",
    content: "{ \"servers\": { \"serviceTime\": { \"dist\": \"lognormal\", \"mean\": \"20ms\" } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at servers.serviceTime: expected a lognormal given by {mean, p99}, {mean, sigma} or {mu, sigma}, found {\"dist\":\"lognormal\",\"mean\":\"20ms\"}",
    ],
  },
  {
    title: "a uniform with min above max",
    file: "bad.json",
    content: "{ \"clients\": { \"thinkTime\": { \"dist\": \"uniform\", \"min\": \"9s\", \"max\": \"1s\" } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.thinkTime.max: expected a value >= min, found \"1s\"",
    ],
  },
  {
    title: "empirical weights that do not match the values",
    file: "bad.json",
    content: "{ \"clients\": { \"requestsPerSession\": { \"dist\": \"empirical\", \"values\": [1, 5, 10], \"weights\": [1, 2] } } }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at clients.requestsPerSession.weights: expected one weight per value (3), found an array of 2",
    ],
  },
  {
    title: "a crash of a server that does not exist",
    file: "bad.json",
    content: "{ \"events\": [{ \"at\": \"1m\", \"type\": \"server-crash\", \"server\": 9 }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at events[0].server: expected a server index from 0 to 3 (servers.count is 4), found 9",
    ],
  },
  {
    title: "an event after the end of the run",
    file: "bad.json",
    content: "{ \"duration\": \"5m\", \"events\": [{ \"at\": \"6m\", \"type\": \"store-outage\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at events[0].at: expected a time within the run (duration 5m00s), found 6m00s",
    ],
  },
  {
    title: "a warm-up as long as the run",
    file: "bad.json",
    content: "{ \"duration\": \"1m\", \"warmup\": \"1m\" }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at warmup: expected less than the duration (1m00s), found 1m00s",
    ],
  },
  {
    title: "two strategies with one name",
    file: "bad.json",
    content: "{ \"strategies\": [{ \"type\": \"jwt\", \"name\": \"a\" }, { \"type\": \"external\", \"name\": \"a\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies[1].name: expected a name not used by another strategy (strategies[0] has it), found \"a\"",
    ],
  },
  {
    title: "a token refreshed after it expires",
    file: "bad.json",
    content: "{ \"strategies\": [{ \"type\": \"jwt\", \"accessTtl\": \"5m\", \"refreshBefore\": \"10m\" }] }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: a problem",
      "  at strategies[0].refreshBefore: expected less than accessTtl (5m00s), found 10m00s",
    ],
  },
  {
    title: "several problems at once",
    file: "bad.json",
    content: "{ \"seed\": -1, \"clients\": { \"arrivalRate\": 0 }, \"servers\": { \"count\": 0 }, \"colour\": \"red\" }",
    exit: 2,
    message: [
      "session-sim: invalid scenario FILE: 4 problems",
      "  at seed: expected a number >= 0, found -1",
      "  at clients.arrivalRate: expected a number > 0, found 0",
      "  at servers.count: expected a number >= 1, found 0",
      "  at colour: expected no such field (unknown field), found \"red\"",
    ],
  },
  {
    title: "a run beyond the event budget",
    file: "bad.json",
    content: "{ \"duration\": \"1d\", \"clients\": { \"arrivalRate\": 500 } }",
    exit: 2,
    message: [
      "session-sim: FILE: too big for the event budget (the scenario itself is valid)",
      "  at (top level): expected a run within the event budget of 50,000,000 simulated events, found about 10,454,226,791 events (4 strategies × about 863,046,200 requests from 43,200,000 sessions); raise the budget with --max-events 100000000000 if you mean it, or shorten duration, lower clients.arrivalRate or run fewer --strategies",
    ],
  },
  {
    title: "a small event budget set on the command line",
    file: "bad.json",
    content: "{ \"duration\": \"10m\" }",
    args: ["--max-events","1000"],
    exit: 2,
    message: [
      "session-sim: FILE: too big for the event budget (the scenario itself is valid)",
      "  at (top level): expected a run within the event budget of 1,000 simulated events, found about 1,233,343 events (4 strategies × about 100,924 requests from 6,000 sessions); raise the budget with --max-events 10000000 if you mean it, or shorten duration, lower clients.arrivalRate or run fewer --strategies",
    ],
  },
];

describe('broken scenarios: the exact message and exit code of each', () => {
  it('covers at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-broken-'));
    const file = join(dir, c.file);
    writeFileSync(file, c.content);
    const run = await cli(['run', file, ...(c.args ?? [])]);
    expect(run.code).toBe(c.exit);
    expect(run.stdout).toBe('');
    expect(run.stderr.split(file).join('FILE')).toBe(`${c.message.join('\n')}\n`);
    // validate reports the same problems (without the "session-sim: invalid scenario " or, over the budget, "session-sim: " prefix) and exits 2 too.
    const validate = await cli(['validate', file, ...(c.args ?? [])]);
    expect(validate.code).toBe(2);
    expect(validate.stderr.split(file).join('FILE')).toBe(`${c.message.join('\n').replace(/^session-sim: (invalid scenario )?/, '')}\n`);
  });

  it('--debug adds the stack trace; without it there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'session-sim-broken-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "seed": -1 }');
    const plain = await cli(['run', file]);
    expect(plain.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    const debug = await cli(['run', file, '--debug']);
    expect(debug.stderr).toMatch(/ScenarioError[\s\S]*\n\s+at .+:\d+:\d+/);
  });
});
