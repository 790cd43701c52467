// Members and where the stream shards live: each member's shards by id with their running entities.
import { cell, fillTable } from "./ui.js";

export function renderMembers(cluster) {
  if (!cluster) return;
  fillTable("#placement", cluster.members, (m) => {
    const shards = Object.entries(cluster.placement?.[m.address] ?? {});
    const ids = shards.map(([id, entities]) => `${id} (${entities})`).join(", ");
    return [
      cell(m.address),
      cell(m.roles.join(", ")),
      cell(m.unreachable ? "Unreachable" : m.status, m.unreachable ? "unreachable" : "status-" + m.status),
      cell(String(cluster.shards[m.address] ?? 0), "num"),
      cell(String(cluster.entities[m.address] ?? 0), "num"),
      cell(ids || "–", "shard-ids"),
    ];
  }, (m) => m.address);
}
