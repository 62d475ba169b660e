#include "dataplane/sctp/packet/parameter/random_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<RandomParameter> RandomParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return RandomParameter{.random = reader.variable_data()};
}

void RandomParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(random);
}

std::string RandomParameter::ToString() const {
  return fmt::format("Random len={} random={}", random.size(), HexString(random));
}

bool operator==(const RandomParameter& a, const RandomParameter& b) {
  return BytesEqual(a.random, b.random);
}

}  // namespace sctpdp
