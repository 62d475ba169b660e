#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// The Result field of a Re-configuration Response, RFC 6525 section 4.4,
// table 3. Other values parse and round-trip unchanged.
enum class ReconfigResult : uint32_t {
  kSuccessNothingToDo = 0,
  kSuccessPerformed = 1,
  kDenied = 2,
  kErrorWrongSsn = 3,
  kErrorRequestAlreadyInProgress = 4,
  kErrorBadSequenceNumber = 5,
  kInProgress = 6,
};

// The description of table 3; "unknown" for other values.
std::string_view ReconfigResultName(ReconfigResult result);

// Re-configuration Response parameter, RFC 6525 section 4.4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 16       |      Parameter Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Response Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Result                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Sender's Next TSN (optional)                |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Receiver's Next TSN (optional)               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// "Either both optional fields ... MUST be present, or no field": the
// length is 12 or 20 and nothing else. When building, set both next TSNs
// or neither; SerializeTo aborts on one alone rather than invent the other.
struct ReconfigurationResponseParameter {
  static constexpr ParameterType kType = ParameterType::kReconfigurationResponse;
  static constexpr size_t kHeaderSize = 12;
  static constexpr size_t kSizeWithNextTsns = 20;

  ReconfigRequestSn response_sn;
  ReconfigResult result = ReconfigResult::kSuccessNothingToDo;
  std::optional<Tsn> sender_next_tsn{};
  std::optional<Tsn> receiver_next_tsn{};

  static ParseResult<ReconfigurationResponseParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const {
    return sender_next_tsn || receiver_next_tsn ? kSizeWithNextTsns : kHeaderSize;
  }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ReconfigurationResponseParameter&,
                         const ReconfigurationResponseParameter&) = default;
};

}  // namespace sctpdp
