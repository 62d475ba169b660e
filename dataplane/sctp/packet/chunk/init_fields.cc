#include "dataplane/sctp/packet/chunk/init_fields.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<InitFields> ParseInitFields(ChunkType type, std::span<const uint8_t> data) {
  constexpr size_t kHeaderSize = InitFields::kHeaderSize;
  if (auto error = CheckTlvFraming(data, ChunkFormat(type, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  // The chunk length leaves out the last parameter's padding, but RFC 9260
  // section 3.2 asks receivers to accept it either way; TlvList keeps the
  // form it was given, so both round-trip.
  auto parameters = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!parameters.ok()) return parameters.error().At(kHeaderSize);
  return InitFields{.initiate_tag = VerificationTag(reader.Load32<4>()),
                    .a_rwnd = reader.Load32<8>(),
                    .outbound_streams = reader.Load16<12>(),
                    .inbound_streams = reader.Load16<14>(),
                    .initial_tsn = Tsn(reader.Load32<16>()),
                    .parameters = *parameters};
}

void SerializeInitFields(ChunkType type, const InitFields& fields, std::span<uint8_t> out) {
  constexpr size_t kHeaderSize = InitFields::kHeaderSize;
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(type), 0, kHeaderSize + fields.parameters.WireSize());
  writer.Store32<4>(fields.initiate_tag.value());
  writer.Store32<8>(fields.a_rwnd);
  writer.Store16<12>(fields.outbound_streams);
  writer.Store16<14>(fields.inbound_streams);
  writer.Store32<16>(fields.initial_tsn.value());
  fields.parameters.SerializeTo(writer.variable_data());
}

std::string InitFieldsToString(const InitFields& fields) {
  return fmt::format(
      "tag={:#010x} a_rwnd={} out_streams={} in_streams={} initial_tsn={} params=[{}]",
      fields.initiate_tag.value(), fields.a_rwnd, fields.outbound_streams, fields.inbound_streams,
      fields.initial_tsn.value(), TlvListNames(fields.parameters));
}

}  // namespace sctpdp
