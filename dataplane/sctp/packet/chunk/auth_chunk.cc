#include "dataplane/sctp/packet/chunk/auth_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<AuthChunk> AuthChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return AuthChunk{.shared_key_id = reader.Load16<4>(),
                   .hmac_id = reader.Load16<6>(),
                   .hmac = reader.variable_data()};
}

void AuthChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store16<4>(shared_key_id);
  writer.Store16<6>(hmac_id);
  writer.CopyToVariableData(hmac);
}

std::string AuthChunk::ToString() const {
  return fmt::format("AUTH key_id={} hmac_id={} hmac={}", shared_key_id, hmac_id, HexString(hmac));
}

bool operator==(const AuthChunk& a, const AuthChunk& b) {
  return a.shared_key_id == b.shared_key_id && a.hmac_id == b.hmac_id && BytesEqual(a.hmac, b.hmac);
}

}  // namespace sctpdp
