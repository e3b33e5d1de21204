// A service's volumes: (short and long syntax) and tmpfs:, each classified as compose would create it.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { ComposeMount, MountKind } from "./model.js";
import { errorAt, locate, lookup, type YamlContext } from "./yaml-nodes.js";

type Text = (node: Node, path: string) => string;

/** "data:/data:ro", "./conf:/etc/x", "/data" (anonymous) -> a mount. */
function shortSyntax(spec: string): Omit<ComposeMount, "at"> | undefined {
  const parts = spec.split(":");
  if (parts.length === 1) return { kind: "anonymous", target: spec, readOnly: false };
  const [source, target, mode] = parts;
  if (!source || !target) return undefined;
  const kind: MountKind = /^[/.~]/.test(source) ? "bind" : "named";
  return { kind, source, target, readOnly: (mode ?? "").split(",").includes("ro") };
}

function longSyntax(ctx: YamlContext, map: YAMLMap, path: string, text: Text): Omit<ComposeMount, "at"> {
  const field = (key: string) => {
    const node = lookup(ctx, map, key);
    return node === undefined ? undefined : text(node, `${path}.${key}`);
  };
  const type = field("type") ?? "volume";
  const source = field("source");
  const target = field("target");
  if (!target) throw errorAt(ctx, map, path, "a volume needs a target");
  const readOnly = field("read_only") === "true";
  if (type === "bind") return { kind: "bind", source, target, readOnly };
  if (type === "tmpfs") return { kind: "tmpfs", target, readOnly };
  if (type !== "volume") throw errorAt(ctx, map, `${path}.type`, `expected volume, bind or tmpfs, got "${type}"`);
  return { kind: source ? "named" : "anonymous", source, target, readOnly };
}

export function parseMounts(ctx: YamlContext, service: YAMLMap | undefined, path: string, text: Text): ComposeMount[] {
  if (!service) return [];
  const mounts: ComposeMount[] = [];
  const volumes = lookup(ctx, service, "volumes");
  if (volumes !== undefined && !(isScalar(volumes) && volumes.value === null)) {
    if (!isSeq(volumes)) throw errorAt(ctx, volumes, `${path}.volumes`, "expected a list");
    volumes.items.forEach((item, index) => {
      const itemPath = `${path}.volumes[${index}]`;
      const node = item as Node;
      const mount = isMap(node) ? longSyntax(ctx, node, itemPath, text) : shortSyntax(text(node, itemPath));
      if (!mount) throw errorAt(ctx, node, itemPath, `expected SOURCE:TARGET[:MODE] or TARGET, got "${text(node, itemPath)}"`);
      mounts.push({ ...mount, at: locate(ctx, node) });
    });
  }
  const tmpfs = lookup(ctx, service, "tmpfs");
  if (tmpfs !== undefined) {
    const items = isSeq(tmpfs) ? (tmpfs.items as Node[]) : [tmpfs];
    items.forEach((node, index) => {
      const target = text(node, `${path}.tmpfs[${index}]`).split(":")[0]!;
      mounts.push({ kind: "tmpfs", target, readOnly: false, at: locate(ctx, node) });
    });
  }
  return mounts;
}
