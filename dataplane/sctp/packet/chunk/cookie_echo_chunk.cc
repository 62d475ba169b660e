#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<CookieEchoChunk> CookieEchoChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return CookieEchoChunk{.cookie = reader.variable_data()};
}

void CookieEchoChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.CopyToVariableData(cookie);
}

std::string CookieEchoChunk::ToString() const {
  return fmt::format("COOKIE ECHO len={} cookie={}", cookie.size(), HexString(cookie));
}

bool operator==(const CookieEchoChunk& a, const CookieEchoChunk& b) {
  return BytesEqual(a.cookie, b.cookie);
}

}  // namespace sctpdp
