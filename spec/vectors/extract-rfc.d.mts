// Types of extract-rfc.mjs (plain JavaScript, so it runs with Node alone) for the tests that import it.

/** Extracts every vector from the RFC texts in `rfcDir`: file name in spec/vectors/rfc/ → its exact JSON text. */
export declare function extractAll(rfcDir: string): Record<string, string>;

/** spec/vectors/rfc/, where the extracted files are committed. */
export declare const outputDirectory: string;
