// How long a stand-in's state write took when it waited for the disk: temp file, fsync, rename, fsync of the
// directory (what src/standins/store.ts did on every layer before its fsyncs moved off the event loop), every
// 100 ms for as long as asked, in a directory on the same disk as the sandbox daemons' data. Run it next to the
// work whose disk load it should see (a CI run), or alone for the quiet baseline:
//   npx tsx bench/state-write-latency.ts [SECONDS=60] [DIR=/var/tmp/rebound-state-write]
import * as fs from "node:fs";

const seconds = Number(process.argv[2] ?? 60);
const dir = process.argv[3] ?? "/var/tmp/rebound-state-write";
fs.mkdirSync(dir, { recursive: true });
const dirFd = fs.openSync(dir, "r");
const text = JSON.stringify({ pad: "x".repeat(20_000) });
const samples: number[] = [];
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  const t0 = performance.now();
  const fd = fs.openSync(`${dir}/.state.tmp`, "w");
  fs.writeFileSync(fd, text);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(`${dir}/.state.tmp`, `${dir}/state.json`);
  fs.fsyncSync(dirFd);
  samples.push(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
fs.rmSync(dir, { recursive: true, force: true });
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
const over = (ms: number) => samples.filter((s) => s > ms).length;
console.log(`${samples.length} writes of 20 KB with fsync in ${seconds} s: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
console.log(`over 100 ms: ${over(100)}; over 250 ms (a quarter of a 1 s layer): ${over(250)}; over 500 ms (the vote deadline): ${over(500)}`);
