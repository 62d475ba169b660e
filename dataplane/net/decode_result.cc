#include "dataplane/net/decode_result.h"

namespace sctpdp::net {

std::string_view DecodeErrorName(DecodeError error) {
  switch (error) {
    case DecodeError::kTruncated:
      return "truncated";
    case DecodeError::kBadVersion:
      return "bad IP version";
    case DecodeError::kBadHeaderLength:
      return "bad header length";
  }
  return "unknown";
}

}  // namespace sctpdp::net
