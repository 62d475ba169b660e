#include "dataplane/sctp/packet/parameter/add_outgoing_streams_request_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<AddOutgoingStreamsRequestParameter> AddOutgoingStreamsRequestParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return AddOutgoingStreamsRequestParameter{.request_sn = ReconfigRequestSn(reader.Load32<4>()),
                                            .new_streams = reader.Load16<8>()};
}

void AddOutgoingStreamsRequestParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(request_sn.value());
  writer.Store16<8>(new_streams);
  writer.Store16<10>(0);  // reserved
}

std::string AddOutgoingStreamsRequestParameter::ToString() const {
  return fmt::format("Add Outgoing Streams Request req_sn={} new_streams={}", request_sn.value(),
                     new_streams);
}

}  // namespace sctpdp
