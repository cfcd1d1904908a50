/**
 * Explain sentences for the session store: outages, node crashes, failovers, partitions,
 * Memcached ejections and Redis Cluster going down.
 */
import { formatDuration } from '../../scenario/units.js';
import { listWords, counted, plainOr, span, plural, subject } from './words.js';
import type { Details, Group, Narration, Story } from './story.js';

function storeOutage(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const without = ctx.names.filter((n) => !g.records.has(n));
  ctx.state.flushed = has.some((n) => g.records.get(n)?.flush === true);
  let text = `the session store went down${ctx.state.flushed ? ', and will come back empty (restarted without persistence)' : ''}`;
  const active = [...new Set(has.map((n) => num(n, 'activeSessions')))];
  if (active.length === 1) text += `, with ${active[0]} sessions in progress`;
  text += `; under ${listWords(has)} every request fails until it is back (fail-closed)`;
  if (without.length > 0) text += `; ${listWords(without)} ${without.length === 1 ? 'does' : 'do'} not use the store and ${without.length === 1 ? 'is' : 'are'} not affected`;
  return `${text}.`;
}

/** Which node the store events are about, named by topology. */
function nodeName(ctx: Story, users: string[], node: number): string {
  const topologies = new Set(users.map((n) => ctx.storeOf(n).topology));
  if (topologies.size === 1 && topologies.has('primary-replica')) return `the store's primary (node ${node})`;
  if (topologies.size === 1 && topologies.has('single')) return 'the store';
  return `store node ${node}`;
}

function storeRecover(ctx: Story, has: string[], rec: (n: string) => Details): string {
  const byNode = has.filter((n) => rec(n).node !== undefined || rec(n).usesStore === false);
  if (byNode.length === 0) {
    const names = ctx.names;
    return ctx.state.flushed
      ? `the session store is back, empty: every session it held is gone, and each user finds out on their next click${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`
      : `the session store is back with its data${has.length < names.length ? ` (under ${listWords(has)})` : ''}.`;
  }
  const users = has.filter((n) => rec(n).usesStore !== false);
  if (users.length === 0) return 'a store node came back, but no strategy here uses the store.';
  const node = Number(rec(users[0]!).node ?? 0);
  // What the node did on its return, by strategy: [strategies, what it did].
  const kinds: Array<[string[], string]> = [];
  const kind = (pred: (d: Details) => boolean, what: string | ((ns: string[]) => string)) => {
    const ns = users.filter((n) => pred(rec(n)) && !kinds.some(([k]) => k.includes(n)));
    if (ns.length > 0) kinds.push([ns, typeof what === 'string' ? what : what(ns)]);
  };
  kind((d) => d.rejoinedAsReplica === true, 'came back and rejoined as a replica of the promoted primary, its old data discarded');
  kind((d) => d.empty === true, 'came back empty: the keys that map to it again are not found there');
  kind(
    (d) => d.restartedBeforeFailover === true,
    (ns) => `restarted empty before any failover and its replicas resynchronised from it, so ${plainOr(ns.map((n) => [n, Number(rec(n).keysLost ?? 0)]))} keys are gone everywhere`,
  );
  kind((d) => d.wasDown === false, 'was not down');
  kind(() => true, 'is back');
  const topologies = new Set(users.map((n) => ctx.storeOf(n).topology));
  const name = topologies.size === 1 && topologies.has('primary-replica') ? `the old primary (node ${node})` : `store node ${node}`;
  if (kinds.length === 1) return `${name} ${kinds[0]![1]}${users.length < ctx.all ? ` (under ${listWords(users)})` : ''}.`;
  return `${name}: ${kinds.map(([ns, what]) => `under ${listWords(ns)} it ${what}`).join('; ')}.`;
}

/** "sticky-cookie does not use the store", or nothing. */
function nonUsers(has: string[], rec: (n: string) => Details): string {
  const non = has.filter((n) => rec(n).usesStore === false);
  return non.length === 0 ? '' : `; ${subject(non, 'does', 'do')} not use the store`;
}

function storeCrash(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const users = has.filter((n) => rec(n).usesStore !== false);
  if (users.length === 0) return `a store node crashed, but no strategy here uses the store.`;
  const node = num(users[0]!, 'node');
  const already = users.filter((n) => rec(n).alreadyDown === true);
  const live = users.filter((n) => !already.includes(n));
  let text = `${nodeName(ctx, users, node)} crashed with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress`;
  if (live.length > 0) {
    const keys = (n: string) => (num(n, 'keysOnNode') === num(n, 'keysInStore') ? `${num(n, 'keysOnNode')}` : `${num(n, 'keysOnNode')} of ${num(n, 'keysInStore')}`);
    const values = live.map((n) => [n, keys(n)] as [string, string]);
    text += `, and its memory with it: ${values.every(([, v]) => v === values[0]![1]) ? `${values[0]![1]} session keys` : counted(values, ctx.all, ' session keys')}`;
  }
  const replicated = live.filter((n) => rec(n).failoverExpectedInSeconds !== undefined);
  if (replicated.length > 0) {
    const how = replicated.every((n) => ctx.storeOf(n).topology === 'sharded') ? 'cluster-node-timeout plus the election' : replicated.every((n) => ctx.storeOf(n).topology === 'primary-replica') ? "Sentinel's down-after plus the election" : 'detection plus the election';
    text += `; ${replicated.length === live.length ? '' : `under ${listWords(replicated)} `}a replica takes over after ${plainOr(replicated.map((n) => [n, formatDuration(num(n, 'failoverExpectedInSeconds'))]))} (${how}), and until then the node cannot be reached`;
    const behind = replicated.filter((n) => num(n, 'writesNotYetReplicated') > 0);
    if (behind.length > 0) text += `; writes the replica had not yet received: ${counted(behind.map((n) => [n, num(n, 'writesNotYetReplicated')]), ctx.all)}`;
    const upToDate = replicated.filter((n) => !behind.includes(n));
    if (upToDate.length > 0) text += `; ${behind.length > 0 ? `under ${listWords(upToDate)} ` : ''}the replica had every write`;
  }
  const bare = live.filter((n) => rec(n).keysLost !== undefined);
  if (bare.length > 0) {
    text += `; ${bare.length === live.length ? '' : `under ${listWords(bare)} `}it has no replica, so those keys are gone with it`;
    const down = bare.filter((n) => rec(n).clusterDownInSeconds !== undefined);
    if (down.length > 0) text += `, and ${down.length === bare.length ? '' : `under ${listWords(down)} `}the whole Redis Cluster will stop answering in ${span(down.map((n) => num(n, 'clusterDownInSeconds')), formatDuration)} (cluster-require-full-coverage: slots without a primary take the cluster down)`;
  }
  if (already.length > 0) text += `; under ${listWords(already)} it was already down`;
  return `${text}${nonUsers(has, rec)}.`;
}

function storeFailover(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const users = has.filter((n) => rec(n).usesStore !== false);
  if (users.length === 0) return `a store failover was asked for, but no strategy here uses the store.`;
  const node = num(users[0]!, 'node');
  const noReplica = users.filter((n) => rec(n).noReplica === true);
  const promoted = users.filter((n) => !noReplica.includes(n));
  const tail = (noReplica.length > 0 ? `; under ${listWords(noReplica)} there is no replica to promote` : '') + nonUsers(has, rec);
  if (promoted.length === 0) return `a failover of store node ${node} was asked for${tail}.`;
  const partition = promoted.filter((n) => rec(n).duringPartition === true);
  if (partition.length > 0) {
    const after = counted(partition.map((n) => [n, formatDuration(num(n, 'detectionSeconds'))]), ctx.all, ' after the cut');
    const accepted = listWords(partition.map((n) => `${num(n, 'writesLost')} writes of ${num(n, 'sessionsAffected')} sessions under ${n}`));
    return `on the other side of the partition the Sentinels promoted the replica of node ${node}, ${after}, while the application servers kept writing to the old primary: everything the old primary accepted since the cut will be thrown away when the partition heals, so far ${accepted}.`;
  }
  const manual = promoted.every((n) => num(n, 'detectionSeconds') === 0);
  let text = manual
    ? `a manual failover (SENTINEL FAILOVER) promoted the replica of node ${node} at once`
    : `the replica of node ${node} took over, ${counted(promoted.map((n) => [n, formatDuration(num(n, 'detectionSeconds'))]), ctx.all, ' after the crash')}`;
  const lost = promoted.filter((n) => num(n, 'writesLost') > 0);
  if (lost.length > 0) text += `; the acknowledged writes it had not received are lost, and their sessions read an older version or nothing: ${listWords(lost.map((n, i) => `${num(n, 'writesLost')}${i === 0 ? ' writes' : ''} (${num(n, 'sessionsAffected')} sessions) under ${n}`))}`;
  const unconfirmed = promoted.filter((n) => num(n, 'writesLost') === 0 && num(n, 'sessionsAffected') > 0);
  if (unconfirmed.length > 0) text += `; under ${listWords(unconfirmed)} no acknowledged write was lost: WAIT had not confirmed the writes it lacked (${plainOr(unconfirmed.map((n) => [n, num(n, 'sessionsAffected')]))} sessions rolled back)`;
  const clean = promoted.filter((n) => num(n, 'sessionsAffected') === 0);
  if (clean.length > 0) text += `; ${listWords(clean)} lost nothing: the replica had every write`;
  return `${text}${tail}.`;
}

function storePartition(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const users = has.filter((n) => rec(n).usesStore !== false);
  if (users.length === 0) return `a store partition began, but no strategy here uses the store.`;
  const node = num(users[0]!, 'node');
  const cut = users.filter((n) => rec(n).partitionSeconds !== undefined);
  const name = nodeName(ctx, users, node);
  let text = `${name} was cut off from its replica and the Sentinels${cut.length > 0 ? ` for ${span(cut.map((n) => num(n, 'partitionSeconds')), formatDuration)}` : ''} while the application servers still reach it, with ${span(has.map((n) => num(n, 'activeSessions')))} sessions in progress`;
  const failover = cut.filter((n) => rec(n).failoverExpected === true);
  const noFailover = cut.filter((n) => rec(n).failoverExpected === false);
  if (failover.length > 0) text += `; ${failover.length === cut.length ? 'the' : `under ${listWords(failover)} the`} Sentinels will promote the replica before it heals, so whatever the old primary accepts alone will be thrown away`;
  if (noFailover.length > 0) text += `; under ${listWords(noFailover)} it heals before a failover, and the replica simply catches up`;
  const refuse = cut.filter((n) => num(n, 'writesRefusedAfterSeconds') >= 0);
  if (refuse.length > 0) text += `; under ${listWords(refuse)} the primary refuses writes (NOREPLICAS) after ${plainOr(refuse.map((n) => [n, formatDuration(num(n, 'writesRefusedAfterSeconds'))]))}, once no replica has acknowledged within min-replicas-max-lag`;
  const wait = cut.filter((n) => ctx.storeOf(n).waitReplicas > 0);
  if (wait.length > 0) text += `; under ${listWords(wait)} every write's WAIT times out (${listWords([...new Set(wait.map((n) => formatDuration(ctx.storeOf(n).waitTimeout)))])}) with no replica to answer, so writes fail`;
  const bare = users.filter((n) => !cut.includes(n));
  if (bare.length > 0) text += `; under ${listWords(bare)} there is no replica to cut off`;
  return `${text}${nonUsers(has, rec)}.`;
}

function partitionHealed(ctx: Story, has: string[], rec: (n: string) => Details, num: (n: string, k: string) => number): string {
  const over = has.filter((n) => rec(n).failedOver === true);
  const notOver = has.filter((n) => rec(n).failedOver !== true);
  const parts: string[] = [];
  if (over.length > 0) {
    let p = `the old primary rejoined as a replica of the promoted one and discarded everything it had accepted alone`;
    const lost = over.filter((n) => num(n, 'writesLost') > 0);
    if (lost.length > 0) p += `: ${listWords(lost.map((n, i) => `${num(n, 'writesLost')}${i === 0 ? ' acknowledged writes' : ''} (${num(n, 'sessionsAffected')} sessions) under ${n}`))} are lost`;
    const unconfirmed = over.filter((n) => num(n, 'writesLost') === 0 && num(n, 'sessionsAffected') > 0);
    if (unconfirmed.length > 0) p += `; under ${listWords(unconfirmed)} no acknowledged write is lost, as WAIT confirmed none of them (${plainOr(unconfirmed.map((n) => [n, num(n, 'sessionsAffected')]))} sessions rolled back)`;
    parts.push(over.length === has.length ? p : `under ${listWords(over)} ${p}`);
  }
  if (notOver.length > 0) parts.push(`under ${listWords(notOver)} there had been no failover: the replica caught up and nothing was lost`);
  const refused = has.filter((n) => num(n, 'writesRefused') > 0);
  if (refused.length > 0) parts.push(`meanwhile the old primary had refused ${counted(refused.map((n) => [n, num(n, 'writesRefused')]), ctx.all, ' writes')} (NOREPLICAS)`);
  return `the partition healed: ${parts.join('; ')}.`;
}

function nodeEjected(ctx: Story, g: Group, has: string[], num: (n: string, k: string) => number): string {
  const node = num(has[0]!, 'node');
  const limits = [...new Set(has.map((n) => ctx.storeOf(n).memcachedClient.failureLimit))];
  const retry = span(has.map((n) => num(n, 'retryAfterSeconds')), formatDuration);
  let text = `under ${listWords(has)} the Memcached client ejected node ${node} from its ring after ${listWords(limits.map(String))} failed connections: its keys now map to the other nodes, where they are not found; it retries the node every ${retry}`;
  const again = has.filter((n) => (g.times.get(n)?.length ?? 0) > 1);
  if (again.length > 0) {
    text += `, and ejected it again ${listWords(again.map((n) => {
      const times = g.times.get(n)!.slice(1);
      return `${times.length} ${plural(times.length, 'time', 'times')} (${times.length === 1 ? `at ${formatDuration(times[0]!)}` : `${formatDuration(times[0]!)} to ${formatDuration(times[times.length - 1]!)}`})${has.length > 1 ? ` under ${n}` : ''}`;
    }))} while it was still down`;
  }
  return `${text}.`;
}

/** Sentences by event type. */
export const storeNarrations: Record<string, Narration> = {
  'store-outage': (ctx, { g, has, num }) => storeOutage(ctx, g, has, num),
  'store-recover': (ctx, { has, rec }) => storeRecover(ctx, has, rec),
  'store-crash': (ctx, { has, rec, num }) => storeCrash(ctx, has, rec, num),
  'store-failover': (ctx, { has, rec, num }) => storeFailover(ctx, has, rec, num),
  'store-partition': (ctx, { has, rec, num }) => storePartition(ctx, has, rec, num),
  'store-partition-healed': (ctx, { has, rec, num }) => partitionHealed(ctx, has, rec, num),
  'store-node-ejected': (ctx, { g, has, num }) => nodeEjected(ctx, g, has, num),
  'store-cluster-down': (_ctx, { has, num }) => {
    const slots = span(has.map((n) => num(n, 'uncoveredSlots')));
    return `Redis Cluster stopped answering under ${listWords(has)} (CLUSTERDOWN): node ${num(has[0]!, 'node')}'s ${slots} hash slots have no primary left and cluster-require-full-coverage is on, so every request that needs the store fails until the node is back.`;
  },
};
