#!/usr/bin/env node
/**
 * The Typst anchor of bench/vs.js: one fresh node process compiles sample.typ to a PDF
 * through @myriaddreamin/typst-ts-node-compiler, with the Literata files Baspa's journal
 * template uses (from node_modules), so node start and font loading count as for Baspa.
 *
 *   node bench/anchors/typst.js OUT.pdf
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const FACES = ['400Regular/Literata_400Regular.ttf', '400Regular_Italic/Literata_400Regular_Italic.ttf', '700Bold/Literata_700Bold.ttf', '700Bold_Italic/Literata_700Bold_Italic.ttf'];
const fontPaths = FACES.map((f) => path.dirname(require.resolve(`@expo-google-fonts/literata/${f}`)));

const compiler = NodeCompiler.create({ workspace: here, fontArgs: [{ fontPaths }] });
const pdf = compiler.pdf({ mainFilePath: path.join(here, 'sample.typ') });
writeFileSync(process.argv[2] ?? path.join(here, 'sample.pdf'), pdf);
