// The one-line fix s3rver 3.7.1 needs for pgBackRest (see ../../README.md, "Two repositories"):
// ListObjects with delimiter=/ leaves out a common prefix whose "folder" holds only sub-folders,
// so pgBackRest's expire silently removes nothing and repo-ls at the root is empty. The walk must
// descend into directories beneath a common prefix. Fails loudly when the text is not there (a
// different s3rver version): a silently unpatched server would make the expire test meaningless.
'use strict';
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, 'node_modules', 's3rver', 'lib', 'stores', 'filesystem.js');
const broken = /(\/\/ avoid directories occurring beneath a common prefix\s*\n\s*)return false;/;
const fixed = /\/\/ avoid directories occurring beneath a common prefix\s*\n\s*return true;/;

const text = fs.readFileSync(file, 'utf8');
if (fixed.test(text)) {
  console.log(`s3rver listing fix already applied: ${file}`);
} else if (broken.test(text)) {
  fs.writeFileSync(file, text.replace(broken, '$1return true;'));
  console.log(`s3rver listing fix applied: ${file}`);
} else {
  console.error(`FATAL: the s3rver listing fix does not apply: '// avoid directories occurring beneath a common prefix' ` +
                `followed by 'return false;' not found in ${file} (not s3rver 3.7.1?)`);
  process.exit(1);
}
