// The observer on fake hosts: Docker events, a daemon that goes away and comes back (reconcile), stand-in polling.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LABEL } from "../../src/docker/labels.js";
import { Observer } from "../../src/observe/observer.js";
import type { StandinStatus } from "../../src/standins/status.js";
import type { TimelineEvent } from "../../src/timeline/events.js";
import { fakeFleet, planOf, type FakeFleet } from "../support/fake-fleet.js";
import { eventually } from "../support/poll.js";

const plan = planOf(`
name: demo
hosts: { a: {}, b: {} }
smeshers:
  - { group: sm, count: 1, units: 10, host: a }
  - { group: once, count: 1, units: 10, host: a, restart: "no" }
  - { group: far, count: 1, units: 10, host: b }
`);
const members = plan.containers.map((c) => ({ name: c.spec.name, host: c.host, ip: c.spec.ip }));
const ipOf = (name: string) => members.find((m) => m.name === name)!.ip;

function standin(currentLayer: number): StandinStatus {
  return {
    role: "smesher", id: "x", key: "key-x", units: 10, starts: 1, startedAt: "", identityCreatedAt: "", identityChanges: 0,
    identityMismatch: null, phase: "synced", syncState: "synced", syncTransitions: [], postInits: 1, postInitDone: true,
    currentLayer, currentEpoch: 0, verifiedLayer: currentLayer - 1,
    tortoise: { selfHealing: false, startLayer: 0, stalledAt: null, lag: 1 },
    lastLayer: currentLayer, resumedFromLayer: -1, hare: [],
    epochWeight: { epoch: 0, total: 30, activeSet: 3, genesis: true, online: 30, own: 10 },
    peersReachable: 2, peersTotal: 2, requestErrors: 0, lateVotes: 0, atxs: [], atxsByEpoch: [], poetRegistrations: [],
    poetProofs: [], untrustedPoets: [], rounds: [], lastError: null,
  };
}

let fleet: FakeFleet;
let observer: Observer;
/** What each stand-in answers (undefined: it does not), and how often it was asked. */
let answers: Map<string, StandinStatus | undefined>;
let polls: Map<string, number>;

beforeEach(async () => {
  fleet = await fakeFleet(plan);
  answers = new Map(members.map((m) => [m.ip, standin(5)]));
  polls = new Map();
  const fetchStatus = async (ip: string) => {
    polls.set(ip, (polls.get(ip) ?? 0) + 1);
    return answers.get(ip);
  };
  observer = new Observer(fleet.hosts, members, { experimentId: plan.experimentId, pollMs: 10, fetchStatus });
  observer.start();
  await until("both event streams open", () => fleet.hosts.every((h) => h.state.openStreams === 1));
});

afterEach(async () => {
  await observer.stop();
});

const until = (what: string, holds: () => boolean) => eventually(what, async () => holds(), (ok) => ok, 2_000, 5);
const count = (predicate: (e: TimelineEvent) => boolean) => observer.events.filter(predicate).length;
/** Host a's daemon and reconcile events, in the order recorded. */
const hostA = () =>
  observer.events.flatMap((e) =>
    e.kind === "daemon" && e.host === "a" ? [`${e.state}`] : e.kind === "reconcile" && e.host === "a" ? [`reconcile ${e.container} running=${e.running}`] : [],
  );
const reconciled = (name: string) => observer.events.filter((e) => e.kind === "reconcile" && e.container === name).at(-1);
const AT_START = ["up", "reconcile demo-sm-0 running=true", "reconcile demo-once-0 running=true"];

describe("Observer over fake hosts", () => {
  it("records the experiment's Docker events as managed and every other container's as not", async () => {
    const a = fleet.host("a");
    const spec = plan.containers[0]!.spec;
    await a.engine.ensureContainer({ ...spec, name: "foreign", labels: {} });
    await a.engine.ensureContainer({ ...spec, name: "neighbour", labels: { ...spec.labels, [LABEL.experiment]: "demo-other" } });
    await a.engine.startContainer("foreign");
    await a.engine.startContainer("neighbour");
    a.processes.signal(a.container("demo-sm-0").pid, "SIGKILL");

    await until("the kill's restart seen", () => count((e) => e.kind === "docker" && e.container === "demo-sm-0" && e.action === "start") === 1);
    const docker = observer.events.flatMap((e) => (e.kind === "docker" ? [[e.host, e.container, e.action, e.managed, e.exitCode]] : []));
    expect(docker).toEqual([
      ["a", "foreign", "start", false, undefined],
      ["a", "neighbour", "start", false, undefined],
      ["a", "demo-sm-0", "die", true, 137],
      ["a", "demo-sm-0", "start", true, undefined],
    ]);
  });

  it("records a stopped daemon as down, and on its start up again with each container reconciled", async () => {
    const a = fleet.host("a");
    const stoppedAt = new Date().toISOString();
    await a.daemon.stop();
    await until("daemon a down", () => hostA().includes("down"));
    await expect(a.engine.listContainers({})).rejects.toMatchObject({ code: "ENOENT", message: "connect ENOENT /run/rebound/fake/demo.a/docker.sock" });
    await a.daemon.start();
    await until("host a reconciled again", () => hostA().length === 7);

    expect(hostA()).toEqual([...AT_START, "down", "up", "reconcile demo-sm-0 running=true", "reconcile demo-once-0 running=false"]);
    // The stream had closed before the daemon stopped its containers: the die is known from inspect alone.
    expect(count((e) => e.kind === "docker" && e.action === "die")).toBe(0);
    const once = reconciled("demo-once-0");
    expect(once).toMatchObject({ running: false, exitCode: 0, restartCount: 0 });
    expect(once?.kind === "reconcile" && once.finishedAt >= stoppedAt).toBe(true);
    const sm = reconciled("demo-sm-0");
    expect(sm?.kind === "reconcile" && sm.startedAt >= stoppedAt && sm.finishedAt >= stoppedAt).toBe(true);
    expect(count((e) => e.kind === "daemon" && e.host === "b")).toBe(1);
  });

  it("records a crash and immediate restart as down, then reconciles", async () => {
    const a = fleet.host("a");
    const startedAt = a.container("demo-sm-0").startedAt;
    await a.daemon.kill();
    await a.daemon.start();
    await until("host a reconciled again", () => hostA().length === 7);

    expect(hostA()).toEqual([...AT_START, "down", "up", "reconcile demo-sm-0 running=true", "reconcile demo-once-0 running=true"]);
    // The containers outlived the crash: same start, no restart.
    expect(reconciled("demo-sm-0")).toMatchObject({ running: true, startedAt, restartCount: 0 });
  });

  it("records a stand-in's reachability and status only when they change", async () => {
    const ip = ipOf("demo-sm-0");
    const afterPolls = async (n: number) => {
      const target = (polls.get(ip) ?? 0) + n;
      await until(`${n} more polls of ${ip}`, () => (polls.get(ip) ?? 0) >= target);
    };
    await afterPolls(3);
    answers.set(ip, undefined);
    await afterPolls(3);
    answers.set(ip, standin(5));
    await afterPolls(3);
    answers.set(ip, standin(6));
    await afterPolls(3);

    const seen = (name: string) =>
      observer.events.flatMap((e) => (e.kind === "standin" && e.container === name ? [e.reachable ? `layer ${e.status.currentLayer}` : "unreachable"] : []));
    expect(seen("demo-sm-0")).toEqual(["layer 5", "unreachable", "layer 5", "layer 6"]);
    expect(seen("demo-once-0")).toEqual(["layer 5"]);
    expect(seen("demo-far-0")).toEqual(["layer 5"]);
    expect(observer.snapshots().get("demo-sm-0")?.currentLayer).toBe(6);
  });

  it("files a swarm task container's events under its service's name", async () => {
    const a = fleet.host("a");
    const spec = plan.containers[0]!.spec;
    await a.engine.ensureContainer({ ...spec, name: "demo-sm-0.1.x7k2", labels: { ...spec.labels, "com.docker.swarm.service.name": "demo-sm-0" } });
    await a.engine.startContainer("demo-sm-0.1.x7k2");
    await until("the task's start seen", () => count((e) => e.kind === "docker" && e.action === "start") === 1);
    expect(observer.events.find((e) => e.kind === "docker")).toMatchObject({ container: "demo-sm-0", managed: true });
  });
});

describe("Observer locating a member that may answer on another node", () => {
  it("asks the other places when the last one does not answer, and keeps asking where it answered", async () => {
    const asked: string[] = [];
    let answersAt = "10.0.0.3:20000";
    const fetchStatus = async (ip: string) => (asked.push(ip), ip === answersAt ? standin(7) : undefined);
    const member = { name: "demo-sm-0", host: "a", ip: "10.0.0.2:20000", elsewhere: ["10.0.0.2:20000", "10.0.0.3:20000", "10.0.0.4:20000"] };
    const watching = new Observer([], [member], { experimentId: plan.experimentId, pollMs: 10, fetchStatus });
    watching.start();
    await eventually("it answered", async () => watching.events.some((e) => e.kind === "standin" && e.reachable), (ok) => ok, 2_000, 5);
    asked.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(new Set(asked)).toEqual(new Set(["10.0.0.3:20000"])); // found: asked there only
    answersAt = "10.0.0.2:20000"; // rescheduled back
    await eventually("it moved", async () => asked.at(-1) === "10.0.0.2:20000" && watching.snapshots().get("demo-sm-0") !== null, (ok) => ok, 2_000, 5);
    await watching.stop();
  });
});
