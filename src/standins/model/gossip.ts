// Gossip between smeshers: this one's Hare vote to every peer each layer, the ATXs it publishes, and what peers send.
import { parseAtx, type Atx, type AtxStore } from "./atx.js";
import { epochOf } from "./clock.js";
import { parseVote, voteDeadlineMs, type Vote, type VoteBox } from "./hare.js";
import type { SmesherSetup } from "./smesher-doc.js";
import { refuse, reply, type Env, type Reply } from "./transport.js";
import type { Weights } from "./weight.js";

export class Gossip {
  peersReachable = 0;
  errors = 0;

  constructor(
    private readonly setup: SmesherSetup,
    private readonly env: Env,
    private readonly votes: VoteBox,
    private readonly atxs: AtxStore,
    private readonly weights: Weights,
    private readonly hearStart: (start: number) => void,
  ) {}

  /** Counted here first; peers get until the vote deadline, after which the vote is worthless anyway. */
  vote(vote: Vote, now: number): void {
    const p = this.setup.params;
    this.votes.accept(p, vote, vote.weight, now);
    const timeout = Math.max(1, voteDeadlineMs(p, vote.layer) - now);
    const sent = this.setup.peers.map((peer) => this.env.transport.request(peer, "/vote", vote, timeout));
    void Promise.all(sent).then((replies) => {
      const reachable = replies.filter((r) => r !== undefined && r.status < 300).length;
      this.errors += replies.length - reachable;
      if (reachable !== this.peersReachable) this.env.log("peers-reachable", { layer: vote.layer, reachable, total: replies.length });
      this.peersReachable = reachable;
    });
  }

  atx(atx: Atx): void {
    const sent = this.setup.peers.map((peer) => this.env.transport.request(peer, "/atx", atx, this.setup.params.clock.layerMs));
    void Promise.all(sent).then((replies) => (this.errors += replies.filter((r) => r?.status !== 200).length));
  }

  /** The voter's weight is what this smesher's view of the epoch gives it, never what the vote claims. */
  receiveVote(body: unknown, listening: boolean): Reply {
    const vote = parseVote(body);
    if (!vote) return refuse(422, "expected {id, key, layer, weight}");
    const epoch = epochOf(vote.layer, this.setup.params.clock.layersPerEpoch);
    if (vote.atx?.targetEpoch === epoch) this.atxs.add(vote.atx);
    if (vote.start !== undefined) this.hearStart(vote.start);
    if (!listening) return reply({ result: "ignored" });
    const weight = this.weights.voter(epoch, vote.id, vote.key);
    return reply({ result: this.votes.accept(this.setup.params, vote, weight, this.env.now()) });
  }

  receiveAtx(body: unknown): Reply {
    const atx = parseAtx(body);
    return atx ? reply({ added: this.atxs.add(atx) }) : refuse(422, "expected an ATX");
  }
}
