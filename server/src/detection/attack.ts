/**
 * ATT&CK techniques read from a STIX 2 bundle (MITRE's `enterprise-attack.json`, named by the
 * setting `splDetect.attackBundle` or `--attack FILE`); none is shipped. contentctl enriches every
 * `mitre_attack_id` from the same data (mitre_attack_enrichment.py) and rejects ids it cannot find.
 */

export interface AttackTechnique {
  id: string;
  name: string;
  /** Tactic names as ATT&CK writes them (`Credential Access`). */
  tactics: string[];
  /** Revoked or deprecated in the bundle: still known, no longer maintained. */
  retired: boolean;
}

export interface AttackCatalogue {
  /** The bundle's file, for messages. */
  source: string;
  techniques: ReadonlyMap<string, AttackTechnique>;
}

export type AttackLoad = { catalogue: AttackCatalogue } | { error: string };

interface StixObject {
  type?: unknown;
  name?: unknown;
  revoked?: unknown;
  x_mitre_deprecated?: unknown;
  external_references?: unknown;
  kill_chain_phases?: unknown;
}

/** Reads a bundle's text; a clear error instead of a throw for anything that is not one. */
export function readAttackBundle(text: string, source: string): AttackLoad {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    return { error: `${source} is not JSON: ${(error as Error).message}` };
  }
  const objects = (bundle as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(objects)) return { error: `${source} is not a STIX bundle (no "objects" list)` };
  const techniques = new Map<string, AttackTechnique>();
  for (const object of objects as StixObject[]) {
    if (object?.type !== 'attack-pattern' || typeof object.name !== 'string') continue;
    const id = mitreId(object.external_references);
    if (!id) continue;
    const retired = object.revoked === true || object.x_mitre_deprecated === true;
    const existing = techniques.get(id);
    // A revoked copy and its replacement may share an id: the maintained one wins.
    if (existing && !existing.retired) continue;
    techniques.set(id, { id, name: object.name, tactics: tactics(object.kill_chain_phases), retired });
  }
  if (techniques.size === 0) return { error: `${source} holds no ATT&CK technique (attack-pattern with a mitre-attack id)` };
  return { catalogue: { source, techniques } };
}

function mitreId(references: unknown): string | undefined {
  if (!Array.isArray(references)) return undefined;
  for (const reference of references as { source_name?: unknown; external_id?: unknown }[]) {
    if (reference?.source_name === 'mitre-attack' && typeof reference.external_id === 'string') return reference.external_id;
  }
  return undefined;
}

function tactics(phases: unknown): string[] {
  if (!Array.isArray(phases)) return [];
  const names: string[] = [];
  for (const phase of phases as { kill_chain_name?: unknown; phase_name?: unknown }[]) {
    if (phase?.kill_chain_name !== 'mitre-attack' || typeof phase.phase_name !== 'string') continue;
    const name = phase.phase_name
      .split('-')
      .map((word) => (word === 'and' ? word : word.charAt(0).toUpperCase() + word.slice(1)))
      .join(' ');
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
