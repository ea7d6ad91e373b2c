// An independent RFC 8785 reference for the tests: ECMAScript's own number and string serialisation.
// `node jcs-reference.mjs numbers`   stdin: one IEEE 754 bit pattern per line (16 hex digits); stdout: String(x) per line.
// `node jcs-reference.mjs documents` stdin: a JSON array of JSON texts; stdout: a JSON array of their JCS forms.
import { readFileSync } from 'node:fs';

const input = readFileSync(0, 'utf8');

function canonicalize(value) {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return '[' + value.map(canonicalize).join(',') + ']';
  }
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 §3.2.3 demands.
  return '{' + Object.keys(value).sort().map((key) => JSON.stringify(key) + ':' + canonicalize(value[key])).join(',') + '}';
}

switch (process.argv[2]) {
  case 'numbers': {
    const view = new DataView(new ArrayBuffer(8));
    const lines = input.split('\n').filter((line) => line.length > 0);
    const out = lines.map((hex) => {
      view.setBigUint64(0, BigInt('0x' + hex.trim()));
      return String(view.getFloat64(0));
    });
    process.stdout.write(out.join('\n') + '\n');
    break;
  }
  case 'documents': {
    const texts = JSON.parse(input);
    process.stdout.write(JSON.stringify(texts.map((text) => canonicalize(JSON.parse(text)))));
    break;
  }
  default:
    process.stderr.write('usage: node jcs-reference.mjs numbers|documents\n');
    process.exit(2);
}
