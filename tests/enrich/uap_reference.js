// Prints uap-core's reference implementation's parse of each line of stdin
// as one JSON object per line: {"ua":…,"os":…,"device":…} in the field
// names of `vigil ua` (patchMinor → patch_minor).
// Usage: node uap_reference.js REGEXES_YAML < agents
const fs = require('fs')
const yaml = require('js-yaml')
const makeParser = require('uap-ref-impl')

const parser = makeParser(yaml.load(fs.readFileSync(process.argv[2], 'utf8')))
const lines = fs.readFileSync(0, 'utf8').split('\n')
if (lines[lines.length - 1] === '') lines.pop()
const out = []
for (const line of lines) {
  const r = parser.parse(line)
  out.push(JSON.stringify({
    ua: { family: r.ua.family, major: r.ua.major, minor: r.ua.minor, patch: r.ua.patch },
    os: {
      family: r.os.family,
      major: r.os.major,
      minor: r.os.minor,
      patch: r.os.patch,
      patch_minor: r.os.patchMinor
    },
    device: { family: r.device.family, brand: r.device.brand, model: r.device.model }
  }))
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
