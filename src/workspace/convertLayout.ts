// Convert Layout: an APIOps folder written in the other artifact layout, losslessly (a round trip
// gives back the same policies byte for byte and the same JSON semantically). What differs between
// the layouts (apiops-cli-layout.md §4) is transformed; everything else is copied as it is:
//   - collection folders: `named values/` ↔ `namedValues/`, `policy fragments/` ↔ `policyFragments/`,
//     `version sets/` ↔ `versionSets/` (in workspaces too);
//   - a fragment's XML: `policy.xml` beside its information file (v7) ↔ `properties.value` with
//     `format: rawxml` inside it (cli);
//   - a product's APIs and groups: `apis/<api>/productApiInformation.json` folders (v7) ↔ `apis.json`
//     and `groups.json` lists (cli);
//   - operations: the cli writes `operationInformation.json` for every operation; converting to it
//     writes one from the specification where there is none, and converting back removes only the
//     ones that say nothing the specification does not.
// Files neither layout defines (a README, named-values.local.json) are copied.

import * as path from 'node:path';
import type { ArtifactLayout } from './apiopsModel';
import { detectLayout } from './apiopsLoader';
import { promises as fsp } from 'node:fs';
import { nodeFileSystem, type FileSystem } from './fileSystem';
import { operationsFromSpecification } from './specificationOperations';

export interface WritableFileSystem extends FileSystem {
  writeFile(file: string, text: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  remove?(file: string): Promise<void>;
}

/** The Node file system, writable. */
export const nodeWritableFileSystem: WritableFileSystem = {
  ...nodeFileSystem,
  writeFile: (file, text) => fsp.writeFile(file, text, 'utf8'),
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  remove: (file) => fsp.rm(file, { force: true }),
};

export class ConvertError extends Error {}

const RENAMES: Record<ArtifactLayout, Record<string, string>> = {
  v7: { namedValues: 'named values', policyFragments: 'policy fragments', versionSets: 'version sets' },
  cli: { 'named values': 'namedValues', 'policy fragments': 'policyFragments', 'version sets': 'versionSets' },
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** Writes `from` (either layout) to `to` in layout `target`; returns the number of files written. */
export async function convertLayout(fs: WritableFileSystem, from: string, to: string, target: ArtifactLayout): Promise<{ files: number; source: ArtifactLayout }> {
  if (!(await fs.stat(from))?.isDirectory) throw new ConvertError(`No such folder: ${from}`);
  if (path.resolve(from) === path.resolve(to)) throw new ConvertError('Write the converted folder somewhere else than the folder it comes from.');
  const existing = await fs.stat(to);
  if (existing && (!existing.isDirectory || (await fs.readDirectory(to)).length > 0)) throw new ConvertError(`${to} exists and is not empty: nothing was written.`);
  const source = await detectLayout(fs, from);
  let files = 0;
  const write = async (file: string, text: string): Promise<void> => {
    await fs.mkdir(path.dirname(file));
    await fs.writeFile(file, text);
    files++;
  };

  // One service level (the root, or a workspace folder).
  const level = async (src: string, dst: string, top: boolean): Promise<void> => {
    for (const e of await fs.readDirectory(src)) {
      const s = path.join(src, e.name);
      if (!e.isDirectory) {
        await write(path.join(dst, e.name), await fs.readFile(s));
        continue;
      }
      const name = source === target ? e.name : (RENAMES[target][e.name] ?? e.name);
      const d = path.join(dst, name);
      if (e.name === 'workspaces' && top) {
        for (const ws of await fs.readDirectory(s)) {
          if (ws.isDirectory) await level(path.join(s, ws.name), path.join(d, ws.name), false);
          else await write(path.join(d, ws.name), await fs.readFile(path.join(s, ws.name)));
        }
      } else if (name === 'policyFragments' || name === 'policy fragments') await fragments(s, d);
      else if (e.name === 'products') await products(s, d);
      else if (e.name === 'apis') await apis(s, d);
      else await copyTree(s, d);
    }
  };

  const copyTree = async (src: string, dst: string): Promise<void> => {
    for (const e of await fs.readDirectory(src)) {
      const s = path.join(src, e.name);
      if (e.isDirectory) await copyTree(s, path.join(dst, e.name));
      else await write(path.join(dst, e.name), await fs.readFile(s));
    }
  };

  const fragments = async (src: string, dst: string): Promise<void> => {
    for (const f of await fs.readDirectory(src)) {
      if (!f.isDirectory) {
        await write(path.join(dst, f.name), await fs.readFile(path.join(src, f.name)));
        continue;
      }
      const folder = path.join(src, f.name);
      const out = path.join(dst, f.name);
      const infoFile = path.join(folder, 'policyFragmentInformation.json');
      const info: Json = (await fs.stat(infoFile)) ? (JSON.parse(await fs.readFile(infoFile)) as Json) : { properties: {} };
      const props: Json = isObject(info['properties']) ? { ...info['properties'] } : {};
      const policyFile = path.join(folder, 'policy.xml');
      if (target === 'cli') {
        // The XML goes into the information file.
        if (await fs.stat(policyFile)) {
          props['value'] = await fs.readFile(policyFile);
          props['format'] = props['format'] ?? 'rawxml';
        }
        await write(path.join(out, 'policyFragmentInformation.json'), json({ ...info, properties: props }));
      } else {
        // The XML comes out of it.
        const value = props['value'];
        if (typeof value === 'string') {
          await write(path.join(out, 'policy.xml'), value);
          delete props['value'];
          if (props['format'] === 'rawxml' || props['format'] === 'xml') delete props['format'];
        } else if (await fs.stat(policyFile)) await write(path.join(out, 'policy.xml'), await fs.readFile(policyFile));
        await write(path.join(out, 'policyFragmentInformation.json'), json({ ...info, properties: props }));
      }
      for (const other of await fs.readDirectory(folder)) {
        if (other.name === 'policyFragmentInformation.json' || other.name === 'policy.xml') continue;
        if (other.isDirectory) await copyTree(path.join(folder, other.name), path.join(out, other.name));
        else await write(path.join(out, other.name), await fs.readFile(path.join(folder, other.name)));
      }
    }
  };

  const products = async (src: string, dst: string): Promise<void> => {
    for (const p of await fs.readDirectory(src)) {
      const folder = path.join(src, p.name);
      const out = path.join(dst, p.name);
      if (!p.isDirectory) {
        await write(out, await fs.readFile(folder));
        continue;
      }
      for (const e of await fs.readDirectory(folder)) {
        const s = path.join(folder, e.name);
        const assoc = /^(apis|groups)$/.exec(e.name)?.[1];
        if (target === 'cli' && assoc && e.isDirectory) {
          // apis/<api>/productApiInformation.json folders → apis.json; a folder with more than {} is kept.
          const names: { name: string }[] = [];
          for (const a of await fs.readDirectory(s)) {
            if (!a.isDirectory) continue;
            const files = await fs.readDirectory(path.join(s, a.name));
            const infoName = assoc === 'apis' ? 'productApiInformation.json' : 'productGroupInformation.json';
            const plain = files.length === 1 && files[0]?.name === infoName && JSON.stringify(JSON.parse(await fs.readFile(path.join(s, a.name, infoName)))) === '{}';
            if (plain) names.push({ name: a.name });
            else await copyTree(path.join(s, a.name), path.join(out, e.name, a.name));
          }
          if (names.length) await write(path.join(out, `${assoc}.json`), json(names));
          continue;
        }
        const list = /^(apis|groups)\.json$/.exec(e.name)?.[1];
        if (target === 'v7' && list && !e.isDirectory) {
          const entries: unknown = JSON.parse(await fs.readFile(s));
          const infoName = list === 'apis' ? 'productApiInformation.json' : 'productGroupInformation.json';
          if (Array.isArray(entries) && entries.every((x) => isObject(x) && typeof x['name'] === 'string' && Object.keys(x).length === 1)) {
            for (const x of entries as { name: string }[]) await write(path.join(out, list, x.name, infoName), '{}\n');
            continue;
          }
        }
        if (e.isDirectory) await copyTree(s, path.join(out, e.name));
        else await write(path.join(out, e.name), await fs.readFile(s));
      }
    }
  };

  const apis = async (src: string, dst: string): Promise<void> => {
    for (const a of await fs.readDirectory(src)) {
      const folder = path.join(src, a.name);
      const out = path.join(dst, a.name);
      if (!a.isDirectory) {
        await write(out, await fs.readFile(folder));
        continue;
      }
      // Operations: the information files the cli writes for every operation of the specification.
      let fromSpec: { name: string; displayName: string; method?: string; urlTemplate?: string }[] = [];
      for (const f of ['specification.yaml', 'specification.yml', 'specification.json'].map((x) => path.join(folder, x))) {
        if (!(await fs.stat(f))) continue;
        try {
          fromSpec = operationsFromSpecification(await fs.readFile(f));
        } catch {
          fromSpec = [];
        }
        break;
      }
      const derived = new Map(fromSpec.map((op) => [op.name.toLowerCase(), { properties: { displayName: op.displayName, method: op.method, urlTemplate: op.urlTemplate } }]));
      const infoOf = (rel: string): string | undefined => /^operations[\\/]([^\\/]+)[\\/]operationInformation\.json$/.exec(rel)?.[1];
      // To v7: an information file that says only what the specification says is not written.
      const copy = async (s: string, d: string, rel: string): Promise<void> => {
        for (const e of await fs.readDirectory(s)) {
          const r = rel ? path.join(rel, e.name) : e.name;
          if (e.isDirectory) {
            await copy(path.join(s, e.name), path.join(d, e.name), r);
            continue;
          }
          const text = await fs.readFile(path.join(s, e.name));
          const op = target === 'v7' ? infoOf(r) : undefined;
          if (op !== undefined && derived.has(op.toLowerCase()) && JSON.stringify(JSON.parse(text)) === JSON.stringify(derived.get(op.toLowerCase()))) continue;
          await write(path.join(d, e.name), text);
        }
      };
      await copy(folder, out, '');
      if (target === 'cli') {
        for (const op of fromSpec) {
          if (await fs.stat(path.join(folder, 'operations', op.name, 'operationInformation.json'))) continue;
          await write(path.join(out, 'operations', op.name, 'operationInformation.json'), json(derived.get(op.name.toLowerCase())));
        }
      }
    }
  };

  await level(from, to, true);
  return { files, source };
}
