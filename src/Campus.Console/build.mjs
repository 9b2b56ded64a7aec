// Bundles src/main.ts into dist/app.js and copies static/ (index.html, app.css) next to it.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  format: "iife",
  target: ["es2022"],
  minify: true,
  sourcemap: true,
  outfile: "dist/app.js",
  logLevel: "warning",
});
cpSync("static", "dist", { recursive: true });
console.log("campus console: dist/ built");
