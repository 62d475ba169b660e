#pragma once

#include <cstdint>

#include "dataplane/sctp/common/strong_type.h"

namespace sctpdp {

// Protocol numbers of RFC 9260 and its extensions. Serial numbers are
// unordered (see StrongType); compare them through the unwrapper.
using Tsn = StrongType<struct TsnTag, uint32_t, false>;
using Ssn = StrongType<struct SsnTag, uint16_t, false>;
using Mid = StrongType<struct MidTag, uint32_t, false>;  // RFC 8260
using Fsn = StrongType<struct FsnTag, uint32_t, false>;  // RFC 8260
using ReconfigRequestSn = StrongType<struct ReconfigRequestSnTag, uint32_t, false>;
using AsconfSerial = StrongType<struct AsconfSerialTag, uint32_t, false>;
using AsconfCorrelationId = StrongType<struct AsconfCorrelationIdTag, uint32_t>;

using StreamId = StrongType<struct StreamIdTag, uint16_t>;
using Ppid = StrongType<struct PpidTag, uint32_t>;
using VerificationTag = StrongType<struct VerificationTagTag, uint32_t>;
using Port = StrongType<struct PortTag, uint16_t>;

// Engine-local identities: an association within its endpoint (never zero
// for a live association), and one of an association's paths (an index into
// its table of peer addresses, RFC 9260 section 6.4).
using AssociationId = StrongType<struct AssociationIdTag, uint32_t>;
using PathId = StrongType<struct PathIdTag, uint8_t>;

}  // namespace sctpdp
