#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<HeartbeatInfoParameter> HeartbeatInfoParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return HeartbeatInfoParameter{.info = reader.variable_data()};
}

void HeartbeatInfoParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(info);
}

std::string HeartbeatInfoParameter::ToString() const {
  return fmt::format("Heartbeat Info len={} info={}", info.size(), HexString(info));
}

bool operator==(const HeartbeatInfoParameter& a, const HeartbeatInfoParameter& b) {
  return BytesEqual(a.info, b.info);
}

}  // namespace sctpdp
