// The scale workload of bench/scale.js at a small size (2 stacks of 3 units), so that the
// side-by-side benchmark compares two programs that write the same templates.
process.argv[2] = '2';
process.argv[3] = '3';
require('../../../bench/scale.js');
