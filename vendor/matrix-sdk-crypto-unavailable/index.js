// Stand-in for @matrix-org/matrix-sdk-crypto-nodejs. matrix-bot-sdk requires
// this module at import time but only uses it in end-to-end encryption code
// paths. dos-bot does not enable encryption, so any use is a bug and fails
// loudly with the reason.
"use strict";

const reason =
  "end-to-end encryption is not available: @matrix-org/matrix-sdk-crypto-nodejs is replaced by a stand-in because its native library cannot be downloaded here";

function unavailable() {
  throw new Error(reason);
}

module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "__esModule") return false;
      if (property === "then") return undefined;
      // Enum-like objects are read at import time; return a proxy that fails only when used.
      return new Proxy(unavailable, {
        get(_fn, inner) {
          if (inner === "then" || typeof inner === "symbol") return undefined;
          return inner;
        },
        construct: unavailable,
        apply: unavailable,
      });
    },
  },
);
