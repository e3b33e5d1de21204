// The PoET server: one round per publish epoch, registrations until it starts, executing until it ends, then proofs.
import type { PoetRoundState, StandinStatus } from "../status.js";
import { baseStatus, writeOrNote, type CommonDoc } from "./base-status.js";
import type { ModelParams } from "./params.js";
import { startIdentity, type IdentityDoc } from "./post.js";
import { openRound, roundEndLayer, roundEndMs, roundStartLayer, roundStartMs, ticksFor } from "./rounds.js";
import { refuse, reply, type Env, type MessagePath, type Reply } from "./transport.js";

export interface RoundDoc {
  state: PoetRoundState;
  registrations: { id: string; key: string }[];
  executedMs: number;
  /** Wall time up to which execution is counted: after a restart, the time since is downtime, not work. */
  accountedUntil: number | null;
  ticks: number | null;
}

export interface PoetDoc extends CommonDoc {
  version: 2;
  role: "poet";
  rounds: Record<string, RoundDoc>;
}

const ROUNDS_LIMIT = 20;

export class PoetServer {
  readonly doc: PoetDoc;
  private readonly runningSince: number;

  constructor(private readonly p: ModelParams, private readonly id: string, private readonly env: Env) {
    const now = env.now();
    const found = env.disk.read<PoetDoc>("state");
    const prev = found?.role === "poet" ? found : undefined;
    const keyDoc = env.disk.read<IdentityDoc>("key");
    const start = startIdentity({ id, nowMs: now, newKey: env.newKey, keyDoc, known: prev?.identity, stateVersion: prev?.version });
    this.doc = {
      version: 2,
      role: "poet",
      id,
      identity: start.identity,
      identityChanges: (prev?.identityChanges ?? 0) + (start.changed ? 1 : 0),
      starts: (prev?.starts ?? 0) + 1,
      startedAt: new Date(now).toISOString(),
      // Format 1 rounds have no execution record: they cannot be resumed faithfully.
      rounds: prev?.version === 2 ? prev.rounds : {},
      lastError: prev?.lastError ?? null,
    };
    if (start.created) writeOrNote(this.doc, now, "key", env.disk.write("key", start.identity));
    if (start.created) env.log("identity-created", { key: start.identity.key });
    if (start.changed) env.log("identity-lost", { previous: prev?.identity.key, key: start.identity.key });
    this.runningSince = now;
    for (const [key, round] of Object.entries(this.doc.rounds)) {
      if ((round.state === "open" || round.state === "executing") && now >= roundEndMs(p, Number(key))) {
        round.state = "skipped";
        env.log("round-skipped", { round: Number(key), registrations: round.registrations.length, reason: "its end passed while down" });
      }
    }
    env.log("start", { starts: this.doc.starts, key: this.doc.identity.key, rounds: Object.keys(this.doc.rounds).length });
    this.persist();
  }

  tick(): void {
    this.advance();
    this.persist();
  }

  stop(): boolean {
    this.advance();
    return this.persist();
  }

  handle(path: MessagePath, body: unknown): Reply {
    const req = body as { id?: unknown; key?: unknown; round?: unknown } | null;
    if (typeof req?.id !== "string" || req.id === "" || typeof req.key !== "string") return refuse(422, "expected {id, key, round}");
    this.advance();
    if (path === "/register") return this.register(req.id, req.key, req.round);
    if (path === "/proof") return this.proof(req.id, req.key, req.round);
    return refuse(404, `no ${path} on a PoET`);
  }

  private register(id: string, key: string, asked: unknown): Reply {
    const open = openRound(this.p, this.env.now());
    if (asked !== undefined && asked !== open) return refuse(409, `round ${String(asked)} is not open for registration`, { open });
    const round = this.ensureRound(open);
    if (!round.registrations.some((r) => r.id === id && r.key === key)) {
      round.registrations.push({ id, key });
      // On disk before the smesher hears "registered": a crash must not lose what it was told.
      if (!this.persist()) return refuse(500, "could not persist the registration");
      this.env.log("registered", { id, round: open });
    }
    return reply({ round: open, poet: this.id, key: this.doc.identity.key });
  }

  private proof(id: string, key: string, asked: unknown): Reply {
    const round = typeof asked === "number" ? this.doc.rounds[String(asked)] : undefined;
    if (!round || !round.registrations.some((r) => r.id === id && r.key === key)) return refuse(404, "not registered in that round");
    if (round.state === "skipped") return refuse(410, "round skipped: its end passed while this PoET was down");
    if (round.state !== "done") return refuse(425, "round not finished", { endLayer: roundEndLayer(this.p, asked as number) });
    return reply({ round: asked, ticks: round.ticks, poet: this.id, key: this.doc.identity.key });
  }

  private ensureRound(round: number): RoundDoc {
    let doc = this.doc.rounds[String(round)];
    if (!doc) {
      doc = this.doc.rounds[String(round)] = { state: "open", registrations: [], executedMs: 0, accountedUntil: null, ticks: null };
      this.env.log("round-open", { round, startLayer: roundStartLayer(this.p, round) });
      const keys = Object.keys(this.doc.rounds).map(Number).sort((a, b) => a - b);
      for (const old of keys.slice(0, Math.max(0, keys.length - ROUNDS_LIMIT))) delete this.doc.rounds[String(old)];
    }
    return doc;
  }

  /** Execution counts only while this process runs; a round still ends at its wall-clock end. */
  private advance(): void {
    const now = this.env.now();
    this.ensureRound(openRound(this.p, now));
    for (const [key, round] of Object.entries(this.doc.rounds)) {
      const r = Number(key);
      const start = roundStartMs(this.p, r);
      const end = roundEndMs(this.p, r);
      if (round.state === "done" || round.state === "skipped" || now < start) continue;
      if (round.state === "open") this.env.log("round-executing", { round: r, registrations: round.registrations.length });
      round.state = "executing";
      const from = Math.max(round.accountedUntil ?? start, start, this.runningSince);
      const to = Math.min(now, end);
      if (to > from) round.executedMs += to - from;
      round.accountedUntil = Math.max(from, to);
      if (now < end) continue;
      round.state = "done";
      round.ticks = ticksFor(this.p, round.executedMs);
      this.env.log("round-done", { round: r, ticks: round.ticks, executedMs: round.executedMs, registrations: round.registrations.length });
    }
  }

  private persist(): boolean {
    return writeOrNote(this.doc, this.env.now(), "persist", this.env.disk.write("state", this.doc));
  }

  status(): StandinStatus {
    this.advance();
    const rounds = Object.entries(this.doc.rounds)
      .map(([key, r]) => ({
        epoch: Number(key),
        state: r.state,
        registrations: r.registrations.map((x) => x.id),
        startLayer: roundStartLayer(this.p, Number(key)),
        endLayer: roundEndLayer(this.p, Number(key)),
        executedMs: r.executedMs,
        ticks: r.ticks,
      }))
      .sort((a, b) => a.epoch - b.epoch);
    return { ...baseStatus("poet", this.p, this.env.now(), this.doc, this.id), rounds };
  }
}
