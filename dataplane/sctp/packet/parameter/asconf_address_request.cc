#include "dataplane/sctp/packet/parameter/asconf_address_request.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

template <typename T>
ParseResult<AddressParameter> ParseAs(std::span<const uint8_t> tlv) {
  ParseResult<T> parsed = T::Parse(tlv);
  if (!parsed.ok()) return parsed.error();
  return AddressParameter(*parsed);
}

}  // namespace

ParseResult<AddressParameter> ParseAddressParameter(std::span<const uint8_t> tlv) {
  if (tlv.size() < kTlvHeaderSize) {
    return ParseError{.code = ParseErrorCode::kTruncated,
                      .kind = WireKind::kParameter,
                      .offset = static_cast<uint32_t>(tlv.size())};
  }
  const uint16_t type = PeekTlvType(tlv, WireKind::kParameter);
  switch (static_cast<ParameterType>(type)) {
    case ParameterType::kIpv4Address: return ParseAs<Ipv4AddressParameter>(tlv);
    case ParameterType::kIpv6Address: return ParseAs<Ipv6AddressParameter>(tlv);
    default:
      return ParseError{
          .code = ParseErrorCode::kBadValue, .kind = WireKind::kParameter, .type = type};
  }
}

ParseResult<AsconfAddressRequestFields> ParseAsconfAddressRequest(std::span<const uint8_t> data,
                                                                  ParameterType type) {
  constexpr size_t kHeaderSize = kAsconfAddressRequestHeaderSize;
  if (auto error = CheckTlvFraming(data, ParameterFormat(type, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  std::span<const uint8_t> address = reader.variable_data();
  // RFC 5061 section 4.2.1: the address is "an IPv4 or IPv6 address
  // parameter"; whatever is wrong with it, the request's value is bad.
  ParseResult<AddressParameter> parsed = ParseAddressParameter(address);
  if (!parsed.ok()) {
    return ParseError{.code = ParseErrorCode::kBadValue,
                      .kind = WireKind::kParameter,
                      .type = static_cast<uint16_t>(type),
                      .offset = static_cast<uint32_t>(kHeaderSize + parsed.error().offset)};
  }
  return AsconfAddressRequestFields{.correlation_id = AsconfCorrelationId(reader.Load32<4>()),
                                    .address = address};
}

void SerializeAsconfAddressRequest(std::span<uint8_t> out, ParameterType type,
                                   const AsconfAddressRequestFields& fields) {
  constexpr size_t kHeaderSize = kAsconfAddressRequestHeaderSize;
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(type), kHeaderSize + fields.address.size());
  writer.Store32<4>(fields.correlation_id.value());
  writer.CopyToVariableData(fields.address);
}

std::string AsconfAddressRequestToString(ParameterType type,
                                         const AsconfAddressRequestFields& fields) {
  ParseResult<AddressParameter> parsed = ParseAddressParameter(fields.address);
  const std::string address =
      parsed.ok() ? std::visit([](const auto& a) { return a.AddressString(); }, *parsed)
                  : "invalid:" + HexString(fields.address);
  return fmt::format("{} correlation_id={} address={}", ParameterTypeName(type),
                     fields.correlation_id.value(), address);
}

}  // namespace sctpdp
