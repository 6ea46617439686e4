// Builds the front-end files into selfassess/static/dist/:
// - every file gets a content hash in its name (so it can be cached for a year),
// - a .gz and a .br copy beside it (served by WhiteNoise to browsers that accept them),
// - manifest.json maps each logical name ("app.css") to its hashed file.
// Run by `make` (npm ci && node build.mjs); the output is not committed.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "selfassess", "static", "dist");
const ds = join(here, "node_modules", "@scottish-government", "design-system", "dist");

async function bundle(entry, options = {}) {
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    write: false,
    legalComments: "none",
    target: ["es2019"],
    logLevel: "warning",
    ...options,
  });
  return Buffer.from(result.outputFiles[0].contents);
}

const files = {
  "app.css": Buffer.concat([
    readFileSync(join(ds, "css", "design-system.min.css")),
    Buffer.from("\n"),
    await bundle("src/app.css", { loader: { ".css": "css" } }),
  ]),
  "app.js": await bundle("src/app.js", { format: "iife" }),
  "charts.js": await bundle("src/charts.js", { format: "iife" }),
  "workshop.js": await bundle("src/workshop.js", { format: "iife" }),
  "workshop.css": await bundle("src/workshop.css", { loader: { ".css": "css" } }),
  "favicon.svg": readFileSync(join(here, "src", "favicon.svg")),
  "plotly.js": await bundle("src/plotly-entry.js", {
    format: "iife",
    globalName: "Plotly",
    // plotly.js requires map styles for trace types this bundle leaves out,
    // and some of its dependencies expect Node's `global`.
    loader: { ".css": "empty" },
    define: { global: "window" },
  }),
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, content] of Object.entries(files)) {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 12);
  const dot = name.lastIndexOf(".");
  const hashed = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  writeFileSync(join(out, hashed), content);
  writeFileSync(join(out, hashed + ".gz"), gzipSync(content, { level: 9 }));
  writeFileSync(
    join(out, hashed + ".br"),
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  manifest[name] = hashed;
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`Built ${Object.keys(manifest).length} files into ${out}`);
