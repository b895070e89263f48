// Oracle for the tokenizer tests and benchmark: js-tiktoken (tests/peers/node_modules).
//
//   node tokenize_oracle.mjs export ENCODING OUT.tiktoken   write js-tiktoken's ranks as a
//                                                           standard "base64token rank" file
//   node tokenize_oracle.mjs hfjson ENCODING OUT.json       write a Hugging Face tokenizer.json
//                                                           (byte-level BPE + merges) equivalent
//                                                           to ENCODING: r50k_base as GPT-2's,
//                                                           cl100k_base in Llama 3's layout
//   node tokenize_oracle.mjs encode ENCODING IN.jsonl       print, per input line (a JSON
//                                                           string), the JSON array of its ids
//   node tokenize_oracle.mjs bench ENCODING TEXT_FILE SECS  encode the file repeatedly for at
//                                                           least SECS seconds; print MB/s
// Special tokens are encoded as plain text (tiktoken's encode_ordinary).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const peers = process.env.STRATA_PEERS_DIR || path.resolve(here, '../peers');
const require = createRequire(path.join(peers, 'package.json'));
const { Tiktoken } = require('js-tiktoken/lite');

function loadRanks(encoding) {
  const file = require.resolve(`js-tiktoken/ranks/${encoding}`);
  const mod = require(file);
  return mod.default || mod;
}

// [base64 token, rank] pairs of js-tiktoken's compressed rank data.
function rankPairs(ranks) {
  const out = [];
  for (const line of ranks.bpe_ranks.split('\n')) {
    if (!line) continue;
    const [, offsetStr, ...tokens] = line.split(' ');
    const offset = Number.parseInt(offsetStr, 10);
    tokens.forEach((t, i) => out.push([t, offset + i]));
  }
  return out;
}

function exportTiktoken(encoding, out) {
  const lines = rankPairs(loadRanks(encoding)).map(([t, r]) => `${t} ${r}\n`);
  fs.writeFileSync(out, lines.join(''));
}

// GPT-2's byte-to-unicode map: printable Latin-1 bytes stay, the others go to U+0100...
function byteToUnicode() {
  const map = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae);
    map[b] = String.fromCodePoint(printable ? b : 256 + n++);
  }
  return map;
}

// The pair a token was merged from: BPE of its bytes with only lower ranks must end in 2 parts.
function splitOf(bytes, rank, rankMap) {
  let parts = Array.from(bytes, (_, i) => [i, i + 1]);
  while (parts.length > 2) {
    let best = -1, bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const r = rankMap.get(Buffer.from(bytes.slice(parts[i][0], parts[i + 1][1])).toString('latin1'));
      if (r !== undefined && r < rank && r < bestRank) { bestRank = r; best = i; }
    }
    if (best < 0) return null;
    parts.splice(best, 2, [parts[best][0], parts[best + 1][1]]);
  }
  return parts.length === 2 ? parts : null;
}

function exportHfJson(encoding, out) {
  const b2u = byteToUnicode();
  const pairs = rankPairs(loadRanks(encoding));
  const rankMap = new Map();
  const decoded = pairs.map(([t, r]) => {
    const bytes = Buffer.from(t, 'base64');
    rankMap.set(bytes.toString('latin1'), r);
    return [bytes, r];
  });
  const text = (bytes) => Array.from(bytes, (b) => b2u[b]).join('');
  const vocab = {};
  const merges = [];
  decoded.sort((a, b) => a[1] - b[1]);
  for (const [bytes, r] of decoded) {
    vocab[text(bytes)] = r;
    if (bytes.length < 2) continue;
    const split = splitOf(bytes, r, rankMap);
    if (!split) throw new Error(`no merge for rank ${r}`);
    merges.push(`${text(bytes.slice(...split[0]))} ${text(bytes.slice(...split[1]))}`);
  }
  // r50k: GPT-2's ByteLevel pre-tokenizer; cl100k: Llama 3's Split(regex) + ByteLevel layout.
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  const llama3Regex = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  const preTokenizer = encoding === 'cl100k_base'
    ? { type: 'Sequence', pretokenizers: [
        { type: 'Split', pattern: { Regex: llama3Regex }, behavior: 'Isolated', invert: false },
        { ...byteLevel, use_regex: false }] }
    : byteLevel;
  const json = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: preTokenizer, post_processor: null, decoder: { type: 'ByteLevel' },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '',
             end_of_word_suffix: '', fuse_unk: false, ignore_merges: encoding === 'cl100k_base',
             vocab, merges },
  };
  fs.writeFileSync(out, JSON.stringify(json));
}

function encoder(encoding) { return new Tiktoken(loadRanks(encoding)); }

function encodeLines(encoding, file) {
  const enc = encoder(encoding);
  const out = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    out.push(JSON.stringify(enc.encode(JSON.parse(line), [], [])));
  }
  process.stdout.write(out.join('\n') + '\n');
}

function bench(encoding, file, secs) {
  const enc = encoder(encoding);
  const text = fs.readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  let tokens = enc.encode(text, [], []).length;  // warm-up
  let runs = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < secs || runs < 2) {
    tokens = enc.encode(text, [], []).length;
    runs++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(JSON.stringify({
    encoder: 'js-tiktoken', encoding, bytes, tokens, runs, seconds: elapsed, cpu_seconds: cpuSeconds,
    mb_per_s: (bytes * runs) / elapsed / 1e6, cpu_mb_per_s: (bytes * runs) / cpuSeconds / 1e6 }));
}

const [cmd, encoding, arg, arg2] = process.argv.slice(2);
if (cmd === 'export') exportTiktoken(encoding, arg);
else if (cmd === 'hfjson') exportHfJson(encoding, arg);
else if (cmd === 'encode') encodeLines(encoding, arg);
else if (cmd === 'bench') bench(encoding, arg, Number(arg2 || 5));
else { console.error('usage: tokenize_oracle.mjs export|hfjson|encode|bench ENCODING ...'); process.exit(2); }
