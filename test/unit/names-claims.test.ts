// Machine-wide claims on subnets and bridges: one holder at a time, held while its process, its use or its
// record lives, reclaimed only when all three are gone, and given back only by its own experiment.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isStale, listClaims, releaseClaim, takeClaim, type Claim, type ClaimKind, type ClaimOwner, type ClaimStore } from "../../src/daemon/claims.js";
import { processStartTime } from "../../src/daemon/process-info.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rebound-claims-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A world where the test decides which pids run, which values are in use and which records name them. */
function world() {
  const alive = new Set<number>();
  const inUse = new Set<string>();
  const recorded = new Set<string>();
  const store: ClaimStore = {
    dir,
    liveness: {
      processAlive: (owner) => alive.has(owner.pid),
      inUse: async (kind: ClaimKind, value: string) => inUse.has(`${kind}:${value}`),
      recorded: async (claim: Claim) => recorded.has(`${claim.home}:${claim.profile}:${claim.value}`),
    },
  };
  return { store, alive, inUse, recorded };
}

const owner = (pid: number, home: string, profile = "p"): ClaimOwner => ({ pid, startTime: 1, home, profile });
const A = owner(101, "/homes/a");
const B = owner(202, "/homes/b");

describe("claims", () => {
  it("one experiment holds a subnet; another is refused while the holder's process runs", async () => {
    const { store, alive } = world();
    alive.add(A.pid).add(B.pid);
    expect(await takeClaim(store, "subnet", "10.200", A)).toEqual({ ok: true });
    const refused = await takeClaim(store, "subnet", "10.200", B);
    expect(refused).toMatchObject({ ok: false, holder: { pid: A.pid, home: A.home, profile: "p", kind: "subnet", value: "10.200" } });
    expect(await takeClaim(store, "subnet", "10.201", B)).toEqual({ ok: true });
    expect((await listClaims(store)).map((c) => `${c.value}:${c.home}`)).toEqual(["10.200:/homes/a", "10.201:/homes/b"]);
  });

  it("a holder whose process is gone still holds while the subnet is in use or its record names it", async () => {
    const { store, inUse, recorded } = world();
    await takeClaim(store, "subnet", "10.200", A);
    inUse.add("subnet:10.200");
    expect((await takeClaim(store, "subnet", "10.200", B)).ok).toBe(false);
    inUse.clear();
    recorded.add("/homes/a:p:10.200");
    expect((await takeClaim(store, "subnet", "10.200", B)).ok).toBe(false);
    recorded.clear();
    // Owner gone, nothing uses it, no record names it: reclaimed.
    expect(await takeClaim(store, "subnet", "10.200", B)).toEqual({ ok: true });
    expect((await listClaims(store)).map((c) => c.home)).toEqual(["/homes/b"]);
  });

  it("the same experiment takes its own claim over when the process that took it is gone, not while it runs", async () => {
    const { store, alive } = world();
    const later = owner(303, A.home);
    alive.add(A.pid);
    await takeClaim(store, "bridge", "rb0123abcd", A);
    expect(await takeClaim(store, "bridge", "rb0123abcd", later)).toMatchObject({ ok: false, holder: { pid: A.pid } });
    alive.delete(A.pid);
    expect(await takeClaim(store, "bridge", "rb0123abcd", later)).toEqual({ ok: true });
    expect((await listClaims(store)).map((c) => c.pid)).toEqual([303]);
  });

  it("is given back only by its own experiment", async () => {
    const { store } = world();
    await takeClaim(store, "subnet", "10.200", A);
    await releaseClaim(store, "subnet", "10.200", { home: B.home, profile: "p" });
    await releaseClaim(store, "subnet", "10.200", { home: A.home, profile: "other" });
    expect(await listClaims(store)).toHaveLength(1);
    await releaseClaim(store, "subnet", "10.200", A);
    expect(await readdir(dir)).toEqual([]);
  });

  it("twenty takers at once: exactly one gets the subnet, and no temporary file is left", async () => {
    const { store, alive } = world();
    const takers = Array.from({ length: 20 }, (_, i) => owner(1000 + i, `/homes/${i}`));
    for (const taker of takers) alive.add(taker.pid);
    const outcomes = await Promise.all(takers.map((taker) => takeClaim(store, "subnet", "10.230", taker)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(await readdir(dir)).toEqual(["subnet-10.230"]);
  });

  it("twenty takers of a stale claim at once: exactly one reclaims it", async () => {
    const { store, alive } = world();
    await takeClaim(store, "subnet", "10.231", A);
    const takers = Array.from({ length: 20 }, (_, i) => owner(2000 + i, `/homes/${i}`));
    for (const taker of takers) alive.add(taker.pid);
    const outcomes = await Promise.all(takers.map((taker) => takeClaim(store, "subnet", "10.231", taker)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const [held] = await listClaims(store);
    expect(outcomes[takers.findIndex((t) => t.pid === held!.pid)]).toEqual({ ok: true });
    expect(await readdir(dir)).toEqual(["subnet-10.231"]);
  });

  it("a reclaimer that judged a claim stale never removes the fresh claim another reclaimer took in between", async () => {
    const { store, alive } = world();
    await takeClaim(store, "subnet", "10.232", A);
    const late = owner(4001, "/homes/late");
    const quick = owner(4002, "/homes/quick");
    alive.add(late.pid).add(quick.pid);
    // The late reclaimer stops right after judging the claim stale, until the quick one has reclaimed it.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const recorded = store.liveness.recorded;
    store.liveness.recorded = async (claim) => {
      const result = await recorded(claim);
      if (++calls === 1) await gate;
      return result;
    };
    const lateOutcome = takeClaim(store, "subnet", "10.232", late);
    while (calls === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await takeClaim(store, "subnet", "10.232", quick)).toEqual({ ok: true });
    release();
    expect(await lateOutcome).toMatchObject({ ok: false, holder: { pid: quick.pid } });
    expect((await listClaims(store)).map((c) => c.pid)).toEqual([quick.pid]);
    expect(await readdir(dir)).toEqual(["subnet-10.232"]);
  });

  it("refuses a value that is not one rebound makes before it becomes a file name", async () => {
    const { store } = world();
    await expect(takeClaim(store, "bridge", "../../etc/x", A)).rejects.toThrow(/not a bridge rebound claims/);
    await expect(takeClaim(store, "subnet", "10.1", A)).rejects.toThrow(/not a subnet rebound claims/);
  });

  it("a process is alive by pid and start time: a recycled pid is not the owner", async () => {
    const start = processStartTime(process.pid)!;
    expect(Number.isInteger(start) && start > 0).toBe(true);
    const { store } = world();
    const real: ClaimStore = { ...store, liveness: { ...store.liveness, processAlive: (o) => processStartTime(o.pid) === o.startTime } };
    const me = { ...A, pid: process.pid, startTime: start };
    expect(await isStale(real, { ...me, kind: "subnet", value: "10.200", createdAt: "" })).toBe(false);
    expect(await isStale(real, { ...me, startTime: start + 1, kind: "subnet", value: "10.200", createdAt: "" })).toBe(true);
  });
});
