// Peer baseline for dipx: wink-nlp doing what it can on the same corpus —
// pairing quotation marks (its `quote` token/entity detection) and finding
// proper nouns — over JSON Lines {"id", "text"} records. Prints
// "<articles> <bytes> <seconds> <quotes> <proper nouns>".
//
//   node wink_quotes.js corpus.jsonl
'use strict';
const fs = require('fs');
const readline = require('readline');
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');

const nlp = winkNLP(model);
const its = nlp.its;

async function main() {
  const path = process.argv[2];
  const texts = [];
  const rl = readline.createInterface({ input: fs.createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    try {
      const rec = JSON.parse(line);
      if (typeof rec.text === 'string') texts.push(rec.text);
    } catch (e) { /* skip bad lines */ }
  }
  let bytes = 0, quotes = 0, propn = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) {
    bytes += Buffer.byteLength(text, 'utf8');
    const doc = nlp.readDoc(text);
    doc.tokens().each((t) => {
      if (t.out(its.type) === 'punctuation' && /^["\u201C\u201D]$/.test(t.out())) quotes += 1;
      if (t.out(its.pos) === 'PROPN') propn += 1;
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${texts.length} ${bytes} ${seconds.toFixed(3)} ${Math.floor(quotes / 2)} ${propn}`);
}

main();
