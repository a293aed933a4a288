// Checks SARIF files the way their consumers read them, with Node.js and
// no dependencies:
//
//   - Every artifact location (results, related locations, fixes,
//     suppressions, notifications) resolves through originalUriBaseIds to
//     an existing file, as the VS Code SARIF Viewer resolves it: the URI
//     relative to the file URI of its uriBaseId.
//   - Every primaryLocationLineHash equals the value that the upload-sarif
//     step of github/codeql-action would compute for that line, so an
//     upload through the action logs no "inconsistent fingerprint"
//     warning. The file is found as upload-sarif finds it: the URI
//     percent-decoded and joined to the checkout root. The hash is
//     computed here independently of sessionlint's Go code, from
//     JavaScript strings read with fs.createReadStream(file, "utf8"), as
//     upload-sarif reads them.
//
// Usage: node .ci/check-sarif.mjs CHECKOUT_ROOT FILE.sarif...
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [checkoutRoot, ...sarifFiles] = process.argv.slice(2);
if (!checkoutRoot || sarifFiles.length === 0) {
  console.error("usage: node .ci/check-sarif.mjs CHECKOUT_ROOT FILE.sarif...");
  process.exit(2);
}

const MASK = (1n << 64n) - 1n;
const BLOCK = 100;

// Returns the primaryLocationLineHash of every line of a file, index 0
// for line 1. Spaces and tabs are dropped, CR and CRLF read as LF, and
// 0xFFFF follows the last character. Each line is hashed over the 100
// code units from its start as the sum of unit * 37^(99-k) modulo 2^64.
async function lineHashes(file) {
  const units = [];
  const lineStarts = [];
  let atLineStart = true;
  let afterCR = false;
  const add = (u) => {
    if (u === 0x20 || u === 0x09 || (afterCR && u === 0x0a)) {
      afterCR = false;
      return;
    }
    afterCR = u === 0x0d;
    if (u === 0x0d) u = 0x0a;
    if (atLineStart) {
      lineStarts.push(units.length);
      atLineStart = false;
    }
    if (u === 0x0a) atLineStart = true;
    units.push(u);
  };
  for await (const chunk of fs.createReadStream(file, "utf8")) {
    for (let i = 0; i < chunk.length; i++) add(chunk.charCodeAt(i));
  }
  add(0xffff);

  const counts = new Map();
  return lineStarts.map((start) => {
    let h = 0n;
    for (let k = 0; k < BLOCK; k++) {
      const u = start + k < units.length ? units[start + k] : 0;
      h = (h * 37n + BigInt(u)) & MASK;
    }
    const hex = h.toString(16);
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
    return `${hex}:${counts.get(hex)}`;
  });
}

let problems = 0;
function problem(file, message) {
  console.log(`${file}: ${message}`);
  problems++;
}

for (const sarifFile of sarifFiles) {
  const log = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
  let locations = 0;
  let fingerprints = 0;
  const hashCache = new Map();

  for (const [r, run] of (log.runs ?? []).entries()) {
    const bases = run.originalUriBaseIds ?? {};
    for (const [id, base] of Object.entries(bases)) {
      if (!base.uri?.startsWith("file:") || !base.uri.endsWith("/")) {
        problem(sarifFile, `originalUriBaseIds.${id}.uri ${JSON.stringify(base.uri)} is not a file URI ending with a slash`);
      }
    }

    const checkLocation = (artifact, where) => {
      if (!artifact) return;
      locations++;
      const uri = artifact.uri ?? "";
      if (uri.startsWith("./") || uri.includes("\\")) {
        problem(sarifFile, `${where}: URI ${JSON.stringify(uri)} starts with ./ or holds a backslash`);
      }
      let resolved;
      try {
        if (artifact.uriBaseId) {
          const base = bases[artifact.uriBaseId]?.uri;
          if (!base) {
            problem(sarifFile, `${where}: uriBaseId ${artifact.uriBaseId} is not in originalUriBaseIds`);
            return;
          }
          resolved = new URL(uri, base);
        } else {
          resolved = new URL(uri);
        }
      } catch (err) {
        problem(sarifFile, `${where}: URI ${JSON.stringify(uri)} does not resolve: ${err.message}`);
        return;
      }
      if (resolved.protocol !== "file:") {
        problem(sarifFile, `${where}: URI ${JSON.stringify(uri)} resolves to ${resolved.href}, not a file`);
        return;
      }
      const filePath = fileURLToPath(resolved);
      if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) {
        problem(sarifFile, `${where}: URI ${JSON.stringify(uri)} resolves to ${filePath}, which is not a file`);
      }
    };

    for (const [i, result] of (run.results ?? []).entries()) {
      const at = `runs[${r}].results[${i}]`;
      for (const [j, location] of (result.locations ?? []).entries()) {
        checkLocation(location.physicalLocation?.artifactLocation, `${at}.locations[${j}]`);
      }
      for (const [j, location] of (result.relatedLocations ?? []).entries()) {
        checkLocation(location.physicalLocation?.artifactLocation, `${at}.relatedLocations[${j}]`);
      }
      for (const [j, fix] of (result.fixes ?? []).entries()) {
        for (const [k, change] of (fix.artifactChanges ?? []).entries()) {
          checkLocation(change.artifactLocation, `${at}.fixes[${j}].artifactChanges[${k}]`);
        }
      }
      for (const [j, suppression] of (result.suppressions ?? []).entries()) {
        checkLocation(suppression.location?.physicalLocation?.artifactLocation, `${at}.suppressions[${j}]`);
      }

      const expected = result.partialFingerprints?.primaryLocationLineHash;
      const primary = result.locations?.[0]?.physicalLocation;
      if (!expected || !primary?.region?.startLine) continue;
      const file = path.join(checkoutRoot, decodeURIComponent(primary.artifactLocation.uri));
      if (!fs.existsSync(file)) {
        problem(sarifFile, `${at}: upload-sarif finds no file ${file} to compute the fingerprint from`);
        continue;
      }
      if (!hashCache.has(file)) hashCache.set(file, await lineHashes(file));
      const actual = hashCache.get(file)[primary.region.startLine - 1];
      fingerprints++;
      if (actual !== expected) {
        problem(sarifFile, `${at}: primaryLocationLineHash ${expected}, but upload-sarif would compute ${actual}`);
      }
    }

    for (const [i, invocation] of (run.invocations ?? []).entries()) {
      for (const [j, n] of (invocation.toolExecutionNotifications ?? []).entries()) {
        for (const [k, location] of (n.locations ?? []).entries()) {
          checkLocation(
            location.physicalLocation?.artifactLocation,
            `runs[${r}].invocations[${i}].toolExecutionNotifications[${j}].locations[${k}]`,
          );
        }
      }
    }
  }
  console.log(`${sarifFile}: ${locations} locations resolved, ${fingerprints} fingerprints checked`);
}

if (problems > 0) {
  console.log(`${problems} problem(s)`);
  process.exit(1);
}
