// Loaded with --import before the tests of the node:crypto run (spec/run.mjs): the package's Node.js entry point,
// which installs node:crypto as the backend of the library source the tests import.
import "../../lib/node/index.js";
