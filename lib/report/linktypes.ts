/** Link type names come from the decoder's table (lib/decode/linktypes.ts), the one place they live. */
export { linkTypeName as linktypeName } from '../decode/linktypes.js';
